package io.javad.processor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javad.processor.testing.ArrayFunction;
import io.javad.processor.testing.CompiledClasses;
import io.javad.processor.testing.Compiler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Whole arrays assigned to array variables ({@code b = a}, the port of pointer assignment), read as
 * copies of their contents where nothing can tell the two apart; both modes against finite
 * differences and the dot-product test.
 */
class ArrayMovesTest {

  private static final String SOURCE =
      """
      package t;

      import io.javad.Differentiable;

      public class Moves {
        /** Two buffers swapped through a temporary each time step: an explicit scheme. */
        @Differentiable static double pingPong(double[] u0, @io.javad.NoDerivative double c, int steps) {
          double[] cur = u0.clone();
          double[] next = new double[u0.length];
          for (int t = 0; t < steps; t++) {
            for (int i = 1; i < cur.length - 1; i++) {
              next[i] = cur[i] + c * (cur[i - 1] - 2 * cur[i] + cur[i + 1]) - 0.1 * cur[i] * cur[i];
            }
            next[0] = cur[0];
            next[cur.length - 1] = cur[cur.length - 1];
            double[] tmp = cur;
            cur = next;
            next = tmp;
          }
          double s = 0;
          for (double v : cur) {
            s += v * v;
          }
          return s;
        }

        /**
         * The two-dimensional explicit scheme: grids swapped through a temporary each step (read as
         * copies of their rows), a fresh grid assigned, and the grid's rows read by a for-each.
         */
        @Differentiable(wrt = "w")
        static double heat(double[] w, double k, int steps) {
          int n = 4;
          int m = w.length / n;
          double[][] u = new double[n][m];
          double[][] next = new double[n][m];
          for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
              u[i][j] = w[i * m + j];
            }
          }
          for (int s = 0; s < steps; s++) {
            for (int i = 1; i < n - 1; i++) {
              for (int j = 1; j < m - 1; j++) {
                next[i][j] = u[i][j] + k * (u[i + 1][j] + u[i - 1][j] + u[i][j + 1] + u[i][j - 1] - 4 * u[i][j])
                    - 0.1 * u[i][j] * u[i][j];
              }
            }
            double[][] t = u;
            u = next;
            next = t;
            if (s == 1) {
              next = new double[n][m]; // a fresh grid: the borders start at zero
            }
          }
          double e = 0;
          for (double[] row : u) {
            for (double v : row) {
              e += v * v;
            }
          }
          return e + next[1][1];
        }

        /** A fresh array per iteration, then named by the loop's variable. */
        @Differentiable static double relax(double[] x, int n) {
          double[] u = x.clone();
          for (int k = 0; k < n; k++) {
            double[] uNew = new double[u.length];
            for (int i = 0; i < u.length; i++) {
              uNew[i] = Math.sin(u[i]) * x[(i + 1) % x.length] + x[i];
            }
            u = uNew;
          }
          return u[0] + 2 * u[1] * u[2];
        }

        /** A copy assigned, then the source written: the copy keeps the old values. */
        @Differentiable static double restart(double[] x) {
          double[] best = x.clone();
          double[] trial = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            trial[i] = x[i] * x[i];
          }
          best = trial.clone();
          trial[0] = 5 * x[2];
          best[1] *= best[0];
          double[] zeros = new double[x.length];
          trial = new double[x.length];
          double[] pair = {x[0], x[1]};
          pair = new double[] {x[1] * x[2], x[0]};
          return best[0] + best[1] * trial[0] + trial[1] * x[1] + zeros[0] + pair[0];
        }

        /** Found by a user trial: another name kept for the old array (was read as the new one). */
        @Differentiable static double history(double[] u0, int steps) {
          int n = u0.length;
          double[] u = u0.clone();
          double change = 0;
          for (int t = 0; t < steps; t++) {
            double[] prev = u;
            double[] un = new double[n];
            for (int i = 0; i < n; i++) {
              un[i] = u[i] + 0.3 * Math.sin(u[(i + 1) % n] - u[i]);
            }
            u = un;
            for (int i = 0; i < n; i++) {
              change += (u[i] - prev[i]) * (u[i] - prev[i]);
            }
          }
          return change;
        }

        /** A swap, then a break: the buffer moved from goes out of scope either way. */
        @Differentiable static double fixedPoint(double[] c, int maxIter) {
          int n = c.length;
          double[] x = new double[n];
          double[] xNew = new double[n];
          int it = 0;
          while (it < maxIter) {
            double diff = 0;
            for (int i = 0; i < n; i++) {
              xNew[i] = Math.cos(c[i] + 0.5 * x[i]);
              diff = Math.max(diff, Math.abs(xNew[i] - x[i]));
            }
            double[] tmp = x;
            x = xNew;
            xNew = tmp;
            it++;
            if (diff < 1e-3) {
              break;
            }
          }
          double s = 0;
          for (double xi : x) {
            s += xi * xi;
          }
          return s;
        }

        /** A restart from a parameter's copy. */
        @Differentiable static double restartFromInput(double[] u0, int steps) {
          double[] u = new double[u0.length];
          for (int t = 0; t < steps; t++) {
            u = u0.clone();
            for (int i = 0; i < u.length; i++) {
              u[i] = u[i] * u[i] + t;
            }
          }
          return u[0] + u[u.length - 1];
        }
      }
      """;

