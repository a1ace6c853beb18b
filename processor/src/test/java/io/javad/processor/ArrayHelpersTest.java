package io.javad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.javad.processor.testing.CompiledClasses;
import io.javad.processor.testing.Compiler;
import io.javad.processor.testing.DerivativeChecks;
import io.javad.processor.testing.Differentiated;
import java.lang.reflect.Method;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * JDK array helpers as the loops and copies they are: {@code Arrays.copyOf} (shorter and longer
 * than the source), {@code copyOfRange}, ranged {@code Arrays.fill} and {@code fill} on a matrix
 * row, {@code System.arraycopy} with rows, the deep copy of a matrix (a new matrix of rows each
 * assigned the clone of the other's); both modes against finite differences, and the value is
 * Java's.
 */
class ArrayHelpersTest {

  private static final String SOURCE =
      """
      package t;

      import io.javad.Differentiable;
      import java.util.Arrays;

      public class Helpers {
        /** A deep copy of a ragged matrix: the copy's rows are changed, the original's are not. */
        @Differentiable
        static double deepCopy(double x, double y) {
          double[][] a = {{x, y}, {x * y}, {1, y, x}};
          double[][] c = new double[a.length][];
          for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
          }
          double[][] d = new double[c.length][];
          for (int i = 0; i < c.length; i++) {
            d[i] = Arrays.copyOf(c[i], c[i].length); // the same copy
          }
          d[2][1] = x;
          double s = 0;
          for (int i = 0; i < c.length; i++) {
            for (int j = 0; j < c[i].length; j++) {
              c[i][j] = Math.sin(c[i][j] * (i + 1));
              s += c[i][j] * a[i][j];
            }
          }
          return s + a[1][0] * c[1][0] + d[2][1] * d[0][1] + d[2][0];
        }

        @Differentiable
        static double copies(double x, double y) {
          double[] a = {x, y, x * y};
          double[] longer = Arrays.copyOf(a, 5);
          double[] shorter = Arrays.copyOf(a, 2);
          double[] middle = Arrays.copyOfRange(a, 1, 4);
          longer[4] = x;
          a[0] = 7; // the copies are copies
          return longer[0] * longer[4] + shorter[1] * y + middle[0] * middle[1] + middle[2] + a[0] * x;
        }

        @Differentiable
        static double fills(double x, double y) {
          double[] a = new double[6];
          Arrays.fill(a, x);
          Arrays.fill(a, 1, 4, y * y);
          double[][] m = {{x, y}, {y, x}};
          int i = 0;
          Arrays.fill(m[i++], x * 3);
          double s = 0;
          for (int k = 0; k < a.length; k++) {
            s += a[k] * (k + 1);
          }
          return s + m[0][0] * m[1][1] + m[0][1] + i;
        }

        /**
         * System.arraycopy with rows: a matrix copied row by row, a row shifted right and left
         * within itself (overlapping, as if through a temporary), a row's local as the target,
         * and rows to and from a one-dimensional array.
         */
        @Differentiable
        static double rowCopies(double x, double y) {
          double[][] a = {{x, y, x * y}, {y * y, -x, 0.5}};
          double[][] c = new double[2][3];
          for (int i = 0; i < 2; i++) {
            System.arraycopy(a[i], 0, c[i], 0, a[i].length);
          }
          System.arraycopy(c[0], 0, c[0], 1, 2);
          System.arraycopy(c[1], 1, c[1], 0, 2);
          double[] v = {Math.sin(x), y};
          double[] row = a[1];
          System.arraycopy(v, 0, row, 1, 2);
          double[] out = new double[4];
          int from = 1;
          System.arraycopy(c[from], from, out, from + 1, 2);
          double[] head = Arrays.copyOf(a[0], 2);
          double[] tail = Arrays.copyOfRange(row, 1, 4); // past the end: a zero, as in Java
          a[0][0] = 9; // c, head and tail hold copies
          double s = 0;
          for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
              s += (i + j + 1) * (c[i][j] + 0.5 * a[i][j]) * c[i][j];
            }
          }
          return s + out[2] * out[3] + out[1] + head[0] * head[1] + tail[0] * tail[1] + tail[2];
        }

        /** Found by a user trial: copies of rows out of range ran on in the derivatives. */
        @Differentiable
        static double rowRange(double x, int from) {
          double[][] m = {{x, 2 * x, 3 * x}};
          double[] r = Arrays.copyOfRange(m[0], from, from + 2);
          double[] s = new double[2];
          System.arraycopy(m[0], 0, s, 0, from - 1);
          return r[0] * r[1] + s[0];
        }
      }
      """;

  private static CompiledClasses classes;

  @BeforeAll
  static void compile() {
    classes = Compiler.compileAndLoad(Compiler.source("t.Helpers", SOURCE));
  }

  /** Where Java's copy throws, so do the derivatives, with the same exception, before writing. */
  @org.junit.jupiter.api.Test
  void copiesOfRowsOutOfRangeThrowAsJavaDoes() throws Exception {
    Differentiated f = new Differentiated(classes, "t.Helpers", "rowRange");
    Method primal = classes.load("t.Helpers").getDeclaredMethod("rowRange", double.class, int.class);
    primal.setAccessible(true);
    DerivativeChecks.check(f, 0.7, 1); // in range: both copies
    for (int from : new int[] {4, -2, 0}) {
      Class<?> thrown = null;
      try {
        primal.invoke(null, 0.7, from);
      } catch (java.lang.reflect.InvocationTargetException e) {
        thrown = e.getCause().getClass();
      }
      org.junit.jupiter.api.Assertions.assertNotNull(thrown, "Java throws at from = " + from);
      Class<?> expected = thrown;
      Throwable tangent =
          org.junit.jupiter.api.Assertions.assertThrows(
              Throwable.class, () -> f.tangent(new double[] {0.7, from}, new double[] {1, 0}));
      Throwable gradient =
          org.junit.jupiter.api.Assertions.assertThrows(
              Throwable.class, () -> f.gradient(new double[] {0.7, from}));
      for (Throwable t : List.of(tangent, gradient)) {
        Throwable cause = t.getCause() != null ? t.getCause() : t;
        assertEquals(expected, cause.getClass(), "at from = " + from + ": " + cause);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"copies", "fills", "rowCopies", "deepCopy"})
  void differentiatesAndKeepsTheValue(String name) throws Exception {
    Differentiated f = new Differentiated(classes, "t.Helpers", name);
    Method primal = classes.load("t.Helpers").getDeclaredMethod(name, double.class, double.class);
    primal.setAccessible(true);
    for (double[] at : new double[][] {{0.7, 1.3}, {-0.4, 2.5}}) {
      DerivativeChecks.check(f, at);
      assertEquals((double) primal.invoke(null, at[0], at[1]), f.gradient(at)[0], 0.0, name);
    }
  }
}
