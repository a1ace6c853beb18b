package io.javad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.javad.processor.testing.CompiledClasses;
import io.javad.processor.testing.Compiler;
import io.javad.processor.testing.Differentiated;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Randomized differential testing: random methods with nested loops, branches, break, continue,
 * early returns, overwrites, Math calls and calls to random differentiable helpers, compiled with
 * the processor and checked in both modes.
 * Branch conditions read only integers, so every method is smooth in its double inputs and finite
 * differences are a valid oracle; the gradient must also equal the tangents along each axis, which
 * checks the two generators against each other to rounding error.
 */
class RandomProgramsTest {

  private static final int METHODS = 25;

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void randomProgramsDifferentiateCorrectlyInBothModes(long seed) {
    check(seed, false);
  }

  /**
   * The statement forms lowered since: assignments and increments inside expressions, switch
   * statements with fall-through, braced cases and breaks inside cases, switch expressions with
   * yield, lambdas (with statements too), calls in branches of ?:, stream pipelines; 32 batches
   * of 25 methods.
   */
  @ParameterizedTest(name = "seed {0}")
  @org.junit.jupiter.params.provider.MethodSource("modernSeeds")
  void randomProgramsWithEveryStatementForm(long seed) {
    check(seed, true);
  }

  /**
   * Second order on the same random programs, every method and helper of order 2: fHessian
   * against central differences of fGradient, symmetric, and fHvp against it; 6 batches of 25.
   */
  @ParameterizedTest(name = "seed {0}")
  @org.junit.jupiter.params.provider.MethodSource("secondOrderSeeds")
  void randomProgramsHaveTheirHessians(long seed) throws Exception {
    Random random = new Random(seed);
    StringBuilder source =
        new StringBuilder(
            "package r;\nimport io.javad.Differentiable;\n"
                + "import java.util.function.DoubleUnaryOperator;\npublic class Q {\n");
    List<String> helpers = List.of("h0", "h1", "h2");
    for (String helper : helpers) {
      source.append(new ProgramWriter(random, List.of(), true).secondOrder().method(helper));
    }
    for (int m = 0; m < METHODS; m++) {
      source.append(new ProgramWriter(random, helpers, true).secondOrder().method("m" + m));
    }
    source.append("}\n");
    CompiledClasses classes = Compiler.compileAndLoad(Compiler.source("r.Q", source.toString()));
    Class<?> companion = classes.load("r.QDerivatives");
    for (int m = 0; m < METHODS; m++) {
      java.lang.reflect.Method hessian =
          io.javad.processor.testing.GeneratedMembers.named(companion, "m" + m + "Hessian");
      java.lang.reflect.Method hvp =
          io.javad.processor.testing.GeneratedMembers.named(companion, "m" + m + "Hvp");
      Differentiated f = new Differentiated(classes, "r.Q", "m" + m);
      double[] args = {0.3 + random.nextDouble(), -0.5 + random.nextDouble(), 2 + random.nextInt(4)};
      String where = "m" + m + " at " + java.util.Arrays.toString(args) + " (seed " + seed + ")\n" + source;
      Object r = hessian.invoke(null, args[0], args[1], (int) args[2]);
      double[][] h = (double[][]) r.getClass().getMethod("hessian").invoke(r);
      double[] grad = (double[]) r.getClass().getMethod("gradient").invoke(r);
      double[] g = f.gradient(args);
      for (int i = 0; i < 2; i++) {
        assertEquals(g[i + 1], grad[i], 1e-12 * (1 + Math.abs(g[i + 1])), "gradient " + i + ": " + where);
      }
      assertEquals(h[0][1], h[1][0], 1e-9 * (1 + Math.abs(h[0][1])), "symmetric: " + where);
      for (int j = 0; j < 2; j++) {
        double step = 1e-6 * (1 + Math.abs(args[j]));
        double[] up = args.clone();
        double[] down = args.clone();
        up[j] += step;
        down[j] -= step;
        double[] gu = f.gradient(up);
        double[] gd = f.gradient(down);
        for (int i = 0; i < 2; i++) {
          double fd = (gu[i + 1] - gd[i + 1]) / (up[j] - down[j]);
          assertEquals(fd, h[i][j], 1e-4 * (Math.abs(fd) + 1e-1), "H[" + i + "][" + j + "]: " + where);
        }
      }
      double[] v = {0.7, -1.3};
      Object hv = hvp.invoke(null, args[0], args[1], (int) args[2], v);
      double[] product = (double[]) hv.getClass().getMethod("hvp").invoke(hv);
      for (int i = 0; i < 2; i++) {
        double expected = h[i][0] * v[0] + h[i][1] * v[1];
        assertEquals(expected, product[i], 1e-9 * (1 + Math.abs(expected)), "H·v: " + where);
      }
    }
  }

