package io.javad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javad.processor.testing.CompiledClasses;
import io.javad.processor.testing.Compiler;
import io.javad.runtime.Dual;
import io.javad.runtime.GradientCheck;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole-function rules ({@code @TangentOf}, {@code @AdjointOf}): a linear solver and an ODE solver
 * that javad does not differentiate, given their derivatives by the user; callers differentiate
 * through them in both modes, checked against finite differences and the dot-product test; the
 * generated rule checks find wrong rules; bad rules and unsupported uses are errors.
 */
class FunctionRulesTest {

  /** A small library javad does not read: Gaussian elimination and an RK4 integrator. */
  static final String LINEAR =
      """
      package lib;

      public final class Linear {
        private Linear() {}

        public static double[] solve(double[][] a, double[] b) {
          int n = b.length;
          double[][] m = new double[n][];
          for (int i = 0; i < n; i++) m[i] = a[i].clone();
          double[] x = b.clone();
          for (int k = 0; k < n; k++) {
            int p = k;
            for (int i = k + 1; i < n; i++) if (Math.abs(m[i][k]) > Math.abs(m[p][k])) p = i;
            double[] t = m[k]; m[k] = m[p]; m[p] = t;
            double s = x[k]; x[k] = x[p]; x[p] = s;
            for (int i = k + 1; i < n; i++) {
              double f = m[i][k] / m[k][k];
              for (int j = k; j < n; j++) m[i][j] -= f * m[k][j];
              x[i] -= f * x[k];
            }
          }
          for (int i = n - 1; i >= 0; i--) {
            for (int j = i + 1; j < n; j++) x[i] -= m[i][j] * x[j];
            x[i] /= m[i][i];
          }
          return x;
        }

        public static double[][] transpose(double[][] a) {
          double[][] t = new double[a[0].length][a.length];
          for (int i = 0; i < a.length; i++) for (int j = 0; j < a[0].length; j++) t[j][i] = a[i][j];
          return t;
        }

        /** y(t) of y' = -k y, y(0) = y0, by 2000 RK4 steps. */
        public static double decay(double y0, double k, double t) {
          int steps = 2000;
          double h = t / steps, y = y0;
          for (int i = 0; i < steps; i++) {
            double k1 = -k * y, k2 = -k * (y + h / 2 * k1), k3 = -k * (y + h / 2 * k2), k4 = -k * (y + h * k3);
            y += h / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
          }
          return y;
        }

        /** log det of a symmetric positive definite matrix, by Cholesky. */
        public static double logDet(double[][] a) {
          int n = a.length;
          double[][] l = new double[n][n];
          double s = 0;
          for (int j = 0; j < n; j++) {
            double d = a[j][j];
            for (int k = 0; k < j; k++) d -= l[j][k] * l[j][k];
            l[j][j] = Math.sqrt(d);
            s += Math.log(d);
            for (int i = j + 1; i < n; i++) {
              double v = a[i][j];
              for (int k = 0; k < j; k++) v -= l[i][k] * l[j][k];
              l[i][j] = v / l[j][j];
            }
          }
          return s;
        }
      }
      """;

