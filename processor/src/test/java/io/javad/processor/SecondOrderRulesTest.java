package io.javad.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javad.processor.testing.CompiledClasses;
import io.javad.processor.testing.Compiler;
import io.javad.processor.testing.GeneratedMembers;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.hipparchus.analysis.differentiation.DSFactory;
import org.hipparchus.analysis.differentiation.DerivativeStructure;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Second order through whole-function rules: a {@code @TangentOf} rule marked {@code
 * @Differentiable} is the function's tangent program, which javad differentiates again, so that
 * {@code @Differentiable(order = 2)} callers get Hessians through a linear solve, an ODE solution
 * and a private rule. Checked against finite differences of the gradient, the symmetry test, closed
 * forms and Hipparchus's second-order {@code DerivativeStructure}; misuse is an error at the node.
 */
class SecondOrderRulesTest {

  /** FunctionRulesTest's rules, with the tangent rules marked @Differentiable. */
  private static final String RULES =
      FunctionRulesTest.RULES
          .replace("import io.javad.AdjointOf;", "import io.javad.AdjointOf;\nimport io.javad.Differentiable;")
          .replace("@TangentOf(", "@Differentiable @TangentOf(");

  private static final String FIT =
      """
      package app;

      import io.javad.Differentiable;
      import io.javad.NoDerivative;
      import lib.Linear;

      public final class Fit {
        private Fit() {}

        /** A misfit of the solution of A x = b, with a curved term so that H is not Gauss-Newton's. */
        @Differentiable(order = 2)
        public static double misfit(double[][] a, double[] b, @NoDerivative double[] target) {
          double[] x = Linear.solve(a, b);
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            double d = x[i] - target[i];
            s += d * d + 0.1 * Math.sin(x[i]);
          }
          return s;
        }

        @Differentiable(order = 2)
        public static double settle(double y0, double k) {
          double y = Linear.decay(y0, k, 2.0);
          return y * y + k;
        }
      }
      """;

  @TempDir static Path library;
  private static Class<?> fit;

  @BeforeAll
  static void build() {
    // The library, its rules and their generated members are a jar's class files.
    Compiler.compileTo(
        library, List.of(), List.of("-g"),
        Compiler.source("lib.Linear", FunctionRulesTest.LINEAR), Compiler.source("lib.LinearRules", RULES));
    fit = Compiler.compileAndLoadWith(library, Compiler.source("app.Fit", FIT)).load("app.FitDerivatives");
  }

  private static final double[][] A = {{4, 1, 0.5}, {1, 3, 0.2}, {0.3, 0.1, 2}};
  private static final double[] B = {1, 2, 3};
  private static final double[] TARGET = {0.1, 0.5, 1.2};

  @Test
  void theHessianThroughASolveMatchesFiniteDifferencesOfTheGradientAndIsSymmetric() throws Exception {
    Method hessian = GeneratedMembers.named(fit, "misfitHessian");
    Method gradient = GeneratedMembers.named(fit, "misfitGradient");
    double[][] h = (double[][]) component(hessian.invoke(null, A, B, TARGET), "hessian");
    assertEquals(12, h.length);
    double eps = 1e-6;
    for (int j = 0; j < 12; j++) {
      double[] plus = flat(gradient.invoke(null, shifted(A, j, eps), shifted(B, j - 9, eps), TARGET));
      double[] minus = flat(gradient.invoke(null, shifted(A, j, -eps), shifted(B, j - 9, -eps), TARGET));
      for (int i = 0; i < 12; i++) {
        double expected = (plus[i] - minus[i]) / (2 * eps);
        assertEquals(expected, h[i][j], 1e-6 * (1 + Math.abs(expected)), "H[" + i + "][" + j + "]");
      }
    }
    for (int i = 0; i < 12; i++) {
      for (int j = 0; j < i; j++) {
        assertEquals(h[i][j], h[j][i], 1e-12 * (1 + Math.abs(h[i][j])), "symmetric at " + i + ", " + j);
      }
    }
  }

  @Test
  void theHvpIsTheHessianTimesTheDirectionAndCarriesTheGradient() throws Exception {
    Random random = new Random(11);
    double[] u = random.doubles(12, -1, 1).toArray();
    double[] v = random.doubles(12, -1, 1).toArray();
    Method hvp = GeneratedMembers.named(fit, "misfitHvp");
    Object hu = hvp.invoke(null, A, B, TARGET, u);
    Object hv = hvp.invoke(null, A, B, TARGET, v);
    double uHv = dot(u, (double[]) component(hv, "hvp"));
    double vHu = dot(v, (double[]) component(hu, "hvp"));
    assertEquals(uHv, vHu, 1e-12 * (1 + Math.abs(uHv)), "uᵀH v = vᵀH u");
    double[][] h = (double[][]) component(GeneratedMembers.named(fit, "misfitHessian").invoke(null, A, B, TARGET), "hessian");
    double[] product = new double[12];
    for (int i = 0; i < 12; i++) {
      product[i] = dot(h[i], v);
    }
    assertArrayEquals(product, (double[]) component(hv, "hvp"), 1e-11);
    double[] g = flat(GeneratedMembers.named(fit, "misfitGradient").invoke(null, A, B, TARGET));
    assertArrayEquals(g, (double[]) component(hv, "gradient"), 1e-13);
  }

