package io.javad.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import io.javad.processor.testing.Compiler;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every construct outside the supported subset gets exactly one compile error, at the offending
 * node (file, line, column), saying what is unsupported and what to do; never a stack trace, never
 * a generated class that fails to compile.
 */
class DiagnosticsTest {

  /**
   * One case: a method body (or a whole member) with the marker {@code ^} just before the node the
   * error must point at, and a piece of the expected message.
   */
  static Stream<Arguments> unsupportedConstructs() {
    return Stream.of(
        body("labeled block", "^done: { x = 2 * x; } return x;", "labels are supported on loops only"),
        body(
            "switch on a string",
            "switch ^(MODE) { case \"a\": x = 2 * x; break; default: break; } return x;",
            "switch on"),
        body(
            "break inside a switch case",
            "int k = (int) x; switch (k) { case 1: if (x > 2) { ^break; } x = 2 * x; break; } return x;",
            "a break out of a switch from inside a case"),
        body("local class", "^class Local { } return x;", "local classes are not supported"),
        body("array method", "double[] a = {x}; java.util.Arrays^.sort(a); return a[0];", "call to Arrays.sort is not supported"),
        body("copy of a row", "double[][] m = {{x, x}, {x, x}}; double[] r = java.util.Arrays.copyOf^(m[1], 2); return r[0];", "Arrays.copyOf copies an array variable here"),
        body("copy of a row alias", "double[][] m = {{x, x}, {x, x}}; double[] m1 = m[1]; double[] r = java.util.Arrays.copyOf^(m1, 2); return r[0];", "Arrays.copyOf copies an array variable here"),
        body("method reference", "double[] a = {x}; return java.util.Arrays.stream(a).map(^Math::sin).sum();", "method references are not supported"),
        body("ranged stream", "double[] a = {x, x}; return java.util.Arrays.stream^(a, 0, 1).sum();", "give Arrays.stream the whole array"),
        body("three-dimensional array", "double[][][] ^c = new double[1][1][1]; return x;", "local variable c has type double[][][]"),
        body(
            "active argument to a non-Math method",
            "return ^helper(x);",
            "to T.helper, which has no derivative; mark T.helper @Differentiable (its source is in this compilation)"),
        body(
            "active argument reaching a call through a local",
            "double y = 2 * x; int n = 3; return n * ^helper(y + n);",
            "passes a value that depends on an active input to T.helper"),
        body(
            "active argument for a parameter the callee does not differentiate for",
            "return x * ^scaled(2, x);",
            "as argument k of scaled, which does not differentiate for that parameter"),
        body(
            "callee without reverse mode",
            "return x * ^forwardOnly(x);",
            "needs reverse mode of forwardOnly, which it does not generate; add Mode.REVERSE"),
        body(
            "callee that writes into its array parameter",
            "double[] a = {x, x}; return ^scale(a);",
            "it writes into its array parameter a"),
        body(
            "out-parameter passed a row",
            "double[][] m = {{x, x}}; ^axpy(x, m[0], m[0]); return m[0][0];",
            "pass a local array"),
        body(
            "out-parameter passed twice",
            "double[] y = {x, x}; ^axpy(x, y, y); return y[0];",
            "which is also passed for x"),
        body(
            "out-parameter of a vector-valued callee",
            "double[] y = {x, x}; ^twice(y); return y[0];",
            "returns an array and also writes into its array parameter"),
        member(
            "void method without results",
            "@Differentiable static void ^f(double x) { double y = x * x; }",
            "returns void and writes no array parameter"),
        member(
            "void method writing into data",
            "@Differentiable static void ^f(double x, @io.javad.NoDerivative double[] out) { out[0] = x * x; }",
            "which it does not differentiate for"),
        body(
            "call in a do-while condition, reverse mode",
            "double s = x; int i = 0; do { s = s * x; i++; } while (i < ^helper(3)); return s;",
            "must evaluate T.helper exactly once"),
        body(
            "call declaring a checked exception",
            "return x * ^thrower(1);",
            "declares checked exceptions"),
        body(
            "call in a loop update that a continue skips to",
            "double s = 0; for (double t = x; t < 10; t = t * ^helper(2)) { if (t < 1) continue; s += t; } return s;",
            "must evaluate T.helper exactly once"),
        body("instance method of another object", "return x * \"ab\"^.length();", "call to length"),
        body("call statement", "Math^.sin(x); return x;", "a call whose result is dropped"),
        body("Math function without rule", "return Math^.scalb(x, 2);", "no derivative rule for Math.scalb"),
        body("try", "^try { return x; } finally { }", "try, throw and synchronized are not supported"),
        body("throw", "^throw new IllegalStateException();", "try, throw and synchronized are not supported"),
        body("lambda with statements", "java.util.function.DoubleUnaryOperator f = ^v -> { double w = v; return w; }; return f.applyAsDouble(x);", "javad inlines a lambda whose body is one expression"),
        body("lambda in call", "return java.util.stream.DoubleStream.of(x).map(v -> v * v)^.sum();", "call to sum is not supported"),
        body("increment in a do-while condition", "int i = 0; do { x = x * x; } while ^(i++ < 2); return x;", "an assignment or increment in a do-while condition"),
        body("bitwise operator", "int k = 3; return x * (k ^& 1);", "operator & is not supported"),
        body("assignment to a field", "^counter = 1; return x;", "only local variables and parameters can be assigned"),
        body("new object", "return ^new Double(x);", "object creation is not supported"),
        body("string", "String ^s = \"a\"; return x;", "local variable s has type String"),
        member(
            "generic method",
            "@Differentiable static <T> double ^f(double x, T tag) { return x; }",
            "has type parameters"),
        member(
            "non-floating return type",
            "@Differentiable static int ^f(double x) { return (int) x; }",
            "returns int; a differentiable method must return double"),
        member(
            "instance method with a parameter named self",
            "@Differentiable double ^f(double self) { return self; }",
            "names a parameter or local self"),
        member(
            "call through an interface",
            "@Differentiable double f(double x, java.util.function.DoubleUnaryOperator g) { return g^.applyAsDouble(x); }",
            "it is an interface or abstract method"),
        member(
            "instance method of another object that is not differentiable",
            "@Differentiable double f(double x) { return x * other^.helperOf(x); }",
            "passes a value that depends on an active input to T.helperOf"),
        member(
            "call through super",
            "@Differentiable double f(double x) { return super^.hashCode() * x; }",
            "calls through super are not supported yet"),
        member(
            "object compared",
            "@Differentiable double f(double x) { return ^other == null ? x : 0; }",
            "other is an object (t.T): @Differentiable methods read its fields"),
        member(
            "array of objects",
            "@Differentiable static double f(double x, String[] names) { return x * ^names.length; }",
            "names is an array of objects (java.lang.String[])"),
        member(
            "abstract method",
            "@Differentiable abstract double ^f(double x);",
            "has no body"),
        member(
            "no floating-point parameter",
            "@Differentiable static double ^f(int n) { return n; }",
            "has no parameter to differentiate"),
        member(
            "all parameters excluded",
            "@Differentiable static double ^f(@io.javad.NoDerivative double x) { return x; }",
            "has no parameter to differentiate"),
        member(
            "wrt names no parameter",
            "@Differentiable(wrt = ^\"z\") static double f(double x, double y) { return x * y; }",
            "wrt names \"z\", which is not a parameter of f; its parameters are: x, y"),
        member(
            "wrt names an int",
            "@Differentiable(wrt = ^\"n\") static double f(double x, int n) { return x * n; }",
            "wrt names \"n\", a int parameter"),
        member(
            "wrt names a @NoDerivative parameter",
            "@Differentiable(wrt = ^\"x\") static double f(@io.javad.NoDerivative double x) { return x; }",
            "also marked @NoDerivative"),
        member(
            "boxed parameter",
            "@Differentiable(wrt = ^\"x\") static double f(Double x) { return x; }",
            "wrt names \"x\", a java.lang.Double parameter"),
        member(
            "array parameter",
            "@Differentiable static double f(double[][][] ^x) { return 1; }",
            "parameter x has type double[][][]"),
        member(
            "empty modes",
            "@Differentiable(modes = {}) static double ^f(double x) { return x; }",
            "empty modes array"),
        member(
            "parameter named value",
            "@Differentiable static double f(double ^value) { return value; }",
            "clashes with the value component"));
  }