  /** The rules: x = A⁻¹b, y0 e^(-kt), and log det A with ∂/∂A = A⁻ᵀ (one scalar adjoint returned). */
  static final String RULES =
      """
      package lib;

      import io.javad.AdjointOf;
      import io.javad.TangentOf;
      import io.javad.runtime.Dual;
      import io.javad.runtime.DualArray;

      public final class LinearRules {
        private LinearRules() {}

        @TangentOf(target = Linear.class, method = "solve")
        public static DualArray solve(double[][] a, double[][] aDot, double[] b, double[] bDot) {
          double[] x = Linear.solve(a, b);
          double[] r = bDot.clone();
          for (int i = 0; i < r.length; i++)
            for (int j = 0; j < x.length; j++) r[i] -= aDot[i][j] * x[j];
          return new DualArray(x, Linear.solve(a, r));
        }

        @AdjointOf(target = Linear.class, method = "solve")
        public static void solve(double[][] a, double[] b, double[] xBar, double[][] aBar, double[] bBar) {
          double[] x = Linear.solve(a, b);
          double[] g = Linear.solve(Linear.transpose(a), xBar);
          for (int i = 0; i < g.length; i++) {
            if (bBar != null) bBar[i] += g[i];
            if (aBar != null) for (int j = 0; j < x.length; j++) aBar[i][j] -= g[i] * x[j];
          }
        }

        @TangentOf(target = Linear.class, method = "decay")
        public static Dual decay(double y0, double y0Dot, double k, double kDot, double t, double tDot) {
          double y = Linear.decay(y0, k, t);
          return new Dual(y, y / y0 * y0Dot - t * y * kDot - k * y * tDot);
        }

        @AdjointOf(target = Linear.class, method = "decay")
        public static double[] decay(double y0, double k, double t, double yBar) {
          double y = Linear.decay(y0, k, t);
          return new double[] {yBar * y / y0, -yBar * t * y, -yBar * k * y};
        }

        /**
         * Cholesky reads the lower triangle only: ∂/∂a_ij is 2 (A⁻¹)_ij below the diagonal, (A⁻¹)_ii
         * on it, 0 above (the generated check found the symmetric A⁻ᵀ wrong for this function).
         */
        @AdjointOf(target = Linear.class, method = "logDet")
        public static void logDet(double[][] a, double yBar, double[][] aBar) {
          if (aBar == null) return;
          int n = a.length;
          for (int j = 0; j < n; j++) {
            double[] e = new double[n];
            e[j] = 1;
            double[] column = Linear.solve(a, e); // column j of A⁻¹
            for (int i = j; i < n; i++) aBar[i][j] += yBar * (i == j ? 1 : 2) * column[i];
          }
        }
      }
      """;

  static final String FIT =
      """
      package app;

      import io.javad.Differentiable;
      import io.javad.Mode;
      import io.javad.NoDerivative;
      import lib.Linear;

      public final class Fit {
        private Fit() {}

        /** Least squares through a solve, then a loop over the solution. */
        @Differentiable
        public static double misfit(double[][] a, double[] b, @NoDerivative double[] target) {
          double[] x = Linear.solve(a, b);
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            double d = x[i] - target[i];
            s += d * d;
          }
          return s;
        }

        /** Solves in a loop, overwriting the right-hand side after each solve. */
        @Differentiable(modes = Mode.REVERSE)
        public static double iterate(double[][] a, double[] b) {
          double[] c = b.clone();
          double s = 0;
          for (int k = 0; k < 3; k++) {
            double[] x = Linear.solve(a, c);
            for (int i = 0; i < c.length; i++) {
              c[i] = x[i] + 0.1 * c[i] * c[i];
            }
            s += x[0] * x[1];
          }
          return s + c[1];
        }

        /** Straight-line: scalar arguments, several adjoints returned. */
        @Differentiable
        public static double settle(double y0, double k) {
          double y = Linear.decay(y0, k, 2.0);
          return y * y + k;
        }

        /** In a loop, one argument an array element. */
        @Differentiable
        public static double series(double[] ks, double y0) {
          double total = 0;
          for (int i = 0; i < ks.length; i++) {
            total += Linear.decay(y0, ks[i], 1.0 + i);
          }
          return total;
        }

        /** A Gaussian's log density term: an adjoint-only rule, reverse mode only. */
        @Differentiable(modes = Mode.REVERSE)
        public static double penalty(double[][] s, double w) {
          return w * Linear.logDet(s);
        }
      }
      """;

  @TempDir static Path library;
  private static CompiledClasses classes;

  @BeforeAll
  static void build() {
    // The library and its rules are a jar's class files; the caller finds the rules there.
    Compiler.compileTo(
        library, List.of(), List.of("-g"),
        Compiler.source("lib.Linear", LINEAR), Compiler.source("lib.LinearRules", RULES));
    classes = Compiler.compileAndLoadWith(library, Compiler.source("app.Fit", FIT));
  }

  private static final double[][] A = {{4, 1, 0.5}, {1, 3, 0.2}, {0.3, 0.1, 2}};
  private static final double[] B = {1, 2, 3};

