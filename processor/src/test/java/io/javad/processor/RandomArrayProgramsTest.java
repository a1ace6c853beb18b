package io.javad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javad.processor.testing.ArrayFunction;
import io.javad.processor.testing.CompiledClasses;
import io.javad.processor.testing.Compiler;
import io.javad.processor.testing.GeneratedMembers;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Randomized differential testing of what reverse mode records per iteration: random methods over
 * a parameter array with scratch arrays declared once and rewritten in each iteration (in full, in
 * part, on one branch only, by {@code Arrays.fill}, read before or after), locals declared in loops,
 * sums, recurrences and integer steps. Every method is checked in both modes against finite
 * differences, the dot-product test and the accumulating form, so that a wrong privatization, a
 * wrong early reversal or a wrong undoing of a step shows as a wrong number. Calls to methods that
 * write into the scratch arrays or rows of a matrix (out-parameters), and swaps of the matrix's
 * rows, are among the statements.
 */
class RandomArrayProgramsTest {

  private static final int METHODS = 12;

  /** Six batches; more with {@code -Djavad.random.batches=N} for a longer search. */
  static java.util.stream.LongStream seeds() {
    return java.util.stream.LongStream.rangeClosed(1, Long.getLong("javad.random.batches", 6));
  }

  @ParameterizedTest(name = "seed {0}")
  @org.junit.jupiter.params.provider.MethodSource("seeds")
  void randomArrayProgramsDifferentiateCorrectly(long seed) {
    Random random = new Random(seed);
    String source = source(random);
    CompiledClasses classes = Compiler.compileAndLoad(Compiler.source("r.A", source));
    for (int m = 0; m < METHODS; m++) {
      ArrayFunction f = new ArrayFunction(classes, "r.A", "m" + m);
      double[] w = random.doubles(4, -0.9, 0.9).toArray();
      int n = 2 + random.nextInt(3);
      try {
        f.checkWithin(1e-5, w, n);
        assertEquals(f.value(w, n), f.value(w, n), 0, "deterministic");
      } catch (AssertionError e) {
        throw new AssertionError("m" + m + " (seed " + seed + ")\n" + source, e);
      }
    }
  }

  /**
   * Second order of the same kind of programs, every method of order 2 (the void helpers that
   * write into arrays too; not scaleTo, which writes and returns a value, which order 2 refuses):
   * fHessian against central differences of fGradient, symmetric, its gradient fGradient's, and
   * fHvp its product with a direction.
   */
  @ParameterizedTest(name = "seed {0}")
  @org.junit.jupiter.params.provider.MethodSource("secondOrderSeeds")
  void randomArrayProgramsHaveTheirHessians(long seed) throws Exception {
    Random random = new Random(seed);
    String source = source(random, true);
    CompiledClasses classes = Compiler.compileAndLoad(Compiler.source("r.A", source));
    Class<?> companion = classes.load("r.ADerivatives");
    for (int m = 0; m < METHODS; m++) {
      double[] w = random.doubles(4, -0.9, 0.9).toArray();
      int n = 2 + random.nextInt(3);
      String where = "m" + m + " (seed " + seed + ")\n" + source;
      java.lang.reflect.Method gradient = GeneratedMembers.named(companion, "m" + m + "Gradient");
      Object r = GeneratedMembers.named(companion, "m" + m + "Hessian").invoke(null, w, n);
      double[][] h = (double[][]) r.getClass().getMethod("hessian").invoke(r);
      double[] g = wOf(gradient.invoke(null, w, n));
      org.junit.jupiter.api.Assertions.assertArrayEquals(
          g, (double[]) r.getClass().getMethod("gradient").invoke(r), 1e-12, "gradient: " + where);
      for (int j = 0; j < 4; j++) {
        double step = 1e-6;
        double[] up = w.clone();
        double[] down = w.clone();
        up[j] += step;
        down[j] -= step;
        double[] gu = wOf(gradient.invoke(null, up, n));
        double[] gd = wOf(gradient.invoke(null, down, n));
        for (int i = 0; i < 4; i++) {
          double fd = (gu[i] - gd[i]) / (2 * step);
          assertEquals(fd, h[i][j], 1e-5 * (Math.abs(fd) + 1), "H[" + i + "][" + j + "]: " + where);
          assertEquals(h[i][j], h[j][i], 1e-9 * (1 + Math.abs(h[i][j])), "symmetric: " + where);
        }
      }
      double[] v = {0.7, -1.3, 0.4, 0.9};
      Object hv = GeneratedMembers.named(companion, "m" + m + "Hvp").invoke(null, w, n, v);
      double[] product = (double[]) hv.getClass().getMethod("hvp").invoke(hv);
      for (int i = 0; i < 4; i++) {
        double expected = h[i][0] * v[0] + h[i][1] * v[1] + h[i][2] * v[2] + h[i][3] * v[3];
        assertEquals(expected, product[i], 1e-9 * (1 + Math.abs(expected)), "H·v: " + where);
      }
    }
  }

