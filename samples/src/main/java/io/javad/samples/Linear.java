package io.javad.samples;

/**
 * A small dense linear solver, as a library would ship it: javad does not differentiate its code
 * (row swaps, pivot searches), and {@link LinearRules} gives its derivatives instead.
 */
public final class Linear {

  private Linear() {}

  /**
   * Solves {@code a x = b} by Gaussian elimination with partial pivoting; {@code a} and {@code b}
   * are left as they are.
   *
   * @param a a square, nonsingular matrix
   * @param b the right-hand side
   * @return x
   */
  public static double[] solve(double[][] a, double[] b) {
    int n = b.length;
    double[][] m = new double[n][];
    for (int i = 0; i < n; i++) {
      m[i] = a[i].clone();
    }
    double[] x = b.clone();
    for (int k = 0; k < n; k++) {
      int pivot = k;
      for (int i = k + 1; i < n; i++) {
        if (Math.abs(m[i][k]) > Math.abs(m[pivot][k])) {
          pivot = i;
        }
      }
      double[] row = m[k];
      m[k] = m[pivot];
      m[pivot] = row;
      double t = x[k];
      x[k] = x[pivot];
      x[pivot] = t;
      for (int i = k + 1; i < n; i++) {
        double f = m[i][k] / m[k][k];
        for (int j = k; j < n; j++) {
          m[i][j] -= f * m[k][j];
        }
        x[i] -= f * x[k];
      }
    }
    for (int i = n - 1; i >= 0; i--) {
      for (int j = i + 1; j < n; j++) {
        x[i] -= m[i][j] * x[j];
      }
      x[i] /= m[i][i];
    }
    return x;
  }

  /**
   * Solves {@code aᵀ x = b}.
   *
   * @param a a square, nonsingular matrix
   * @param b the right-hand side
   * @return x
   */
  public static double[] solveTransposed(double[][] a, double[] b) {
    int n = b.length;
    double[][] t = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        t[j][i] = a[i][j];
      }
    }
    return solve(t, b);
  }
}