  @Test
  void gradientThroughASolveMatchesFiniteDifferencesAndTheTangent() throws Exception {
    double[] target = {0.1, 0.5, 1.2};
    Class<?> fit = classes.load("app.Fit");
    Class<?> derivatives = classes.load("app.FitDerivatives");
    Object g =
        derivatives.getMethod("misfitGradient", double[][].class, double[].class, double[].class)
            .invoke(null, A, B, target);
    double[] gradient = flat((double[][]) component(g, "a"), (double[]) component(g, "b"));
    Method misfit = fit.getMethod("misfit", double[][].class, double[].class, double[].class);
    GradientCheck.Function f = v -> call(misfit, matrix(v), vector(v, 9), target);
    double[] point = flat(A, B);
    GradientCheck.assertGradient(f, point, gradient);
    assertEquals(call(misfit, A, B, target), (double) component(g, "value"), 1e-15);

    double[] direction = {0.3, -0.2, 0.1, 0.5, 0.7, -0.4, 0.2, 0.1, -0.6, 0.25, -0.5, 0.8};
    Dual tangent =
        (Dual) derivatives
            .getMethod("misfitTangent", double[][].class, double[][].class, double[].class, double[].class, double[].class)
            .invoke(null, A, matrix(direction), B, vector(direction, 9), target);
    GradientCheck.assertDotProduct(tangent.tangent(), gradient, direction);
    GradientCheck.assertDirectional(f, point, direction, tangent.tangent());
  }

  @Test
  void argumentsOverwrittenAfterTheCallComeBackForItsAdjoint() throws Exception {
    Class<?> fit = classes.load("app.Fit");
    Object g =
        classes.load("app.FitDerivatives").getMethod("iterateGradient", double[][].class, double[].class)
            .invoke(null, A, B);
    Method iterate = fit.getMethod("iterate", double[][].class, double[].class);
    GradientCheck.assertGradient(
        v -> call(iterate, matrix(v), vector(v, 9)), flat(A, B),
        flat((double[][]) component(g, "a"), (double[]) component(g, "b")));
  }

  @Test
  void scalarFunctionsReturnTheirAdjointsInStraightLineCodeAndInLoops() throws Exception {
    Class<?> fit = classes.load("app.Fit");
    Class<?> derivatives = classes.load("app.FitDerivatives");
    Object g = derivatives.getMethod("settleGradient", double.class, double.class).invoke(null, 1.5, 0.3);
    Method settle = fit.getMethod("settle", double.class, double.class);
    // The rule is exact for e^(-kt); the solver is within 1e-12 of it.
    GradientCheck.assertGradient(
        v -> call(settle, v[0], v[1]), new double[] {1.5, 0.3},
        new double[] {(double) component(g, "y0"), (double) component(g, "k")}, 1e-8);
    Dual t = (Dual) derivatives.getMethod("settleTangent", double.class, double.class, double.class, double.class)
        .invoke(null, 1.5, 0.4, 0.3, -1.0);
    GradientCheck.assertDotProduct(
        t.tangent(), new double[] {(double) component(g, "y0"), (double) component(g, "k")}, new double[] {0.4, -1.0});

    double[] ks = {0.1, 0.2, 0.3};
    Object s = derivatives.getMethod("seriesGradient", double[].class, double.class).invoke(null, ks, 2.0);
    Method series = fit.getMethod("series", double[].class, double.class);
    double[] gradient = flat(new double[][] {(double[]) component(s, "ks")}, new double[] {(double) component(s, "y0")});
    GradientCheck.assertGradient(
        v -> call(series, new double[] {v[0], v[1], v[2]}, v[3]), new double[] {0.1, 0.2, 0.3, 2.0}, gradient, 1e-8);
  }

