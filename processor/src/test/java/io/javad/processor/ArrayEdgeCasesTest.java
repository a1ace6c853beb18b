package io.javad.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import io.javad.processor.testing.CompiledClasses;
import io.javad.processor.testing.Compiler;
import io.javad.runtime.Dual;
import io.javad.runtime.DualArray;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Array programs a review found mishandled: each must now compile and be right, or be reported. */
class ArrayEdgeCasesTest {

  private static final String SOURCE =
      """
      package t;

      import io.javad.Differentiable;
      import io.javad.NoDerivative;

      public class Edge {
        @Differentiable
        static double scale(double[][] m, double x) {
          for (int i = 0; i < m.length; i++) {
            double[] row = m[i];
            row[0] *= x;
          }
          return m[0][0];
        }

        @Differentiable
        static double fillThroughRows(double x, int n) {
          double[][] g = new double[n][n];
          for (double[] r : g) {
            for (int j = 0; j < r.length; j++) {
              r[j] = x * j;
            }
          }
          return g[n - 1][n - 1] * x;
        }

        @Differentiable
        static double[] square(double[] a) {
          double[] r = {a[0]};
          r[0] *= r[0];
          return r;
        }

        @Differentiable
        static double[] intoBuffer(double[] a, double x, @NoDerivative double[] out) {
          for (int i = 0; i < a.length; i++) {
            out[i] = a[i] * x;
          }
          return out;
        }

        @Differentiable
        static double[] floats(float[] a, float x) {
          return new double[] {a[0] * x, a[1]};
        }

        @Differentiable
        static float floatScratch(float[] a) {
          float s = 0;
          for (int i = 0; i < a.length; i++) {
            float[] t = new float[2];
            t[0] = a[i];
            float[] u = {(float) (t[0] * 2), a[i]};
            s += u[0] * u[1];
          }
          return s;
        }

        @Differentiable
        static double literalLoop(double[] a) {
          double s = 0;
          for (double v : new double[] {a[0], a[1] * 2}) {
            s += v * v;
          }
          return s;
        }

        @Differentiable
        static double workingCopy(double[] a, double x) {
          double[] b = a.clone();
          for (int i = 0; i < b.length; i++) {
            b[i] *= x;
          }
          return b[0] * b[1] + a[0];
        }

        @Differentiable
        static double resetEachRow(double[][] w, double x) {
          double[] acc = new double[3];
          double s = 0;
          for (int i = 0; i < w.length; i++) {
            java.util.Arrays.fill(acc, x * (i + 1));
            for (int j = 0; j < 3; j++) {
              acc[j] += w[i][j] * acc[j];
            }
            s += acc[0] * acc[1] + Math.sin(acc[2]);
          }
          return s;
        }

        @Differentiable
        static double window(double[] a, double x) {
          double[] buf = new double[3];
          System.arraycopy(a, 1, buf, 0, 3);
          double s = 0;
          for (int i = 0; i < 3; i++) {
            s += buf[i] * buf[i] * x;
          }
          System.arraycopy(buf, 0, buf, 1, 2); // an overlapping shift: buf = {a1, a1, a2}
          return s + buf[2] * x;
        }

        @Differentiable
        static double increments(double[] a) {
          double[] c = {a[0], 0};
          c[0]++;
          c[1]--;
          return c[0] * c[0] + c[1];
        }
      }
      """;

  private static Class<?> companion;
  private static Class<?> model;

  @BeforeAll
  static void compile() {
    CompiledClasses classes = Compiler.compileAndLoad(Compiler.source("t.Edge", SOURCE));
    companion = classes.load("t.EdgeDerivatives");
    model = classes.load("t.Edge");
  }

  private static Object call(String name, Object... args) throws Exception {
    Method m = io.javad.processor.testing.GeneratedMembers.named(companion, name);
    if (m == null) {
      throw new AssertionError("no " + name);
    }
    return m.invoke(null, args);
  }

  private static Object component(Object record, int i) throws Exception {
    RecordComponent c = record.getClass().getRecordComponents()[i];
    c.getAccessor().setAccessible(true);
    return c.getAccessor().invoke(record);
  }

  @Test
  void writesThroughARowAreSeenByBothModes() throws Exception {
    Dual t = (Dual) call("scaleTangent", new double[][] {{2}, {3}}, new double[][] {{0}, {0}}, 3.0, 1.0);
    assertEquals(2.0, t.tangent(), 0);
    Object g = call("scaleGradient", new double[][] {{2}, {3}}, 3.0);
    assertEquals(2.0, (double) component(g, 2), 0);
    // g[n-1][n-1] = x (n-1), times x: d/dx = 2 x (n-1).
    Dual f = (Dual) call("fillThroughRowsTangent", 1.5, 1.0, 4);
    assertEquals(2 * 1.5 * 3, f.tangent(), 1e-14);
    assertEquals(2 * 1.5 * 3, (double) component(call("fillThroughRowsGradient", 1.5, 4), 1), 1e-14);
  }

  @Test
  void thePullbacksValueIsTheFunctionsValue() throws Exception {
    Object p = call("squarePullback", new double[] {3}, new double[] {1});
    assertArrayEquals(new double[] {9}, (double[]) component(p, 0), 0);
    assertArrayEquals(new double[] {6}, (double[]) component(p, 1), 0);
    assertArrayEquals(new double[] {9}, (double[]) component(call("squareJacobian", new double[] {3}), 0), 0);
  }

