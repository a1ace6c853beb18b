package io.javad.processor;

import io.javad.processor.testing.CompiledClasses;
import io.javad.processor.testing.Compiler;
import io.javad.processor.testing.DerivativeChecks;
import io.javad.processor.testing.Differentiated;
import org.junit.jupiter.api.Test;

/** Wrong numbers found by the random programs, kept as small cases. */
class RegressionsTest {

  /**
   * {@code a = tanh((x + a) / c)} outside loops, with branches elsewhere (the structured adjoint):
   * tanh' reads the new a, the argument's partials the old one, which must be kept. Found with
   * seed 112 of the random programs; the adjoint read the new a for d/dc.
   */
  @Test
  void anOverwriteWhoseArgumentReadsTheOldValue() {
    CompiledClasses classes =
        Compiler.compileAndLoad(
            Compiler.source(
                "t.T",
                """
                package t;
                import io.javad.Differentiable;
                public class T {
                  @Differentiable static double f(double x, double y, int n) {
                    double a = x * y + 0.5;
                    a = Math.tanh((x + a) / (1.5 + Math.cos(1.5 - y)));
                    if (n > 2) {
                      x = x * 2;
                    }
                    return a * x;
                  }
                }
                """));
    Differentiated f = new Differentiated(classes, "t.T", "f");
    DerivativeChecks.check(f, 0.84, -0.17, 3);
    DerivativeChecks.check(f, -0.5, 1.3, 1);
  }

  /**
   * A sum reversed iteration by iteration in the forward sweep (IndependentIterations) whose
   * adjoint a branch after the loop changes ({@code if (t > 0.5) s *= 2;}): the branch was not
   * seen, and the gradient came out half. Found while trying null tests of optional arrays.
   */
  @Test
  void aSumScaledInABranchAfterItsLoop() {
    CompiledClasses classes =
        Compiler.compileAndLoad(
            Compiler.source(
                "t.Scaled",
                """
                package t;
                import io.javad.Differentiable;
                public class Scaled {
                  @Differentiable(wrt = "z")
                  static double f(double[] z, double t, int n) {
                    double s = 0;
                    for (int i = 0; i < z.length; i++) {
                      s += z[i] * z[i] * t;
                    }
                    if (t > n) {
                      s *= 2;
                    }
                    return s;
                  }
                }
                """));
    io.javad.processor.testing.ArrayFunction f =
        new io.javad.processor.testing.ArrayFunction(classes, "t.Scaled", "f");
    f.check(new double[] {0.3, 0.7}, 0.9, 0); // scaled
    f.check(new double[] {0.3, 0.7}, 0.4, 2); // not
  }

