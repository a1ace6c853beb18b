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
 * every golden input, which cover the forms javad writes, raise no lint warning. A project built
 * for a release before 16 gets one error naming the minimum.
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

  /**
   * {@code -Xdoclint:all}: every generated member documented, every parameter and result too. JDK
   * 17's doclint also flags the components of every record, the user's as well (a JDK limitation
   * that later JDKs do not have, checked when the suite runs on JDK 25): those are let through.
   */
  @Test
  void generatedCodeIsDoclintClean() throws IOException {
    String source = Files.readString(Path.of("src/test/resources/doclint/Doc.java"));
    Compilation compilation =
        Compiler.javac()
            .withProcessors(new DifferentiableProcessor())
            .withOptions("-Xdoclint:all")
            .withClasspath(io.javad.processor.testing.Compiler.classpath())
            .compile(JavaFileObjects.forSourceString("demo.Doc", source));
    assertEquals(Compilation.Status.SUCCESS, compilation.status(), compilation.diagnostics().toString());
    List<String> problems = new java.util.ArrayList<>();
    for (var w : compilation.warnings()) {
      CharSequence text = w.getSource() == null ? "" : w.getSource().getCharContent(true);
      String line = lineOf(text, w.getLineNumber());
      // A record's header, which may wrap onto a second line.
      boolean header = (lineOf(text, w.getLineNumber() - 1) + line).contains(" record ");
      boolean recordComponent =
          Runtime.version().feature() < 21 && header && w.getMessage(null).equals("no comment");
      if (!recordComponent) {
        problems.add(w.getLineNumber() + ": " + w.getMessage(null) + " | " + line.trim());
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  private static String lineOf(CharSequence text, long line) {
    String[] lines = text.toString().split("\n", -1);
    return line >= 1 && line <= lines.length ? lines[(int) line - 1] : "";
  }

  @Test
  void anOlderReleaseGetsOneErrorNamingTheMinimum() {
    // Was a companion that did not compile: records need release 16.
    Compilation compilation =
        Compiler.javac()
            .withProcessors(new DifferentiableProcessor())
            .withOptions("--release", "11")
            .withClasspath(io.javad.processor.testing.Compiler.classpath())
            .compile(
                JavaFileObjects.forSourceString(
                    "t.Old",
                    "package t;\nimport io.javad.Differentiable;\npublic class Old {\n"
                        + "  @Differentiable static double f(double x) { return x * x; }\n"
                        + "  @Differentiable static double g(double x) { return x * x; }\n}\n"));
    assertEquals(Compilation.Status.FAILURE, compilation.status());
    assertEquals(1, compilation.errors().size(), compilation.errors().toString());
    assertTrue(
        compilation.errors().get(0).getMessage(null)
            .contains("javad needs --release 16 or later (this build compiles for 11)"));
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