  @Test
  void theHessianThroughAnOdeSolutionIsItsClosedForm() throws Exception {
    // settle = y0² e^(-2kt) + k at t = 2, whose RK4 solution is exact to about 1e-15 here.
    double y0 = 1.3;
    double k = 0.45;
    double t = 2.0;
    double e = Math.exp(-2 * k * t);
    double[][] h = (double[][]) component(GeneratedMembers.named(fit, "settleHessian").invoke(null, y0, k), "hessian");
    assertArrayEquals(new double[] {2 * e, -4 * t * y0 * e}, h[0], 1e-9);
    assertArrayEquals(new double[] {-4 * t * y0 * e, 4 * t * t * y0 * y0 * e}, h[1], 1e-9);
  }

  @Test
  void aPrivateRuleBesideItsCallerMatchesDerivativeStructure() throws Exception {
    CompiledClasses compiled =
        Compiler.compileAndLoad(
            Compiler.source(
                "p.Soft",
                """
                package p;
                import io.javad.AdjointOf;
                import io.javad.Differentiable;
                import io.javad.TangentOf;
                import io.javad.runtime.Dual;
                public final class Soft {
                  static double softplus(double x) { return Math.log1p(Math.exp(x)); }

                  @Differentiable
                  @TangentOf(target = Soft.class, method = "softplus")
                  private static Dual softplusT(double x, double xDot) {
                    if (x > 30) {
                      return new Dual(x, xDot);
                    }
                    return new Dual(softplus(x), xDot / (1 + Math.exp(-x)));
                  }

                  @AdjointOf(target = Soft.class, method = "softplus")
                  private static double softplusA(double x, double yBar) { return yBar / (1 + Math.exp(-x)); }

                  @Differentiable(order = 2)
                  static double f(double x, double y) {
                    double s = 0;
                    for (int i = 1; i <= 3; i++) {
                      s += softplus(x * y / i) * Math.cos(y);
                    }
                    return s + x;
                  }
                }
                """));
    Method hessian = GeneratedMembers.named(compiled.load("p.SoftDerivatives"), "fHessian");
    DSFactory factory = new DSFactory(2, 2);
    for (double[] p : new double[][] {{0.7, -1.3}, {-0.4, 2.1}}) {
      DerivativeStructure x = factory.variable(0, p[0]);
      DerivativeStructure y = factory.variable(1, p[1]);
      DerivativeStructure s = factory.constant(0);
      for (int i = 1; i <= 3; i++) {
        s = s.add(x.multiply(y).divide(i).exp().log1p().multiply(y.cos()));
      }
      s = s.add(x);
      double[][] h = (double[][]) component(hessian.invoke(null, p[0], p[1]), "hessian");
      for (int i = 0; i < 2; i++) {
        for (int j = 0; j < 2; j++) {
          int[] orders = new int[2];
          orders[i]++;
          orders[j]++;
          double expected = s.getPartialDerivative(orders);
          assertEquals(expected, h[i][j], 1e-12 * (1 + Math.abs(expected)), "H[" + i + "][" + j + "]");
        }
      }
    }
  }

  @Test
  void aTangentRuleThatIsNotDifferentiableIsAnErrorAtTheCallSayingWhatToMark() {
    String errors =
        Compiler.compile(
                Compiler.source(
                    "e.E",
                    """
                    package e;
                    import io.javad.AdjointOf;
                    import io.javad.Differentiable;
                    import io.javad.TangentOf;
                    import io.javad.runtime.Dual;
                    public final class E {
                      static double cube(double x) { return x * x * x; }
                      @TangentOf(target = E.class, method = "cube")
                      static Dual cubeT(double x, double xDot) { return new Dual(cube(x), 3 * x * x * xDot); }
                      @AdjointOf(target = E.class, method = "cube")
                      static double cubeA(double x, double yBar) { return 3 * x * x * yBar; }
                      @Differentiable(order = 2)
                      static double f(double x) { return cube(x) + x; }
                    }
                    """))
            .errors()
            .toString();
    assertTrue(
        errors.contains(
            "it calls cube, whose derivatives are @TangentOf/@AdjointOf rules, and its @TangentOf"
                + " rule cubeT is not @Differentiable; mark the rule @Differentiable too"),
        errors);
  }