  @Test
  void anOutputBufferParameterGetsATangent() throws Exception {
    DualArray t = (DualArray) call("intoBufferTangent", new double[] {1, 2}, new double[] {1, 0}, 3.0, 0.5, new double[2]);
    assertArrayEquals(new double[] {3 + 0.5, 1.0}, t.tangent(), 1e-15);
  }

  @Test
  void floatVectorsScratchArraysAndInitializers() throws Exception {
    Object j = call("floatsJacobian", new float[] {2f, 3f}, 1.5f);
    float[][] da = (float[][]) component(j, 1);
    assertArrayEquals(new float[] {1.5f, 0}, da[0]);
    assertArrayEquals(new float[] {0, 1}, da[1]);
    Object g = call("floatScratchGradient", (Object) new float[] {0.5f, -1f});
    assertArrayEquals(new float[] {2f, -4f}, (float[]) component(g, 1), 1e-6f); // s = sum 2 a^2
    Dual t = (Dual) call("floatScratchTangent", new float[] {0.5f, -1f}, new float[] {1f, 0f});
    assertEquals(2.0, t.tangent(), 1e-6);
  }

  @Test
  void forEachOverAnArrayLiteralAndElementIncrements() throws Exception {
    Object g = call("literalLoopGradient", (Object) new double[] {0.5, 1.5});
    assertArrayEquals(new double[] {1.0, 12.0}, (double[]) component(g, 1), 1e-15);
    Object h = call("incrementsGradient", (Object) new double[] {0.5});
    assertArrayEquals(new double[] {3.0}, (double[]) component(h, 1), 1e-15);
  }

  @Test
  void clonedWorkingCopies() throws Exception {
    double[] a = {0.5, -1.5};
    double x = 1.2;
    // f = a0 x * a1 x + a0
    Object g = call("workingCopyGradient", a.clone(), x);
    assertArrayEquals(new double[] {a[1] * x * x + 1, a[0] * x * x}, (double[]) component(g, 1), 1e-14);
    assertEquals(2 * a[0] * a[1] * x, (double) component(g, 2), 1e-14);
    Dual t = (Dual) call("workingCopyTangent", a.clone(), new double[] {1, 0}, x, 0.0);
    assertEquals(a[1] * x * x + 1, t.tangent(), 1e-14);
  }

  @Test
  void arraysFillResetsAnAccumulator() throws Exception {
    double[][] w = {{0.5, -0.2, 1.1}, {0.3, 0.7, -0.4}};
    double x = 0.8;
    Method primal = model.getDeclaredMethod("resetEachRow", double[][].class, double.class);
    primal.setAccessible(true);
    double h = 1e-6;
    double fd = ((double) primal.invoke(null, w, x + h) - (double) primal.invoke(null, w, x - h)) / (2 * h);
    Object g = call("resetEachRowGradient", w, x);
    assertEquals(fd, (double) component(g, 2), 1e-7 * (1 + Math.abs(fd)));
    double[][] dw = {{0, 0, 0}, {0, 0, 0}};
    Dual t = (Dual) call("resetEachRowTangent", w, dw, x, 1.0);
    assertEquals(fd, t.tangent(), 1e-7 * (1 + Math.abs(fd)));
    // d/dw[1][2] by finite differences against the gradient's component.
    double[][] up = {w[0].clone(), w[1].clone()};
    double[][] down = {w[0].clone(), w[1].clone()};
    up[1][2] += h;
    down[1][2] -= h;
    double fdw = ((double) primal.invoke(null, up, x) - (double) primal.invoke(null, down, x)) / (2 * h);
    assertEquals(fdw, ((double[][]) component(g, 1))[1][2], 1e-7 * (1 + Math.abs(fdw)));
  }

  @Test
  void systemArraycopyIncludingAnOverlappingShift() throws Exception {
    double[] a = {9, 0.5, -1.5, 2, 9};
    double x = 1.3;
    // f = x (a1^2 + a2^2 + a3^2) + a2 x
    double[] expected = {0, 2 * x * a[1], 2 * x * a[2] + x, 2 * x * a[3], 0};
    Object g = call("windowGradient", a.clone(), x);
    assertArrayEquals(expected, (double[]) component(g, 1), 1e-14);
    assertEquals(a[1] * a[1] + a[2] * a[2] + a[3] * a[3] + a[2], (double) component(g, 2), 1e-14);
    Dual t = (Dual) call("windowTangent", a.clone(), new double[] {1, 1, 1, 1, 1}, x, 0.0);
    assertEquals(java.util.Arrays.stream(expected).sum(), t.tangent(), 1e-13);
  }

  @Test
  void whatStaysUnsupportedIsReportedNeverDropped() {
    Compilation compilation =
        Compiler.compile(
            Compiler.source(
                "t.Bad",
                """
                package t;
                import io.javad.Differentiable;
                class Bad {
                  @Differentiable static double choice(double x, double[] a, double[] b) {
                    double[] w = switch ((int) x) { case 0 -> a; default -> b; };
                    return w[0] * x;
                  }
                  @Differentiable static double rows(double[] a, double[] b) {
                    double[][] m = {a, b};
                    return m[0][0] * m[1][0];
                  }
                }
                """));
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation).hadErrorContaining("this use of an array is not supported yet");
    assertThat(compilation).hadErrorContaining("initialized with existing arrays as rows");
  }
}