  static java.util.stream.LongStream secondOrderSeeds() {
    return java.util.stream.LongStream.range(500, 500 + Long.getLong("javad.random.batches2", 6));
  }

  /** 32 batches; more with {@code -Djavad.random.batches=N} for a longer search. */
  static java.util.stream.LongStream modernSeeds() {
    return java.util.stream.LongStream.range(100, 100 + Long.getLong("javad.random.batches", 32));
  }

  private static void check(long seed, boolean modern) {
    Random random = new Random(seed);
    StringBuilder source =
        new StringBuilder(
            "package r;\nimport io.javad.Differentiable;\n"
                + "import java.util.function.DoubleUnaryOperator;\npublic class P {\n");
    // Helpers that the methods call: calls between differentiable methods, in branches and loops.
    List<String> helpers = List.of("h0", "h1", "h2");
    for (String helper : helpers) {
      source.append(new ProgramWriter(random, List.of(), modern).method(helper));
    }
    for (int m = 0; m < METHODS; m++) {
      source.append(new ProgramWriter(random, helpers, modern).method("m" + m));
    }
    source.append("}\n");
    CompiledClasses classes = Compiler.compileAndLoad(Compiler.source("r.P", source.toString()));
    for (int m = 0; m < METHODS; m++) {
      Differentiated f = new Differentiated(classes, "r.P", "m" + m);
      for (int point = 0; point < 2; point++) {
        double[] args = {
          0.3 + random.nextDouble(), -0.5 + random.nextDouble(), 2 + random.nextInt(4)
        };
        String where = "m" + m + " at " + java.util.Arrays.toString(args) + " (seed " + seed + ")\n" + source;
        double[] g = f.gradient(args);
        assertEquals(f.value(args), g[0], 0, where);
        double[] gradient = {g[1], g[2]};
        for (int axis = 0; axis < 2; axis++) {
          double[] d = new double[2];
          d[axis] = 1;
          double tangent = f.tangent(args, d).tangent();
          assertEquals(tangent, gradient[axis], 1e-10 * (1 + Math.abs(tangent)), "axis " + axis + ": " + where);
        }
        // Deep random programs compose thousands of nonlinear steps: GradientCheck's default step
        // (7e-4) is too coarse for them, a small central difference is not. Where the function
        // oscillates fast (seen with calls), a 100 times smaller step must agree instead.
        for (int axis = 0; axis < 2; axis++) {
          double fd = centralDifference(f, args, axis, 1e-6);
          if (Math.abs(fd - gradient[axis]) > 1e-5 * (Math.abs(fd) + 1e-2)) {
            fd = centralDifference(f, args, axis, 1e-8);
          }
          assertEquals(fd, gradient[axis], 1e-5 * (Math.abs(fd) + 1e-2), "finite difference, axis " + axis + ": " + where);
        }
      }
    }
  }

  private static double centralDifference(Differentiated f, double[] args, int axis, double step) {
    double h = step * (1 + Math.abs(args[axis]));
    double[] up = args.clone();
    double[] down = args.clone();
    up[axis] += h;
    down[axis] -= h;
    return (f.value(up) - f.value(down)) / (up[axis] - down[axis]);
  }

