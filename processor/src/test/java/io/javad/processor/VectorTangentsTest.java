package io.javad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javad.processor.testing.CompiledClasses;
import io.javad.processor.testing.Compiler;
import io.javad.processor.testing.GeneratedMembers;
import java.lang.reflect.Method;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Vector mode ({@code Mode.FORWARD_VECTOR}): {@code fTangents} along k directions in one pass
 * gives, for each direction, the value and tangent {@code fTangent} gives along it alone, through
 * loops, branches, arrays, matrices, fills and copies; and the directional derivatives agree with
 * central finite differences.
 */
class VectorTangentsTest {

  private static final String SOURCE =
      """
      package t;

      import io.javad.Differentiable;
      import io.javad.Mode;

      public class Vec {
        @Differentiable(modes = {Mode.FORWARD, Mode.FORWARD_VECTOR})
        static double f(double a, double[] w, double[][] m, int n) {
          double s = Math.sin(a);
          double[] y = w.clone();
          double[] z = new double[w.length];
          for (int k = 0; k < n; k++) {
            for (int i = 0; i < w.length; i++) {
              y[i] = Math.tanh(a * y[i] + m[i % m.length][0]);
              z[i] += y[i] * s;
            }
            if (y[0] > 0) {
              s = s * a;
            } else {
              s = s - a;
            }
          }
          double[] c = new double[w.length];
          System.arraycopy(z, 0, c, 0, z.length);
          java.util.Arrays.fill(y, 0.5 * a);
          double t = 0;
          for (int i = 0; i < w.length; i++) {
            t += c[i] * c[i] + y[i] * m[0][0];
          }
          // Matrix locals of an initializer and of a deep copy: tangents of their own shape.
          double[][] p = {{a, 1}, {w[0], a * a}};
          double[][] q = new double[m.length][];
          for (int i = 0; i < m.length; i++) {
            q[i] = m[i].clone();
          }
          q[0][0] += p[1][1] * p[1][0];
          return t / (1 + s * s) + q[0][0] * p[0][0] + q[1][1];
        }
      }
      """;

  private static CompiledClasses classes;

  @BeforeAll
  static void compile() {
    classes = Compiler.compileAndLoad(Compiler.source("t.Vec", SOURCE));
  }

  @Test
  void everyDirectionGetsWhatOneTangentPassGives() throws Exception {
    Class<?> companion = classes.load("t.VecDerivatives");
    Method tangents = GeneratedMembers.named(companion, "fTangents");
    Method tangent = GeneratedMembers.named(companion, "fTangent");
    Random random = new Random(5);
    int k = 4;
    for (int n : new int[] {1, 3}) {
      double a = 0.3 + random.nextDouble();
      double[] w = random.doubles(3, -1, 1).toArray();
      double[][] m = {random.doubles(2, -1, 1).toArray(), random.doubles(2, -1, 1).toArray()};
      double[] aDots = random.doubles(k, -1, 1).toArray();
      double[][] wDots = new double[k][];
      double[][][] mDots = new double[k][][];
      for (int d = 0; d < k; d++) {
        wDots[d] = random.doubles(3, -1, 1).toArray();
        mDots[d] = new double[][] {random.doubles(2, -1, 1).toArray(), random.doubles(2, -1, 1).toArray()};
      }
      Object all = tangents.invoke(null, a, aDots, w, wDots, m, mDots, n);
      double value = (double) all.getClass().getMethod("value").invoke(all);
      double[] each = (double[]) all.getClass().getMethod("tangents").invoke(all);
      assertEquals(k, each.length);
      for (int d = 0; d < k; d++) {
        Object one = tangent.invoke(null, a, aDots[d], w, wDots[d], m, mDots[d], n);
        double expected = (double) one.getClass().getMethod("tangent").invoke(one);
        assertEquals((double) one.getClass().getMethod("value").invoke(one), value, 0);
        assertEquals(expected, each[d], 1e-12 * (1 + Math.abs(expected)), "direction " + d);
        // And against a central difference along the direction.
        double h = 1e-6;
        double up = primal(a + h * aDots[d], shifted(w, wDots[d], h), shifted(m, mDots[d], h), n);
        double down = primal(a - h * aDots[d], shifted(w, wDots[d], -h), shifted(m, mDots[d], -h), n);
        assertEquals((up - down) / (2 * h), each[d], 1e-6 * (1 + Math.abs(expected)), "difference " + d);
      }
    }
  }