  /**
   * Sums of loops reversed iteration by iteration whose adjoint the statements after the loop use
   * ({@code s *= t}, {@code s = x}, sums swapped): the backward sweep started those statements from
   * the adjoint the loop needed instead of the return's, and the gradient was wrong with respect to
   * what they read. Found by an adversarial trial.
   */
  @Test
  void statementsAfterALoopReversedEarlyStartFromTheReturn() throws Exception {
    CompiledClasses classes =
        Compiler.compileAndLoad(
            Compiler.source(
                "t.After",
                """
                package t;
                import io.javad.Differentiable;
                public class After {
                  @Differentiable static double scaled(double[] a, double t) {
                    double s = 0;
                    for (int i = 0; i < a.length; i++) { s += a[i]; }
                    s *= t;
                    return s;
                  }
                  @Differentiable static double twice(double[] a, double t) {
                    double s = 0;
                    for (int i = 0; i < a.length; i++) { s += a[i]; }
                    double u = s * t;
                    s = s + u * t;
                    return s;
                  }
                  @Differentiable static double replaced(double[] a, double t) {
                    double s = 0;
                    for (int i = 0; i < a.length; i++) { s += a[i]; }
                    s = t;
                    return s;
                  }
                  @Differentiable static double swapped(double[] a, double t) {
                    double s = 0, r = 0;
                    for (int i = 0; i < a.length; i++) { s += a[i]; }
                    for (int i = 0; i < a.length; i++) { r += a[i] * t; }
                    double q = r;
                    r = s;
                    s = q;
                    return s * 2 + r * 3;
                  }
                  @Differentiable static double chosen(double[] a, double t) {
                    double s = 0;
                    for (int i = 0; i < a.length; i++) { s += a[i] * t; }
                    s = t > 0.1 ? s * t : s;
                    return s;
                  }
                }
                """));
    double[] a = {0.67, 1.41, -1.28, 0.62};
    for (String name : java.util.List.of("scaled", "twice", "replaced", "swapped", "chosen")) {
      java.lang.reflect.Method f = classes.load("t.After").getDeclaredMethod(name, double[].class, double.class);
      f.setAccessible(true);
      Object g =
          io.javad.processor.testing.GeneratedMembers.named(classes.load("t.AfterDerivatives"), name + "Gradient")
              .invoke(null, a.clone(), 0.7);
      double[] ga = (double[]) g.getClass().getMethod("a").invoke(g);
      double gt = (double) g.getClass().getMethod("t").invoke(g);
      double h = 1e-6;
      double ft = ((double) f.invoke(null, a.clone(), 0.7 + h) - (double) f.invoke(null, a.clone(), 0.7 - h)) / (2 * h);
      org.junit.jupiter.api.Assertions.assertEquals(ft, gt, 1e-6 * (1 + Math.abs(ft)), name + ": ∂/∂t");
      for (int k = 0; k < a.length; k++) {
        double[] up = a.clone();
        double[] down = a.clone();
        up[k] += h;
        down[k] -= h;
        double fk = ((double) f.invoke(null, up, 0.7) - (double) f.invoke(null, down, 0.7)) / (2 * h);
        org.junit.jupiter.api.Assertions.assertEquals(fk, ga[k], 1e-6 * (1 + Math.abs(fk)), name + ": ∂/∂a" + k);
      }
    }
  }