  /** Writes one random method {@code double m(double x, double y, int n)}. */
  private static final class ProgramWriter {
    private final Random random;
    private final StringBuilder out = new StringBuilder();
    private final List<String> doubles = new ArrayList<>(List.of("x", "y"));
    private final List<String> ints = new ArrayList<>(List.of("n"));
    private final List<String> callees;
    /** Whether to write the statement forms lowered since the first generator. */
    private final boolean modern;
    private final List<String> lambdas = new ArrayList<>();
    private final List<String> counters = new ArrayList<>();
    private int names;
    private int loops;

    /** Whether the methods are {@code @Differentiable(order = 2)}. */
    private boolean order2;

    ProgramWriter(Random random, List<String> callees, boolean modern) {
      this.random = random;
      this.callees = callees;
      this.modern = modern;
    }

    ProgramWriter secondOrder() {
      order2 = true;
      return this;
    }

    String method(String name) {
      out.append(order2 ? "  @Differentiable(order = 2)\n  static double " : "  @Differentiable\n  static double ").append(name)
          .append("(double x, double y, int n) {\n");
      out.append("    double a = x * y + 0.5;\n");
      doubles.add("a");
      block(2, 3, 0);
      out.append("    return ").append(expression(2)).append(";\n  }\n");
      return out.toString();
    }

    private void block(int depth, int statements, int loopDepth) {
      for (int i = 0; i < statements; i++) {
        statement(depth, loopDepth);
      }
    }

    private String indent(int depth) {
      return "  ".repeat(depth);
    }

    private void statement(int depth, int loopDepth) {
      String pad = indent(depth);
      if (modern && depth <= 5 && random.nextInt(3) == 0) {
        modernStatement(depth, pad);
        return;
      }
      int choice = random.nextInt(loopDepth > 0 ? 9 : 6);
      if (depth > 5) {
        choice = 0;
      }
      switch (choice) {
        case 0, 1 -> {
          // Updates that keep every value within a few units, however many times a loop runs them.
          String target = doubles.get(random.nextInt(doubles.size()));
          String update =
              switch (random.nextInt(4)) {
                case 0 -> " = Math.tanh(" + expression(2) + ")";
                case 1 -> " += 0.1 * Math.sin(" + expression(2) + ")";
                case 2 -> " *= 0.5 + 0.25 * Math.sin(" + expression(1) + ")";
                default -> " -= 0.1 * Math.atan(" + expression(2) + ")";
              };
          out.append(pad).append(target).append(update).append(";\n");
        }
        case 2 -> {
          String local = "v" + names++;
          // Sometimes a constant start that later statements update (an accumulator).
          String init = random.nextInt(3) == 0 ? "0.5" : "Math.tanh(" + expression(2) + ") + 0.5";
          out.append(pad).append("double ").append(local).append(" = ").append(init).append(";\n");
          doubles.add(local); // visible to later statements at this depth and deeper
        }
        case 3 -> {
          out.append(pad).append("if (").append(intCondition()).append(") {\n");
          int mark = doubles.size();
          block(depth + 1, 1 + random.nextInt(2), loopDepth);
          trim(mark);
          out.append(pad).append("} else {\n");
          block(depth + 1, 1, loopDepth);
          trim(mark);
          out.append(pad).append("}\n");
        }
        case 4, 5 -> {
          String counter = "i" + loops++;
          boolean counted = random.nextBoolean();
          out.append(pad);
          if (counted) {
            out.append("for (int ").append(counter).append(" = 0; ").append(counter).append(" < n; ")
                .append(counter).append("++) {\n");
          } else {
            out.append("int ").append(counter).append(" = 0;\n").append(pad)
                .append("while (").append(counter).append(" < n + 1) {\n")
                .append(pad).append("  ").append(counter).append("++;\n");
          }
          ints.add(counter);
          int mark = doubles.size();
          block(depth + 1, 1 + random.nextInt(3), loopDepth + 1);
          trim(mark);
          ints.remove(counter);
          out.append(pad).append("}\n");
        }
        case 6 -> out.append(pad).append("if (").append(intCondition()).append(") {\n")
            .append(pad).append("  continue;\n").append(pad).append("}\n");
        case 7 -> out.append(pad).append("if (").append(intCondition()).append(") {\n")
            .append(pad).append("  break;\n").append(pad).append("}\n");
        default -> out.append(pad).append("if (").append(intCondition()).append(") {\n")
            .append(pad).append("  return ").append(expression(1)).append(";\n")
            .append(pad).append("}\n");
      }
    }

