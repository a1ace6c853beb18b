package io.javad.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javad.processor.testing.CompiledClasses;
import io.javad.processor.testing.Compiler;
import io.javad.processor.testing.GeneratedMembers;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Random;
import org.hipparchus.analysis.differentiation.DSFactory;
import org.hipparchus.analysis.differentiation.DerivativeStructure;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code @Differentiable(order = 2)}: {@code fHvp} and {@code fHessian}, built by differentiating
 * the tangent again in reverse mode. Checked against closed forms, Hipparchus's second-order
 * {@code DerivativeStructure}, finite differences of the gradient, and the symmetry test
 * (uᵀH v = vᵀH u), through loops, branches, arrays, matrices and calls.
 */
class SecondOrderTest {

  private static final String SOURCE =
      """
      package t;

      import io.javad.Differentiable;
      import io.javad.NoDerivative;

      public class Second {
        @Differentiable(order = 2)
        static double rosenbrock(double x, double y) {
          return (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);
        }

        @Differentiable(order = 2)
        static double logSumExp(double[] z) {
          double m = z[0];
          for (int i = 1; i < z.length; i++) {
            m = Math.max(m, z[i]);
          }
          double s = 0;
          for (int i = 0; i < z.length; i++) {
            s += Math.exp(z[i] - m);
          }
          return m + Math.log(s);
        }

        @Differentiable(order = 2)
        static double dot(double[] w, double[] x) {
          double s = 0;
          for (int i = 0; i < w.length; i++) {
            s += w[i] * x[i];
          }
          return s;
        }

        /** Softmax cross-entropy of a linear classifier over rows: calls, loops, a matrix. */
        @Differentiable(order = 2)
        static double softmaxLoss(double[][] w, @NoDerivative double[][] rows, @NoDerivative int[] labels) {
          double total = 0;
          double[] scores = new double[w.length];
          for (int r = 0; r < rows.length; r++) {
            for (int k = 0; k < w.length; k++) {
              scores[k] = dot(w[k], rows[r]);
            }
            total += logSumExp(scores) - scores[labels[r]];
          }
          double reg = 0;
          for (double[] row : w) {
            for (double v : row) {
              reg += v * v;
            }
          }
          return total / rows.length + 0.01 * reg;
        }

        @Differentiable(order = 2)
        static double mixed(double x, double y, double z) {
          double r = Math.hypot(x, y);
          double s = Math.atan2(y, x) * z;
          double t = Math.exp(-r) * Math.cos(s) + Math.log1p(z * z);
          t /= 1 + Math.tanh(x * z);
          if (x > 0) {
            t = t * Math.sqrt(r + 2);
          } else {
            t = t - Math.pow(Math.abs(y) + 1, z);
          }
          return t;
        }

        /** A recurrence over a loop, with a scalar and an array input. */
        @Differentiable(order = 2)
        static double recurrence(double a, double[] x, int steps) {
          double h = 0.5;
          for (int k = 0; k < steps; k++) {
            for (int i = 0; i < x.length; i++) {
              h = Math.tanh(a * h + x[i] * Math.sin(h));
            }
          }
          return h * h + a * x[0];
        }
      }
      """;

  private static CompiledClasses classes;
  private static Class<?> companion;

  @BeforeAll
  static void compile() {
    classes = Compiler.compileAndLoad(Compiler.source("t.Second", SOURCE));
    companion = classes.load("t.SecondDerivatives");
  }

