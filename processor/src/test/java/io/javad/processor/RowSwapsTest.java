package io.javad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javad.processor.testing.ArrayFunction;
import io.javad.processor.testing.CompiledClasses;
import io.javad.processor.testing.Compiler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rows of a matrix swapped through a temporary (the pivoting of an elimination), read as swaps of
 * their elements: both modes against finite differences and the dot-product test, and the
 * gradient of log|det A| against its closed form, the inverse transposed.
 */
class RowSwapsTest {

  private static final String SOURCE =
      """
      package t;

      import io.javad.Differentiable;

      public class Pivoting {
        /** log|det A| by Gaussian elimination with partial pivoting; A is n by n, row by row. */
        @Differentiable
        static double logAbsDet(double[] a, int n) {
          double[][] m = new double[n][n];
          for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
              m[i][j] = a[i * n + j];
            }
          }
          double logDet = 0;
          for (int k = 0; k < n; k++) {
            int p = k;
            for (int i = k + 1; i < n; i++) {
              if (Math.abs(m[i][k]) > Math.abs(m[p][k])) {
                p = i;
              }
            }
            if (p != k) {
              double[] t = m[k];
              m[k] = m[p];
              m[p] = t;
            }
            double pivot = m[k][k];
            logDet += Math.log(Math.abs(pivot));
            for (int i = k + 1; i < n; i++) {
              double[] rowI = m[i];
              double f = rowI[k] / pivot;
              for (int j = k; j < n; j++) {
                rowI[j] -= f * m[k][j];
              }
            }
          }
          return logDet;
        }

        /** A weighted sum of the solution of A x = b; the augmented rows always swapped. */
        @Differentiable
        static double solveSum(double[] ab, int n) {
          float[][] unused = new float[1][1];
          double[][] m = new double[n][n + 1];
          for (int i = 0; i < n; i++) {
            for (int j = 0; j <= n; j++) {
              m[i][j] = ab[i * (n + 1) + j];
            }
          }
          for (int k = 0; k < n; k++) {
            int p = k;
            for (int i = k + 1; i < n; i++) {
              if (Math.abs(m[i][k]) > Math.abs(m[p][k])) {
                p = i;
              }
            }
            double[] tmp = m[k];
            m[k] = m[p];
            m[p] = tmp;
            for (int i = k + 1; i < n; i++) {
              double f = m[i][k] / m[k][k];
              for (int j = k; j <= n; j++) {
                m[i][j] -= f * m[k][j];
              }
            }
          }
          double[] x = new double[n];
          double s = 0;
          for (int i = n - 1; i >= 0; i--) {
            double r = m[i][n];
            for (int j = i + 1; j < n; j++) {
              r -= m[i][j] * x[j];
            }
            x[i] = r / m[i][i];
            s += (i + 1) * x[i] + unused[0][0];
          }
          return s;
        }

        /**
         * Rows sorted by their first element, a selection sort swapping through one temporary
         * declared apart; a row named before each swap, and read only before it.
         */
        @Differentiable
        static double sortedRows(double[] a, int n) {
          double[][] m = new double[n][2];
          for (int i = 0; i < n; i++) {
            m[i][0] = a[i];
            m[i][1] = a[i] * a[i] + i;
          }
          double[] t;
          double s = 0;
          for (int i = 0; i < n; i++) {
            double[] first = m[i];
            s += 0.01 * first[1];
            int best = i;
            for (int k = i + 1; k < n; k++) {
              if (m[k][0] < m[best][0]) {
                best = k;
              }
            }
            t = m[i];
            m[i] = m[best];
            m[best] = t;
          }
          for (int i = 0; i < n; i++) {
            s += (i + 1) * m[i][1];
          }
          return s;
        }

        /** A matrix copied row by row with clone(), into rows of one length, then changed. */
        @Differentiable
        static double clonedRows(double[] a, int n) {
          double[][] in = new double[n][2];
          for (int i = 0; i < n; i++) {
            in[i][0] = a[i];
            in[i][1] = a[i] * a[i];
          }
          double[][] m = new double[n][2];
          for (int i = 0; i < n; i++) {
            m[i] = in[i].clone();
          }
          m[0][1] *= m[n - 1][0];
          in[0][0] = 9; // m holds copies
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += (i + 1) * m[i][0] * m[i][1] + in[i][0];
          }
          return s;
        }

        /** A step of a map applied to each row: m[i] = f(m[i]), a new array copied into the row. */
        @Differentiable
        static double[] rotate(double[] p, double angle) {
          return new double[] {
            p[0] * Math.cos(angle) - p[1] * Math.sin(angle), p[0] * Math.sin(angle) + p[1] * Math.cos(angle)
          };
        }

        @Differentiable(wrt = "a")
        static double mappedRows(double[] a, int n) {
          double[][] m = new double[n][2];
          for (int i = 0; i < n; i++) {
            m[i] = new double[] {a[i], a[i] * a[i]};
          }
          for (int k = 0; k < 2; k++) {
            for (int i = 0; i < n; i++) {
              m[i] = rotate(m[i], 0.3 * a[0] + i);
            }
          }
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += (i + 1) * m[i][0] + m[i][1] * m[i][1];
          }
          return s;
        }

        /** A row of another length: Java's matrix would become ragged. */
        @Differentiable
        static double raggedRow(double[] a, int n) {
          double[][] m = new double[2][2];
          double[] longer = new double[n];
          longer[0] = a[0];
          m[1] = longer.clone();
          return m[1][0] * a[1];
        }

        /** Rows of a float matrix, swapped in a loop that reverses their order. */
        @Differentiable
        static double reversed(double[] a, int n) {
          float[][] m = new float[n][2];
          for (int i = 0; i < n; i++) {
            m[i][0] = (float) a[i];
            m[i][1] = (float) (a[i] * a[i]);
          }
          for (int i = 0; i < n / 2; i++) {
            int j = n - 1 - i;
            float[] t = m[i];
            m[i] = m[j];
            m[j] = t;
          }
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += (i + 1) * m[i][0] + 0.5 * (i + 1) * (i + 1) * m[i][1];
          }
          return s;
        }
      }
      """;