  @Test
  void theForwardJacobianOfAVectorValuedMethodIsItsJacobian() throws Exception {
    CompiledClasses c =
        Compiler.compileAndLoad(
            Compiler.source(
                "t.Field",
                """
                package t;
                import io.javad.Differentiable;
                import io.javad.Mode;
                public class Field {
                  /** Few inputs (a, w, m), many outputs. */
                  @Differentiable(modes = {Mode.FORWARD, Mode.REVERSE, Mode.FORWARD_VECTOR})
                  static double[] spread(double a, double[] w, double[][] m, int outputs) {
                    double[] y = new double[outputs];
                    for (int i = 0; i < outputs; i++) {
                      double t = i * 0.1;
                      y[i] = Math.sin(a * t) * w[i % w.length] + m[0][1] * Math.exp(-t * w[0]);
                      if (i % 3 == 0) {
                        y[i] = y[i] * m[1][0];
                      }
                    }
                    return y;
                  }
                }
                """));
    Class<?> companion = c.load("t.FieldDerivatives");
    double[] w = {0.4, -0.7};
    double[][] m = {{0.2, 0.9}, {1.3, -0.5}};
    Object forward = GeneratedMembers.named(companion, "spreadJacobianForward").invoke(null, 0.8, w, m, 7);
    Object reverse = GeneratedMembers.named(companion, "spreadJacobian").invoke(null, 0.8, w, m, 7);
    for (String part : new String[] {"value", "a", "w"}) {
      Object f = forward.getClass().getMethod(part).invoke(forward);
      Object r = reverse.getClass().getMethod(part).invoke(reverse);
      assertClose(r, f, part);
    }
    assertClose(reverse.getClass().getMethod("m").invoke(reverse), forward.getClass().getMethod("m").invoke(forward), "m");
  }

  private static void assertClose(Object expected, Object actual, String what) {
    if (expected instanceof double[] e) {
      org.junit.jupiter.api.Assertions.assertArrayEquals(e, (double[]) actual, 1e-12, what);
    } else {
      Object[] e = (Object[]) expected;
      Object[] a = (Object[]) actual;
      assertEquals(e.length, a.length, what);
      for (int i = 0; i < e.length; i++) {
        assertClose(e[i], a[i], what + "[" + i + "]");
      }
    }
  }

  @Test
  void helpersRunOnceSizesStayAndAZeroTangentWins() throws Exception {
    // From a user trial: a stateful helper was called twice, an array's computed size was cut
    // short, and sqrt's infinite partial made NaN of a zero tangent.
    CompiledClasses c =
        Compiler.compileAndLoad(
            Compiler.source(
                "t.Trial",
                """
                package t;
                import io.javad.Differentiable;
                import io.javad.Mode;
                public class Trial {
                  static int calls;
                  static double draw(int i) { calls++; return 0.5 + i; }
                  @Differentiable(modes = {Mode.FORWARD, Mode.FORWARD_VECTOR})
                  static double helper(double x) {
                    double s = 0;
                    for (int i = 0; i < 3; i++) { s += Math.sin(x) * draw(i); }
                    return s;
                  }
                  @Differentiable(modes = {Mode.FORWARD, Mode.FORWARD_VECTOR})
                  static double sized(double[] a, double x) {
                    double[] b = new double[a.length + 1];
                    b[a.length] = x;
                    return b[a.length] * a[0];
                  }
                  @Differentiable(modes = {Mode.FORWARD, Mode.FORWARD_VECTOR})
                  static double root(double x, double y) { return Math.sqrt(x) + y; }
                }
                """));
    Class<?> companion = c.load("t.TrialDerivatives");
    java.lang.reflect.Field calls = c.load("t.Trial").getDeclaredField("calls");
    calls.setAccessible(true);
    calls.setInt(null, 0);
    Object r = GeneratedMembers.named(companion, "helperTangents").invoke(null, 0.3, new double[] {1, 2});
    assertEquals(3, calls.getInt(null), "each call once");
    double[] t = (double[]) r.getClass().getMethod("tangents").invoke(r);
    assertEquals(Math.cos(0.3) * 4.5, t[0], 1e-12);
    assertEquals(2 * Math.cos(0.3) * 4.5, t[1], 1e-12);
    Object s =
        GeneratedMembers.named(companion, "sizedTangents")
            .invoke(null, new double[] {2}, new double[][] {{0}}, 3.0, new double[] {1});
    assertEquals(2.0, ((double[]) s.getClass().getMethod("tangents").invoke(s))[0], 0);
    Object q =
        GeneratedMembers.named(companion, "rootTangents")
            .invoke(null, 0.0, new double[] {0}, 2.0, new double[] {1});
    assertEquals(1.0, ((double[]) q.getClass().getMethod("tangents").invoke(q))[0], 0);
  }

