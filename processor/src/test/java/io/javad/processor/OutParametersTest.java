package io.javad.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javad.processor.testing.ArrayFunction;
import io.javad.processor.testing.CompiledClasses;
import io.javad.processor.testing.Compiler;
import io.javad.processor.testing.GeneratedMembers;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Out-parameters (Tapenade's subroutines): {@code @Differentiable} methods that write their results
 * into arrays they are passed, {@code void} or not. Their own members update the written arrays'
 * tangents and adjoints in place; callers differentiate through such calls in both modes. Checked
 * against finite differences, the dot-product test, and the accumulating form.
 */
class OutParametersTest {

  private static final String SOURCE =
      """
      package t;

      import io.javad.Differentiable;

      public class Out {
        @Differentiable
        static void axpy(double a, double[] x, double[] y) {
          for (int i = 0; i < y.length; i++) {
            y[i] += a * x[i];
          }
        }

        @Differentiable
        static void square(double[] v) {
          for (int i = 0; i < v.length; i++) {
            v[i] = v[i] * v[i];
          }
        }

        /** Two results: a rotation of (p, q) by the angle t, scaled. */
        @Differentiable
        static void rotate(double t, double[] p, double[] q) {
          for (int i = 0; i < p.length; i++) {
            double pi = p[i];
            p[i] = Math.cos(t) * pi - Math.sin(t) * q[i];
            q[i] = Math.sin(t) * pi + Math.cos(t) * q[i];
          }
        }

        /** A matrix result, from its own old contents. */
        @Differentiable
        static void outer(double[] u, double[][] m) {
          for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[i].length; j++) {
              m[i][j] = 0.5 * m[i][j] * m[i][j] + u[i] * u[j];
            }
          }
        }

        /** Writes and returns a value, called for what it writes. */
        @Differentiable
        static double normalize(double[] v) {
          double s = 0;
          for (int i = 0; i < v.length; i++) {
            s += v[i] * v[i];
          }
          double n = Math.sqrt(s);
          for (int i = 0; i < v.length; i++) {
            v[i] = v[i] / n;
          }
          return n;
        }

        /** Calls other writing methods: writes too, and returns early. */
        @Differentiable
        static void twice(double a, double[] x, double[] y) {
          axpy(a, x, y);
          if (a > 10) {
            return;
          }
          square(y);
          axpy(a, x, y);
        }

        @Differentiable(wrt = "w")
        static double chain(double[] w, double a) {
          double[] y = new double[w.length];
          java.util.Arrays.fill(y, 1.0);
          axpy(a, w, y);
          square(y);
          double[] z = y.clone();
          axpy(a * w[0], z, y);
          double s = 0;
          for (int i = 0; i < y.length; i++) {
            s += y[i] * w[i];
          }
          return s;
        }

        @Differentiable
        static double inLoop(double[] w, int steps) {
          double[] y = w.clone();
          double s = 0;
          for (int k = 0; k < steps; k++) {
            twice(0.3, w, y);
            s += y[0] * y[1];
            normalize(y);
            s += y[k % y.length];
          }
          return s;
        }

        @Differentiable(wrt = "w")
        static double twoResults(double[] w, double t) {
          double[] p = w.clone();
          double[] q = {w[1], w[0], w[2]};
          for (int k = 0; k < 3; k++) {
            rotate(t * w[2], p, q);
            p[0] = p[0] * q[1];
          }
          return p[0] + 2 * q[1] + p[2] * q[2];
        }

        @Differentiable
        static double matrix(double[] w) {
          double[][] m = {{w[0], 1, 0}, {0, w[1], 1}, {w[2], 0, 1}};
          outer(w, m);
          outer(w, m);
          double s = 0;
          for (double[] row : m) {
            for (double v : row) {
              s += v * v;
            }
          }
          return s;
        }

        /** Passes its own parameter: the caller writes into it too. */
        @Differentiable(wrt = "w")
        static double ownParameter(double[] w, double a) {
          double before = w[0] * w[1];
          axpy(a, w.clone(), w);
          square(w);
          return before + w[0] + w[1] * w[2];
        }

        @Differentiable
        static double branches(double[] w) {
          double[] y = {1, 2, 3};
          if (w[0] > 0) {
            axpy(w[1], w, y);
          } else {
            square(y);
            axpy(2.0, w, y);
          }
          return y[0] * y[1] + y[2];
        }
      }
      """;

  private static CompiledClasses classes;

  @BeforeAll
  static void compile() {
    classes = Compiler.compileAndLoad(Compiler.source("t.Out", SOURCE));
  }

  @ParameterizedTest
  @ValueSource(strings = {"chain", "inLoop", "twoResults", "matrix", "ownParameter", "branches"})
  void callersDifferentiateThroughWritingCalls(String name) {
    ArrayFunction f = new ArrayFunction(classes, "t.Out", name);
    if (name.equals("ownParameter")) {
      f.writingItsArray();
    }
    double[] w = {0.7, -0.4, 1.3};
    Object[] rest =
        switch (name) {
          case "chain", "ownParameter" -> new Object[] {0.6};
          case "inLoop" -> new Object[] {4};
          case "twoResults" -> new Object[] {0.8};
          default -> new Object[0];
        };
    f.check(w, rest);
    if (name.equals("branches")) {
      f.check(new double[] {-0.7, -0.4, 1.3});
    }
  }

  /**
   * A void method's own members, on {@code rotate(t, p, q)}: the tangent against finite differences
   * of the written arrays, and the accumulating adjoint against the tangent (dot-product test:
   * ⟨p̄, J_p·d⟩ + ⟨q̄, J_q·d⟩ = ⟨Jᵀ(p̄, q̄), d⟩ over all inputs, t and both arrays' old contents).
   */
  @Test
  void aVoidMethodsTangentAndAdjointAgree() throws Exception {
    Class<?> companion = classes.load("t.OutDerivatives");
    Method tangent = GeneratedMembers.named(companion, "rotateTangent");
    Method adjoint = adjointWithWorkspace(companion, "rotateAdjoint");
    Random random = new Random(7);
    double t = 0.4;
    double[] p = random.doubles(4, -1, 1).toArray();
    double[] q = random.doubles(4, -1, 1).toArray();
    double dt = 0.3;
    double[] dp = random.doubles(4, -1, 1).toArray();
    double[] dq = random.doubles(4, -1, 1).toArray();

    double[] p1 = p.clone();
    double[] q1 = q.clone();
    double[] pDot = dp.clone();
    double[] qDot = dq.clone();
    tangent.invoke(null, t, dt, p1, pDot, q1, qDot);
    double[] pExpected = p.clone();
    double[] qExpected = q.clone();
    Method primal = classes.load("t.Out").getDeclaredMethod("rotate", double.class, double[].class, double[].class);
    primal.setAccessible(true);
    primal.invoke(null, t, pExpected, qExpected);
    assertArrayEquals(pExpected, p1, 0, "the tangent writes what the method writes");
    assertArrayEquals(qExpected, q1, 0);
    double h = 1e-6;
    double[] pPlus = shifted(p, dp, h);
    double[] qPlus = shifted(q, dq, h);
    double[] pMinus = shifted(p, dp, -h);
    double[] qMinus = shifted(q, dq, -h);
    primal.invoke(null, t + h * dt, pPlus, qPlus);
    primal.invoke(null, t - h * dt, pMinus, qMinus);
    for (int i = 0; i < p.length; i++) {
      assertEquals((pPlus[i] - pMinus[i]) / (2 * h), pDot[i], 1e-7, "∂p" + i);
      assertEquals((qPlus[i] - qMinus[i]) / (2 * h), qDot[i], 1e-7, "∂q" + i);
    }

    double[] pBarOut = random.doubles(4, -1, 1).toArray();
    double[] qBarOut = random.doubles(4, -1, 1).toArray();
    double[] pBar = pBarOut.clone();
    double[] qBar = qBarOut.clone();
    double[] p2 = p.clone();
    double[] q2 = q.clone();
    Object ws = adjoint.getParameterTypes()[0].getConstructor().newInstance();
    adjoint.invoke(null, ws, t, p2, q2, pBar, qBar);
    assertArrayEquals(p, p2, 0, "the adjoint leaves the arrays as it found them");
    assertArrayEquals(q, q2, 0);
    Method tBar = GeneratedMembers.named(ws.getClass(), "t");
    double left = dot(pBarOut, pDot) + dot(qBarOut, qDot);
    double right = (double) tBar.invoke(ws) * dt + dot(pBar, dp) + dot(qBar, dq);
    assertEquals(left, right, 1e-12 * (Math.abs(left) + 1), "dot-product test");
  }

  @Test
  void aVoidMethodsMembersReturnNothing() {
    Class<?> companion = classes.load("t.OutDerivatives");
    assertEquals(void.class, GeneratedMembers.named(companion, "axpyTangent").getReturnType());
    assertEquals(void.class, adjointWithWorkspace(companion, "axpyAdjoint").getReturnType());
    assertTrue(
        Arrays.stream(companion.getDeclaredMethods()).noneMatch(m -> m.getName().equals("axpyGradient")),
        "no gradient: a void method has no value");
  }

  @Test
  void aCallWhoseValueIsUsedMayNotWrite() {
    String error =
        Compiler.firstError(
            """
            @Differentiable static double scale(double[] a) { a[0] = 2 * a[0]; return a[0]; }
            @Differentiable static double f(double x) { double[] a = {x, x}; return 1 + scale(a); }
            """);
    assertTrue(error.contains("the value of M.scale cannot be used here"), error);
  }

  /**
   * Rows of a matrix written by callees: passed as m[r], through a local naming the row, through
   * a for-each over the rows, with an index changed after the call; both modes against finite
   * differences and the dot-product test.
   */
  @Test
  void rowsWrittenByCallees() {
    CompiledClasses rows =
        Compiler.compileAndLoad(
            Compiler.source(
                "t.Rows",
                """
                package t;
                import io.javad.Differentiable;
                public class Rows {
                  @Differentiable
                  static void axpy(double a, double[] x, double[] y) {
                    for (int i = 0; i < x.length; i++) {
                      y[i] += a * x[i];
                    }
                  }

                  @Differentiable
                  static void square(double[] v) {
                    for (int i = 0; i < v.length; i++) {
                      v[i] = v[i] * v[i];
                    }
                  }

                  @Differentiable(wrt = "w")
                  static double rows(double[] w, double s) {
                    double[][] m = new double[3][w.length];
                    int r = 0;
                    while (r < 3) {
                      axpy(s * (r + 1), w, m[r]);
                      square(m[r]);
                      r++;
                    }
                    double[] last = m[2];
                    axpy(s, w, last);
                    for (double[] row : m) {
                      axpy(0.5, w, row);
                    }
                    double t = 0;
                    for (int i = 0; i < 3; i++) {
                      for (int j = 0; j < w.length; j++) {
                        t += (i + 1) * m[i][j] * w[j];
                      }
                    }
                    return t;
                  }
                }
                """));
    ArrayFunction f = new ArrayFunction(rows, "t.Rows", "rows");
    f.check(new double[] {0.7, -0.4, 1.3}, 0.6);
    f.check(new double[] {-0.2, 0.9}, -1.1);
  }

  /**
   * A callee reading one row of a matrix and writing another (elimination's row update): allowed,
   * and checked at run time to be two arrays, as the callee's derivative assumes.
   */
  @Test
  void anotherRowOfTheMatrixReadWhileOneIsWritten() throws Exception {
    CompiledClasses rows =
        Compiler.compileAndLoad(
            Compiler.source(
                "t.Shared",
                """
                package t;
                import io.javad.Differentiable;
                public class Shared {
                  @Differentiable
                  static void axpy(double a, double[] x, double[] y) {
                    for (int i = 0; i < x.length; i++) {
                      y[i] += a * x[i] * x[i];
                    }
                  }

                  @Differentiable(wrt = "w")
                  static double shared(double[] w, int k, int r) {
                    double[][] m = new double[3][w.length];
                    for (int i = 0; i < 3; i++) {
                      for (int j = 0; j < w.length; j++) {
                        m[i][j] = w[j] * (i + 1);
                      }
                    }
                    for (int i = k + 1; i < 3; i++) {
                      axpy(-0.5, m[k], m[i]);
                    }
                    axpy(0.25, m[k], m[r]);
                    double s = 0;
                    for (int i = 0; i < 3; i++) {
                      for (int j = 0; j < w.length; j++) {
                        s += (i + 1) * m[i][j] * m[i][j];
                      }
                    }
                    return s;
                  }
                }
                """));
    ArrayFunction f = new ArrayFunction(rows, "t.Shared", "shared");
    double[] w = {0.7, -0.4, 1.3};
    f.check(w, 0, 2);
    f.check(w, 1, 0);
    // Rows that meet at run time: the primal runs; its derivatives say why they cannot.
    assertEquals(f.value(w, 1, 1), f.value(w, 1, 1), 0);
    AssertionError thrown =
        org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, () -> f.gradient(w, 1, 1));
    assertTrue(
        thrown.getCause() instanceof IllegalArgumentException
            && thrown.getCause().getMessage().contains("one row of a matrix for two parameters"),
        String.valueOf(thrown.getCause()));
  }

  @Test
  void aWrittenRowWhoseIndexCallsIsRefused() {
    String error =
        Compiler.firstError(
            """
            static int pick(int k) { return k; }
            @Differentiable static void square(double[] v) { v[0] = v[0] * v[0]; }
            @Differentiable static double f(double x) { double[][] m = {{x}}; square(m[pick(0)]); return m[0][0]; }
            """);
    assertTrue(error.contains("rows m[i] whose index calls no method"), error);
  }

  @Test
  void aWrittenArrayPassedTwiceIsRefused() {
    String error =
        Compiler.firstError(
            """
            @Differentiable static void axpy(double a, double[] x, double[] y) { y[0] += a * x[0]; }
            @Differentiable static double f(double x) { double[] y = {x}; axpy(x, y, y); return y[0]; }
            """);
    assertTrue(error.contains("which is also passed for x"), error);
  }

  @Test
  void anotherNameOfAWrittenArrayIsRefused() {
    String prefix =
        "@Differentiable static void axpy(double a, double[] x, double[] y) { y[0] += a * x[0]; }\n";
    assertTrue(
        Compiler.firstError(
                prefix
                    + "@Differentiable static double f(double a, double[] x) {"
                    + " double[] y = x.clone(); double[] z = y; axpy(a, z, y); return y[0]; }")
            .contains("a local naming the same array counts"));
  }

  @Test
  void dataWrittenWithActiveValuesGetsALocalAdjoint() throws Exception {
    // Generated code that did not compile (found by a user trial): bufBar was never declared.
    CompiledClasses c =
        Compiler.compileAndLoad(
            Compiler.source(
                "t.Data",
                """
                package t;
                import io.javad.Differentiable;
                import io.javad.NoDerivative;
                public class Data {
                  @Differentiable
                  static void axpy(double a, double[] x, double[] y) {
                    for (int i = 0; i < y.length; i++) { y[i] += a * x[i]; }
                  }
                  @Differentiable
                  static double f(double a, @NoDerivative double[] buf) {
                    buf[0] = a * a; buf[1] = buf[0] * a; return buf[0] * buf[1];
                  }
                  @Differentiable(wrt = "a")
                  static double g(double a, double[] x, double[] buf) {
                    axpy(a, x, buf); return buf[0] * buf[1];
                  }
                  /** A vector-valued caller of a callee with a workspace. */
                  @Differentiable
                  static double[] v(double[] x) { double[] y = x.clone(); axpy(2.0, x, y); return y; }
                }
                """));
    Class<?> companion = c.load("t.DataDerivatives");
    Object f = GeneratedMembers.named(companion, "fGradient").invoke(null, 0.7, new double[2]);
    assertEquals(5 * Math.pow(0.7, 4), (double) f.getClass().getMethod("a").invoke(f), 1e-12); // f = a^5
    double[] x = {0.4, -0.3};
    Object g = GeneratedMembers.named(companion, "gGradient").invoke(null, 0.7, x, new double[] {1, 2});
    // buf = (1 + a x0, 2 + a x1): d(buf0 buf1)/da = x0 buf1 + x1 buf0
    double expected = 0.4 * (2 - 0.7 * 0.3) + -0.3 * (1 + 0.7 * 0.4);
    assertEquals(expected, (double) g.getClass().getMethod("a").invoke(g), 1e-12);
    Object j = GeneratedMembers.named(companion, "vJacobian").invoke(null, (Object) x);
    assertArrayEquals(
        new double[][] {{3, 0}, {0, 3}}, (double[][]) j.getClass().getMethod("x").invoke(j));
  }

  @Test
  void aBranchOnAnArrayItsCallWritesIsRecorded() throws Exception {
    // Was a wrong gradient (found by a user trial): the backward sweep tested y[0] > 1 again on
    // the array the call had changed, and skipped the call's adjoint. Arrays.fill likewise.
    CompiledClasses c =
        Compiler.compileAndLoad(
            Compiler.source(
                "t.Branch",
                """
                package t;
                import io.javad.Differentiable;
                public class Branch {
                  @Differentiable static void half(double[] v) {
                    for (int i = 0; i < v.length; i++) { v[i] *= 0.5; }
                  }
                  @Differentiable static void square(double[] v) {
                    for (int i = 0; i < v.length; i++) { v[i] = v[i] * v[i]; }
                  }
                  @Differentiable static double once(double[] x) {
                    double[] y = x.clone();
                    if (y[0] > 1) { half(y); }
                    return y[0];
                  }
                  @Differentiable static double inLoop(double[] x, int n) {
                    double[] y = x.clone();
                    for (int k = 0; k < n; k++) {
                      square(y);
                      if (y[0] > 1) { half(y); } else { square(y); }
                    }
                    return y[0] + y[1];
                  }
                  @Differentiable static void halfIfBig(double[] y) {
                    if (y[0] > 1) { half(y); }
                  }
                  @Differentiable static double filled(double[] x) {
                    double[] y = x.clone();
                    if (y[0] > 1) { java.util.Arrays.fill(y, 0.5 * x[1]); }
                    return y[0] * x[0];
                  }
                }
                """));
    new ArrayFunction(c, "t.Branch", "once").check(new double[] {1.2});
    new ArrayFunction(c, "t.Branch", "once").check(new double[] {0.7});
    new ArrayFunction(c, "t.Branch", "inLoop").check(new double[] {1.1, 0.4}, 3);
    new ArrayFunction(c, "t.Branch", "inLoop").check(new double[] {0.9, 1.3}, 2);
    new ArrayFunction(c, "t.Branch", "filled").check(new double[] {1.2, 0.3});
    Method adjoint = adjointWithWorkspace(c.load("t.BranchDerivatives"), "halfIfBigAdjoint");
    double[] y = {1.2};
    double[] yBar = {1};
    adjoint.invoke(null, adjoint.getParameterTypes()[0].getConstructor().newInstance(), y, yBar);
    assertEquals(0.5, yBar[0], 0, "the adjoint of a void method with such a branch");
  }

  @Test
  void aVoidMethodWithoutResultsIsRefused() {
    String error = Compiler.firstError("@Differentiable static void f(double x) { double y = x * x; }");
    assertTrue(error.contains("returns void and writes no array parameter"), error);
  }

  @Test
  void aVoidMethodWritingIntoDataIsRefused() {
    String error =
        Compiler.firstError(
            "@Differentiable static void f(double x, @NoDerivative double[] out) { out[0] = x * x; }");
    assertTrue(error.contains("into out, which it does not differentiate for"), error);
  }


  private static Method adjointWithWorkspace(Class<?> companion, String name) {
    return Arrays.stream(companion.getDeclaredMethods())
        .filter(m -> m.getName().equals(name) && m.getParameterTypes()[0].getSimpleName().endsWith("Workspace"))
        .findFirst()
        .orElseThrow();
  }

  private static double[] shifted(double[] a, double[] d, double h) {
    double[] out = a.clone();
    for (int i = 0; i < a.length; i++) {
      out[i] += h * d[i];
    }
    return out;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
