package io.javad.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.javad.processor.testing.CompiledClasses;
import io.javad.processor.testing.Compiler;
import io.javad.runtime.GradientCheck;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Arrays and matrices: parameters, element reads and writes, local arrays, in both modes, against
 * finite differences, the dot-product test and closed forms.
 */
class ArrayDerivativesTest {

  static final String ANNOTATION = "@Differentiable";

  private static final String SOURCE =
      """
      package t;

      import io.javad.Differentiable;
      import io.javad.Mode;
      import io.javad.NoDerivative;

      public class Arr {
        ANNOTATION
        static double dot(double[] a, double[] b) {
          double s = 0;
          for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
          }
          return s;
        }

        ANNOTATION
        static double rosenbrock(double[] x) {
          double f = 0;
          for (int i = 0; i + 1 < x.length; i++) {
            double t = x[i + 1] - x[i] * x[i];
            double u = 1 - x[i];
            f += 100 * t * t + u * u;
          }
          return f;
        }

        ANNOTATION
        static double logSumExp(double[] v) {
          double max = v[0];
          for (int i = 1; i < v.length; i++) {
            max = Math.max(max, v[i]);
          }
          double sum = 0;
          for (int i = 0; i < v.length; i++) {
            sum += Math.exp(v[i] - max);
          }
          return max + Math.log(sum);
        }

        ANNOTATION
        static double softmaxLoss(double[][] w, @NoDerivative double[] x, int label) {
          double[] z = new double[w.length];
          for (int k = 0; k < w.length; k++) {
            for (int j = 0; j < x.length; j++) {
              z[k] += w[k][j] * x[j];
            }
          }
          double max = z[0];
          for (int k = 1; k < z.length; k++) {
            max = Math.max(max, z[k]);
          }
          double sum = 0;
          for (int k = 0; k < z.length; k++) {
            sum += Math.exp(z[k] - max);
          }
          return max + Math.log(sum) - z[label];
        }

        ANNOTATION
        static double prefixSums(double[] a, @NoDerivative double c) {
          double[] p = new double[a.length + 1];
          for (int i = 0; i < a.length; i++) {
            p[i + 1] = p[i] + a[i] * c;
          }
          double s = 0;
          for (int i = 0; i < p.length; i++) {
            s += Math.sin(p[i]);
          }
          return s;
        }

        ANNOTATION
        static double sumOfSquares(double[] a) {
          double s = 0;
          for (double v : a) {
            s += v * v;
          }
          return s;
        }

        ANNOTATION
        static double scratch(@NoDerivative double[][] x, double[] mu, double[] w) {
          double total = 0;
          for (int i = 0; i < x.length; i++) {
            double[] row = x[i];
            double[] diff = new double[mu.length];
            for (int j = 0; j < mu.length; j++) {
              diff[j] = row[j] - mu[j];
            }
            double q = 0;
            for (int j = 0; j < mu.length; j++) {
              q += w[j] * diff[j] * diff[j];
            }
            total += Math.log(1 + q);
          }
          return total;
        }

        ANNOTATION
        static double inPlace(double[] a) {
          for (int i = 0; i < a.length; i++) {
            a[i] = a[i] * a[i] + 1;
          }
          double s = 0;
          for (int i = 0; i < a.length; i++) {
            s += a[i] * a[i];
          }
          return s;
        }

        ANNOTATION
        static double initializer(double x, double y) {
          double[] v = {x * y, Math.exp(x), 2};
          double[][] m = {{x, y}, {y * y, 1}};
          v[2] *= m[1][0];
          return v[0] + v[1] * v[2] + m[0][1];
        }
      }
      """;

  private static CompiledClasses classes;
  private static Class<?> model;
  private static Class<?> companion;

  @BeforeAll
  static void compile() {
    classes = Compiler.compileAndLoad(Compiler.source("t.Arr", SOURCE.replace("ANNOTATION", ANNOTATION)));
    model = classes.load("t.Arr");
    companion = classes.load("t.ArrDerivatives");
  }

  private static Method method(Class<?> c, String name) {
    return io.javad.processor.testing.GeneratedMembers.named(c, name);
  }

  private static double call(String name, Object... args) throws Exception {
    return (double) method(model, name).invoke(null, args);
  }

