package io.javad.processor;

import static io.javad.processor.testing.DerivativeChecks.check;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import io.javad.processor.testing.CompiledClasses;
import io.javad.processor.testing.Compiler;
import io.javad.processor.testing.Differentiated;
import io.javad.runtime.Dual;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.List;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Calls between {@code @Differentiable} methods, in both modes: chains, calls in loops, direct and
 * mutual recursion, array arguments (a row of a matrix, data passed for a differentiated
 * parameter), a vector-valued callee, a callee in another package, and float code. Checked against
 * finite differences, the tangent/adjoint dot-product test and closed forms.
 */
class CallsTest {

  private static final String LIBRARY =
      """
      package q;

      import io.javad.Differentiable;

      public final class Lib {
        private Lib() {}

        @Differentiable
        public static double logistic(double x) {
          return 1 / (1 + Math.exp(-x));
        }

        @Differentiable
        public static double norm2(double[] v) {
          double s = 0;
          for (int i = 0; i < v.length; i++) {
            s += v[i] * v[i];
          }
          return s;
        }
      }
      """;

  private static final String SOURCE =
      """
      package t;

      import io.javad.Differentiable;
      import io.javad.NoDerivative;
      import q.Lib;

      public class Model {
        @Differentiable
        static double square(double x) {
          return x * x;
        }

        @Differentiable
        static double poly(double x) {
          return square(x) + 3 * square(square(x) - x);
        }

        @Differentiable
        static double chain(double x, double y) {
          return Math.sin(poly(x) * y) + square(y);
        }

        @Differentiable
        static double scaled(double v, @NoDerivative int k) {
          return Math.sin(k * v) / (k + 1);
        }

        @Differentiable
        static double loopSum(double x, double y) {
          double s = 0;
          for (int i = 0; i < 6; i++) {
            s = s * y + scaled(x * s + y, i);
          }
          return s;
        }

        @Differentiable
        static double power(double x, int n) {
          if (n == 0) {
            return 1;
          }
          return x * power(x, n - 1);
        }

        @Differentiable
        static double even(double x, int n) {
          if (n == 0) {
            return x;
          }
          return 0.5 * odd(x, n - 1) + Math.sin(x);
        }

        @Differentiable
        static double odd(double x, int n) {
          if (n == 0) {
            return Math.cos(x);
          }
          return x * even(x, n - 1);
        }

        @Differentiable
        static double dot(double[] a, double[] b) {
          double s = 0;
          for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
          }
          return s;
        }

        @Differentiable
        static double affine(double[] w, double bias, double[] x) {
          return dot(w, x) + bias;
        }

        /** dot with active arrays on both sides, and with data on one side. */
        @Differentiable
        static double viaDot(double a, double b, double c) {
          double[] w = {a, b, c};
          double[] x = {1.5, -2, 0.5};
          return dot(w, x) * dot(w, w);
        }

        /** A least-squares fit: dot(w, row) for each row of data, in a loop. */
        @Differentiable
        static double fit(double a, double b) {
          double[] w = {a, b};
          double[][] data = {{1, 2}, {3, -1}, {0.5, 0.25}, {-2, 1}};
          double loss = 0;
          for (int i = 0; i < data.length; i++) {
            double r = affine(w, 0.5 * a, data[i]) - i;
            loss += square(r);
          }
          return loss;
        }

        /** Rows of an active matrix passed as arguments. */
        @Differentiable
        static double rows(double a, double b) {
          double[][] m = {{a, b}, {b * b, a}};
          double[] x = {a, 2};
          double s = 0;
          for (int i = 0; i < m.length; i++) {
            s += dot(m[i], x) * dot(m[i], m[i]);
          }
          return s;
        }

        /** Passes rows of its matrix parameter on: a null adjoint for m must reach dot as null. */
        @Differentiable
        static double rowSums(double[][] m, double[] x) {
          double s = 0;
          for (int i = 0; i < m.length; i++) {
            double[] copy = m[i].clone();
            s += dot(m[i], x) * dot(copy, x);
          }
          return s;
        }

        @Differentiable
        static double[] scaleVector(double[] v, double k) {
          double[] r = new double[v.length];
          for (int i = 0; i < v.length; i++) {
            r[i] = k * Math.sin(v[i]);
          }
          return r;
        }

        @Differentiable
        static double viaVector(double a, double b) {
          double[] v = {a, b, a * b};
          double[] r = scaleVector(v, b);
          return r[0] * r[1] + r[2];
        }

        @Differentiable
        static double viaLibrary(double a, double b) {
          double[] v = {a, Lib.logistic(b)};
          return Lib.norm2(v) * Lib.logistic(a * b);
        }

        @Differentiable
        static float cubeF(float x) {
          return x * x * x;
        }

        @Differentiable
        static float viaFloat(float x, float y) {
          return cubeF(x * y) + y;
        }

        @Differentiable
        static double inactiveCall(double x) {
          double k = square(3);
          return k * x;
        }
      }
      """;

