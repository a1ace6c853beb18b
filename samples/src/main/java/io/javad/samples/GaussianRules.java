package io.javad.samples;

import io.javad.DerivativeOf;

/**
 * Derivative rules for the precise {@link Gaussian}: its {@code cdf} runs a series or a continued fraction until it
 * converges, and the derivative of that iteration is not the derivative of the function. The function's own
 * derivative is known in closed form, so differentiable code calls {@code Gaussian.cdf} and javad uses these rules,
 * in both modes (one rule per partial derivative). Being in {@code Gaussian}'s package, they are found by every
 * project that has this jar on its class path.
 */
public final class GaussianRules {

  private GaussianRules() {}

  /**
   * {@code Phi'(x) = phi(x)}.
   *
   * @param x the point
   * @return the standard normal density at {@code x}
   */
  @DerivativeOf(target = Gaussian.class, method = "cdf")
  public static double cdf(double x) {
    return Gaussian.pdf(x);
  }

  /**
   * {@code phi'(x) = -x phi(x)}.
   *
   * @param x the point
   * @return the slope of the density at {@code x}
   */
  @DerivativeOf(target = Gaussian.class, method = "pdf")
  public static double pdf(double x) {
    return -x * Gaussian.pdf(x);
  }
}
