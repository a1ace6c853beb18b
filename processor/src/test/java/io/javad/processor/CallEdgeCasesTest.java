package io.javad.processor;

import static io.javad.processor.testing.DerivativeChecks.check;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javad.processor.testing.CompiledClasses;
import io.javad.processor.testing.Compiler;
import io.javad.processor.testing.Differentiated;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression tests for calls between differentiable methods, from a read-only review: each case
 * once gave a wrong derivative, generated code that did not compile, a run-time exception, or a
 * missing rule.
 */
class CallEdgeCasesTest {

  private static CompiledClasses compile(String members) {
    return Compiler.compileAndLoad(
        Compiler.source(
            "t.M", "package t;\nimport io.javad.*;\npublic class M {\n" + members + "\n}\n"));
  }


  @Test
  void writeThroughAnEnhancedForVariableIsAWriteIntoTheParameter() {
    // Was a silently wrong gradient: the caller's backward sweep saw the array as g left it.
    String error =
        Compiler.firstError(
            """
            @Differentiable static double g(double[][] m) {
              for (double[] row : m) { row[0] = row[0] * row[0]; }
              return m[0][0];
            }
            @Differentiable static double f(double x) { double[][] m = {{x}}; return g(m); }
            """);
    assertTrue(error.contains("it writes into its array parameter m"), error);
  }

  @Test
  void aCalleeReturningItsParameterIsAnError() {
    // Was a silently wrong gradient: one array under two names in the caller.
    String error =
        Compiler.firstError(
            """
            @Differentiable static double[] id(double[] v, double k) { return v; }
            @Differentiable static double f(double x) {
              double[] v = {x, 2};
              double[] r = id(v, x);
              r[0] = r[0] * x;
              return v[0] + r[1] * x;
            }
            """);
    assertTrue(error.contains("it returns its array parameter v"), error);
  }

  @Test
  void indexingAVectorValuedCallDirectly() {
    CompiledClasses classes =
        compile(
            """
            @Differentiable static double[] sc(double[] v, double k) {
              double[] r = new double[v.length];
              for (int i = 0; i < v.length; i++) { r[i] = k * Math.sin(v[i]); }
              return r;
            }
            @Differentiable static double f(double x, double y) {
              double[] v = {x, y};
              double a = sc(v, y)[0];
              return sc(v, y)[1] * x + a;
            }
            """);
    check(new Differentiated(classes, "t.M", "f"), 0.4, 1.3);
  }

  @Test
  void floatArgumentToADoubleParameter() {
    CompiledClasses classes =
        compile(
            """
            @Differentiable static double sq(double x) { return x * x; }
            @Differentiable static float g(double x) { return (float) (x * x * x); }
            @Differentiable static double f(double a) {
              float fa = (float) a;
              return sq(fa);
            }
            @Differentiable static double h(double a) {
              float x = (float) a;
              x = g(x);
              return x * a;
            }
            """);
    Differentiated f = new Differentiated(classes, "t.M", "f");
    double a = 0.75; // exact in float
    assertEquals(2 * a, f.gradient(new double[] {a})[1], 1e-12);
    Differentiated h = new Differentiated(classes, "t.M", "h");
    // h(a) = a^3 * a as floats: 4 a^3.
    assertEquals(4 * a * a * a, h.gradient(new double[] {a})[1], 1e-6);
  }

  @Test
  void nullAdjointOfAMatrixReachesAPullbackAndAClonedRow() throws Exception {
    CompiledClasses classes =
        compile(
            """
            @Differentiable static double[] sc(double[] v, double k) {
              double[] r = new double[v.length];
              for (int i = 0; i < v.length; i++) { r[i] = k * v[i] * v[i]; }
              return r;
            }
            @Differentiable static double h(double[][] m, double k) {
              double s = 0;
              for (int i = 0; i < m.length; i++) {
                double[] r = sc(m[i], k);
                double[] row = m[i].clone();
                row[0] *= k;
                s += r[0] * k + row[0];
              }
              return s;
            }
            @Differentiable static double f(double x) {
              double[][] d = {{1, 2}, {3, 4}};
              return h(d, x);
            }
            """);
    check(new Differentiated(classes, "t.M", "f"), 0.7);
    Method adjoint =
        classes.load("t.MDerivatives")
            .getMethod("hAdjoint", double[][].class, double.class, double.class, double[][].class);
    Object record = adjoint.invoke(null, new double[][] {{1, 2}, {3, 4}}, 0.7, 1.0, null);
    // h = sum_i (k^2 m_i0^2 + k m_i0): dh/dk = sum_i (2 k m_i0^2 + m_i0) = 2 k (1 + 9) + 4.
    double dk = (double) record.getClass().getMethod("k").invoke(record);
    assertEquals(2 * 0.7 * 10 + 4, dk, 1e-12);
  }

