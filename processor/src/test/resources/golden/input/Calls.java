package golden;

import io.javad.Differentiable;
import io.javad.NoDerivative;

/** A model built from smaller differentiable functions: a logistic regression loss. */
public class Calls {
  @Differentiable
  static double dot(double[] w, double[] x) {
    double s = 0;
    for (int i = 0; i < w.length; i++) {
      s += w[i] * x[i];
    }
    return s;
  }

  @Differentiable
  static double softplus(double z) {
    return Math.log1p(Math.exp(z));
  }

  /** Negative log-likelihood of labels y (0 or 1) given features rows. */
  @Differentiable
  static double loss(double[] w, double bias, @NoDerivative double[][] rows, @NoDerivative int[] y) {
    double total = 0;
    for (int i = 0; i < rows.length; i++) {
      double z = dot(w, rows[i]) + bias;
      total += softplus(z) - y[i] * z;
    }
    return total / rows.length;
  }
}