  private static double[] random(int n, long seed) {
    Random r = new Random(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = r.nextGaussian();
    }
    return v;
  }

  /** The tangent of a function of one array along d, from fTangent. */
  private static double tangent(String name, Object... args) throws Exception {
    Object dual = method(companion, name + "Tangent").invoke(null, args);
    return (double) dual.getClass().getMethod("tangent").invoke(dual);
  }

  /** The gradient record's components after the value, or null without reverse mode. */
  private static List<Object> gradient(String name, Object... args) throws Exception {
    Method g = method(companion, name + "Gradient");
    if (g == null) {
      return null;
    }
    Object record = g.invoke(null, args);
    List<Object> out = new ArrayList<>();
    for (RecordComponent c : record.getClass().getRecordComponents()) {
      c.getAccessor().setAccessible(true);
      out.add(c.getAccessor().invoke(record));
    }
    return out;
  }

  @Test
  void dotProduct() throws Exception {
    double[] a = random(7, 1);
    double[] b = random(7, 2);
    double[] da = random(7, 3);
    double[] db = random(7, 4);
    double expected = 0;
    for (int i = 0; i < 7; i++) {
      expected += da[i] * b[i] + a[i] * db[i];
    }
    assertEquals(expected, tangent("dot", a, da, b, db), 1e-13);
    List<Object> g = gradient("dot", a, b);
    if (g != null) {
      assertArrayEquals(b, (double[]) g.get(1), 0); // d(a.b)/da = b
      assertArrayEquals(a, (double[]) g.get(2), 0);
    }
  }

