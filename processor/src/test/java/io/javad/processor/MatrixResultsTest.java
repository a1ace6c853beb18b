package io.javad.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javad.processor.testing.ArrayFunction;
import io.javad.processor.testing.ArrayResults;
import io.javad.processor.testing.CompiledClasses;
import io.javad.processor.testing.Compiler;
import java.lang.reflect.InvocationTargetException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Methods returning {@code double[][]}, {@code float[]} and {@code float[][]}: {@code fTangent}
 * returns the companion's {@code FTangent(value, tangent)} in the result's own type, {@code
 * fPullback} takes a seed shaped like the result, and {@code fJacobian}'s blocks are indexed by the
 * result's indices first. Each is checked against finite differences, the dot-product test and
 * the Jacobian; callers of such methods in both modes too.
 */
class MatrixResultsTest {

  private static final String SOURCE =
      """
      package t;

      import io.javad.Differentiable;

      public class Mats {
        public record Pair(double a, double b) {}

        private final double scale;

        Mats(double scale) {
          this.scale = scale;
        }

        @Differentiable
        static double[][] outer(double[] a, double[] b) {
          double[][] r = new double[a.length][b.length];
          for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b.length; j++) {
              r[i][j] = a[i] * b[j];
            }
          }
          return r;
        }

        @Differentiable
        static double[][] rotation(double theta, double s) {
          return new double[][] {{s * Math.cos(theta), -s * Math.sin(theta)}, {Math.sin(theta), Math.cos(theta)}};
        }

        @Differentiable
        static double[][] matmul(double[][] a, double[][] b) {
          int n = a.length;
          int m = b[0].length;
          double[][] c = new double[n][m];
          for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
              double s = 0;
              for (int k = 0; k < b.length; k++) {
                s += a[i][k] * b[k][j];
              }
              c[i][j] = s;
            }
          }
          return c;
        }

        /** The sample covariance of rows of data: centered, then Xᵀ X / (n - 1). */
        @Differentiable
        static double[][] covariance(double[][] x) {
          int n = x.length;
          int d = x[0].length;
          double[] mean = new double[d];
          for (double[] row : x) {
            for (int j = 0; j < d; j++) {
              mean[j] += row[j] / n;
            }
          }
          double[][] c = new double[d][d];
          for (int k = 0; k < n; k++) {
            for (int i = 0; i < d; i++) {
              for (int j = 0; j < d; j++) {
                c[i][j] += (x[k][i] - mean[i]) * (x[k][j] - mean[j]) / (n - 1);
              }
            }
          }
          return c;
        }

        /** A callee's matrix, changed, with branches on the values. */
        @Differentiable
        static double[][] rectifiedOuter(double[] a, double[] b) {
          double[][] o = outer(a, b);
          for (double[] row : o) {
            for (int j = 0; j < row.length; j++) {
              if (row[j] < 0) {
                row[j] = 0.1 * row[j];
              }
            }
          }
          o[0][0] += Math.exp(a[0]);
          return o;
        }

        /** A vector-valued caller of a matrix-valued method. */
        @Differentiable
        static double[] rowSums(double[] a, double[] b) {
          double[][] o = outer(a, b);
          double[] s = new double[o.length];
          for (int i = 0; i < o.length; i++) {
            for (int j = 0; j < o[i].length; j++) {
              s[i] += Math.sin(o[i][j]);
            }
          }
          return s;
        }

        @Differentiable(wrt = "a")
        static double frobenius(double[] a, double[] b) {
          double[][] o = outer(a, b);
          double s = 0;
          for (double[] row : o) {
            for (double v : row) {
              s += v * v;
            }
          }
          return Math.sqrt(s);
        }

        /** Writes into the matrix it is given, and returns it. */
        @Differentiable
        static double[][] scaleInPlace(double[][] m, double s) {
          for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[i].length; j++) {
              m[i][j] *= s;
            }
          }
          return m;
        }

        /** A deep copy, changed and returned: the matrix given is left as it was. */
        @Differentiable
        static double[][] shifted(double[][] m, double s) {
          int n = m.length;
          double[][] c = new double[n][];
          for (int i = 0; i < n; i++) {
            c[i] = m[i].clone();
          }
          for (double[] row : c) {
            row[0] += s * row[row.length - 1];
          }
          return c;
        }

        @Differentiable
        static float[] softmax(float[] z) {
          float max = z[0];
          for (float v : z) {
            max = Math.max(max, v);
          }
          float[] p = new float[z.length];
          float sum = 0;
          for (int i = 0; i < z.length; i++) {
            p[i] = (float) Math.exp(z[i] - max);
            sum += p[i];
          }
          for (int i = 0; i < z.length; i++) {
            p[i] /= sum;
          }
          return p;
        }

        /** A float caller of a float[] method. */
        @Differentiable
        static float weighted(float[] z) {
          float[] p = softmax(z);
          float s = 0;
          for (int i = 0; i < p.length; i++) {
            s += (i + 1) * p[i];
          }
          return s;
        }

        @Differentiable
        static float[][] gram(float[][] x, float w) {
          float[][] g = new float[x.length][x.length];
          for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x.length; j++) {
              for (int k = 0; k < x[0].length; k++) {
                g[i][j] += w * x[i][k] * x[j][k];
              }
            }
          }
          return g;
        }

        @Differentiable
        static double[][] ofPair(Pair p) {
          return new double[][] {{p.a() * p.b(), p.a()}, {1.0, p.b() * p.b()}};
        }

        @Differentiable
        double[][] scaled(double[] a) {
          double[][] r = new double[1][a.length];
          for (int i = 0; i < a.length; i++) {
            r[0][i] = scale * a[i] * a[i];
          }
          return r;
        }
      }
      """;