  /**
   * fJacobian of a method returning its own array parameter: each row seeded the returned array's
   * adjoint, which is that parameter's too, and its block stayed zero (fPullback was right). Found
   * by an adversarial trial.
   */
  @Test
  void theJacobianOfAMethodReturningItsParameter() throws Exception {
    CompiledClasses classes =
        Compiler.compileAndLoad(
            Compiler.source(
                "t.Same",
                """
                package t;
                import io.javad.Differentiable;
                public class Same {
                  @Differentiable static double[] scaled(double[] a, double[] b, double x) {
                    for (int i = 0; i < a.length; i++) {
                      b[i] = a[i] * x + b[i];
                    }
                    return b;
                  }
                }
                """));
    Object j =
        io.javad.processor.testing.GeneratedMembers.named(classes.load("t.SameDerivatives"), "scaledJacobian")
            .invoke(null, new double[] {1, 2}, new double[] {3, 4}, 0.5);
    double[][] da = (double[][]) j.getClass().getMethod("a").invoke(j);
    double[][] db = (double[][]) j.getClass().getMethod("b").invoke(j);
    double[] dx = (double[]) j.getClass().getMethod("x").invoke(j);
    org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {0.5, 0}, da[0], 0);
    org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {0, 0.5}, da[1], 0);
    org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {1, 0}, db[0], 0);
    org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {0, 1}, db[1], 0);
    org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {1, 2}, dx, 0);
  }

  /**
   * A parameter named ws (a wind speed) in a method with a workspace: the generated members named
   * their workspace ws too, and the companion did not compile. Found by a user trial.
   */
  @Test
  void aParameterNamedLikeTheWorkspace() throws Exception {
    CompiledClasses classes =
        Compiler.compileAndLoad(
            Compiler.source(
                "t.Wind",
                """
                package t;
                import io.javad.Differentiable;
                public class Wind {
                  @Differentiable static double energy(double[] factor, double ws, double r) {
                    double e = 0;
                    for (int h = 0; h < factor.length; h++) {
                      double v = ws * factor[h];
                      e += 0.5 * 1.225 * Math.PI * r * r * v * v * v;
                    }
                    return e;
                  }

                  @Differentiable static double loop(double ws, int n) {
                    double s = ws;
                    for (int i = 0; i < n; i++) {
                      s = Math.sin(s) + ws;
                    }
                    return s;
                  }
                }
                """));
    DerivativeChecks.check(new Differentiated(classes, "t.Wind", "loop"), 0.7, 3);
    Object g =
        io.javad.processor.testing.GeneratedMembers.named(classes.load("t.WindDerivatives"), "energyGradient")
            .invoke(null, new double[] {0.5, 1.5}, 4.0, 2.0);
    double c = 0.5 * 1.225 * Math.PI * 4;
    double expected = c * 3 * 16 * (0.125 + 3.375); // ∂/∂ws of c ws³ Σ f³
    org.junit.jupiter.api.Assertions.assertEquals(
        expected, (double) g.getClass().getMethod("ws").invoke(g), 1e-9 * expected);
    org.junit.jupiter.api.Assertions.assertTrue(
        classes.generatedSource("t.WindDerivatives").contains("EnergyWorkspace ws2"),
        "the workspace takes another name");
  }

  /**
   * An element read in one branch of ?: whose index is out of range in the other: the adjoint
   * addressed it unconditionally (kBar[s - 1] += s == 0 ? 0 : tBar) and threw. Found by a user trial.
   */
  @Test
  void anElementInOneBranchOfAConditionalIsAddressedOnlyThere() throws Exception {
    CompiledClasses classes =
        Compiler.compileAndLoad(
            Compiler.source(
                "t.K",
                """
                package t;
                import io.javad.Differentiable;
                public class K {
                  @Differentiable static double f(double[] k, int s) {
                    double t = s == 0 ? 1 : k[s - 1];
                    return t * t;
                  }
                }
                """));
    io.javad.processor.testing.ArrayFunction f =
        new io.javad.processor.testing.ArrayFunction(classes, "t.K", "f");
    f.check(new double[] {2, 3}, 0);
    f.check(new double[] {2, 3}, 2);
  }

  /**
   * Found by a user trial: {@code new double[][] {{x, 0}, {0, y}}} crashed the processor (its
   * nested initializers have no type of their own); a string literal passed to a helper was an
   * error; {@code return g(v)} of a vector-valued callee was refused as "a row of a matrix".
   */
  @Test
  void nestedInitializersStringArgumentsAndAReturnedCall() throws Exception {
    CompiledClasses classes =
        Compiler.compileAndLoad(
            Compiler.source(
                "t.U",
                """
                package t;
                import io.javad.Differentiable;
                public class U {
                  static double scale(String kind, double v) { return kind.equals("half") ? 0.5 * v : v; }
                  @Differentiable static double f(double[] w, int n) {
                    double[][] k = new double[][] {{w[0], 0}, {0, w[1]}};
                    return k[0][0] * k[1][1] + scale("half", n) * w[0];
                  }
                  @Differentiable static double[] twice(double[] v) {
                    double[] r = new double[v.length];
                    for (int i = 0; i < v.length; i++) r[i] = 2 * v[i] * v[i];
                    return r;
                  }
                  @Differentiable static double[] g(double[] v) { return twice(v); }
                  @Differentiable static double h(double[] v) { double[] y = g(v); return y[0] + 3 * y[1]; }
                }
                """));
    io.javad.processor.testing.ArrayFunction f =
        new io.javad.processor.testing.ArrayFunction(classes, "t.U", "f");
    f.check(new double[] {0.7, -1.2}, 3);
    io.javad.processor.testing.ArrayFunction h =
        new io.javad.processor.testing.ArrayFunction(classes, "t.U", "h");
    h.check(new double[] {0.7, -1.2});
  }

  /** Found by a review: a long line with a unicode escape cut in its comment made javac fail. */
  @Test
  void aUnicodeEscapeInAStatementDoesNotBreakItsComment() {
    Compiler.compileAndLoad(
        Compiler.source(
            "t.Esc",
            """
            package t;
            import io.javad.Differentiable;
            public class Esc {
              @Differentiable static double f(double x) {
                double \\u03b1 = 2 * x;
                double s = x * 1.00000000000000000000000000000000000000000000000000000000000000001 + \\u03b1 / 3;
                return s * \\u03b1;
              }
            }
            """));
  }

  /**
   * An order-2 method passing a matrix of data to an order-2 callee's active matrix parameter: the
   * tangent passed for it was a vector of zeros, and the companion did not compile. Found while
   * working on second order through rules.
   */
  @Test
  void aMatrixOfDataPassedToAnOrderTwoCallee() throws Exception {
    CompiledClasses classes =
        Compiler.compileAndLoad(
            Compiler.source(
                "t.Quad",
                """
                package t;
                import io.javad.Differentiable;
                import io.javad.NoDerivative;
                public class Quad {
                  @Differentiable(order = 2) static double quad(double[][] m, double[] x) {
                    double s = 0;
                    for (int i = 0; i < x.length; i++)
                      for (int j = 0; j < x.length; j++) s += m[i][j] * x[i] * x[j];
                    return s;
                  }
                  @Differentiable(order = 2) static double f(double[] x, @NoDerivative double[][] c) {
                    return quad(c, x) + Math.exp(x[0]);
                  }
                }
                """));
    Object h =
        io.javad.processor.testing.GeneratedMembers.named(classes.load("t.QuadDerivatives"), "fHessian")
            .invoke(null, new double[] {0.5, -0.2}, new double[][] {{2, 1}, {1, 3}});
    double[][] hessian = (double[][]) h.getClass().getMethod("hessian").invoke(h);
    // H = C + Cᵀ + e^x0 at (0, 0).
    org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {4 + Math.exp(0.5), 2}, hessian[0], 1e-12);
    org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {2, 6}, hessian[1], 1e-12);
  }

  /**
   * An int-valued selection as a factor, (y > 0 ? 1 : -1) * x: its product with a derivative was
   * given the selection's int type, so second order lost the derivative in a cast and first order
   * declared an int adjoint that did not compile. Found by an adversarial trial.
   */
  @Test
  void anIntSelectionAsAFactor() throws Exception {
    CompiledClasses classes =
        Compiler.compileAndLoad(
            Compiler.source(
                "t.Gate",
                """
                package t;
                import io.javad.Differentiable;
                public class Gate {
                  @Differentiable(order = 2) static double g(double x, double y) {
                    return Math.log(x) * (y > 0 ? 1 : 0) + (y > 0 ? 1 : -1) * x * x * x;
                  }
                  @Differentiable static double alternating(double[] x) {
                    double s = 0;
                    for (int j = 0; j < x.length; j++) s += x[j] * x[j] * (j % 2 == 0 ? 1 : -1);
                    return s;
                  }
                }
                """));
    Class<?> companion = classes.load("t.GateDerivatives");
    Object h = io.javad.processor.testing.GeneratedMembers.named(companion, "gHessian").invoke(null, 0.8, 1.3);
    double[][] hessian = (double[][]) h.getClass().getMethod("hessian").invoke(h);
    double[] gradient = (double[]) h.getClass().getMethod("gradient").invoke(h);
    org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {1 / 0.8 + 3 * 0.64, 0}, gradient, 1e-12);
    org.junit.jupiter.api.Assertions.assertEquals(-1 / 0.64 + 6 * 0.8, hessian[0][0], 1e-12);
    Object a = io.javad.processor.testing.GeneratedMembers.named(companion, "alternatingGradient")
        .invoke(null, (Object) new double[] {1, 2, 3});
    org.junit.jupiter.api.Assertions.assertArrayEquals(
        new double[] {2, -4, 6}, (double[]) a.getClass().getMethod("x").invoke(a), 0);
  }

  /**
   * A selection between zeros as a factor, x * (c ? 0 : 0): the adjoint's sum met a vanished term
   * and the processor failed. Found by an adversarial trial.
   */
  @Test
  void aFactorThatIsAlwaysZero() throws Exception {
    CompiledClasses classes =
        Compiler.compileAndLoad(
            Compiler.source(
                "t.Zero",
                """
                package t;
                import io.javad.Differentiable;
                public class Zero {
                  @Differentiable(order = 2) static double k(double x, double y) {
                    return x + y * (y > 0.7 ? 0 : 0) * x;
                  }
                }
                """));
    Object h = io.javad.processor.testing.GeneratedMembers.named(classes.load("t.ZeroDerivatives"), "kHessian")
        .invoke(null, 0.8, 1.3);
    org.junit.jupiter.api.Assertions.assertArrayEquals(
        new double[] {1, 0}, (double[]) h.getClass().getMethod("gradient").invoke(h), 0);
  }

  /**
   * A ragged matrix of data (a triangular factor, row i of length i + 1) passed to an order-2
   * callee's matrix parameter: second order gave it rectangular zero tangents as wide as its first
   * row, and fHessian failed at an index. Found by an adversarial trial.
   */
  @Test
  void aRaggedMatrixOfDataPassedToAnOrderTwoCallee() throws Exception {
    CompiledClasses classes =
        Compiler.compileAndLoad(
            Compiler.source(
                "t.Tri",
                """
                package t;
                import io.javad.Differentiable;
                import io.javad.NoDerivative;
                public class Tri {
                  @Differentiable(order = 2) static double[] lowerSolve(double[][] l, double[] b) {
                    double[] x = new double[b.length];
                    for (int i = 0; i < b.length; i++) {
                      double s = b[i];
                      for (int j = 0; j < i; j++) s -= l[i][j] * x[j];
                      x[i] = s / l[i][i];
                    }
                    return x;
                  }
                  @Differentiable(order = 2) static double whiten(double[] b, @NoDerivative double[][] l) {
                    double[] x = lowerSolve(l, b);
                    double s = 0;
                    for (double v : x) s += v * v * v;
                    return s;
                  }
                }
                """));
    double[][] l = {{2}, {0.3, 2}, {0.6, 0.3, 2}};
    double[] b = {1, 0.5, 2};
    Class<?> companion = classes.load("t.TriDerivatives");
    Object h = io.javad.processor.testing.GeneratedMembers.named(companion, "whitenHessian").invoke(null, b, l);
    double[][] hessian = (double[][]) h.getClass().getMethod("hessian").invoke(h);
    java.lang.reflect.Method gradient = io.javad.processor.testing.GeneratedMembers.named(companion, "whitenGradient");
    double eps = 1e-6;
    for (int j = 0; j < 3; j++) {
      double[] up = b.clone();
      double[] down = b.clone();
      up[j] += eps;
      down[j] -= eps;
      Object gu = gradient.invoke(null, up, l);
      Object gd = gradient.invoke(null, down, l);
      double[] u = (double[]) gu.getClass().getMethod("b").invoke(gu);
      double[] d = (double[]) gd.getClass().getMethod("b").invoke(gd);
      for (int i = 0; i < 3; i++) {
        double fd = (u[i] - d[i]) / (2 * eps);
        org.junit.jupiter.api.Assertions.assertEquals(fd, hessian[i][j], 1e-6 * (1 + Math.abs(fd)));
      }
    }
  }

  /**
   * An order-2 method of straight-line code returning an array initializer (an ODE's right-hand
   * side): its fDirectional was differentiated by the scalar generator, and the companion did not
   * compile. Found by a user trial.
   */
  @Test
  void anOrderTwoRightHandSideOfStraightLineCode() throws Exception {
    CompiledClasses classes =
        Compiler.compileAndLoad(
            Compiler.source(
                "t.Lv",
                """
                package t;
                import io.javad.Differentiable;
                public class Lv {
                  @Differentiable(order = 2) static double[] rhs(double x, double y, double a) {
                    return new double[] {a * x - x * y, x * y - y};
                  }
                  @Differentiable(order = 2) static double step(double x, double y, double a) {
                    double[] k = rhs(x, y, a);
                    return k[0] * k[0] + k[1] * k[1];
                  }
                }
                """));
    Class<?> companion = classes.load("t.LvDerivatives");
    Object h = io.javad.processor.testing.GeneratedMembers.named(companion, "stepHessian").invoke(null, 0.9, 0.4, 1.3);
    double[][] hessian = (double[][]) h.getClass().getMethod("hessian").invoke(h);
    java.lang.reflect.Method gradient = io.javad.processor.testing.GeneratedMembers.named(companion, "stepGradient");
    double[] point = {0.9, 0.4, 1.3};
    double eps = 1e-6;
    for (int j = 0; j < 3; j++) {
      double[] up = point.clone();
      double[] down = point.clone();
      up[j] += eps;
      down[j] -= eps;
      Object gu = gradient.invoke(null, up[0], up[1], up[2]);
      Object gd = gradient.invoke(null, down[0], down[1], down[2]);
      for (int i = 0; i < 3; i++) {
        String c = new String[] {"x", "y", "a"}[i];
        double fd =
            ((double) gu.getClass().getMethod(c).invoke(gu) - (double) gd.getClass().getMethod(c).invoke(gd))
                / (2 * eps);
        org.junit.jupiter.api.Assertions.assertEquals(fd, hessian[i][j], 1e-6 * (1 + Math.abs(fd)));
      }
    }
  }
}
