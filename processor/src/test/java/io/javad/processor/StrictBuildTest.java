package io.javad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * A project built with {@code -Xlint:all -Werror} compiles with javad: its annotations are claimed
 * (javac would otherwise warn that no processor claimed them), and the generated companions of
 * every golden input, which cover the forms javad writes, raise no lint warning.
 */
class StrictBuildTest {

  @Test
  void strictLintBuildsCompile() throws IOException {
    List<JavaFileObject> sources;
    try (Stream<Path> files = Files.list(Path.of("src/test/resources/golden/input"))) {
      sources =
          files.sorted()
              .map(StrictBuildTest::read)
              .toList();
    }
    Compilation compilation =
        Compiler.javac()
            .withProcessors(new DifferentiableProcessor())
            .withOptions("-Xlint:all", "-Werror")
            .withClasspath(io.javad.processor.testing.Compiler.classpath())
            .compile(sources);
    assertTrue(compilation.warnings().isEmpty(), compilation.warnings().toString());
    assertEquals(Compilation.Status.SUCCESS, compilation.status(), compilation.diagnostics().toString());
  }

  private static JavaFileObject read(Path file) {
    try {
      String text = Files.readString(file);
      String name = "golden." + file.getFileName().toString().replace(".java", "");
      return JavaFileObjects.forSourceString(name, text);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