  @org.junit.jupiter.api.Test
  void theSecondOrderBatchesCallMethodsThatWriteIntoArrays() {
    long writing =
        secondOrderSeeds()
            .filter(seed -> source(new Random(seed), true).matches("(?s).*\\n\\s+(mix|smooth)\\(.*"))
            .count();
    assertTrue(writing >= 3, writing + " batches call mix or smooth");
  }

  static java.util.stream.LongStream secondOrderSeeds() {
    return java.util.stream.LongStream.range(700, 700 + Long.getLong("javad.random.batches2", 4));
  }

  private static double[] wOf(Object gradient) throws ReflectiveOperationException {
    return (double[]) gradient.getClass().getMethod("w").invoke(gradient);
  }

  /** A class of {@code METHODS} random methods, drawn from {@code random}. */
  private static String source(Random random) {
    return source(random, false);
  }

  /** As {@link #source(Random)}, of order 2 if {@code secondOrder}. */
  private static String source(Random random, boolean secondOrder) {
    // Of order 2, the void helpers too (scaleTo, which returns a value, is not called then).
    String helpers =
        secondOrder
            ? OUT_PARAMETER_HELPERS.replace("@Differentiable\n  static void", "@Differentiable(order = 2)\n  static void")
            : OUT_PARAMETER_HELPERS;
    StringBuilder source =
        new StringBuilder("package r;\nimport io.javad.Differentiable;\npublic class A {\n")
            .append(helpers);
    for (int m = 0; m < METHODS; m++) {
      source.append(new Writer(random, secondOrder).method("m" + m));
    }
    return source.append("}\n").toString();
  }

  @org.junit.jupiter.api.Test
  void theBatchesSwapBuffersAndAssignCopies() {
    long swapping = seeds().filter(seed -> source(new Random(seed)).matches("(?s).*\\bs\\d+ = s\\d+;.*")).count();
    long copying = seeds().filter(seed -> source(new Random(seed)).matches("(?s).*= s\\d+\\.clone\\(\\);.*")).count();
    long rows = seeds().filter(seed -> source(new Random(seed)).contains("] = g[")).count();
    long written = seeds().filter(seed -> source(new Random(seed)).contains("(g[(")).count();
    long copiedRows =
        seeds().filter(seed -> source(new Random(seed)).contains("System.arraycopy(g[")).count();
    long chosen = seeds().filter(seed -> source(new Random(seed)).contains("? w : p;")).count();
    long deep = seeds().filter(seed -> source(new Random(seed)).contains("new double[g.length][]")).count();
    long grids = seeds().filter(seed -> source(new Random(seed)).contains("ga = gb;")).count();
    long scaled = seeds().filter(seed -> source(new Random(seed)).contains("total *= 1.5;")).count();
    assertTrue(
        swapping >= 3 && copying >= 3 && rows >= 3 && written >= 3 && copiedRows >= 3 && chosen >= 3
            && deep >= 3 && grids >= 3 && scaled >= 3,
        swapping + " batches swap, " + copying + " copy, " + rows + " swap rows, " + written
            + " pass rows to write, " + copiedRows + " copy rows, " + chosen + " choose arrays, "
            + deep + " copy g deeply, " + grids + " swap grids, " + scaled + " scale the sum after");
  }

