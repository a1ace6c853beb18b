package io.javad.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.javad.processor.testing.ArrayResults;
import io.javad.processor.testing.CompiledClasses;
import io.javad.processor.testing.Compiler;
import io.javad.processor.testing.GeneratedMembers;
import java.lang.reflect.Method;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Methods returning arrays that return from inside a branch or a loop (a guard clause for empty
 * input, a result chosen early, a search that stops when it converges): reverse mode keeps the
 * returned array and seeds its adjoint where the return was. Each is checked on every path against
 * finite differences, by the dot-product test, and through fJacobian, also with one workspace
 * reused across the paths, and through a caller.
 */
class EarlyReturnsTest {

  private static final String SOURCE =
      """
      package t;

      import io.javad.Differentiable;

      public class Early {
        /** A guard clause for empty input. */
        @Differentiable
        static double[] softmax(double[] z) {
          if (z.length == 0) {
            return new double[0];
          }
          double m = z[0];
          for (double v : z) {
            m = Math.max(m, v);
          }
          double[] p = new double[z.length];
          double s = 0;
          for (int i = 0; i < z.length; i++) {
            p[i] = Math.exp(z[i] - m);
            s += p[i];
          }
          for (int i = 0; i < z.length; i++) {
            p[i] /= s;
          }
          return p;
        }

        /** A result returned halfway, or changed further. */
        @Differentiable
        static double[] scaled(double[] z, double t) {
          double[] r = new double[z.length];
          for (int i = 0; i < z.length; i++) {
            r[i] = z[i] * t;
          }
          if (t > 1) {
            return r;
          }
          for (int i = 0; i < z.length; i++) {
            r[i] = Math.sin(r[i]) + t;
          }
          return r;
        }

        /** Initializers returned from branches. */
        @Differentiable
        static double[] polar(double x, double y) {
          if (x < 0) {
            return new double[] {Math.hypot(x, y), Math.atan2(y, x) + 0.5 * x};
          } else if (y < 0) {
            return new double[] {x * y, y};
          }
          double[] q = {x * x, Math.exp(y)};
          return q;
        }

        /** A fixed-point iteration that returns once it settles. */
        @Differentiable
        static double[] settle(double[] x0, double a) {
          double[] x = x0.clone();
          for (int k = 0; k < 60; k++) {
            double[] next = new double[x.length];
            double change = 0;
            for (int i = 0; i < x.length; i++) {
              next[i] = 0.5 * Math.cos(a * x[i]) + 0.1 * x0[i];
              change += Math.abs(next[i] - x[i]);
            }
            if (change < 1e-9) {
              return next;
            }
            System.arraycopy(next, 0, x, 0, x.length);
          }
          return x;
        }

        /** A matrix returned from a branch as an initializer, or built. */
        @Differentiable
        static double[][] outer(double x, double y) {
          if (x > 1) {
            return new double[][] {{x * y, y}, {x, 1}};
          }
          double[][] m = new double[2][2];
          m[0][0] = x * Math.sin(y);
          m[1][1] = y * y;
          return m;
        }

        /**
         * An endless loop left by returns at its top and in its body: the returned array's elements
         * are restored by the backward sweep, so the value is kept as a copy (the value came back
         * as zeros; found by an adversarial trial).
         */
        @Differentiable
        static double[] firstAbove(double[] x, double s) {
          double[] r = new double[x.length];
          int i = 0;
          while (true) {
            if (i >= x.length) {
              return r;
            }
            r[i] = x[i] * s;
            if (r[i] > 2.0) {
              return softmax(r);
            }
            i++;
          }
        }

        /** Choices between arrays returned: initializers, and calls that run only on their side. */
        @Differentiable
        static double[] pick(double a, double s, double mode) {
          return mode < 0.5
              ? new double[] {a, a * s}
              : (mode < 1.5 ? new double[] {s * s, Math.sin(a)} : scaled(softmax(new double[] {a, s}), a));
        }

        @Differentiable
        static double loss(double[] z, double t) {
          double[] p = scaled(softmax(z), t);
          double s = 0;
          for (double v : p) {
            s += v * v;
          }
          return s;
        }
      }
      """;

  private static CompiledClasses classes;

  @BeforeAll
  static void compile() {
    classes = Compiler.compileAndLoad(Compiler.source("t.Early", SOURCE));
  }

  @Test
  void aGuardClauseForEmptyInput() throws Exception {
    new ArrayResults(classes, "t.Early", "softmax").check(1, (Object) new double[] {0.3, -1.2, 0.8});
    Method pullback = GeneratedMembers.named(classes.load("t.EarlyDerivatives"), "softmaxPullback");
    Object empty = pullback.invoke(null, new double[0], new double[0]);
    assertEquals(0, ((double[]) empty.getClass().getMethod("z").invoke(empty)).length);
  }

