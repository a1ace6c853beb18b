package io.javad.processor;

import static io.javad.processor.testing.DerivativeChecks.check;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.javad.processor.testing.CompiledClasses;
import io.javad.processor.testing.Compiler;
import io.javad.processor.testing.Differentiated;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every supported function of {@code java.lang.Math} and {@code StrictMath}, as a whole right-hand
 * side and nested in a larger expression (where its value is hoisted into a local), in both modes,
 * at several points of its domain; and the unary ones against their textbook derivatives.
 */
class MathFunctionsTest {

  /** Unary functions with points inside their domain and their derivative as an oracle. */
  private record Unary(String name, double[] points, DoubleUnaryOperator derivative) {}

  private static final List<Unary> UNARY =
      List.of(
          new Unary("sin", new double[] {-2.1, 0.3, 1.4}, Math::cos),
          new Unary("cos", new double[] {-2.1, 0.3, 1.4}, x -> -Math.sin(x)),
          new Unary("tan", new double[] {-1.1, 0.3, 1.2}, x -> 1 / (Math.cos(x) * Math.cos(x))),
          new Unary("asin", new double[] {-0.8, 0.1, 0.6}, x -> 1 / Math.sqrt(1 - x * x)),
          new Unary("acos", new double[] {-0.8, 0.1, 0.6}, x -> -1 / Math.sqrt(1 - x * x)),
          new Unary("atan", new double[] {-3.0, 0.2, 1.7}, x -> 1 / (1 + x * x)),
          new Unary("sinh", new double[] {-1.5, 0.2, 2.0}, Math::cosh),
          new Unary("cosh", new double[] {-1.5, 0.2, 2.0}, Math::sinh),
          new Unary("tanh", new double[] {-1.5, 0.2, 2.0}, x -> 1 / (Math.cosh(x) * Math.cosh(x))),
          new Unary("exp", new double[] {-1.5, 0.2, 2.0}, Math::exp),
          new Unary("expm1", new double[] {-1.5, 1e-3, 2.0}, Math::exp),
          new Unary("log", new double[] {0.2, 1.0, 7.5}, x -> 1 / x),
          new Unary("log10", new double[] {0.2, 1.0, 7.5}, x -> 1 / (x * Math.log(10))),
          new Unary("log1p", new double[] {-0.5, 1e-3, 7.5}, x -> 1 / (1 + x)),
          new Unary("sqrt", new double[] {0.2, 1.0, 7.5}, x -> 0.5 / Math.sqrt(x)),
          new Unary("cbrt", new double[] {-3.0, 0.2, 7.5}, x -> 1 / (3 * Math.cbrt(x * x))),
          new Unary("abs", new double[] {-3.0, 0.2, 7.5}, Math::signum),
          new Unary("toRadians", new double[] {-30, 45, 720}, x -> Math.PI / 180),
          new Unary("toDegrees", new double[] {-1, 0.5, 3}, x -> 180 / Math.PI),
          new Unary("floor", new double[] {-1.5, 0.25, 3.7}, x -> 0),
          new Unary("ceil", new double[] {-1.5, 0.25, 3.7}, x -> 0),
          new Unary("rint", new double[] {-1.3, 0.25, 3.7}, x -> 0),
          new Unary("signum", new double[] {-1.5, 0.25, 3.7}, x -> 0));

  /** Binary and ternary functions with argument points. */
  private static final Map<String, double[][]> MULTI =
      Map.of(
          "pow", new double[][] {{1.3, 2.2}, {0.4, -1.5}, {2.5, 0.5}},
          "atan2", new double[][] {{1.3, 2.2}, {-0.4, -1.5}, {2.5, -0.5}},
          "hypot", new double[][] {{1.3, 2.2}, {-0.4, -1.5}, {2.5, -0.5}},
          "min", new double[][] {{1.3, 2.2}, {-0.4, -1.5}, {2.5, -0.5}},
          "max", new double[][] {{1.3, 2.2}, {-0.4, -1.5}, {2.5, -0.5}},
          "fma", new double[][] {{1.3, 2.2, -0.7}, {-0.4, -1.5, 3.0}, {2.5, -0.5, 0.1}});

  private static CompiledClasses classes;

