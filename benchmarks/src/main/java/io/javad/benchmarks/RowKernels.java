package io.javad.benchmarks;

import io.javad.Differentiable;
import io.javad.NoDerivative;
import io.javad.samples.Gaussian;
import io.javad.samples.LinearModels;

/**
 * Losses over the rows of a data set, built on the samples' library: {@link LinearModels#dot} is {@code
 * @Differentiable} there, and {@link Gaussian#cdf} has a derivative rule there. This module sees both only as class
 * files in the samples jar, as a client of a published library would.
 */
public final class RowKernels {

  private RowKernels() {}

  /** Sum of squared residuals, {@code sum_i (w . x_i - y_i)^2}, one library call per row. */
  @Differentiable
  public static double leastSquares(double[] w, @NoDerivative double[][] rows, @NoDerivative double[] y) {
    double loss = 0;
    for (int i = 0; i < rows.length; i++) {
      double r = LinearModels.dot(w, rows[i]) - y[i];
      loss += r * r;
    }
    return loss;
  }

  /** {@link #leastSquares} with the inner product written out: what the call costs is the difference. */
  @Differentiable
  public static double leastSquaresInline(double[] w, @NoDerivative double[][] rows, @NoDerivative double[] y) {
    double loss = 0;
    for (int i = 0; i < rows.length; i++) {
      double[] x = rows[i];
      double s = 0;
      for (int j = 0; j < w.length; j++) {
        s += w[j] * x[j];
      }
      double r = s - y[i];
      loss += r * r;
    }
    return loss;
  }

  /** Probit regression's negative log-likelihood: labels 0 or 1, {@code P(1) = Phi(w . x)}. */
  @Differentiable
  public static double probitLoss(double[] w, @NoDerivative double[][] rows, @NoDerivative int[] labels) {
    double loss = 0;
    for (int i = 0; i < rows.length; i++) {
      double sign = 2 * labels[i] - 1;
      double p = Gaussian.cdf(sign * LinearModels.dot(w, rows[i]));
      loss -= Math.log(p);
    }
    return loss;
  }

  /**
   * The gradient of {@link #leastSquares} as a careful person writes it: one pass for the residuals' adjoints, no
   * tape, no allocation but the result.
   *
   * @return the gradient with respect to {@code w}
   */
  public static double[] leastSquaresGradientByHand(double[] w, double[][] rows, double[] y) {
    double[] wBar = new double[w.length];
    for (int i = 0; i < rows.length; i++) {
      double[] x = rows[i];
      double s = 0;
      for (int j = 0; j < w.length; j++) {
        s += w[j] * x[j];
      }
      double rBar = 2 * (s - y[i]);
      for (int j = 0; j < w.length; j++) {
        wBar[j] += rBar * x[j];
      }
    }
    return wBar;
  }
}