  private static CompiledClasses classes;

  @BeforeAll
  static void compile() {
    classes = Compiler.compileAndLoad(Compiler.source("t.Moves", SOURCE));
  }

  @Test
  void swappedBuffersOfATimeSteppingLoop() {
    ArrayFunction f = new ArrayFunction(classes, "t.Moves", "pingPong");
    f.check(new double[] {0.2, 0.9, -0.4, 0.7, 0.1}, 0.3, 4);
    f.check(new double[] {0.2, 0.9, -0.4}, 0.25, 1);
    f.check(new double[] {0.2, 0.9, -0.4, 0.5}, 0.25, 0);
  }

  @Test
  void swappedGridsOfATwoDimensionalScheme() {
    ArrayFunction f = new ArrayFunction(classes, "t.Moves", "heat");
    double[] w = new double[16];
    for (int i = 0; i < w.length; i++) {
      w[i] = Math.sin(1.3 * i) * 0.8;
    }
    for (int steps = 0; steps <= 4; steps++) {
      f.check(w, 0.2, steps);
    }
  }

  @Test
  void aRowNamedWhileItsMatrixMovesIsAnError() {
    String error =
        Compiler.firstError(
            """
            @Differentiable static double f(double x, int steps) {
              double[][] u = {{x, 1}, {2, x}};
              double[][] v = new double[2][2];
              double s = 0;
              for (int t = 0; t < steps; t++) {
                double[] r = u[0];
                v[0][0] = u[1][1] * x;
                double[][] tmp = u; u = v; v = tmp;
                s += r[0];
              }
              return s;
            }
            """);
    assertTrue(error.contains("array r names a row of matrix u, which is assigned another matrix"), error);
  }

  @Test
  void aFreshArrayPerIterationNamedByTheLoopsVariable() {
    ArrayFunction f = new ArrayFunction(classes, "t.Moves", "relax");
    f.check(new double[] {0.2, 0.9, -0.4, 0.7}, 3);
    f.check(new double[] {0.2, 0.9, -0.4, 0.7}, 0);
  }

  @Test
  void aCopyAssignedKeepsItsValuesWhenTheSourceChanges() {
    ArrayFunction f = new ArrayFunction(classes, "t.Moves", "restart");
    f.check(new double[] {0.2, 0.9, -0.4, 0.7});
  }

  @Test
  void anotherNameKeptForTheOldArrayAndMovesInLoopsThatBreak() {
    new ArrayFunction(classes, "t.Moves", "history").check(new double[] {1.5, 2.0, 3.0, -1.0}, 3);
    new ArrayFunction(classes, "t.Moves", "fixedPoint").check(new double[] {0.3, -0.2, 0.8}, 50);
    new ArrayFunction(classes, "t.Moves", "fixedPoint").check(new double[] {0.3, -0.2, 0.8}, 2);
    new ArrayFunction(classes, "t.Moves", "restartFromInput").check(new double[] {0.3, -0.2, 0.8}, 2);
  }

  @Test
  void namesThatCopiesWouldSeparateAreErrors() {
    // Each was a wrong number in a user trial before it was refused.
    String source =
        Compiler.firstError(
            """
            @Differentiable static double f(double[] x0, double r) {
              double[] u = new double[x0.length];
              double[] w = new double[x0.length];
              double[] view = w;
              for (int i = 0; i < w.length; i++) w[i] = r * x0[i];
              u = w;
              u[0] = 0;
              return view[0];
            }
            """);
    assertTrue(source.contains("array variable view is another name of w"), source);
    String afterLoop =
        Compiler.firstError(
            """
            @Differentiable static double f(double[] x0, double r, int steps) {
              double[] a = new double[x0.length];
              double[] b = new double[x0.length];
              for (int t = 0; t < steps; t++) {
                a = new double[x0.length];
                for (int i = 0; i < a.length; i++) a[i] = r * x0[i];
                b = a;
              }
              b[0] = 0;
              return a[0];
            }
            """);
    assertTrue(afterLoop.contains("array variable b is made another name of a, and javad cannot tell"), afterLoop);
    String element =
        Compiler.firstError(
            """
            @Differentiable static double f(double x) {
              int[] sizes = {3};
              double[] a = new double[sizes[0]];
              sizes[0] = 5;
              double[] b = new double[sizes[0]];
              a[0] = x;
              b = a;
              return b.length * x + b[b.length - 1];
            }
            """);
    assertTrue(element.contains("array variable b is assigned another array, but it names an array javad"
        + " cannot copy into"), element);
  }