  private static Arguments body(String name, String body, String message) {
    String member = "@Differentiable static double f(double x) { " + body + " }";
    return Arguments.of(name, member, message);
  }

  private static Arguments member(String name, String member, String message) {
    return Arguments.of(name, member, message);
  }

  static final String PREFIX =
      "package t;\n"
          + "import io.javad.Differentiable;\n"
          + "abstract class T {\n"
          + "  static int counter;\n"
          + "  private double hidden;\n"
          + "  T other;\n"
          + "  double helperOf(double v) { return v; }\n"
          + "  @Differentiable double energy(double v) { return v * v; }\n"
          + "  private static double SECRET = Math.random();\n"
          + "  static double helper(double v) { return v; }\n"
          + "  static String MODE = \"a\";\n"
          + "  static double thrower(int k) throws java.io.IOException { return k; }\n"
          + "  @Differentiable(wrt = \"v\") static double scaled(double v, double k) { return k * v; }\n"
          + "  @Differentiable(modes = io.javad.Mode.FORWARD) static double forwardOnly(double v) { return v; }\n"
          + "  @Differentiable static double sum(double[] a) { return a[0] + a[1]; }\n"
          + "  @Differentiable static double scale(double[] a) { a[0] = 2 * a[0]; return a[0]; }\n"
          + "  @Differentiable static void axpy(double a, double[] x, double[] y) { y[0] += a * x[0]; }\n"
          + "  @Differentiable static double[] twice(double[] a) { a[0] = 2 * a[0]; return new double[] {a[0]}; }\n"
          + "  private static class Hidden {\n"
          + "    static final double RANDOM = Math.random();\n"
          + "  }\n"
          + "  ";