  @Test
  void calleesOfOrderOneAndTangentRulesServeEachDirection() throws Exception {
    CompiledClasses calls =
        Compiler.compileAndLoad(
            Compiler.source(
                "t.Calls",
                """
                package t;
                import io.javad.Differentiable;
                import io.javad.Mode;
                import io.javad.TangentOf;
                import io.javad.runtime.Dual;
                public class Calls {
                  @Differentiable static double g(double x, double[] w) { return x * x * w[0] + Math.sin(w[1]); }
                  public static double cube(double x) { return x * x * x; }
                  @TangentOf(target = Calls.class, method = "cube")
                  public static Dual cubeT(double x, double xDot) { return new Dual(x * x * x, 3 * x * x * xDot); }
                  @Differentiable(modes = {Mode.FORWARD, Mode.FORWARD_VECTOR})
                  static double f(double x, double[] w, @io.javad.NoDerivative double[] data) {
                    double s = 0;
                    for (int i = 0; i < 3; i++) {
                      s += g(x + i, w) * cube(w[0] * x) + g(s, data);
                    }
                    return s;
                  }
                }
                """));
    Class<?> companion = calls.load("t.CallsDerivatives");
    Method tangents = GeneratedMembers.named(companion, "fTangents");
    Method tangent = GeneratedMembers.named(companion, "fTangent");
    double x = 0.3;
    double[] w = {0.7, -0.4};
    double[] data = {0.2, 0.9};
    double[] xDots = {1, 0, 0.5};
    double[][] wDots = {{0, 0}, {1, 0}, {-0.3, 2}};
    Object all = tangents.invoke(null, x, xDots, w, wDots, data);
    double[] each = (double[]) all.getClass().getMethod("tangents").invoke(all);
    for (int d = 0; d < 3; d++) {
      Object one = tangent.invoke(null, x, xDots[d], w, wDots[d], data);
      double expected = (double) one.getClass().getMethod("tangent").invoke(one);
      assertEquals(expected, each[d], 1e-12 * (1 + Math.abs(expected)), "direction " + d);
    }
    assertTrue(calls.generatedCode("t.CallsDerivatives").contains("Derivatives.tangent(CallsDerivatives.gTangent("));
  }

  /** A ragged matrix of data passed to a callee's matrix parameter: zeros of its shape per direction. */
  @Test
  void aRaggedMatrixOfDataGoesToACallee() throws Exception {
    CompiledClasses c =
        Compiler.compileAndLoad(
            Compiler.source(
                "t.Tri",
                """
                package t;
                import io.javad.Differentiable;
                import io.javad.Mode;
                import io.javad.NoDerivative;
                public class Tri {
                  @Differentiable static double quad(double[][] m, double[] x) {
                    double s = 0;
                    for (int i = 0; i < x.length; i++) for (int j = 0; j < m[i].length; j++) s += m[i][j] * x[i] * x[j];
                    return s;
                  }
                  @Differentiable(modes = {Mode.FORWARD, Mode.FORWARD_VECTOR})
                  static double f(double[] x, @NoDerivative double[][] c) { return quad(c, x) + Math.exp(x[0]); }
                }
                """));
    Class<?> companion = c.load("t.TriDerivatives");
    double[][] tri = {{2}, {1, 3}};
    double[] x = {0.5, -0.2};
    Object all = GeneratedMembers.named(companion, "fTangents").invoke(null, x, new double[][] {{1, 0}, {0, 1}}, tri);
    double[] each = (double[]) all.getClass().getMethod("tangents").invoke(all);
    // ∂/∂x0 = 2·2·x0 + 1·x1 + e^x0, ∂/∂x1 = 1·x0 + 2·3·x1.
    assertEquals(4 * 0.5 - 0.2 + Math.exp(0.5), each[0], 1e-12);
    assertEquals(0.5 - 6 * 0.2, each[1], 1e-12);
  }

  @Test
  void aCalleeOfAnInstanceIsAnErrorAtTheCall() {
    String error =
        Compiler.firstError(
            """
            @Differentiable double g(double x) { return x * x; }
            @Differentiable(modes = {Mode.FORWARD, Mode.FORWARD_VECTOR})
            double f(double x) { double y = g(x); return y * x; }
            """);
    assertTrue(
        error.contains(
            "vector mode (Mode.FORWARD_VECTOR) of @Differentiable method f is not supported: it calls g,"
                + " whose tangent vector mode cannot call once per direction yet (an instance method"),
        error);
  }

  private static double primal(double a, double[] w, double[][] m, int n) throws Exception {
    Method f = classes.load("t.Vec").getDeclaredMethod("f", double.class, double[].class, double[][].class, int.class);
    f.setAccessible(true);
    return (double) f.invoke(null, a, w, m, n);
  }

  private static double[] shifted(double[] w, double[] d, double h) {
    double[] out = w.clone();
    for (int i = 0; i < w.length; i++) {
      out[i] += h * d[i];
    }
    return out;
  }

  private static double[][] shifted(double[][] m, double[][] d, double h) {
    double[][] out = new double[m.length][];
    for (int i = 0; i < m.length; i++) {
      out[i] = shifted(m[i], d[i], h);
    }
    return out;
  }
}