  @Test
  void aDifferentiableTangentRuleMustBeReadableAsATangentProgram() {
    String rule =
        """
        package e;
        import io.javad.AdjointOf;
        import io.javad.Differentiable;
        import io.javad.Mode;
        import io.javad.NoDerivative;
        import io.javad.TangentOf;
        import io.javad.runtime.Dual;
        public final class E {
          static double cube(double x) { return x * x * x; }
          %s
          @TangentOf(target = E.class, method = "cube")
          static Dual cubeT(%s, double xDot) { %s }
        }
        """;
    String body = "return new Dual(cube(x), 3 * x * x * xDot);";
    assertTrue(
        firstError(rule.formatted("@Differentiable(order = 2)", "double x", body))
            .contains("@TangentOf rule cubeT is @Differentiable, so javad differentiates its tangent again (for"
                + " the second order of its function's callers), but it has order = 2"));
    assertTrue(
        firstError(rule.formatted("@Differentiable(modes = Mode.FORWARD)", "double x", body))
            .contains("its modes leave out Mode.REVERSE"));
    assertTrue(
        firstError(rule.formatted("@Differentiable", "@NoDerivative double x", body))
            .contains("it leaves out double parameters (wrt, @NoDerivative)"));
    assertTrue(
        firstError(
                rule.formatted(
                    "@Differentiable", "double x",
                    "return x > 0 ? new Dual(cube(x), 3 * x * x * xDot) : new Dual(0, 0);"))
            .contains("a @Differentiable @TangentOf rule returns new Dual(value, tangent) at each return"));
  }

  @Test
  void aRuleWhoseMembersWouldClashWithAnOrderTwoMethodsIsAnErrorAtTheRule() {
    String errors =
        Compiler.compile(
                Compiler.source(
                    "e.E",
                    """
                    package e;
                    import io.javad.AdjointOf;
                    import io.javad.Differentiable;
                    import io.javad.TangentOf;
                    import io.javad.runtime.Dual;
                    public final class E {
                      static double lib(double[] z) { return z[0] * z[0]; }
                      @Differentiable(order = 2) static double norm(double[] z) { return z[0] * z[1]; }
                      @Differentiable @TangentOf(target = E.class, method = "lib")
                      static Dual norm(double[] z, double[] zDot) { return new Dual(lib(z), 2 * z[0] * zDot[0]); }
                      @AdjointOf(target = E.class, method = "lib")
                      static void libA(double[] z, double yBar, double[] zBar) { if (zBar != null) zBar[0] += 2 * z[0] * yBar; }
                      @Differentiable(order = 2) static double f(double[] x) { return lib(x) * x[1]; }
                    }
                    """))
            .errors()
            .toString();
    assertTrue(
        errors.contains(
            "its member normDirectional would clash with that of the order-2 method norm beside it; rename the rule"),
        errors);
    assertTrue(
        errors.contains("it calls lib, whose @TangentOf rule norm javad cannot differentiate again (see the error at"
            + " the rule)"),
        errors);
    assertTrue(!errors.contains("cannot find symbol"), errors);
  }

  private static String firstError(String source) {
    var errors = Compiler.compile(Compiler.source("e.E", source)).errors();
    assertTrue(!errors.isEmpty(), "no error");
    return errors.get(0).getMessage(null);
  }

  /** {@code m} with entry {@code at} (row-major) moved by {@code eps}; unchanged for at outside. */
  private static double[][] shifted(double[][] m, int at, double eps) {
    double[][] out = new double[m.length][];
    for (int i = 0; i < m.length; i++) {
      out[i] = m[i].clone();
    }
    if (at >= 0 && at < 9) {
      out[at / 3][at % 3] += eps;
    }
    return out;
  }

  private static double[] shifted(double[] v, int at, double eps) {
    double[] out = v.clone();
    if (at >= 0) {
      out[at] += eps;
    }
    return out;
  }

  /** The gradient record's {@code a} then {@code b}, flattened. */
  private static double[] flat(Object gradient) {
    double[][] a = (double[][]) component(gradient, "a");
    double[] b = (double[]) component(gradient, "b");
    double[] out = new double[12];
    for (int i = 0; i < 9; i++) {
      out[i] = a[i / 3][i % 3];
    }
    System.arraycopy(b, 0, out, 9, 3);
    return out;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static Object component(Object record, String name) {
    try {
      Method accessor = record.getClass().getMethod(name);
      accessor.setAccessible(true);
      return accessor.invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
