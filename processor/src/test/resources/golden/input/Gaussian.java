package golden;

import io.javad.Differentiable;
import io.javad.NoDerivative;

/** Math functions: a nested call is named once and its value reused by the derivative. */
public class Gaussian {
  static final double SQRT_2PI = 2.5066282746310002;

  @Differentiable
  public static double density(double x, double mu, double sigma) {
    double z = (x - mu) / sigma;
    return Math.exp(-0.5 * z * z) / (sigma * SQRT_2PI);
  }

  @Differentiable
  public static double softplus(double x, @NoDerivative double beta) {
    return Math.log1p(Math.exp(beta * x)) / beta;
  }
}