  /** Checks a function of one array in both modes: finite differences, dot-product test. */
  private static void checkArray(String name, double[] x, Object... rest) throws Exception {
    GradientCheck.Function f = v -> {
      try {
        Object[] args = new Object[rest.length + 1];
        args[0] = v;
        System.arraycopy(rest, 0, args, 1, rest.length);
        return call(name, args);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    };
    double[] d = random(x.length, 99);
    Object[] targs = new Object[rest.length + 2];
    targs[0] = x.clone();
    targs[1] = d.clone(); // fTangent writes the tangent of what it stores into a parameter array
    System.arraycopy(rest, 0, targs, 2, rest.length);
    double t = tangent(name, targs);
    GradientCheck.assertDirectional(f, x, d, t);
    Object[] gargs = new Object[rest.length + 1];
    gargs[0] = x.clone();
    System.arraycopy(rest, 0, gargs, 1, rest.length);
    List<Object> g = gradient(name, gargs);
    if (g != null) {
      double[] grad = (double[]) g.get(1);
      GradientCheck.assertGradient(f, x, grad);
      GradientCheck.assertDotProduct(t, grad, d);
      assertEquals(f.apply(x), (double) g.get(0), 0);
    }
  }

  @Test
  void rosenbrockInNDimensions() throws Exception {
    checkArray("rosenbrock", new double[] {-1.2, 1, 0.5, 0.3, 2});
    double[] ones = {1, 1, 1, 1};
    assertEquals(0, tangent("rosenbrock", ones, random(4, 5)), 0); // the minimum: gradient zero
    List<Object> g = gradient("rosenbrock", (Object) ones);
    if (g != null) {
      assertArrayEquals(new double[4], (double[]) g.get(1), 0);
    }
  }

  @Test
  void logSumExpGradientIsSoftmax() throws Exception {
    double[] v = {0.3, -1.2, 2.5, 0.7};
    checkArray("logSumExp", v);
    List<Object> g = gradient("logSumExp", (Object) v);
    if (g != null) {
      double[] softmax = (double[]) g.get(1);
      assertEquals(1, java.util.Arrays.stream(softmax).sum(), 1e-15);
    }
  }

  @Test
  void softmaxClassifierWithMatrixWeights() throws Exception {
    double[][] w = {random(3, 11), random(3, 12), random(3, 13), random(3, 14)};
    double[] x = random(3, 15);
    double[][] dw = {random(3, 21), random(3, 22), random(3, 23), random(3, 24)};
    double t = tangent("softmaxLoss", w, dw, x, 2);
    double[] flat = new double[12];
    double[] dflat = new double[12];
    for (int k = 0; k < 4; k++) {
      System.arraycopy(w[k], 0, flat, 3 * k, 3);
      System.arraycopy(dw[k], 0, dflat, 3 * k, 3);
    }
    GradientCheck.Function f = v -> {
      double[][] m = new double[4][3];
      for (int k = 0; k < 4; k++) {
        System.arraycopy(v, 3 * k, m[k], 0, 3);
      }
      try {
        return call("softmaxLoss", m, x, 2);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    };
    GradientCheck.assertDirectional(f, flat, dflat, t);
    List<Object> g = gradient("softmaxLoss", w, x, 2);
    if (g != null) {
      double[][] gw = (double[][]) g.get(1);
      double[] gflat = new double[12];
      for (int k = 0; k < 4; k++) {
        System.arraycopy(gw[k], 0, gflat, 3 * k, 3);
      }
      GradientCheck.assertGradient(f, flat, gflat);
      GradientCheck.assertDotProduct(t, gflat, dflat);
    }
  }

  @Test
  void prefixSumsInALocalArray() throws Exception {
    checkArray("prefixSums", new double[] {0.3, -0.2, 0.5, 0.1}, 1.3);
  }

  @Test
  void writesIntoAParameterArrayDifferentiateWithRespectToItsValuesOnEntry() throws Exception {
    double[] a = {0.3, -1.1, 0.8};
    // s = sum (a_i^2 + 1)^2, so ds/da_i = 4 a_i (a_i^2 + 1), at the values on entry.
    double[] expected = new double[3];
    for (int i = 0; i < 3; i++) {
      expected[i] = 4 * a[i] * (a[i] * a[i] + 1);
    }
    List<Object> g = gradient("inPlace", (Object) a.clone());
    assertArrayEquals(expected, (double[]) g.get(1), 1e-14);
    double[] d = {1, 2, -1};
    double t = tangent("inPlace", a.clone(), d.clone());
    assertEquals(expected[0] + 2 * expected[1] - expected[2], t, 1e-14);
    checkArray("inPlace", a);
  }

  @Test
  void scratchArraysAllocatedInALoopAndRowAliases() throws Exception {
    double[][] x = {random(3, 31), random(3, 32), random(3, 33), random(3, 34)};
    double[] mu = random(3, 35);
    double[] w = {0.5, 1.5, 0.8};
    List<Object> g = gradient("scratch", x, mu.clone(), w.clone());
    GradientCheck.Function ofMu = v -> {
      try {
        return call("scratch", x, v, w);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    };
    GradientCheck.Function ofW = v -> {
      try {
        return call("scratch", x, mu, v);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    };
    GradientCheck.assertGradient(ofMu, mu, (double[]) g.get(1));
    GradientCheck.assertGradient(ofW, w, (double[]) g.get(2));
    double[] dMu = random(3, 36);
    double[] dW = random(3, 37);
    double t = tangent("scratch", x, mu.clone(), dMu.clone(), w.clone(), dW.clone());
    double[] grad = new double[6];
    double[] dir = new double[6];
    System.arraycopy((double[]) g.get(1), 0, grad, 0, 3);
    System.arraycopy((double[]) g.get(2), 0, grad, 3, 3);
    System.arraycopy(dMu, 0, dir, 0, 3);
    System.arraycopy(dW, 0, dir, 3, 3);
    GradientCheck.assertDotProduct(t, grad, dir);
  }

  @Test
  void enhancedForOverAnArray() throws Exception {
    double[] a = {0.5, -2, 1.5};
    checkArray("sumOfSquares", a);
    assertArrayEquals(new double[] {1, -4, 3}, (double[]) gradient("sumOfSquares", (Object) a).get(1), 0);
  }

  @Test
  void initializersAndElementUpdates() throws Exception {
    double x = 0.7;
    double y = -1.1;
    // v = {xy, e^x, 2 y^2}: v0 + v1 v2 + y.
    double dx = y + Math.exp(x) * 2 * y * y;
    double dy = x + Math.exp(x) * 4 * y + 1;
    assertEquals(dx, tangent("initializer", x, 1.0, y, 0.0), 1e-14);
    assertEquals(dy, tangent("initializer", x, 0.0, y, 1.0), 1e-14);
    List<Object> g = gradient("initializer", x, y);
    if (g != null) {
      assertEquals(dx, (double) g.get(1), 1e-14);
      assertEquals(dy, (double) g.get(2), 1e-14);
    }
  }
}