    /** A statement of the forms lowered since the first generator. */
    private void modernStatement(int depth, String pad) {
      String target = doubles.get(random.nextInt(doubles.size()));
      String other = doubles.get(random.nextInt(doubles.size()));
      String selector = "(" + ints.get(random.nextInt(ints.size())) + " % 3)";
      switch (random.nextInt(9)) {
        case 7 -> { // a guard that throws (never taken at the points checked)
          String i = ints.get(random.nextInt(ints.size()));
          out.append(pad).append("if (Math.abs(").append(target).append(") > 1e300) {\n")
              .append(pad).append("  throw new IllegalStateException(\"diverged: \" + ").append(target)
              .append(" + \" at \" + ").append(i).append(");\n")
              .append(pad).append("}\n");
        }
        case 8 -> // a switch expression whose default arm throws
            out.append(pad).append(target).append(" = switch ((").append(selector).append(" + 3) % 3) {\n")
                .append(pad).append("  case 0 -> Math.tanh(").append(expression(1)).append(");\n")
                .append(pad).append("  case 1, 2 -> 0.5 * ").append(other).append(";\n")
                .append(pad).append("  default -> throw new IllegalArgumentException(\"selector \" + ")
                .append(selector).append(");\n")
                .append(pad).append("};\n");
        case 0 -> // an assignment inside an expression
            out.append(pad).append(target).append(" = Math.tanh(").append(other)
                .append(" = Math.tanh(").append(expression(2)).append("));\n");
        case 1 -> {
          if (counters.isEmpty() && depth > 2) {
            out.append(pad).append(target).append(" *= 0.9;\n"); // counters live at the top
            return;
          }
          if (counters.isEmpty() || (depth == 2 && random.nextBoolean())) {
            String c = "c" + names++;
            out.append(pad).append("int ").append(c).append(" = 0;\n");
            counters.add(c);
          }
          String c = counters.get(random.nextInt(counters.size()));
          out.append(pad).append(target).append(" += 0.1 * Math.sin(").append(c)
              .append("++ * ").append(expression(1)).append(");\n");
        }
        case 2 -> { // fall-through, a braced case, default, a break inside a case
          String inner = pad + "  ";
          out.append(pad).append("switch ").append(selector).append(" {\n")
              .append(inner).append("case 0:\n");
          if (random.nextBoolean()) {
            out.append(inner).append("  if (").append(other).append(" > 0.25) {\n")
                .append(inner).append("    ").append(other).append(" *= 0.75;\n")
                .append(inner).append("    break;\n")
                .append(inner).append("  }\n");
          }
          out.append(inner).append("  ").append(target).append(" += 0.1 * Math.sin(")
              .append(expression(1)).append(");\n")
              .append(inner).append("case 1: {\n")
              .append(inner).append("  ").append(other).append(" *= 0.5 + 0.25 * Math.cos(")
              .append(expression(1)).append(");\n")
              .append(inner).append("  break;\n")
              .append(inner).append("}\n")
              .append(inner).append("default:\n")
              .append(inner).append("  ").append(target).append(" = Math.tanh(")
              .append(expression(1)).append(");\n")
              .append(pad).append("}\n");
        }
        case 3 -> { // a switch expression with yield
          String w = "w" + names++;
          out.append(pad).append(target).append(" = switch ").append(selector).append(" {\n")
              .append(pad).append("  case 0 -> Math.tanh(").append(expression(2)).append(");\n")
              .append(pad).append("  case 1 -> {\n")
              .append(pad).append("    double ").append(w).append(" = ").append(expression(1)).append(";\n")
              .append(pad).append("    yield Math.tanh(").append(w).append(" * ").append(w).append(");\n")
              .append(pad).append("  }\n")
              .append(pad).append("  default -> 0.5 * Math.sin(").append(expression(1)).append(");\n")
              .append(pad).append("};\n");
        }
        case 4 -> { // a lambda, called later (declared at the top, where it stays in scope)
          if (depth > 2) {
            out.append(pad).append(target).append(" = Math.tanh(").append(target).append(");\n");
            return;
          }
          String f = "f" + names++;
          if (!lambdas.isEmpty() && random.nextInt(3) == 0) { // calling an earlier lambda
            String inner = lambdas.get(random.nextInt(lambdas.size()));
            out.append(pad).append("DoubleUnaryOperator ").append(f).append(" = v -> 0.5 * ")
                .append(inner).append(".applyAsDouble(v * 0.75) + 0.25 * v;\n");
          } else if (random.nextBoolean()) {
            out.append(pad).append("DoubleUnaryOperator ").append(f).append(" = v -> Math.tanh(")
                .append(0.5 + random.nextInt(3)).append(" * v) + 0.1 * v * v;\n");
          } else { // a block with two returns
            out.append(pad).append("DoubleUnaryOperator ").append(f).append(" = v -> {\n")
                .append(pad).append("  double w = Math.tanh(").append(0.5 + random.nextInt(3))
                .append(" * v);\n")
                .append(pad).append("  if (w > 0.5) {\n")
                .append(pad).append("    return w * v;\n")
                .append(pad).append("  }\n")
                .append(pad).append("  return 0.1 * v * v + w;\n")
                .append(pad).append("};\n");
          }
          lambdas.add(f);
        }
        case 5 -> // a stream pipeline
            out.append(pad).append(target).append(" = 0.2 * java.util.Arrays.stream(new double[] {")
                .append(expression(1)).append(", ").append(expression(1))
                .append("}).map(v -> Math.sin(v)).filter(v -> v > -2).sum();\n");
        default -> // calls in a branch of ?: and right of &&
            out.append(pad).append(target).append(" = ").append(intCondition()).append(" && ")
                .append(callOr(expression(1))).append(" > 0 ? ").append(callOr(expression(1)))
                .append(" : Math.tanh(").append(other).append(");\n");
      }
    }