  @Test
  void rosenbrockHessianIsItsClosedForm() throws Exception {
    double x = 1.3;
    double y = 0.4;
    Object r = GeneratedMembers.named(companion, "rosenbrockHessian").invoke(null, x, y);
    double[][] h = (double[][]) component(r, "hessian");
    assertArrayEquals(new double[] {2 - 400 * (y - x * x) + 800 * x * x, -400 * x}, h[0], 1e-9);
    assertArrayEquals(new double[] {-400 * x, 200}, h[1], 1e-9);
    assertArrayEquals(
        new double[] {-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)},
        (double[]) component(r, "gradient"), 1e-9);
    assertEquals((1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x), (double) component(r, "value"), 0);
  }

  @Test
  void logSumExpHessianIsDiagPMinusPPTransposed() throws Exception {
    double[] z = {0.3, -1.2, 0.8, 0.1};
    Object r = GeneratedMembers.named(companion, "logSumExpHessian").invoke(null, (Object) z);
    double[][] h = (double[][]) component(r, "hessian");
    double sum = 0;
    for (double v : z) {
      sum += Math.exp(v);
    }
    for (int i = 0; i < z.length; i++) {
      double pi = Math.exp(z[i]) / sum;
      for (int j = 0; j < z.length; j++) {
        double pj = Math.exp(z[j]) / sum;
        assertEquals((i == j ? pi : 0) - pi * pj, h[i][j], 1e-12, "H[" + i + "][" + j + "]");
      }
    }
  }

  @Test
  void mixedHessianMatchesDerivativeStructure() throws Exception {
    DSFactory factory = new DSFactory(3, 2);
    Method hessian = GeneratedMembers.named(companion, "mixedHessian");
    for (double[] p : new double[][] {{1.2, -0.7, 0.9}, {-0.4, 2.2, -1.3}}) {
      DerivativeStructure x = factory.variable(0, p[0]);
      DerivativeStructure y = factory.variable(1, p[1]);
      DerivativeStructure z = factory.variable(2, p[2]);
      DerivativeStructure r = x.hypot(y);
      DerivativeStructure s = y.atan2(x).multiply(z);
      DerivativeStructure t = r.negate().exp().multiply(s.cos()).add(z.multiply(z).log1p());
      t = t.divide(x.multiply(z).tanh().add(1));
      t = p[0] > 0 ? t.multiply(r.add(2).sqrt()) : t.subtract(y.abs().add(1).pow(z));
      double[][] h = (double[][]) component(hessian.invoke(null, p[0], p[1], p[2]), "hessian");
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) {
          int[] orders = new int[3];
          orders[i]++;
          orders[j]++;
          double expected = t.getPartialDerivative(orders);
          assertEquals(expected, h[i][j], 1e-10 * (1 + Math.abs(expected)), "H[" + i + "][" + j + "]");
        }
      }
    }
  }

  @Test
  void softmaxHvpMatchesFiniteDifferencesOfTheGradientAndIsSymmetric() throws Exception {
    Random random = new Random(3);
    double[][] w = new double[3][4];
    for (double[] row : w) {
      for (int j = 0; j < row.length; j++) {
        row[j] = random.nextGaussian() * 0.5;
      }
    }
    double[][] rows = new double[5][4];
    for (double[] row : rows) {
      for (int j = 0; j < row.length; j++) {
        row[j] = random.nextGaussian();
      }
    }
    int[] labels = {0, 2, 1, 1, 0};
    Method hvp = GeneratedMembers.named(companion, "softmaxLossHvp");
    Method gradient = GeneratedMembers.named(companion, "softmaxLossGradient");
    double[] u = random.doubles(12, -1, 1).toArray();
    double[] v = random.doubles(12, -1, 1).toArray();
    Object hu = hvp.invoke(null, w, rows, labels, u);
    Object hv = hvp.invoke(null, w, rows, labels, v);
    double[] hvVector = (double[]) component(hv, "hvp");
    // H·v against (∇f(w + εv) − ∇f(w − εv)) / 2ε.
    double eps = 1e-5;
    double[] plus = flat((double[][]) component(gradient.invoke(null, shifted(w, v, eps), rows, labels), "w"));
    double[] minus = flat((double[][]) component(gradient.invoke(null, shifted(w, v, -eps), rows, labels), "w"));
    for (int i = 0; i < 12; i++) {
      assertEquals((plus[i] - minus[i]) / (2 * eps), hvVector[i], 1e-7, "(H·v)[" + i + "]");
    }
    double uHv = dot(u, hvVector);
    double vHu = dot(v, (double[]) component(hu, "hvp"));
    assertEquals(uHv, vHu, 1e-12 * (1 + Math.abs(uHv)), "uᵀH v = vᵀH u");
    double[] g = flat((double[][]) component(gradient.invoke(null, w, rows, labels), "w"));
    assertArrayEquals(g, (double[]) component(hv, "gradient"), 1e-13, "the gradient comes along");
  }

  @Test
  void recurrenceHessianMatchesFiniteDifferencesOfTheGradient() throws Exception {
    double a = 0.8;
    double[] x = {0.3, -0.5, 0.9};
    Object r = GeneratedMembers.named(companion, "recurrenceHessian").invoke(null, a, x, 3);
    double[][] h = (double[][]) component(r, "hessian");
    Method gradient = GeneratedMembers.named(companion, "recurrenceGradient");
    double eps = 1e-6;
    double[] point = {a, x[0], x[1], x[2]};
    for (int j = 0; j < 4; j++) {
      double[] p = point.clone();
      double[] m = point.clone();
      p[j] += eps;
      m[j] -= eps;
      double[] gp = flatGradient(gradient.invoke(null, p[0], new double[] {p[1], p[2], p[3]}, 3));
      double[] gm = flatGradient(gradient.invoke(null, m[0], new double[] {m[1], m[2], m[3]}, 3));
      for (int i = 0; i < 4; i++) {
        assertEquals((gp[i] - gm[i]) / (2 * eps), h[i][j], 1e-6, "H[" + i + "][" + j + "]");
      }
    }
  }

  @Test
  void instanceMethodsOfOrderTwoCallEachOther() throws Exception {
    // Was generated code that did not compile (found by a user trial): self.energyDirectional(...).
    CompiledClasses c =
        Compiler.compileAndLoad(
            Compiler.source(
                "t.Chain",
                """
                package t;
                import io.javad.Differentiable;
                public class Chain {
                  final double k;
                  Chain(double k) { this.k = k; }
                  @Differentiable(order = 2) double energy(double x) { return 0.5 * k * x * x * x; }
                  @Differentiable(order = 2) double total(double x) { return energy(x) * x + x; }
                }
                """));
    Class<?> chain = c.load("t.Chain");
    java.lang.reflect.Constructor<?> make = chain.getDeclaredConstructor(double.class);
    make.setAccessible(true);
    Object self = make.newInstance(2.0);
    Object r = GeneratedMembers.named(c.load("t.ChainDerivatives"), "totalHessian").invoke(null, self, 1.5);
    // total = k x⁴ / 2 + x: H = 6 k x².
    assertEquals(6 * 2.0 * 1.5 * 1.5, ((double[][]) component(r, "hessian"))[0][0], 1e-12);
  }

  @Test
  void aRuleWhoseOwnDerivativeIsUnknownIsAnError() {
    // Was a silently wrong Hessian (found by a user trial): the rule's partial taken as a constant.
    String error =
        Compiler.firstError(
            """
            static double cube(double x) { return x * x * x; }
            @DerivativeOf(target = M.class, method = "cube") static double cubeD(double x) { return 3 * x * x; }
            @Differentiable(order = 2) static double f(double x) { return cube(x); }
            """);
    assertTrue(error.contains("its tangent calls M.cubeD"), error);
  }

  @Test
  void aDirectionOfTheWrongLengthIsRefused() {
    Method hvp = GeneratedMembers.named(companion, "rosenbrockHvp");
    Exception e =
        org.junit.jupiter.api.Assertions.assertThrows(
            java.lang.reflect.InvocationTargetException.class,
            () -> hvp.invoke(null, 1.0, 2.0, new double[3]));
    assertTrue(e.getCause() instanceof IllegalArgumentException, e.getCause().toString());
  }

  /**
   * A vector-valued method of order 2 (a layer) gets fDirectional and its pullback, which its
   * order-2 callers differentiate again; it has no fHvp, which is of a scalar function.
   */
  @Test
  void vectorValuedCalleesOfOrderTwoGiveTheHessianOfTheirCaller() throws Exception {
    CompiledClasses c =
        Compiler.compileAndLoad(
            Compiler.source(
                "t.Net",
                """
                package t;
                import io.javad.Differentiable;
                import io.javad.NoDerivative;
                public class Net {
                  @Differentiable(order = 2)
                  static double[] layer(double[][] w, double[] b, double[] x) {
                    double[] h = new double[b.length];
                    for (int i = 0; i < b.length; i++) {
                      double s = b[i];
                      for (int j = 0; j < x.length; j++) s += w[i][j] * x[j];
                      h[i] = Math.tanh(s);
                    }
                    return h;
                  }
                  @Differentiable(order = 2)
                  static double loss(double[][] w, double[] b, @NoDerivative double[] x) {
                    double[] g = layer(w, b, layer(w, b, x));
                    double s = 0;
                    for (double v : g) s += v * v;
                    return s;
                  }
                }
                """));
    Class<?> net = c.load("t.NetDerivatives");
    assertTrue(java.util.Arrays.stream(net.getMethods()).noneMatch(m -> m.getName().equals("layerHvp")));
    double[][] w = {{0.5, -0.3}, {0.2, 0.8}};
    double[] b = {0.1, -0.2};
    double[] x = {0.7, -1.1};
    double[][] h = (double[][]) component(GeneratedMembers.named(net, "lossHessian").invoke(null, w, b, x), "hessian");
    Method gradient = GeneratedMembers.named(net, "lossGradient");
    double eps = 1e-6;
    for (int j = 0; j < 6; j++) {
      double[] v = new double[6];
      v[j] = eps;
      double[] plus = lossGradient(gradient, shifted(w, v, 1), shiftedTail(b, v, 1), x);
      double[] minus = lossGradient(gradient, shifted(w, v, -1), shiftedTail(b, v, -1), x);
      for (int i = 0; i < 6; i++) {
        assertEquals((plus[i] - minus[i]) / (2 * eps), h[i][j], 1e-7, "H[" + i + "][" + j + "]");
      }
    }
  }

  /**
   * Void methods of order 2 that write into arrays (out-parameters): their fDirectional writes the
   * arrays and their tangents, and callers differentiate it as a call writing into both.
   */
  @Test
  void voidCalleesOfOrderTwoThatWriteIntoArrays() throws Exception {
    CompiledClasses c =
        Compiler.compileAndLoad(
            Compiler.source(
                "t.Out",
                """
                package t;
                import io.javad.Differentiable;
                public class Out {
                  @Differentiable(order = 2)
                  static void axpy(double a, double[] x, double[] y) {
                    for (int i = 0; i < y.length; i++) y[i] += a * x[i];
                  }
                  @Differentiable(order = 2)
                  static void bend(double[] v) {
                    for (int i = 0; i < v.length; i++) v[i] = Math.sin(v[i]) * v[i];
                  }
                  @Differentiable(order = 2)
                  static double steps(double a, double[] x, int n) {
                    double[] y = x.clone();
                    for (int k = 0; k < n; k++) {
                      axpy(a, x, y);
                      bend(y);
                    }
                    double s = 0;
                    for (double v : y) s += v * v;
                    return s;
                  }
                }
                """));
    Class<?> out = c.load("t.OutDerivatives");
    double[] x = {0.3, -0.5, 0.9};
    double[] entry = x.clone();
    double[][] h = (double[][]) component(GeneratedMembers.named(out, "stepsHessian").invoke(null, 0.7, x, 3), "hessian");
    assertArrayEquals(entry, x, 0, "the inputs are not written");
    Method gradient = GeneratedMembers.named(out, "stepsGradient");
    double eps = 1e-6;
    double[] point = {0.7, 0.3, -0.5, 0.9};
    for (int j = 0; j < 4; j++) {
      double[] p = point.clone();
      double[] m = point.clone();
      p[j] += eps;
      m[j] -= eps;
      double[] gp = flatGradient(gradient.invoke(null, p[0], new double[] {p[1], p[2], p[3]}, 3));
      double[] gm = flatGradient(gradient.invoke(null, m[0], new double[] {m[1], m[2], m[3]}, 3));
      for (int i = 0; i < 4; i++) {
        double fd = (gp[i] - gm[i]) / (2 * eps);
        assertEquals(fd, h[i][j], 1e-6 * (1 + Math.abs(fd)), "H[" + i + "][" + j + "]");
      }
    }
    assertTrue(java.util.Arrays.stream(out.getMethods()).noneMatch(m -> m.getName().equals("axpyHvp")));
  }

  /**
   * A record as an active input: fHvp and fHessian take it as a record, and flatten it as its
   * components in declaration order (an array component's elements in index order).
   */
  @Test
  void recordInputsAreTheirComponentsInTheFlattenedVectors() throws Exception {
    CompiledClasses c =
        Compiler.compileAndLoad(
            Compiler.source(
                "t.Spring",
                """
                package t;
                import io.javad.Differentiable;
                import io.javad.NoDerivative;
                public class Spring {
                  public record Params(double k, double rest, double[] w) {}
                  @Differentiable(order = 2)
                  static double energy(Params p, double x, @NoDerivative double[] data) {
                    double s = 0.5 * p.k() * (x - p.rest()) * (x - p.rest());
                    for (int i = 0; i < data.length; i++) s += Math.exp(p.w()[i] * data[i]) * x;
                    return s;
                  }
                }
                """));
    Class<?> companion = c.load("t.SpringDerivatives");
    Class<?> params = c.load("t.Spring$Params");
    java.lang.reflect.Constructor<?> make = params.getDeclaredConstructor(double.class, double.class, double[].class);
    make.setAccessible(true);
    double[] data = {0.7, 1.1};
    double[] point = {2.0, 0.5, 0.3, -0.2, 1.3};
    Method hessian = companion.getMethod("energyHessian", params, double.class, double[].class);
    Method hvp = companion.getMethod("energyHvp", params, double.class, double[].class, double[].class);
    Method gradient = companion.getMethod("energyGradient", params, double.class, double[].class);
    double[][] h = (double[][]) component(hessian.invoke(null, at(make, point), point[4], data), "hessian");
    double eps = 1e-6;
    for (int j = 0; j < 5; j++) {
      double[] up = point.clone();
      double[] down = point.clone();
      up[j] += eps;
      down[j] -= eps;
      double[] gu = springGradient(gradient, at(make, up), up[4], data);
      double[] gd = springGradient(gradient, at(make, down), down[4], data);
      for (int i = 0; i < 5; i++) {
        double fd = (gu[i] - gd[i]) / (2 * eps);
        assertEquals(fd, h[i][j], 1e-6 * (1 + Math.abs(fd)), "H[" + i + "][" + j + "]");
      }
    }
    double[] v = {0.1, 0.2, -0.3, 0.4, 0.5};
    double[] hv = (double[]) component(hvp.invoke(null, at(make, point), point[4], data, v), "hvp");
    for (int i = 0; i < 5; i++) {
      assertEquals(dot(h[i], v), hv[i], 1e-12, "(H·v)[" + i + "]");
    }
  }

  private static Object at(java.lang.reflect.Constructor<?> make, double[] p) throws Exception {
    return make.newInstance(p[0], p[1], new double[] {p[2], p[3]});
  }

  private static double[] springGradient(Method gradient, Object p, double x, double[] data) throws Exception {
    Object g = gradient.invoke(null, p, x, data);
    Object pBar = component(g, "p");
    double[] w = (double[]) component(pBar, "w");
    return new double[] {(double) component(pBar, "k"), (double) component(pBar, "rest"), w[0], w[1], (double) component(g, "x")};
  }

  private static double[] lossGradient(Method gradient, double[][] w, double[] b, double[] x) throws Exception {
    Object g = gradient.invoke(null, w, b, x);
    double[] out = new double[6];
    System.arraycopy(flat((double[][]) component(g, "w")), 0, out, 0, 4);
    System.arraycopy((double[]) component(g, "b"), 0, out, 4, 2);
    return out;
  }

  /** {@code b} moved by the last two entries of {@code v}, times {@code sign}. */
  private static double[] shiftedTail(double[] b, double[] v, double sign) {
    return new double[] {b[0] + sign * v[4], b[1] + sign * v[5]};
  }

  @Test
  void unsupportedSecondOrderIsAnErrorAtTheMethod() {
    assertTrue(
        Compiler.firstError("@Differentiable(order = 3) static double f(double x) { return x; }")
            .contains("has order = 3; javad generates order 1 (the default) or 2"));
    assertTrue(
        Compiler.firstError("@Differentiable(order = 2) static double[][] f(double x) { return new double[][] {{x}}; }")
            .contains("it returns neither a number, a double[] nor void"));
    assertTrue(
        Compiler.firstError(
                """
                @Differentiable static double g(double x) { return x * x; }
                @Differentiable(order = 2) static double f(double x) { double y = g(x); return y * x; }
                """)
            .contains("it calls g, which is not @Differentiable(order = 2); mark it so"));
    assertTrue(
        Compiler.firstError(
                """
                @Differentiable static double scale(double[] y, double s) { y[0] *= s; return y[0]; }
                @Differentiable(order = 2) static double f(double[] x) { double[] y = x.clone(); scale(y, x[0]); return y[0]; }
                """)
            .contains("it calls scale, which writes into arrays (out-parameters) and returns a value, which second"
                + " order does not follow yet"));
    assertTrue(
        Compiler.firstError(
                """
                @Differentiable static void twice(double[] y) { y[0] *= 2; }
                @Differentiable(order = 2) static double f(double[] x) { double[] y = x.clone(); twice(y); return y[0] * x[1]; }
                """)
            .contains("it calls twice, which is not @Differentiable(order = 2); mark it so"));
  }


  private static double[] flatGradient(Object record) {
    double a = (double) component(record, "a");
    double[] x = (double[]) component(record, "x");
    return new double[] {a, x[0], x[1], x[2]};
  }

  private static double[][] shifted(double[][] w, double[] v, double eps) {
    double[][] out = new double[w.length][];
    int k = 0;
    for (int i = 0; i < w.length; i++) {
      out[i] = w[i].clone();
      for (int j = 0; j < w[i].length; j++) {
        out[i][j] += eps * v[k++];
      }
    }
    return out;
  }

  private static double[] flat(double[][] m) {
    return java.util.Arrays.stream(m).flatMapToDouble(java.util.Arrays::stream).toArray();
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
      for (RecordComponent c : record.getClass().getRecordComponents()) {
        if (c.getName().equals(name)) {
          c.getAccessor().setAccessible(true);
          return c.getAccessor().invoke(record);
        }
      }
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("no component " + name + " in " + record);
  }
}