  @BeforeAll
  static void compile() {
    StringBuilder source = new StringBuilder("package t;\nimport io.javad.Differentiable;\npublic class Fns {\n");
    for (String owner : List.of("Math", "StrictMath")) {
      for (Unary u : UNARY) {
        String call = owner + "." + u.name();
        source.append(method(owner, u.name(), "Whole", "double x", "return " + call + "(x);"));
        source.append(
            method(owner, u.name(), "Nested", "double x", "return 2 * " + call + "(x) * (1 + x * x);"));
      }
      for (var e : MULTI.entrySet()) {
        String params = e.getValue()[0].length == 2 ? "double x, double y" : "double x, double y, double z";
        String args = e.getValue()[0].length == 2 ? "x, y" : "x, y, z";
        String call = owner + "." + e.getKey() + "(" + args + ")";
        source.append(method(owner, e.getKey(), "Whole", params, "return " + call + ";"));
        source.append(method(owner, e.getKey(), "Nested", params, "return x * " + call + " - y;"));
      }
    }
    source.append(
        """
          @Differentiable
          static double powLiteral(double x) {
            return Math.pow(x, 2) + Math.pow(x, 3) + Math.pow(x, 0.5) + Math.pow(2, x);
          }
          @Differentiable
          static double nestedCalls(double x, double y) {
            return Math.exp(Math.sin(x * y)) * Math.log(Math.cosh(y) + x * x);
          }
          @Differentiable
          static double integerValued(double x, int n) {
            long r = Math.round(x * 3);
            return x * r + Math.abs(n) + Math.max(n, 2) + Math.floorMod(n, 3);
          }
        }
        """);
    classes = Compiler.compileAndLoad(Compiler.source("t.Fns", source.toString()));
  }

  private static String method(String owner, String fn, String form, String params, String body) {
    return "  @Differentiable static double "
        + methodName(owner, fn, form)
        + "("
        + params
        + ") { "
        + body
        + " }\n";
  }

  private static String methodName(String owner, String fn, String form) {
    return owner.toLowerCase() + Character.toUpperCase(fn.charAt(0)) + fn.substring(1) + form;
  }

  static List<Object[]> unaryCases() {
    return UNARY.stream()
        .flatMap(u -> List.of("Math", "StrictMath").stream().map(o -> new Object[] {o, u}))
        .toList();
  }

  @ParameterizedTest(name = "{0}.{1}")
  @MethodSource("unaryCases")
  void unaryFunction(String owner, Unary u) {
    Differentiated whole = new Differentiated(classes, "t.Fns", methodName(owner, u.name(), "Whole"));
    Differentiated nested =
        new Differentiated(classes, "t.Fns", methodName(owner, u.name(), "Nested"));
    for (double x : u.points()) {
      check(whole, x);
      check(nested, x);
      double expected = u.derivative().applyAsDouble(x);
      assertEquals(expected, whole.gradient(new double[] {x})[1], 1e-12 * (1 + Math.abs(expected)));
      assertEquals(
          expected, whole.tangent(new double[] {x}, new double[] {1}).tangent(), 1e-12 * (1 + Math.abs(expected)));
    }
  }

  static List<Object[]> multiCases() {
    return MULTI.keySet().stream()
        .sorted()
        .flatMap(f -> List.of("Math", "StrictMath").stream().map(o -> new Object[] {o, f}))
        .toList();
  }

  @ParameterizedTest(name = "{0}.{1}")
  @MethodSource("multiCases")
  void multiArgumentFunction(String owner, String fn) {
    for (String form : List.of("Whole", "Nested")) {
      Differentiated f = new Differentiated(classes, "t.Fns", methodName(owner, fn, form));
      for (double[] p : MULTI.get(fn)) {
        check(f, p);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("points")
  void powersWithLiteralExponents(double x) {
    Differentiated f = new Differentiated(classes, "t.Fns", "powLiteral");
    check(f, x);
    double expected = 2 * x + 3 * x * x + 0.5 / Math.sqrt(x) + Math.log(2) * Math.pow(2, x);
    assertEquals(expected, f.gradient(new double[] {x})[1], 1e-12 * expected);
  }

  static double[] points() {
    return new double[] {0.3, 1.0, 2.7};
  }

  @ParameterizedTest
  @MethodSource("points")
  void nestedCalls(double x) {
    check(new Differentiated(classes, "t.Fns", "nestedCalls"), x, 0.8 - x);
  }

  @ParameterizedTest
  @MethodSource("points")
  void integerValuedFunctionsAreConstant(double x) {
    Differentiated f = new Differentiated(classes, "t.Fns", "integerValued");
    check(f, x, -4);
    assertEquals(Math.round(x * 3), f.gradient(new double[] {x, -4})[1], 0);
  }
}