  @Test
  void aResultReturnedHalfwayOnEitherPath() {
    ArrayResults scaled = new ArrayResults(classes, "t.Early", "scaled");
    scaled.check(2, new double[] {0.3, -1.2, 0.8}, 1.5);
    scaled.check(3, new double[] {0.3, -1.2, 0.8}, 0.5);
  }

  @Test
  void initializersReturnedFromBranches() {
    ArrayResults polar = new ArrayResults(classes, "t.Early", "polar");
    polar.check(4, -0.7, 0.4);
    polar.check(5, 0.7, -0.4);
    polar.check(6, 0.7, 0.4);
    ArrayResults outer = new ArrayResults(classes, "t.Early", "outer");
    outer.check(7, 1.5, 0.4);
    outer.check(8, 0.5, 0.4);
  }

  @Test
  void aLoopThatReturnsOnceItSettles() {
    ArrayResults settle = new ArrayResults(classes, "t.Early", "settle");
    settle.check(9, new double[] {0.2, 0.9, -0.4}, 0.8);
    settle.check(10, new double[] {0.2, 0.9, -0.4}, 0.3);
  }

  @Test
  void anEndlessLoopLeftByReturns() {
    ArrayResults firstAbove = new ArrayResults(classes, "t.Early", "firstAbove");
    firstAbove.check(30, new double[] {0.5, 0.25, 0.3}, 2.0);
    firstAbove.check(31, new double[] {0.5, 1.25, 0.3}, 2.0);
  }

  @Test
  void aReturnedChoiceBetweenArraysIsAnIfOfReturns() {
    ArrayResults pick = new ArrayResults(classes, "t.Early", "pick");
    for (int mode = 0; mode < 3; mode++) {
      pick.check(20 + mode, 0.7, -0.4, (double) mode);
    }
  }

  @Test
  void oneWorkspaceServesJacobiansOnEveryPath() throws Exception {
    Class<?> companion = classes.load("t.EarlyDerivatives");
    Class<?> workspace = classes.load("t.EarlyDerivatives$ScaledWorkspace");
    Object ws = workspace.getDeclaredConstructor().newInstance();
    Method reused = companion.getMethod("scaledJacobian", workspace, double[].class, double.class);
    Method fresh = companion.getMethod("scaledJacobian", double[].class, double.class);
    double[] z = {0.3, -1.2, 0.8};
    for (double t : new double[] {1.5, 0.5, 1.5, 0.25}) {
      reused.invoke(null, ws, z, t);
      Object expected = fresh.invoke(null, z, t);
      double[][] block = (double[][]) workspace.getMethod("z").invoke(ws);
      double[][] expectedBlock = (double[][]) expected.getClass().getMethod("z").invoke(expected);
      for (int i = 0; i < block.length; i++) {
        assertArrayEquals(expectedBlock[i], block[i], 0, "t = " + t);
      }
      assertArrayEquals(
          (double[]) expected.getClass().getMethod("value").invoke(expected),
          (double[]) workspace.getMethod("value").invoke(ws), 0, "t = " + t);
    }
  }

  @Test
  void aCallerDifferentiatesThroughBoth() throws Exception {
    Class<?> companion = classes.load("t.EarlyDerivatives");
    Method gradient = GeneratedMembers.named(companion, "lossGradient");
    Method value = classes.load("t.Early").getDeclaredMethod("loss", double[].class, double.class);
    value.setAccessible(true);
    for (double t : new double[] {1.5, 0.5}) {
      double[] z = {0.3, -1.2, 0.8};
      Object g = gradient.invoke(null, z, t);
      double[] dz = (double[]) g.getClass().getMethod("z").invoke(g);
      double dt = (double) g.getClass().getMethod("t").invoke(g);
      double eps = 1e-6;
      for (int i = 0; i < 3; i++) {
        double[] up = z.clone();
        double[] down = z.clone();
        up[i] += eps;
        down[i] -= eps;
        double fd = ((double) value.invoke(null, up, t) - (double) value.invoke(null, down, t)) / (2 * eps);
        assertEquals(fd, dz[i], 1e-7, "d/dz" + i + " at t = " + t);
      }
      double fd = ((double) value.invoke(null, z, t + eps) - (double) value.invoke(null, z, t - eps)) / (2 * eps);
      assertEquals(fd, dt, 1e-7, "d/dt at t = " + t);
    }
  }
}
