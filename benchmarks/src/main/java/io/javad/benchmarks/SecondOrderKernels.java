package io.javad.benchmarks;

import io.javad.Differentiable;
import io.javad.NoDerivative;

/** Functions of 100 inputs with second-order and vector-mode members, for {@link SecondOrderBenchmark}. */
public final class SecondOrderKernels {

  private SecondOrderKernels() {}

  /** L2-regularized logistic loss of a linear model over data rows; with vector mode too. */
  @Differentiable(
      order = 2,
      modes = {io.javad.Mode.FORWARD, io.javad.Mode.REVERSE, io.javad.Mode.FORWARD_VECTOR})
  public static double logistic(double[] w, @NoDerivative double[][] x, @NoDerivative double[] y) {
    double loss = 0;
    for (int r = 0; r < x.length; r++) {
      double z = 0;
      for (int j = 0; j < w.length; j++) {
        z += w[j] * x[r][j];
      }
      loss += Math.log1p(Math.exp(-y[r] * z));
    }
    double reg = 0;
    for (int j = 0; j < w.length; j++) {
      reg += w[j] * w[j];
    }
    return loss / x.length + 1e-3 * reg;
  }

  /** Transcendental-heavy: its partials cost more than the tangent arithmetic. */
  @Differentiable(modes = {io.javad.Mode.FORWARD, io.javad.Mode.FORWARD_VECTOR})
  public static double waves(double[] w) {
    double s = 0;
    for (int i = 0; i < w.length; i++) {
      s += Math.sin(w[i]) * Math.exp(Math.cos(w[i]));
    }
    return s;
  }

  /** The extended Rosenbrock function. */
  @Differentiable(order = 2)
  public static double rosenbrock(double[] v) {
    double s = 0;
    for (int i = 0; i + 1 < v.length; i++) {
      double a = 1 - v[i];
      double b = v[i + 1] - v[i] * v[i];
      s += a * a + 100 * b * b;
    }
    return s;
  }
}