  private static CompiledClasses classes;

  @BeforeAll
  static void compile() {
    classes = Compiler.compileAndLoad(Compiler.source("t.Pivoting", SOURCE));
  }

  /** Rows chosen so that pivoting swaps at the first step and again later. */
  private static final double[] A =
      {0.2, 1.0, -0.3, 0.5, 2.0, 0.1, 0.7, -0.4, -1.1, 0.6, 0.3, 0.9, 0.4, -0.8, 1.5, 0.2};

  @Test
  void logDeterminantWithPivotingMatchesTheInverseTransposed() {
    ArrayFunction f = new ArrayFunction(classes, "t.Pivoting", "logAbsDet");
    f.check(A, 4);
    f.check(new double[] {3, 1, 1, 2}, 2); // no swap
    double[] g = f.gradient(A, 4);
    double[][] inverse = invert(A, 4);
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 4; j++) {
        assertEquals(inverse[j][i], g[i * 4 + j], 1e-12, "d log|det A| / dA[" + i + "][" + j + "]");
      }
    }
  }

  @Test
  void aSolveThatAlwaysSwapsIncludingARowWithItself() {
    ArrayFunction f = new ArrayFunction(classes, "t.Pivoting", "solveSum");
    double[] ab = new double[12];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        ab[i * 4 + j] = A[i * 4 + j];
      }
      ab[i * 4 + 3] = 0.5 - i;
    }
    f.check(ab, 3);
    f.check(new double[] {2, 0.5, 1, 0.1, 3, -1}, 2); // the first pivot is in place
  }

  @Test
  void rowsOfAFloatMatrixReversed() {
    ArrayFunction f = new ArrayFunction(classes, "t.Pivoting", "reversed");
    double[] a = {0.5, -1.25, 2, 0.75, 1.5};
    double[] g = f.gradient(a, 5);
    for (int i = 0; i < 5; i++) {
      // Row i ends at position 4 - i: weighted by 5 - i and (5 - i)^2 / 2, of a[i] and a[i]^2.
      double w = 5 - i;
      assertEquals(w + w * w * a[i], g[i], 1e-5, "d/da[" + i + "]");
    }
  }

  @Test
  void rowsSortedThroughATemporaryAssignedForEachSwap() {
    ArrayFunction f = new ArrayFunction(classes, "t.Pivoting", "sortedRows");
    double[] a = {0.5, -1.25, 2, 0.75, 1.5};
    f.check(a, 5);
    // Where each row is, followed on indices: row r adds (position + 0.01 * times read first)
    // * (a[r]^2 + r), whose derivative is that weight * 2 a[r].
    int[] at = {0, 1, 2, 3, 4};
    double[] weight = new double[5];
    for (int i = 0; i < 5; i++) {
      weight[at[i]] += 0.01;
      int best = i;
      for (int k = i + 1; k < 5; k++) {
        best = a[at[k]] < a[at[best]] ? k : best;
      }
      int swap = at[i];
      at[i] = at[best];
      at[best] = swap;
    }
    for (int i = 0; i < 5; i++) {
      weight[at[i]] += i + 1;
    }
    double[] g = f.gradient(a, 5);
    for (int r = 0; r < 5; r++) {
      assertEquals(weight[r] * 2 * a[r], g[r], 1e-9, "d/da[" + r + "]");
    }
  }

  @Test
  void rowsAssignedCopiesOfArraysOfTheirLength() {
    ArrayFunction f = new ArrayFunction(classes, "t.Pivoting", "clonedRows");
    f.check(new double[] {0.5, -1.25, 2}, 3);
    ArrayFunction ragged = new ArrayFunction(classes, "t.Pivoting", "raggedRow");
    ragged.check(new double[] {0.5, -1.25}, 2); // the row's own length: a copy
    AssertionError thrown =
        org.junit.jupiter.api.Assertions.assertThrows(
            AssertionError.class, () -> ragged.gradient(new double[] {0.5, -1.25}, 3));
    assertTrue(
        thrown.getCause() instanceof IllegalArgumentException
            && thrown.getCause().getMessage().contains("a row of length 2 is assigned a copy"),
        String.valueOf(thrown.getCause()));
  }

  @Test
  void rowsAssignedNewArraysAndACalleesResults() {
    new ArrayFunction(classes, "t.Pivoting", "mappedRows").check(new double[] {0.5, -1.25, 2}, 3);
  }

  @Test
  void theSwapIsALoopOverTheRowsElements() {
    String code = classes.generatedCode("t.PivotingDerivatives");
    assertTrue(code.contains("double swapped = m[k][j"), code);
    assertTrue(!code.contains("m[k] = m[p]"), code);
  }

  /** Gauss-Jordan with partial pivoting, written here independently of the code under test. */
  private static double[][] invert(double[] flat, int n) {
    double[][] a = new double[n][2 * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        a[i][j] = flat[i * n + j];
      }
      a[i][n + i] = 1;
    }
    for (int c = 0; c < n; c++) {
      int best = c;
      for (int r = c + 1; r < n; r++) {
        best = Math.abs(a[r][c]) > Math.abs(a[best][c]) ? r : best;
      }
      double[] swap = a[c];
      a[c] = a[best];
      a[best] = swap;
      double d = a[c][c];
      for (int j = 0; j < 2 * n; j++) {
        a[c][j] /= d;
      }
      for (int r = 0; r < n; r++) {
        if (r != c) {
          double f = a[r][c];
          for (int j = 0; j < 2 * n; j++) {
            a[r][j] -= f * a[c][j];
          }
        }
      }
    }
    double[][] inverse = new double[n][n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(a[i], n, inverse[i], 0, n);
    }
    return inverse;
  }
}
