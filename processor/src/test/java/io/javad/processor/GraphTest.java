package io.javad.processor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import io.javad.processor.testing.Compiler;
import java.io.IOException;
import java.util.List;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -Ajavad.graph=true} writes each method's computational graph as DOT beside its companion. */
class GraphTest {

  @TempDir java.nio.file.Path out;

  @Test
  void theSeedsGraph() throws IOException {
    Compilation compilation =
        Compiler.compileTo(
            out,
            List.of(),
            List.of("-Ajavad.graph=true"),
            Compiler.source(
                "t.Seed",
                """
                package t;
                import io.javad.Differentiable;
                public class Seed {
                  @Differentiable static double f(double x, double y) {
                    double a = x + y;
                    double b = x - y;
                    return a * b;
                  }
                  @Differentiable static double g(double x, int n) {
                    double s = x;
                    for (int i = 0; i < n; i++) { if (i > 1) { s = s * x; } }
                    return s;
                  }
                }
                """));
    JavaFileObject f =
        compilation.generatedFile(StandardLocation.CLASS_OUTPUT, "t", "SeedDerivatives.f.dot").orElseThrow();
    String dot = f.getCharContent(true).toString();
    // Inputs (active), the three operations and the variables they assign, the output.
    assertTrue(dot.startsWith("digraph \"f\" {"), dot);
    assertTrue(dot.contains("[label=\"x\", shape=ellipse, style=filled, fillcolor=\"#9ecae1\"]"), dot);
    assertTrue(dot.contains("[label=\"+\", shape=circle"), dot);
    assertTrue(dot.contains("[label=\"*\", shape=circle"), dot);
    assertTrue(dot.contains("[label=\"a\", shape=box"), dot);
    assertTrue(dot.contains("[label=\"return\", shape=doublecircle"), dot);
    assertTrue(dot.trim().endsWith("}"), dot);
    String g =
        compilation.generatedFile(StandardLocation.CLASS_OUTPUT, "t", "SeedDerivatives.g.dot")
            .orElseThrow().getCharContent(true).toString();
    assertTrue(g.contains("label=\"loop while i < n\"") && g.contains("label=\"if i > 1\""), g);
    // Without the option, no graph.
    Compilation plain =
        Compiler.compileTo(out.resolve("plain"), List.of(), List.of(), Compiler.source(
            "t.Seed2", "package t; import io.javad.Differentiable; public class Seed2 { @Differentiable static double f(double x) { return x * x; } }"));
    assertTrue(plain.generatedFile(StandardLocation.CLASS_OUTPUT, "t", "Seed2Derivatives.f.dot").isEmpty());
  }
}