  @ParameterizedTest(name = "{0}")
  @MethodSource("unsupportedConstructs")
  void reportsOneErrorAtTheNode(String name, String member, String message) {
    int marker = PREFIX.length() + member.indexOf('^');
    String text = PREFIX + member.replace("^", "") + "\n}\n";
    Compilation compilation = Compiler.compile(Compiler.source("t.T", text));
    List<Diagnostic<? extends JavaFileObject>> errors = compilation.errors();
    assertEquals(1, errors.size(), () -> name + ": expected one error, got " + errors);
    Diagnostic<? extends JavaFileObject> error = errors.get(0);
    assertTrue(error.getMessage(null).contains(message), () -> name + ": " + error.getMessage(null));
    assertEquals(lineOf(text, marker), error.getLineNumber(), name + ": line");
    assertEquals(columnOf(text, marker), error.getColumnNumber(), name + ": column");
    assertFalse(error.getMessage(null).contains("Exception"), "no stack trace in a message");
  }

  private static long lineOf(String text, int offset) {
    return text.substring(0, offset).chars().filter(c -> c == '\n').count() + 1;
  }

  private static long columnOf(String text, int offset) {
    return offset - text.lastIndexOf('\n', offset - 1);
  }

  @Test
  void reportsEveryBadMethodAndStillGeneratesTheGoodOnes() {
    JavaFileObject model =
        Compiler.source(
            "t.Model",
            """
            package t;
            import io.javad.Differentiable;
            public class Model {
              @Differentiable static double good(double x) { return x * x; }
              @Differentiable static double array(double x) {
                double[] a = {x, x};
                return java.util.Arrays.copyOf(a, 2)[1];
              }
              @Differentiable static double labeled(double x) {
                done: { x = -x; }
                return x;
              }
              @Differentiable static double twoProblems(double x) {
                double a = new java.util.Random().nextGaussian();
                double b = new java.util.Random().nextDouble();
                return a + b;
              }
            }
            """);
    JavaFileObject other =
        Compiler.source(
            "t.Other",
            """
            package t;
            import io.javad.Differentiable;
            class Other {
              @Differentiable static String f(double x) { return "x"; }
            }
            """);
    JavaFileObject user =
        Compiler.source(
            "t.User",
            """
            package t;
            class User {
              double use() { return ModelDerivatives.goodGradient(3).x(); }
            }
            """);
    Compilation compilation = Compiler.compile(model, other, user);
    // Five errors and no more: User compiles, so the good method's companion was generated.
    assertThat(compilation).hadErrorCount(5);
    assertThat(compilation).hadErrorContaining("call to Arrays.copyOf is not supported").inFile(model).onLine(7);
    assertThat(compilation).hadErrorContaining("labels are supported on loops only").inFile(model).onLine(10).atColumn(5);
    assertThat(compilation).hadErrorContaining("call to nextGaussian").inFile(model).onLine(14);
    assertThat(compilation).hadErrorContaining("call to nextDouble").inFile(model).onLine(15);
    assertThat(compilation).hadErrorContaining("returns java.lang.String").inFile(other).onLine(4);
  }

  @Test
  void overloadsWhoseTangentsWouldClashAreReported() {
    JavaFileObject source =
        Compiler.source(
            "t.Over",
            """
            package t;
            import io.javad.Differentiable;
            class Over {
              @Differentiable static double f(double a, double b) { return a * b; }
              @Differentiable(wrt = "x") static double f(double x, double y, double z) { return x * y * z; }
            }
            """);
    Compilation compilation = Compiler.compile(source);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("two fTangent methods").inFile(source).onLine(5);
  }

  @Test
  void overloadsGetGradientRecordsNamedByParameterTypes() {
    JavaFileObject source =
        Compiler.source(
            "t.Over",
            """
            package t;
            import io.javad.Differentiable;
            class Over {
              @Differentiable static double f(double a) { return a * a; }
              @Differentiable static double f(double a, int n) { return a * n; }
              @Differentiable static double g(double a) { return a; }
            }
            """);
    Compilation compilation = Compiler.compile(source);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("t.OverDerivatives")
        .contentsAsUtf8String()
        .contains("public record FDoubleIntGradient(double value, double a)");
    assertThat(compilation)
        .generatedSourceFile("t.OverDerivatives")
        .contentsAsUtf8String()
        .contains("public record FDoubleGradient(double value, double a)");
    assertThat(compilation)
        .generatedSourceFile("t.OverDerivatives")
        .contentsAsUtf8String()
        .contains("public record GGradient(double value, double a)");
  }
}