  /** Callees that write into arrays they are passed (out-parameters), called as statements. */
  private static final String OUT_PARAMETER_HELPERS =
      """
        @Differentiable
        static void mix(double c, double[] x, double[] y) {
          for (int k = 0; k < y.length; k++) {
            y[k] = Math.tanh(c * y[k] + x[k]);
          }
        }

        @Differentiable
        static void smooth(double[] y) {
          for (int k = 1; k < y.length; k++) {
            y[k] = 0.5 * (y[k] + y[k - 1]);
          }
        }

        @Differentiable
        static double scaleTo(double[] y, double s) {
          double m = 0;
          for (int k = 0; k < y.length; k++) {
            m += y[k] * y[k];
          }
          m = Math.sqrt(m + 1);
          for (int k = 0; k < y.length; k++) {
            y[k] = s * y[k] / m;
          }
          return m;
        }
      """;

  /** Writes {@code static double m(double[] w, int n)}; w has 4 elements. */
  private static final class Writer {
    private final Random random;
    private final StringBuilder out = new StringBuilder();
    private final List<String> scalars = new ArrayList<>();
    private final List<String> arrays = new ArrayList<>();
    private final List<String> ints = new ArrayList<>();
    private final boolean secondOrder;
    private int names;

    Writer(Random random, boolean secondOrder) {
      this.random = random;
      this.secondOrder = secondOrder;
    }

    String method(String name) {
      out.append(secondOrder ? "  @Differentiable(order = 2)\n" : "  @Differentiable\n")
          .append("  static double ").append(name).append("(double[] w, int n) {\n");
      out.append("    double total = 0;\n");
      out.append("    int step = 0;\n");
      // An array only statements choosing between it and w (double[] c = cond ? w : p) write.
      out.append("    double[] p = new double[w.length];\n");
      // A matrix whose rows the statements swap (pivoting's row exchange) and read.
      out.append("    double[][] g = new double[3][w.length];\n");
      // Two grids a step writes one from the other and then swaps (read as copies of rows).
      out.append("    double[][] ga = new double[2][w.length];\n");
      out.append("    double[][] gb = new double[2][w.length];\n");
      out.append("    for (int gi = 0; gi < 3; gi++) {\n")
          .append("      for (int gj = 0; gj < w.length; gj++) {\n")
          .append("        g[gi][gj] = w[gj] * (gi + 1) + 0.1 * gj;\n")
          .append("      }\n")
          .append("    }\n");
      scalars.add("total");
      int loops = 1 + random.nextInt(2);
      for (int l = 0; l < loops; l++) {
        // Scratch for this loop, declared before it; a later loop may use it too.
        int scratch = 1 + random.nextInt(2);
        for (int a = 0; a < scratch; a++) {
          String s = "s" + names++;
          out.append("    double[] ").append(s).append(" = new double[w.length];\n");
          arrays.add(s);
        }
        outerLoop();
        if (random.nextBoolean()) {
          arrays.clear();
        }
      }
      if (arrays.isEmpty()) {
        arrays.add("w");
      }
      // Scratch arrays are read after the loops now and then: then they are not private to them.
      // The sum's adjoint changed after its loops (not drawn from random: the programs stay as
      // they were): in a branch, by an active value, or through another variable.
      switch (out.length() % 5) {
        case 0 -> out.append("    if (n % 2 == ").append(out.length() % 2).append(") {\n")
            .append("      total *= 1.5;\n")
            .append("    }\n");
        case 1 -> out.append("    total = total * Math.tanh(w[1]) + w[0];\n");
        case 2 -> out.append("    double kept = total;\n")
            .append("    total = w[2];\n")
            .append("    total += kept * 0.5;\n");
        default -> { }
      }
      String last = random.nextInt(4) == 0 ? term() : "w[" + random.nextInt(4) + "]";
      out.append("    return total + 0.125 * p[1] + 0.25 * g[1][").append(random.nextInt(4)).append("] + ")
          .append(last).append(";\n  }\n");
      return out.toString();
    }

