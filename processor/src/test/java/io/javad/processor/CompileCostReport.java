package io.javad.processor;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import io.javad.processor.testing.Compiler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.tools.JavaFileObject;

/**
 * What javad costs at compile time: a class of {@code METHODS} methods of about 50 statements
 * (scalar code, loops over arrays, branches, Math calls) compiled with and without the processor,
 * the median of five runs each after two to warm up, and the size of the generated companion
 * against the source. A report, not a test: run with
 *
 * <pre>
 * mvn -q -pl processor test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.javad.processor.CompileCostReport
 * </pre>
 */
public final class CompileCostReport {

  static final int METHODS = 100;

  private CompileCostReport() {}

  public static void main(String[] args) throws IOException {
    String source = source(new Random(1), METHODS);
    JavaFileObject file = JavaFileObjects.forSourceString("cost.Model", source);
    double with = median(() -> Compiler.compile(file));
    double without =
        median(
            () ->
                com.google.testing.compile.Compiler.javac()
                    .withOptions("-proc:none")
                    .withClasspath(Compiler.classpath())
                    .compile(file));
    Compilation compilation = Compiler.compile(file);
    if (compilation.status() != Compilation.Status.SUCCESS) {
      throw new AssertionError(compilation.diagnostics().toString());
    }
    String companion = "";
    for (JavaFileObject generated : compilation.generatedSourceFiles()) {
      companion = generated.getCharContent(true).toString();
    }
    System.out.printf(
        "%d methods, %d source lines: javac %.0f ms, javac with javad %.0f ms (%.1f ms per method);"
            + " companion %d lines, %.1f times the source's characters%n",
        METHODS, source.split("\n").length, without, with, (with - without) / METHODS,
        companion.split("\n").length, (double) companion.length() / source.length());
    long javadoc = companion.lines().map(String::trim).filter(l -> l.startsWith("*") || l.startsWith("/**")).count();
    long provenance = companion.lines().map(String::trim).filter(l -> l.startsWith("// line ")).count();
    long code = companion.lines().map(String::trim).filter(l -> !l.isEmpty()).count() - javadoc - provenance;
    System.out.printf(
        "companion lines: %d code, %d Javadoc, %d line comments; code %.1f times the source's lines%n",
        code, javadoc, provenance, (double) code / source.split("\n").length);
  }

  private static double median(java.util.function.Supplier<Compilation> compile) {
    for (int i = 0; i < 2; i++) {
      compile.get();
    }
    double[] times = new double[5];
    for (int i = 0; i < times.length; i++) {
      long start = System.nanoTime();
      compile.get();
      times[i] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(times);
    return times[times.length / 2];
  }

  /** A class of {@code n} methods of about 50 statements each. */
  static String source(Random random, int n) {
    StringBuilder out = new StringBuilder("package cost;\nimport io.javad.Differentiable;\npublic class Model {\n");
    for (int m = 0; m < n; m++) {
      out.append("  @Differentiable\n  static double m").append(m).append("(double a, double b, double[] w) {\n");
      List<String> scalars = new ArrayList<>(List.of("a", "b"));
      for (int s = 0; s < 40; s++) {
        String v = "v" + s;
        String x = scalars.get(random.nextInt(scalars.size()));
        String y = scalars.get(random.nextInt(scalars.size()));
        String e =
            switch (random.nextInt(5)) {
              case 0 -> x + " * " + y + " + 0.5";
              case 1 -> "Math.sin(" + x + ") - " + y;
              case 2 -> "Math.exp(-" + x + " * " + x + ") * " + y;
              case 3 -> x + " / (1 + " + y + " * " + y + ")";
              default -> "Math.tanh(" + x + " + " + y + ")";
            };
        out.append("    double ").append(v).append(" = ").append(e).append(";\n");
        scalars.add(v);
      }
      String last = scalars.get(scalars.size() - 1);
      out.append("    double s = 0;\n");
      out.append("    for (int i = 0; i < w.length; i++) {\n");
      out.append("      if (w[i] > 0) {\n        s += w[i] * ").append(last).append(";\n");
      out.append("      } else {\n        s -= Math.sin(w[i]) * ").append(scalars.get(20)).append(";\n      }\n");
      out.append("    }\n    return s + ").append(last).append(";\n  }\n");
    }
    return out.append("}\n").toString();
  }
}
