package io.javad.processor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javad.processor.testing.CompiledClasses;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jdt.core.compiler.batch.BatchCompiler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eclipse and VS Code compile with the Eclipse compiler (ECJ), which has no javac trees. With
 * javad's processor it gets one clear error; the setup the README gives (the build generates the
 * companions with javac, the IDE compiles them as sources with its own processing off) compiles
 * with ECJ.
 */
class EclipseCompilerTest {

  private static final String MODEL =
      "package demo;\nimport io.javad.Differentiable;\npublic class Model {\n"
          + "  @Differentiable public static double f(double x, double y) { return x * x * y; }\n}\n";

  @Test
  void withTheProcessorEclipseGetsOneClearError(@TempDir Path dir) throws IOException {
    Path source = write(dir, "demo/Model.java", MODEL);
    String output =
        ecj(
            "-17 -proc:only -processor io.javad.processor.DifferentiableProcessor -cp "
                + quoted(System.getProperty("java.class.path")) + " " + quoted(source.toString()));
    assertTrue(output.contains("1 problem (1 error)"), output);
    assertTrue(output.contains("javad needs javac's tree API"), output);
  }

  @Test
  void companionsGeneratedByTheBuildCompileWithEclipse(@TempDir Path dir) throws IOException {
    // The build's javac generates the companion; Eclipse compiles it as a source, processing off.
    CompiledClasses byJavac =
        io.javad.processor.testing.Compiler.compileAndLoad(
            io.javad.processor.testing.Compiler.source("demo.Model", MODEL));
    Path model = write(dir, "demo/Model.java", MODEL);
    Path companion =
        write(dir, "demo/ModelDerivatives.java", byJavac.generatedSource("demo.ModelDerivatives"));
    Path out = dir.resolve("out");
    String output =
        ecj(
            "-17 -proc:none -cp " + quoted(System.getProperty("java.class.path")) + " -d "
                + quoted(out.toString()) + " " + quoted(model.toString()) + " "
                + quoted(companion.toString()));
    assertTrue(output.isBlank(), output);
    assertTrue(Files.exists(out.resolve("demo/ModelDerivatives$FGradient.class")), output);
  }

  private static String ecj(String commandLine) {
    StringWriter text = new StringWriter();
    PrintWriter writer = new PrintWriter(text);
    BatchCompiler.compile(commandLine, writer, writer, null);
    writer.flush();
    return text.toString();
  }

  private static Path write(Path dir, String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return file;
  }

  private static String quoted(String s) {
    return "\"" + s + "\"";
  }
}