  @Test
  void arrayFieldPassedAsData() throws Exception {
    CompiledClasses classes =
        compile(
            """
            final double[] w = {0.5, -2};
            @Differentiable static double dot(double[] a, double[] b) {
              return a[0] * b[0] + a[1] * b[1];
            }
            @Differentiable double f(double x) {
              double[] v = {x, x * x};
              return dot(w, v);
            }
            """);
    Class<?> m = classes.load("t.M");
    var make = m.getDeclaredConstructor();
    make.setAccessible(true);
    Object self = make.newInstance();
    Object g = classes.load("t.MDerivatives").getMethod("fGradient", m, double.class).invoke(null, self, 3.0);
    assertEquals(0.5 - 2 * 2 * 3.0, (double) g.getClass().getMethod("x").invoke(g), 1e-14);
  }

  @Test
  void arrayExpressionsPassedToACallee() {
    // Named by the callee's parameter before the call: the adjoint flows back into x and y.
    CompiledClasses classes =
        compile(
            """
            @Differentiable static double sum(double[] a) { return a[0] * a[1]; }
            @Differentiable static double f(double x, double y) {
              double[] v = {y, x};
              return sum(new double[] {x, x * y}) + sum(v.clone());
            }
            """);
    check(new Differentiated(classes, "t.M", "f"), 0.4, -1.2);
    String source = classes.generatedSource("t.MDerivatives");
    assertTrue(source.contains("double[] a = new double[] {x, x * y};"), source);
  }

  @Test
  void privateCalleeIsCalledThroughItsCompanion() {
    CompiledClasses classes =
        compile(
            """
            @Differentiable private static double g(double x) { return x * x; }
            @Differentiable static double f(double x) { return g(x) * Math.sin(x); }
            """);
    check(new Differentiated(classes, "t.M", "f"), 0.8);
    check(new Differentiated(classes, "t.M", "f"), -1.3);
  }

  @TempDir static Path library;

  @Test
  void aSourceRuleForOnePartialAndAJarRuleForTheOther() {
    Compiler.compileTo(
        library,
        List.of(),
        List.of("-g"),
        Compiler.source(
            "lib.Special",
            """
            package lib;
            public final class Special {
              public static double blend(double a, double b) { return a * b + Math.sin(b); }
            }
            """),
        Compiler.source(
            "lib.SpecialRules",
            """
            package lib;
            import io.javad.DerivativeOf;
            public final class SpecialRules {
              @DerivativeOf(target = Special.class, method = "blend", wrt = "a")
              public static double blendA(double a, double b) { return b; }
              @DerivativeOf(target = Special.class, method = "blend", wrt = "b")
              public static double blendB(double a, double b) { return a + Math.cos(b); }
            }
            """));
    CompiledClasses classes =
        Compiler.compileAndLoadWith(
            library,
            Compiler.source(
                "app.Client",
                """
                package app;
                import io.javad.DerivativeOf;
                import io.javad.Differentiable;
                import lib.Special;
                public class Client {
                  // The project's own rule for one partial; the library's for the other.
                  @DerivativeOf(target = Special.class, method = "blend", wrt = "a")
                  static double myBlendA(double a, double b) { return b; }

                  @Differentiable
                  static double f(double a, double b) { return Special.blend(a, a * b); }
                }
                """));
    check(new Differentiated(classes, "app.Client", "f"), 0.6, 1.1);
    String source = classes.generatedSource("app.ClientDerivatives");
    assertTrue(source.contains("Client.myBlendA(") && source.contains("SpecialRules.blendB("), source);
  }
}