    /** A call of a helper or a lambda on {@code argument}, if there is one; else a Math call. */
    private String callOr(String argument) {
      if (!lambdas.isEmpty() && random.nextBoolean()) {
        return lambdas.get(random.nextInt(lambdas.size())) + ".applyAsDouble(" + argument + ")";
      }
      if (!callees.isEmpty()) {
        return "Math.tanh(" + callees.get(random.nextInt(callees.size())) + "(" + argument + ", "
            + argument + ", n))";
      }
      return "Math.tanh(" + argument + ")";
    }

    private void trim(int mark) {
      while (doubles.size() > mark) {
        doubles.remove(doubles.size() - 1);
      }
    }

    private String intCondition() {
      String i = ints.get(random.nextInt(ints.size()));
      return switch (random.nextInt(3)) {
        case 0 -> i + " % 2 == 0";
        case 1 -> i + " > " + random.nextInt(3);
        default -> i + " + n < 5";
      };
    }

    /** A bounded expression: values stay moderate through loops, so finite differences hold. */
    private String expression(int depth) {
      String v = doubles.get(random.nextInt(doubles.size()));
      if (depth == 0) {
        return random.nextInt(4) == 0 ? String.valueOf(0.5 + random.nextInt(3)) : v;
      }
      String a = expression(depth - 1);
      String b = expression(depth - 1);
      if (!callees.isEmpty() && random.nextInt(8) == 0) {
        String callee = callees.get(random.nextInt(callees.size()));
        return "Math.tanh(" + callee + "(" + a + ", " + b + ", n))";
      }
      return switch (random.nextInt(8)) {
        case 7 -> "(" + intCondition() + " ? 1 : -1) * " + a; // an int selection as a factor
        case 0 -> "(" + a + " + " + b + ")";
        case 1 -> "(" + a + " - " + b + ")";
        case 2 -> "Math.sin(" + a + ") * " + b;
        case 3 -> "Math.tanh(" + a + " * " + b + ")";
        case 4 -> a + " / (1.5 + Math.cos(" + b + "))";
        case 5 -> "Math.sqrt(1 + " + a + " * " + a + ")";
        default -> "Math.atan(" + a + ") * " + v;
      };
    }
  }
}