  private static CompiledClasses classes;

  @BeforeAll
  static void compile() {
    classes =
        Compiler.compileAndLoad(
            Compiler.source("q.Lib", LIBRARY), Compiler.source("t.Model", SOURCE));
  }

  private static Differentiated f(String name) {
    return new Differentiated(classes, "t.Model", name);
  }

  @Test
  void chainsOfCalls() {
    check(f("poly"), 0.7);
    check(f("chain"), 0.4, -1.3);
    check(f("chain"), -0.9, 0.6);
    // poly(x) = x^2 + 3 (x^2 - x)^2: poly'(x) = 2x + 6 (x^2 - x)(2x - 1).
    double x = 0.7;
    double closed = 2 * x + 6 * (x * x - x) * (2 * x - 1);
    assertEquals(closed, f("poly").gradient(new double[] {x})[1], 1e-13);
    assertEquals(closed, f("poly").tangent(new double[] {x}, new double[] {1}).tangent(), 1e-13);
  }

  @Test
  void callsInALoop() {
    check(f("loopSum"), 0.3, 0.8);
    check(f("loopSum"), -1.1, 0.45);
  }

  @Test
  void directRecursion() {
    Differentiated power = f("power");
    double x = 1.3;
    for (int n = 0; n <= 6; n++) {
      double[] args = {x, n};
      double[] gradient = power.gradient(args);
      assertEquals(Math.pow(x, n), gradient[0], 1e-12);
      assertEquals(n * Math.pow(x, n - 1), gradient[1], 1e-12, "n = " + n);
      assertEquals(n * Math.pow(x, n - 1), power.tangent(args, new double[] {1, 0}).tangent(), 1e-12);
    }
    check(power, 0.9, 5);
  }

  @Test
  void mutualRecursion() {
    for (int n = 0; n <= 5; n++) {
      check(f("even"), 0.6, n);
      check(f("odd"), -0.4, n);
    }
  }

  @Test
  void arraysAcrossCalls() {
    check(f("viaDot"), 0.3, -0.7, 1.1);
    check(f("fit"), 0.4, -0.2);
    check(f("rows"), 0.6, -1.2);
  }

  @Test
  void vectorValuedCallee() {
    check(f("viaVector"), 0.5, 1.2);
    check(f("viaVector"), -0.8, 0.3);
  }

  @Test
  void calleeInAnotherPackage() {
    check(f("viaLibrary"), 0.5, -0.9);
  }

  @Test
  void floatCallee() throws Exception {
    Class<?> companion = classes.load("t.ModelDerivatives");
    float x = 0.7f;
    float y = 1.3f;
    Dual t = (Dual) companion.getMethod("viaFloatTangent", float.class, float.class, float.class, float.class)
        .invoke(null, x, 1f, y, 0f);
    // d/dx (xy)^3 = 3 x^2 y^3
    double expected = 3 * x * x * Math.pow(y, 3);
    assertEquals(expected, t.tangent(), 1e-4 * expected);
    Object g = companion.getMethod("viaFloatGradient", float.class, float.class).invoke(null, x, y);
    assertEquals(expected, ((Number) component(g, "x")).doubleValue(), 1e-4 * expected);
    assertEquals(3 * x * x * x * y * y + 1, ((Number) component(g, "y")).doubleValue(), 1e-4 * expected);
  }

  @Test
  void callWithInactiveArgumentsIsEvaluated() {
    assertEquals(9.0, f("inactiveCall").gradient(new double[] {2})[1]);
    check(f("inactiveCall"), 2);
  }

  @Test
  void accumulatingAdjointAddsIntoTheGivenArrays() throws Exception {
    Class<?> companion = classes.load("t.ModelDerivatives");
    Method adjoint =
        companion.getMethod(
            "affineAdjoint", double[].class, double.class, double[].class, double.class,
            double[].class, double[].class);
    double[] w = {0.5, -1, 2};
    double[] x = {1, 3, -0.5};
    double[] wBar = {10, 20, 30};
    double[] xBar = {0, 0, 0};
    Object record = adjoint.invoke(null, w, 0.25, x, 2.0, wBar, xBar);
    double value = 0.5 - 3 - 1 + 0.25;
    assertEquals(value, (double) component(record, "value"), 1e-15);
    // wBar += 2 x, xBar += 2 w; the scalar's derivative comes back scaled by the seed.
    assertEquals(10 + 2 * 1.0, wBar[0], 0);
    assertEquals(20 + 2 * 3.0, wBar[1], 0);
    assertEquals(30 + 2 * -0.5, wBar[2], 0);
    assertEquals(2 * -1.0, xBar[1], 0);
    assertEquals(2.0, (double) component(record, "bias"), 0);
    assertTrue(component(record, "w") == wBar, "array components are the given accumulators");
  }