  private static CompiledClasses classes;

  @BeforeAll
  static void compile() {
    classes = Compiler.compileAndLoad(Compiler.source("t.Mats", SOURCE));
  }

  private static ArrayResults method(String name) {
    return new ArrayResults(classes, "t.Mats", name);
  }

  @Test
  void matricesBuiltInLoops() {
    method("outer").check(1, new double[] {0.5, -1.2, 2.0}, new double[] {1.5, 0.3});
    method("matmul").check(2, new double[][] {{1, 2, 0.5}, {-1, 0.3, 2}}, new double[][] {{0.2, 1}, {-0.7, 0.4}, {1.1, -2}});
    method("covariance").check(3, (Object) new double[][] {{1, 2}, {0.5, -1}, {2.5, 0.3}, {-0.4, 0.9}});
  }

  @Test
  void aMatrixLiteral() {
    method("rotation").check(4, 0.7, 1.3);
  }

  @Test
  void rotationTangentIsItsClosedForm() throws Exception {
    Object t = invoke("rotationTangent", 0.7, 1.0, 1.3, 0.0);
    double[][] tangent = (double[][]) t.getClass().getMethod("tangent").invoke(t);
    assertArrayEquals(new double[] {-1.3 * Math.sin(0.7), -1.3 * Math.cos(0.7)}, tangent[0], 1e-15);
    assertArrayEquals(new double[] {Math.cos(0.7), -Math.sin(0.7)}, tangent[1], 1e-15);
  }

  @Test
  void callersOfMatrixValuedMethods() {
    method("rectifiedOuter").check(5, new double[] {0.5, -1.2, 2.0}, new double[] {1.5, -0.3});
    method("rowSums").check(6, new double[] {0.5, -1.2}, new double[] {1.5, 0.3, -0.8});
    new ArrayFunction(classes, "t.Mats", "frobenius").check(new double[] {0.5, -1.2, 2.0}, new double[] {1.5, 0.3});
  }

  @Test
  void aMatrixParameterWrittenAndReturned() {
    method("scaleInPlace").check(7, new double[][] {{1, -2}, {0.5, 3}}, 1.7);
  }

  @Test
  void aDeepCopyOfARaggedMatrix() {
    method("shifted").check(10, new double[][] {{1, -2, 0.5}, {0.3}, {2, 0.7}}, 1.7);
  }

  @Test
  void floatResults() {
    method("softmax").check(8, new float[] {0.5f, -1.2f, 2.0f, 0.1f});
    method("gram").check(9, new float[][] {{1f, 0.5f}, {-0.3f, 2f}, {0.7f, 0.2f}}, 0.8f);
  }

  @Test
  void aFloatCallerOfAFloatArrayMethod() throws Exception {
    float[] z = {0.5f, -1.2f, 2.0f};
    Object gradient = invoke("weightedGradient", (Object) z);
    float[] zBar = (float[]) gradient.getClass().getMethod("z").invoke(gradient);
    Object t = invoke("weightedTangent", z, new float[] {0, 1, 0});
    double tangent = (double) t.getClass().getMethod("tangent").invoke(t);
    // The closed form: ∂/∂z_k Σ w_i p_i = p_k (w_k - Σ w_i p_i).
    double[] p = new double[3];
    double sum = 0;
    for (int i = 0; i < 3; i++) {
      p[i] = Math.exp(z[i]);
      sum += p[i];
    }
    double mean = 0;
    for (int i = 0; i < 3; i++) {
      p[i] /= sum;
      mean += (i + 1) * p[i];
    }
    for (int k = 0; k < 3; k++) {
      assertEquals(p[k] * (k + 1 - mean), zBar[k], 1e-6);
    }
    assertEquals(p[1] * (2 - mean), tangent, 1e-6);
  }