  @Test
  void anAdjointOnlyRuleServesReverseMode() throws Exception {
    double[][] s = {{2, 0.5, 0.1}, {0.5, 3, 0.2}, {0.1, 0.2, 1.5}};
    Class<?> derivatives = classes.load("app.FitDerivatives");
    Object g = derivatives.getMethod("penaltyGradient", double[][].class, double.class).invoke(null, s, 0.7);
    // Closed form, for a function that reads the lower triangle of S: ∂(w log det S)/∂s_ij is
    // 2w (S⁻¹)_ij below the diagonal, w (S⁻¹)_ii on it, 0 above; ∂/∂w = log det S.
    double[][] sBar = (double[][]) component(g, "s");
    double[][] inverse = inverse3(s);
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        double weight = i == j ? 1 : i > j ? 2 : 0;
        assertEquals(0.7 * weight * inverse[i][j], sBar[i][j], 1e-12);
      }
    }
    assertEquals(Math.log(determinant3(s)), (double) component(g, "w"), 1e-12);
    assertTrue(
        java.util.Arrays.stream(derivatives.getMethods()).noneMatch(m -> m.getName().equals("penaltyTangent")));
  }

  @Test
  void theGeneratedChecksPassForRightRules() throws Exception {
    Class<?> checks = classes.load("lib.LinearRulesRuleChecks");
    checks.getMethod("solve", double[][].class, double[].class).invoke(null, A, B);
    checks.getMethod("decay", double.class, double.class, double.class).invoke(null, 1.5, 0.3, 2.0);
    checks.getMethod("logDet", double[][].class).invoke(null, (Object) new double[][] {{2, 0.5}, {0.5, 3}});
  }

  @Test
  void theGeneratedChecksNameAWrongRuleAndWhatIsWrong() throws Exception {
    String wrong =
        """
        package w;

        import io.javad.AdjointOf;
        import io.javad.TangentOf;
        import io.javad.runtime.DualArray;
        import lib.Linear;

        public final class Wrong {
          public static double[] solve(double[][] a, double[] b) { return Linear.solve(a, b); }
          public static double[] solve2(double[][] a, double[] b) { return Linear.solve(a, b); }
          public static double[] solve3(double[][] a, double[] b) { return Linear.solve(a, b); }
          public static double[] solve4(double[][] a, double[] b) { return Linear.solve(a, b); }

          /** Forgets the matrix's tangent. */
          @TangentOf(target = Wrong.class, method = "solve")
          public static DualArray solveT(double[][] a, double[][] aDot, double[] b, double[] bDot) {
            return new DualArray(Linear.solve(a, b), Linear.solve(a, bDot));
          }

          /** Assigns into the adjoint arrays instead of adding. */
          @AdjointOf(target = Wrong.class, method = "solve2")
          public static void solve2A(double[][] a, double[] b, double[] xBar, double[][] aBar, double[] bBar) {
            double[] x = Linear.solve(a, b);
            double[] g = Linear.solve(Linear.transpose(a), xBar);
            for (int i = 0; i < g.length; i++) {
              if (bBar != null) bBar[i] = g[i];
              if (aBar != null) for (int j = 0; j < x.length; j++) aBar[i][j] = -g[i] * x[j];
            }
          }

          /** Right, but fails on a null adjoint array. */
          @AdjointOf(target = Wrong.class, method = "solve3")
          public static void solve3A(double[][] a, double[] b, double[] xBar, double[][] aBar, double[] bBar) {
            double[] x = Linear.solve(a, b);
            double[] g = Linear.solve(Linear.transpose(a), xBar);
            for (int i = 0; i < g.length; i++) {
              bBar[i] += g[i];
              for (int j = 0; j < x.length; j++) aBar[i][j] -= g[i] * x[j];
            }
          }

          /** Right, but scales the result's adjoint in place. */
          @AdjointOf(target = Wrong.class, method = "solve4")
          public static void solve4A(double[][] a, double[] b, double[] xBar, double[][] aBar, double[] bBar) {
            double[] x = Linear.solve(a, b);
            double[] g = Linear.solve(Linear.transpose(a), xBar);
            xBar[0] = 0;
            for (int i = 0; i < g.length; i++) {
              if (bBar != null) bBar[i] += g[i];
              if (aBar != null) for (int j = 0; j < x.length; j++) aBar[i][j] -= g[i] * x[j];
            }
          }
        }
        """;
    CompiledClasses compiled = Compiler.compileAndLoadWith(library, Compiler.source("w.Wrong", wrong));
    Class<?> checks = compiled.load("w.WrongRuleChecks");
    assertFails(checks, "solve", "@TangentOf rule Wrong.solveT of Wrong.solve disagrees with a finite difference");
    assertFails(checks, "solve2", "add (+=) into the adjoint arrays");
    assertFails(checks, "solve3", "fails when the adjoint array of its array parameter 1 is null");
    assertFails(checks, "solve4", "@AdjointOf rule Wrong.solve4A of Wrong.solve4 wrote into the result's adjoint");
  }

  private static void assertFails(Class<?> checks, String name, String expected) throws Exception {
    Method check = checks.getMethod(name, double[][].class, double[].class);
    InvocationTargetException e =
        assertThrows(InvocationTargetException.class, () -> check.invoke(null, A, B));
    assertTrue(e.getCause() instanceof AssertionError, e.getCause().toString());
    assertTrue(e.getCause().getMessage().contains(expected), e.getCause().getMessage());
  }

  @Test
  void aRuleOfTheWrongFormIsAnErrorShowingTheRightOne() {
    String errors =
        errors(
            """
            package e;
            import io.javad.TangentOf;
            import io.javad.runtime.DualArray;
            public final class E {
              public static double[] solve(double[][] a, double[] b) { return b; }
              @TangentOf(target = E.class, method = "solve")
              public static DualArray solveT(double[][] a, double[] b, double[] bDot) { return null; }
            }
            """);
    assertTrue(
        errors.contains(
            "@TangentOf rule solveT fits no overload of E.solve; for double[] solve(double[][] a, double[] b) it"
                + " must read: static DualArray solveT(double[][] a, double[][] aDot, double[] b, double[] bDot)"),
        errors);
  }

  @Test
  void functionsRulesCannotServeAreErrorsSayingWhy() {
    String floats =
        errors(
            """
            package e;
            import io.javad.TangentOf;
            import io.javad.runtime.Dual;
            public final class E {
              public static double f(float[] a) { return a[0]; }
              @TangentOf(target = E.class, method = "f")
              public static Dual fT(float[] a, float[] aDot) { return null; }
            }
            """);
    assertTrue(floats.contains("its parameter a is float[]; whole-function rules differentiate double,"), floats);
    String instance =
        errors(
            """
            package e;
            import io.javad.AdjointOf;
            public final class E {
              public double f(double x) { return x; }
              @AdjointOf(target = E.class, method = "f")
              public static double fA(double x, double fBar) { return fBar; }
            }
            """);
    assertTrue(instance.contains("it is an instance method"), instance);
    String mixed =
        errors(
            """
            package e;
            import io.javad.AdjointOf;
            import io.javad.DerivativeOf;
            public final class E {
              public static double f(double x) { return x * x; }
              @DerivativeOf(target = E.class, method = "f")
              public static double fD(double x) { return 2 * x; }
              @AdjointOf(target = E.class, method = "f")
              public static double fA(double x, double fBar) { return 2 * x * fBar; }
            }
            """);
    assertTrue(mixed.contains("which also has @DerivativeOf rules"), mixed);
    String twice =
        errors(
            """
            package e;
            import io.javad.AdjointOf;
            public final class E {
              public static double f(double x) { return x * x; }
              @AdjointOf(target = E.class, method = "f")
              public static double fA(double x, double fBar) { return 2 * x * fBar; }
              @AdjointOf(target = E.class, method = "f")
              public static double fA2(double x, double fBar) { return 2 * x * fBar; }
            }
            """);
    assertTrue(twice.contains("is a second such rule for E.f"), twice);
  }

  @Test
  void aMissingModeIsAnErrorAtTheCall() {
    String errors =
        errors(
            """
            package e;
            import io.javad.Differentiable;
            public final class E {
              @Differentiable
              public static double f(double[][] s) { return lib.Linear.logDet(s); }
            }
            """);
    assertTrue(
        errors.contains(
            "@Differentiable method f needs forward mode of logDet, which has no @TangentOf rule; write one,"
                + " or (for a method of order 1) generate only the other mode with @Differentiable(modes ="
                + " Mode.REVERSE)"),
        errors);
  }

  @Test
  void secondOrderThroughARuleIsAnErrorAtTheCall() {
    String errors =
        errors(
            """
            package e;
            import io.javad.Differentiable;
            public final class E {
              @Differentiable(order = 2)
              public static double f(double y0, double k) { return lib.Linear.decay(y0, k, 1.0); }
            }
            """);
    assertTrue(
        errors.contains(
            "it calls decay, whose derivatives are @TangentOf/@AdjointOf rules, and its @TangentOf rule"
                + " decay is not @Differentiable; mark the rule @Differentiable too"),
        errors);
  }

  @Test
  void aRuleTheCompanionCannotNameIsCalledThroughAHandle(@TempDir Path hidden) throws Exception {
    // A package-private rule class of another package, and a private rule beside the caller.
    Compiler.compileTo(
        hidden, List.of(library.toFile()), List.of("-g"),
        Compiler.source(
            "h.Hidden",
            """
            package h;
            import io.javad.AdjointOf;
            public final class Hidden {
              public static double f(double x) { return x * x; }
              static final class Rules {
                @AdjointOf(target = Hidden.class, method = "f")
                static double fA(double x, double fBar) { return 2 * x * fBar; }
              }
            }
            """));
    CompiledClasses compiled =
        Compiler.compileAndLoadWith(
            hidden,
            Compiler.source(
                "e.E",
                """
                package e;
                import io.javad.Differentiable;
                import io.javad.Mode;
                import io.javad.TangentOf;
                import io.javad.runtime.Dual;
                public final class E {
                  static double cube(double x) { return x * x * x; }
                  @TangentOf(target = E.class, method = "cube")
                  private static Dual cubeT(double x, double xDot) { return new Dual(x * x * x, 3 * x * x * xDot); }
                  @Differentiable(modes = Mode.REVERSE)
                  public static double g(double x) { return h.Hidden.f(x) * x; }
                  @Differentiable(modes = Mode.FORWARD)
                  public static double c(double x) { return cube(x) + x; }
                }
                """));
    Class<?> derivatives = compiled.load("e.EDerivatives");
    Object g = derivatives.getMethod("gGradient", double.class).invoke(null, 1.5);
    assertEquals(3 * 1.5 * 1.5, (double) component(g, "x"), 1e-12);
    Dual c = (Dual) derivatives.getMethod("cTangent", double.class, double.class).invoke(null, 2.0, 1.0);
    assertEquals(3 * 4 + 1, c.tangent(), 1e-12);
  }

  @Test
  void dataArgumentsGetZeroTangentsOfTheirOwnShape() throws Exception {
    // A rule may read its tangents' lengths: the README's solve clones bDot.
    CompiledClasses compiled =
        Compiler.compileAndLoadWith(
            library,
            Compiler.source(
                "z.Z",
                """
                package z;
                import io.javad.Differentiable;
                import io.javad.NoDerivative;
                import lib.Linear;
                public final class Z {
                  @Differentiable
                  public static double twoSizes(double[][] big, @NoDerivative double[] bBig, double[][] small,
                      @NoDerivative double[] bSmall) {
                    double[] x = Linear.solve(big, bBig);
                    double[] y = Linear.solve(small, bSmall);
                    return x[0] + y[0];
                  }
                }
                """));
    double[][] big = {{4, 1, 0, 0}, {1, 4, 1, 0}, {0, 1, 4, 1}, {0, 0, 1, 4}};
    double[][] small = {{2, 1}, {1, 3}};
    double[][] bigDot = new double[4][4];
    bigDot[0][0] = 1;
    double[][] smallDot = {{0, 1}, {0, 0}};
    Dual t =
        (Dual) compiled.load("z.ZDerivatives")
            .getMethod("twoSizesTangent", double[][].class, double[][].class, double[].class, double[][].class,
                double[][].class, double[].class)
            .invoke(null, big, bigDot, new double[] {1, 2, 3, 4}, small, smallDot, new double[] {1, 2});
    Method f = compiled.load("z.Z").getMethod("twoSizes", double[][].class, double[].class, double[][].class, double[].class);
    double h = 1e-6;
    double[][] bigUp = {{4 + h, 1, 0, 0}, {1, 4, 1, 0}, {0, 1, 4, 1}, {0, 0, 1, 4}};
    double[][] bigDown = {{4 - h, 1, 0, 0}, {1, 4, 1, 0}, {0, 1, 4, 1}, {0, 0, 1, 4}};
    double up = call(f, bigUp, new double[] {1, 2, 3, 4}, new double[][] {{2, 1 + h}, {1, 3}}, new double[] {1, 2});
    double down = call(f, bigDown, new double[] {1, 2, 3, 4}, new double[][] {{2, 1 - h}, {1, 3}}, new double[] {1, 2});
    assertEquals((up - down) / (2 * h), t.tangent(), 1e-7);
  }

  @Test
  void functionsJavadHandlesItselfOrCannotCallRefuseRules() {
    String math =
        errors(
            """
            package e;
            import io.javad.TangentOf;
            import io.javad.runtime.Dual;
            public final class E {
              @TangentOf(target = Math.class, method = "hypot")
              public static Dual hypotT(double x, double xDot, double y, double yDot) { return null; }
            }
            """);
    assertTrue(math.contains("javad differentiates Math's functions by its own table"), math);
    String differentiable =
        errors(
            """
            package e;
            import io.javad.AdjointOf;
            import io.javad.Differentiable;
            public final class E {
              @Differentiable public static double f(double x) { return x * x; }
              @AdjointOf(target = E.class, method = "f")
              public static double fA(double x, double fBar) { return 2 * x * fBar; }
            }
            """);
    assertTrue(differentiable.contains("it is @Differentiable, so javad generates its derivatives"), differentiable);
    String varargs =
        errors(
            """
            package e;
            import io.javad.AdjointOf;
            public final class E {
              public static double f(double... xs) { return xs[0]; }
              @AdjointOf(target = E.class, method = "f")
              public static void fA(double[] xs, double fBar, double[] xsBar) { }
            }
            """);
    assertTrue(varargs.contains("it takes a variable number of arguments"), varargs);
    String generic =
        errors(
            """
            package e;
            import io.javad.AdjointOf;
            public final class E {
              public static <T> double f(double x, T tag) { return x; }
              @AdjointOf(target = E.class, method = "f")
              public static double fA(double x, Object tag, double fBar) { return fBar; }
            }
            """);
    assertTrue(generic.contains("it has type parameters"), generic);
    String nothing =
        errors(
            """
            package e;
            import io.javad.TangentOf;
            import io.javad.runtime.Dual;
            public final class E {
              public static double f(int k) { return k; }
              @TangentOf(target = E.class, method = "f")
              public static Dual fT(int k) { return new Dual(k, 0); }
            }
            """);
    assertTrue(nothing.contains("it has no double, double[] or double[][] parameter"), nothing);
  }

  @Test
  void anArrayPassedToARuledFunctionAndMovedIsAnError() {
    // The function might return its argument itself, which a copy would then separate.
    String error =
        errors(
            """
            package e;
            import io.javad.Differentiable;
            public final class E {
              @Differentiable
              public static double f(double[][] m, double[] x) {
                double[] b = x.clone();
                double[] w = new double[x.length];
                double[] c = lib.Linear.solve(m, b);
                for (int i = 0; i < w.length; i++) w[i] = 2 * c[i];
                b = w;
                return b[0] + c[1];
              }
            }
            """);
    assertTrue(error.contains("array variable b is passed to solve, whose array result javad cannot tell"), error);
  }

  @Test
  void aRuleOverAPrivateTypeGetsNoCheckAndCompiles() {
    // The check could not name the parameter's type; the rule itself works.
    Compiler.compileAndLoadWith(
        library,
        Compiler.source(
            "e.Odd",
            """
            package e;
            import io.javad.AdjointOf;
            public final class Odd {
              private static final class Cfg { double k = 2; }
              static double f(double x, Cfg c) { return c.k * x; }
              @AdjointOf(target = Odd.class, method = "f")
              static double fA(double x, Cfg c, double fBar) { return c.k * fBar; }
            }
            """));
  }

  @Test
  void theChecksFindAWrongValueAndAdjointsLostToANullArray() throws Exception {
    String lazy =
        """
        package w;

        import io.javad.AdjointOf;
        import io.javad.TangentOf;
        import io.javad.runtime.Dual;

        public final class Lazy {
          public static double f(double x) { return Math.sin(x) + x; }
          public static double bilinear(double[] u, double[] w) { return u[0] * w[0] + u[1] * w[1]; }

          /** Right tangent, wrong value: forward mode would use sin x for f. */
          @TangentOf(target = Lazy.class, method = "f")
          public static Dual fT(double x, double xDot) { return new Dual(Math.sin(x), (Math.cos(x) + 1) * xDot); }

          public static double[] twice(double[] a) { double[] r = a.clone(); for (int i = 0; i < r.length; i++) r[i] *= 2; return r; }

          /** Right numbers, in the tangent it was given, which it returns: callers write into it. */
          @TangentOf(target = Lazy.class, method = "twice")
          public static io.javad.runtime.DualArray twiceT(double[] a, double[] aDot) {
            for (int i = 0; i < aDot.length; i++) aDot[i] *= 2;
            return new io.javad.runtime.DualArray(twice(a), aDot);
          }

          /** Skips all the work when one adjoint array is null. */
          @AdjointOf(target = Lazy.class, method = "bilinear")
          public static void bilinearA(double[] u, double[] w, double yBar, double[] uBar, double[] wBar) {
            if (uBar == null || wBar == null) return;
            for (int i = 0; i < 2; i++) { uBar[i] += yBar * w[i]; wBar[i] += yBar * u[i]; }
          }
        }
        """;
    CompiledClasses compiled = Compiler.compileAndLoadWith(library, Compiler.source("w.Lazy", lazy));
    Class<?> checks = compiled.load("w.LazyRuleChecks");
    InvocationTargetException value =
        assertThrows(InvocationTargetException.class, () -> checks.getMethod("f", double.class).invoke(null, 0.7));
    assertTrue(value.getCause().getMessage().contains("the value it returns differs from the function's"),
        value.getCause().getMessage());
    InvocationTargetException aliased =
        assertThrows(
            InvocationTargetException.class,
            () -> checks.getMethod("twice", double[].class).invoke(null, (Object) new double[] {1, 2}));
    assertTrue(
        aliased.getCause().getMessage().contains(
            "@TangentOf rule Lazy.twiceT of Lazy.twice returns an array it was given as its tangent"),
        aliased.getCause().getMessage());
    InvocationTargetException lost =
        assertThrows(
            InvocationTargetException.class,
            () -> checks.getMethod("bilinear", double[].class, double[].class)
                .invoke(null, new double[] {1, 2}, new double[] {3, 4}));
    assertTrue(lost.getCause().getMessage().contains("with the adjoint array of its array parameter 1 null, the"
        + " other adjoints change"), lost.getCause().getMessage());
  }

  private static String errors(String source) {
    String name = source.lines().filter(l -> l.startsWith("package ")).findFirst().orElseThrow()
        .replace("package ", "").replace(";", "") + ".E";
    return Compiler.compileWith(library, Compiler.source(name, source)).errors().toString();
  }

  private static Object component(Object record, String name) {
    try {
      return record.getClass().getMethod(name).invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static double call(Method m, Object... args) {
    try {
      return (double) m.invoke(null, args);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static double[] flat(double[][] m, double[] v) {
    int n = v.length;
    for (double[] row : m) {
      n += row.length;
    }
    double[] out = new double[n];
    int at = 0;
    for (double[] row : m) {
      for (double x : row) {
        out[at++] = x;
      }
    }
    for (double x : v) {
      out[at++] = x;
    }
    return out;
  }

  private static double[][] matrix(double[] v) {
    return new double[][] {{v[0], v[1], v[2]}, {v[3], v[4], v[5]}, {v[6], v[7], v[8]}};
  }

  private static double[] vector(double[] v, int from) {
    return new double[] {v[from], v[from + 1], v[from + 2]};
  }

  private static double determinant3(double[][] m) {
    return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
        - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
        + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
  }

  private static double[][] inverse3(double[][] m) {
    double det = determinant3(m);
    double[][] inv = new double[3][3];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        // Cofactor of (j, i), by the cyclic rule.
        int r1 = (j + 1) % 3, r2 = (j + 2) % 3, c1 = (i + 1) % 3, c2 = (i + 2) % 3;
        inv[i][j] = (m[r1][c1] * m[r2][c2] - m[r1][c2] * m[r2][c1]) / det;
      }
    }
    return inv;
  }
}