  @Test
  void accumulatingAdjointSkipsANullArray() throws Exception {
    Class<?> companion = classes.load("t.ModelDerivatives");
    Method adjoint =
        companion.getMethod(
            "dotAdjoint", double[].class, double[].class, double.class, double[].class, double[].class);
    double[] a = {1, 2};
    double[] b = {3, -4};
    double[] aBar = {0, 0};
    Object record = adjoint.invoke(null, a, b, 0.5, aBar, null);
    assertEquals(1 * 3 + 2 * -4, (double) component(record, "value"), 0);
    assertEquals(1.5, aBar[0], 0);
    assertEquals(-2.0, aBar[1], 0);
  }

  @Test
  void aNullAdjointPassesThroughNestedCalls() throws Exception {
    Class<?> companion = classes.load("t.ModelDerivatives");
    double[][] m = {{1, 2}, {-0.5, 3}};
    double[] x = {0.25, -2};
    Object full = companion.getMethod("rowSumsGradient", double[][].class, double[].class).invoke(null, m, x);
    double[] xBar = new double[2];
    companion
        .getMethod(
            "rowSumsAdjoint", double[][].class, double[].class, double.class, double[][].class, double[].class)
        .invoke(null, m, x, 1.0, null, xBar);
    double[] expected = (double[]) component(full, "x");
    assertEquals(expected[0], xBar[0], 1e-15);
    assertEquals(expected[1], xBar[1], 1e-15);
    // s = sum_i (m_i . x)^2: ds/dx = sum_i 2 (m_i . x) m_i.
    double d0 = 1 * 0.25 + 2 * -2;
    double d1 = -0.5 * 0.25 + 3 * -2;
    assertEquals(2 * d0 * 1 + 2 * d1 * -0.5, xBar[0], 1e-14);
    assertEquals(2 * d0 * 2 + 2 * d1 * 3, xBar[1], 1e-14);
  }

  @Test
  void callerUsesTheCalleesGeneratedCode() {
    String source = classes.generatedSource("t.ModelDerivatives");
    // The callee's derivative lives in one place: the caller calls it.
    // With the callee's workspace kept in the caller's: no tape or array allocated per call.
    assertTrue(source.contains("ModelDerivatives.dotAdjoint(ws.dotWorkspace(), w, x, "), source);
    assertTrue(source.contains("ModelDerivatives.squareTangent("), source);
    assertTrue(source.contains("LibDerivatives.norm2Adjoint(ws.norm2Workspace(), "), source);
    // Data passed for a differentiated parameter: null for its adjoint, zeros (one array, reused)
    // for its tangent; no array per call.
    String fit = method(source, "double fitAdjoint");
    assertTrue(fit.contains("data[i], affineBar, wBar, null)"), fit);
    assertFalse(fit.contains("zerosLike(data"), fit);
    String fitTangent = method(source, "fitTangent");
    assertTrue(fitTangent.contains("zeros = ArrayShapes.zeros(zeros, data[i]);"), fitTangent);
  }

  @Test
  void callerOfAFailedCalleeGetsAnErrorAtTheCall() {
    String source =
        """
        package t;

        import io.javad.Differentiable;

        class Broken {
          @Differentiable
          static double bad(double x) {
            synchronized (Broken.class) {
              return x;
            }
          }

          @Differentiable
          static double caller(double x) {
            return 2 * bad(x);
          }

          @Differentiable
          static double callersCaller(double x) {
            return caller(x) + 1;
          }

          @Differentiable
          static double fine(double x) {
            return bad(3) * x;
          }
        }
        """;
    Compilation compilation = Compiler.compile(Compiler.source("t.Broken", source));
    List<Diagnostic<? extends JavaFileObject>> errors = compilation.errors();
    // One at the unsupported statement, one at each caller's call, none in generated code.
    assertEquals(3, errors.size(), errors.toString());
    assertTrue(errors.stream().allMatch(e -> e.getSource().getName().endsWith("t/Broken.java")), errors.toString());
    assertTrue(errors.stream().anyMatch(e -> e.getMessage(null).contains("calls bad, whose derivatives could not be generated")
        && e.getLineNumber() == 15), errors.toString());
    assertTrue(errors.stream().anyMatch(e -> e.getMessage(null).contains("calls caller, whose derivatives could not be generated")
        && e.getLineNumber() == 20), errors.toString());
    // A call with inactive arguments needs no derivatives of the callee.
    assertFalse(errors.stream().anyMatch(e -> e.getLineNumber() == 25), errors.toString());
  }

  private static String method(String source, String name) {
    int start = source.indexOf(" " + name + "(");
    int end = source.indexOf("\n  }\n", start);
    return source.substring(start, end);
  }

  private static Object component(Object record, String name) throws Exception {
    for (RecordComponent c : record.getClass().getRecordComponents()) {
      if (c.getName().equals(name)) {
        return c.getAccessor().invoke(record);
      }
    }
    throw new AssertionError("no component " + name);
  }
}