  @Test
  void floatResultsKeepTheirType() throws Exception {
    Object t = invoke("softmaxTangent", new float[] {0.5f, 1f}, new float[] {1f, 0f});
    assertTrue(t.getClass().getMethod("value").invoke(t) instanceof float[]);
    Object p = invoke("softmaxPullback", new float[] {0.5f, 1f}, new float[] {1f, 0f});
    float[] z = (float[]) p.getClass().getMethod("z").invoke(p);
    double p0 = 1 / (1 + Math.exp(0.5));
    assertEquals(p0 * (1 - p0), z[0], 1e-6);
    assertEquals(-p0 * (1 - p0), z[1], 1e-6);
  }

  @Test
  void aRecordParameter() throws Exception {
    Class<?> pair = classes.load("t.Mats$Pair");
    java.lang.reflect.Constructor<?> make = pair.getDeclaredConstructors()[0];
    make.setAccessible(true);
    Object p = make.newInstance(0.6, -1.5);
    Object dp = make.newInstance(1.0, 0.0);
    Object t = invoke("ofPairTangent", p, dp);
    double[][] tangent = (double[][]) t.getClass().getMethod("tangent").invoke(t);
    assertArrayEquals(new double[] {-1.5, 1}, tangent[0], 0);
    assertArrayEquals(new double[] {0, 0}, tangent[1], 0);
    Object back = invoke("ofPairPullback", p, new double[][] {{1, 0}, {0, 1}});
    Object bar = back.getClass().getMethod("p").invoke(back);
    assertEquals(-1.5, (double) pair.getMethod("a").invoke(bar), 0);
    assertEquals(0.6 + 2 * -1.5, (double) pair.getMethod("b").invoke(bar), 1e-15);
  }

  @Test
  void anInstanceMethod() throws Exception {
    Class<?> mats = classes.load("t.Mats");
    java.lang.reflect.Constructor<?> make = mats.getDeclaredConstructor(double.class);
    make.setAccessible(true);
    Object self = make.newInstance(2.5);
    Object t = invoke("scaledTangent", self, new double[] {0.5, -1}, new double[] {1, 1});
    double[][] tangent = (double[][]) t.getClass().getMethod("tangent").invoke(t);
    assertArrayEquals(new double[] {2.5 * 2 * 0.5, 2.5 * 2 * -1}, tangent[0], 1e-15);
    Object back = invoke("scaledPullback", self, new double[] {0.5, -1}, new double[][] {{1, 2}});
    assertArrayEquals(
        new double[] {2.5 * 2 * 0.5, 2 * 2.5 * 2 * -1},
        (double[]) back.getClass().getMethod("a").invoke(back), 1e-15);
  }

  @Test
  void aSeedOfAnotherShapeThrows() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> invoke("outerPullback", new double[] {1, 2}, new double[] {3, 4}, new double[][] {{1, 1}, {1}}));
    assertTrue(e.getMessage().contains("seed has 1 values in row 1, outer returns 2"), e.getMessage());
  }

  @Test
  void vectorModeOfAMatrixIsAnErrorSayingWhatToCall() {
    String error =
        Compiler.firstError(
            """
            @Differentiable(modes = io.javad.Mode.FORWARD_VECTOR)
            static double[][] f(double x) { return new double[][] {{x}}; }
            """);
    assertTrue(error.contains("it returns double[][]"), error);
    assertTrue(error.contains("call fTangent once per direction"), error);
  }

  private static Object invoke(String name, Object... args) throws Exception {
    // The overload taking these arguments: a record's members come beside those over its components.
    java.lang.reflect.Method m = null;
    for (java.lang.reflect.Method candidate : classes.load("t.MatsDerivatives").getDeclaredMethods()) {
      if (candidate.getName().equals(name) && candidate.getParameterCount() == args.length) {
        m = candidate;
      }
    }
    m.setAccessible(true);
    try {
      return m.invoke(null, args);
    } catch (InvocationTargetException e) {
      throw (Exception) e.getCause();
    }
  }
}