    /** A loop over i whose iterations use the scratch arrays. */
    private void outerLoop() {
      String i = "i" + names++;
      out.append("    for (int ").append(i).append(" = 0; ").append(i).append(" < n; ").append(i)
          .append("++) {\n");
      ints.add(i);
      int mark = scalars.size();
      if (random.nextBoolean()) {
        // Scratch rewritten at the start of each iteration: private to it, unless a later
        // statement leaves part of it to the next.
        for (String a : arrays) {
          rewrite(a, "      ");
        }
      }
      int statements = 2 + random.nextInt(4);
      for (int k = 0; k < statements; k++) {
        statement("      ");
      }
      // Most loops end by adding to the sum what the iteration computed; some read the sum,
      // which makes it no sum.
      String computed = scalars.size() > mark ? "Math.tanh(" + scalars.get(scalars.size() - 1) + ")" : term();
      if (random.nextInt(5) == 0) {
        out.append("      total = total * 0.5 + ").append(computed).append(";\n");
      } else {
        out.append("      total += ").append(computed).append(" + ").append(term()).append(";\n");
      }
      while (scalars.size() > mark) {
        scalars.remove(scalars.size() - 1);
      }
      ints.remove(i);
      out.append("    }\n");
    }

    private void statement(String pad) {
      String a = arrays.get(random.nextInt(arrays.size()));
      String j = "j" + names++;
      List<String> scratch = new ArrayList<>(arrays);
      scratch.remove("w");
      int kind = random.nextInt(21);
      if ((kind == 12 || kind == 13) && scratch.size() < 2) {
        kind = 0;
      }
      if (secondOrder && kind == 11) {
        kind = 0; // order 2 refuses calls that write into arrays and return a value
      }
      String i = ints.get(random.nextInt(ints.size()));
      switch (kind) {
        case 14 -> { // two rows of g swapped through a temporary (read as a swap of elements)
          String t = "t" + names++;
          String p = "(" + i + " % 3)";
          String q = "((" + i + " + " + (1 + random.nextInt(2)) + ") % 3)";
          out.append(pad).append("double[] ").append(t).append(" = g[").append(p).append("];\n")
              .append(pad).append("g[").append(p).append("] = g[").append(q).append("];\n")
              .append(pad).append("g[").append(q).append("] = ").append(t).append(";\n");
        }
        case 20 -> { // a step of a two-grid scheme: gb from ga, then the grids swapped
          String gt = "gt" + names++;
          String gj = "gj" + names++;
          out.append(pad).append("for (int ").append(gj).append(" = 0; ").append(gj)
              .append(" < w.length; ").append(gj).append("++) {\n")
              .append(pad).append("  gb[").append(i).append(" % 2][").append(gj).append("] = 0.5 * ga[(")
              .append(i).append(" + 1) % 2][").append(gj).append("] + 0.25 * Math.sin(").append(term())
              .append(");\n")
              .append(pad).append("}\n")
              .append(pad).append("double[][] ").append(gt).append(" = ga;\n")
              .append(pad).append("ga = gb;\n")
              .append(pad).append("gb = ").append(gt).append(";\n")
              .append(pad).append("total += 0.125 * ga[").append(i).append(" % 2][1];\n");
        }
        case 19 -> { // a deep copy of g, written, then read beside g written
          String d = "d" + names++;
          String di = "di" + names++;
          String p = "(" + i + " % 3)";
          String q = "((" + i + " + 1) % 3)";
          out.append(pad).append("double[][] ").append(d).append(" = new double[g.length][];\n")
              .append(pad).append("for (int ").append(di).append(" = 0; ").append(di)
              .append(" < g.length; ").append(di).append("++) {\n")
              .append(pad).append("  ").append(d).append("[").append(di).append("] = g[").append(di)
              .append("].clone();\n")
              .append(pad).append("}\n")
              .append(pad).append(d).append("[").append(p).append("][1] = Math.sin(").append(d).append("[")
              .append(p).append("][1]) * ").append(term()).append(";\n")
              .append(pad).append("g[").append(q).append("][2] += 0.5 * ").append(d).append("[").append(p)
              .append("][1];\n")
              .append(pad).append("total += 0.25 * ").append(d).append("[").append(q).append("][2];\n");
        }
        case 18 -> { // a local naming w or p, chosen by ?:, read while p is written
          String c = "c" + names++;
          out.append(pad).append("double[] ").append(c).append(" = (").append(i)
              .append(" % 2 == 0) ? w : p;\n")
              .append(pad).append("for (int ").append(j).append(" = 0; ").append(j)
              .append(" < ").append(c).append(".length; ").append(j).append("++) {\n")
              .append(pad).append("  p[").append(j).append("] = 0.5 * p[").append(j)
              .append("] + 0.25 * Math.sin(").append(c).append("[").append(j).append("] + ")
              .append(term()).append(");\n")
              .append(pad).append("}\n");
        }
        case 17 -> { // rows copied with System.arraycopy, to and from a, and within a row
          String row = "g[(" + i + " + " + random.nextInt(3) + ") % 3]";
          switch (random.nextInt(4)) {
            case 3 -> out.append(pad).append(row).append(" = ").append(a).append(".clone();\n");
            case 0 -> out.append(pad).append("System.arraycopy(").append(a).append(", 0, ")
                .append(row).append(", 0, w.length);\n");
            case 1 -> out.append(pad).append("System.arraycopy(").append(row).append(", 1, ")
                .append(a).append(", 0, w.length - 1);\n");
            default -> out.append(pad).append("System.arraycopy(").append(row).append(", 0, ")
                .append(row).append(", 1, w.length - 1);\n");
          }
        }
        case 16 -> { // a row of g written by a callee (an out-parameter)
          String row = "g[(" + i + " + " + random.nextInt(3) + ") % 3]";
          out.append(pad).append(random.nextBoolean()
              ? "mix(0.5 * " + term() + ", " + a + ", " + row + ");\n"
              : "smooth(" + row + ");\n");
        }
        case 15 -> // a row of g updated from a, and read back into a
            out.append(pad).append("for (int ").append(j).append(" = 0; ").append(j)
                .append(" < w.length; ").append(j).append("++) {\n").append(pad).append("  g[")
                .append(i).append(" % 3][").append(j).append("] = 0.5 * g[").append(i)
                .append(" % 3][").append(j).append("] + 0.3 * Math.sin(").append(a).append("[")
                .append(j).append("]);\n").append(pad).append("  ").append(a).append("[")
                .append(j).append("] += 0.25 * g[(").append(i).append(" + 1) % 3][").append(j)
                .append("];\n").append(pad).append("}\n");
        case 12 -> { // two buffers swapped through a temporary (read as copies)
          String t = "t" + names++;
          String b = scratch.get(0);
          String c = scratch.get(1);
          out.append(pad).append("double[] ").append(t).append(" = ").append(b).append(";\n")
              .append(pad).append(b).append(" = ").append(c).append(";\n")
              .append(pad).append(c).append(" = ").append(t).append(";\n");
        }
        case 13 -> // a copy assigned
            out.append(pad).append(scratch.get(1)).append(" = ").append(scratch.get(0)).append(".clone();\n");
        case 9 -> { // out-parameter: w, or another scratch array, mixed into a
          List<String> others = new ArrayList<>(arrays);
          others.remove(a);
          others.add("w");
          out.append(pad).append("mix(0.5 * ").append(term()).append(", ")
              .append(others.get(random.nextInt(others.size()))).append(", ").append(a).append(");\n");
        }
        case 10 -> out.append(pad).append("smooth(").append(a).append(");\n");
        case 11 -> // writes and returns a value, called for what it writes
            out.append(pad).append("scaleTo(").append(a).append(", 1 + 0.5 * Math.sin(")
                .append(term()).append("));\n");
        case 0 -> rewrite(a, pad);
        case 1 -> // rewritten in part, reading what an earlier iteration left
            out.append(pad).append("for (int ").append(j).append(" = 0; ").append(j)
                .append(" < w.length; ").append(j).append(" += 2) {\n").append(pad).append("  ")
                .append(a).append("[").append(j).append("] = 0.5 * ").append(a).append("[").append(j)
                .append("] + 0.3 * Math.sin(w[").append(j).append("] + ").append(term()).append(");\n")
                .append(pad).append("}\n");
        case 2 -> // a running update over the array, reading the element before
            out.append(pad).append("for (int ").append(j).append(" = 1; ").append(j)
                .append(" < w.length; ").append(j).append("++) {\n").append(pad).append("  ")
                .append(a).append("[").append(j).append("] += 0.4 * ").append(a).append("[").append(j)
                .append(" - 1] * w[").append(j).append("];\n").append(pad).append("}\n");
        case 3 -> // filled in full
            out.append(pad).append("java.util.Arrays.fill(").append(a).append(", 0.2 * ")
                .append(term()).append(");\n");
        case 4 -> { // a local of the iteration summing over an array
          String v = "v" + names++;
          out.append(pad).append("double ").append(v).append(" = 0;\n").append(pad)
              .append("for (int ").append(j).append(" = 0; ").append(j).append(" < w.length; ")
              .append(j).append("++) {\n").append(pad).append("  ").append(v).append(" += ")
              .append(a).append("[").append(j).append("] * Math.cos(w[").append(j).append("]);\n")
              .append(pad).append("}\n");
          scalars.add(v);
        }
        case 5 -> { // a recurrence through a local
          String r = "r" + names++;
          out.append(pad).append("double ").append(r).append(" = ").append(term()).append(";\n")
              .append(pad).append("for (int ").append(j).append(" = 0; ").append(j)
              .append(" < w.length; ").append(j).append("++) {\n").append(pad).append("  ")
              .append(r).append(" = Math.tanh(").append(r).append(" * w[").append(j).append("] + ")
              .append(a).append("[").append(j).append("]);\n").append(pad).append("}\n");
          scalars.add(r);
        }
        case 6 -> // rewritten in full on one branch only
            out.append(pad).append("if (").append(ints.get(random.nextInt(ints.size())))
                .append(" % 2 == 0) {\n").append(pad).append("  for (int ").append(j).append(" = 0; ")
                .append(j).append(" < w.length; ").append(j).append("++) {\n").append(pad)
                .append("    ").append(a).append("[").append(j).append("] = w[").append(j)
                .append("] * ").append(term()).append(";\n").append(pad).append("  }\n").append(pad)
                .append("} else {\n").append(pad).append("  ").append(a).append("[0] = 0.5 * w[1];\n")
                .append(pad).append("}\n");
        case 7 -> // one element rewritten, without reading the array: the others carry over
            out.append(pad).append(a).append("[").append(ints.get(random.nextInt(ints.size())))
                .append(" % w.length] = 0.3 * Math.sin(").append(term()).append(");\n");
        default -> // an integer step that indexes
            out.append(pad).append("step += 1 + ").append(random.nextInt(3)).append(";\n").append(pad)
                .append(a).append("[step % w.length] = Math.sin(w[(step + 1) % w.length] * ")
                .append(term()).append(");\n");
      }
    }

    /** Rewrites {@code a} in full, element by element. */
    private void rewrite(String a, String pad) {
      String j = "j" + names++;
      out.append(pad).append("for (int ").append(j).append(" = 0; ").append(j)
          .append(" < w.length; ").append(j).append("++) {\n").append(pad).append("  ")
          .append(a).append("[").append(j).append("] = Math.tanh(w[").append(j).append("] * ")
          .append(random.nextInt(4) == 0 ? term() : "w[" + random.nextInt(4) + "]").append(");\n")
          .append(pad).append("}\n");
    }

    /** A bounded value: a scalar in scope, an element of w or of a scratch array, a constant. */
    private String term() {
      return switch (random.nextInt(5)) {
        case 0 -> scalars.isEmpty() ? "0.5" : "Math.tanh(" + scalars.get(random.nextInt(scalars.size())) + ")";
        case 1, 2 -> "w[" + random.nextInt(4) + "]";
        case 3 -> arrays.get(random.nextInt(arrays.size())) + "[" + random.nextInt(4) + "]";
        default -> String.valueOf(0.25 + random.nextInt(3));
      };
    }
  }
}
