package golden;

import io.javad.Differentiable;

/** Methods that write their results into arrays they are passed, and a caller. */
public class OutParameters {
  @Differentiable
  static void axpy(double a, double[] x, double[] y) {
    for (int i = 0; i < y.length; i++) {
      y[i] += a * x[i];
    }
  }

  @Differentiable
  static void square(double[] v) {
    for (int i = 0; i < v.length; i++) {
      v[i] = v[i] * v[i];
    }
  }

  @Differentiable
  static double steps(double a, double[] x, int n) {
    double[] y = x.clone();
    for (int k = 0; k < n; k++) {
      axpy(a, x, y);
      square(y);
    }
    double s = 0;
    for (int i = 0; i < y.length; i++) {
      s += y[i];
    }
    return s;
  }
}