  /** Found by a review: each compiled and gave a wrong number (or threw) before it was refused or fixed. */
  @Test
  void whatCopiesWouldChangeIsRefused() {
    String header =
        Compiler.firstError(
            """
            @Differentiable static double f(double[] x) {
              double[] u = x.clone();
              double[] v = new double[x.length];
              for (int k = 0; k < 3; k++, u = v) {
                v = new double[x.length];
                for (int i = 0; i < x.length; i++) v[i] = Math.sin(u[i]);
              }
              return u[0];
            }
            """);
    assertTrue(header.contains("array variable u is assigned a whole array in a loop's header"), header);
    String forEach =
        Compiler.firstError(
            """
            @Differentiable static double f(double[] x) {
              double[] a = x.clone();
              double s = 0;
              for (double v : a) {
                double[] c = new double[x.length];
                s += v;
                a = c;
              }
              return s;
            }
            """);
    assertTrue(forEach.contains("array variable a is assigned a whole array here"), forEach);
    String record =
        Compiler.firstError(
            """
            record R(double[] v) {}
            @Differentiable static double f(double[] x) {
              double[] a = new double[x.length];
              double[] b = new double[x.length];
              for (int i = 0; i < x.length; i++) { a[i] = x[i] * x[i]; b[i] = 3 * x[i]; }
              R r = new R(b);
              b = a;
              return r.v()[0] + b[1];
            }
            """);
    assertTrue(record.contains("array variable b is assigned a whole array here"), record);
    String identity =
        Compiler.firstError(
            """
            @Differentiable static double f(double[] x) {
              double[] cur = x.clone();
              double[] next = new double[x.length];
              double s = 0;
              double[] t = cur;
              if (t == cur) s += cur[0];
              cur = next;
              return s + t[1];
            }
            """);
    assertTrue(identity.contains("arrays are compared by reference (==)"), identity);
  }

  @Test
  void aLoopsBufferIsMadeEvenWhereALengthIsNegativeAndTheLoopCannotRun() throws Exception {
    CompiledClasses compiled =
        Compiler.compileAndLoad(
            Compiler.source(
                "t.Guard",
                """
                package t;
                import io.javad.Differentiable;
                public class Guard {
                  @Differentiable static double f(double[] x, int n) {
                    double s = 0.3 * x[0];
                    if (n > 0) {
                      double[] cur = new double[n];
                      double[] next = new double[n];
                      cur[0] = x[0];
                      for (int k = 0; k < 3; k++) {
                        for (int i = 0; i < n; i++) next[i] = Math.sin(cur[i]) + x[0];
                        double[] t = cur;
                        cur = next;
                        next = t;
                      }
                      s += cur[0];
                    }
                    return s;
                  }
                }
                """));
    ArrayFunction f = new ArrayFunction(compiled, "t.Guard", "f");
    f.check(new double[] {0.4, 0.1}, -1);
    f.check(new double[] {0.4, 0.1}, 3);
  }

  @Test
  void anotherNameOfAnArrayStillInUseIsAnErrorAtTheAssignment() {
    String error =
        Compiler.firstError(
            """
            @Differentiable static double f(double[] x) {
              double[] a = x.clone();
              double[] b = new double[x.length];
              b = a;
              b[0] = 3 * a[0];
              return a[0] * b[0];
            }
            """);
    assertTrue(
        error.contains(
            "array variable b is made another name of a, and javad cannot tell that a is not used again"),
        error);
    String parameter =
        Compiler.firstError(
            """
            @Differentiable static double f(double[] x, double[] y) {
              x = y.clone();
              return x[0];
            }
            """);
    assertTrue(parameter.contains("array variable x is assigned another array, but it names an array"
        + " javad cannot copy into in its place (a parameter's"), parameter);
    String own =
        Compiler.firstError(
            """
            @Differentiable static double f(double[] x) {
              double[] p = {x[0], x[1]};
              p = new double[] {p[1], p[0]};
              return p[0];
            }
            """);
    assertTrue(own.contains("array variable p is assigned a new array built from its own elements"), own);
  }
}
