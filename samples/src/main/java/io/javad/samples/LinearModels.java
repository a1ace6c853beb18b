package io.javad.samples;

import io.javad.Differentiable;

/**
 * Building blocks of linear models, differentiable on their own and from other differentiable code: a caller's
 * gradient calls their generated {@code LinearModelsDerivatives.dotAdjoint}, which adds into the caller's gradient
 * arrays instead of allocating new ones.
 */
public final class LinearModels {

  private LinearModels() {}

  /**
   * The inner product {@code w . x}.
   *
   * @param w the weights
   * @param x the features, as long as {@code w}
   * @return {@code sum_i w[i] x[i]}
   */
  @Differentiable
  public static double dot(double[] w, double[] x) {
    double s = 0;
    for (int i = 0; i < w.length; i++) {
      s += w[i] * x[i];
    }
    return s;
  }

  /**
   * Half the squared error of a linear prediction, {@code (w . x + b - y)^2 / 2}.
   *
   * @param w the weights
   * @param b the intercept
   * @param x the features
   * @param y the target
   * @return the loss of one example
   */
  @Differentiable(wrt = {"w", "b"})
  public static double squaredError(double[] w, double b, double[] x, double y) {
    double r = dot(w, x) + b - y;
    return 0.5 * r * r;
  }
}
