package io.javad.samples;

/**
 * The standard normal density and distribution function in plain Java, accurate to a few units in the last place
 * (about 1e-14 relative, also deep in the lower tail). It uses loops and branches, so javad cannot differentiate it;
 * the samples use it only for closed-form reference values.
 */
public final class Gaussian {

  private static final double INV_SQRT_2PI = 0.3989422804014327;

  // Below this |x| the power series converges quickly and its cancellation 1/2 - phi * S costs at most a factor 3
  // of accuracy (1/2 over Phi(-1)); above it the continued fraction converges, in at most ~400 terms.
  private static final double SERIES_LIMIT = 1;

  private static final int MAX_TERMS = 10_000;

  private Gaussian() {}

  /**
   * The standard normal density {@code phi(x) = exp(-x^2 / 2) / sqrt(2 pi)}.
   *
   * @param x the point
   * @return {@code phi(x)}
   */
  public static double pdf(double x) {
    return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
  }

  /**
   * The standard normal distribution function {@code Phi(x) = P(Z <= x)}, with full relative accuracy in the lower
   * tail (where the value is tiny) too.
   *
   * @param x the point
   * @return {@code Phi(x)}; NaN for NaN
   */
  public static double cdf(double x) {
    if (Double.isNaN(x)) {
      return x;
    }
    double a = Math.abs(x);
    if (a < SERIES_LIMIT) {
      double half = pdf(a) * series(a); // Phi(a) - 1/2
      return x < 0 ? 0.5 - half : 0.5 + half;
    }
    double tail = upperTail(a);
    return x < 0 ? tail : 1 - tail;
  }

  // Phi(a) - 1/2 = phi(a) * (a + a^3/3 + a^5/(3*5) + ...), a series of positive terms: no cancellation inside.
  private static double series(double a) {
    double a2 = a * a;
    double term = a;
    double sum = a;
    for (int n = 1; n < MAX_TERMS && term > 1e-17 * sum; n++) {
      term *= a2 / (2 * n + 1);
      sum += term;
    }
    return sum;
  }

  // 1 - Phi(a) = phi(a) / (a + 1/(a + 2/(a + 3/(a + ...)))) for a > 0 (Laplace's continued fraction), evaluated
  // front to back by the modified Lentz method so that no depth must be fixed in advance.
  private static double upperTail(double a) {
    if (a > 40) {
      return 0; // phi(40) underflows; the continued fraction would return 0 / finite anyway
    }
    double f = a;
    double c = a;
    double d = 0;
    for (int k = 1; k < MAX_TERMS; k++) {
      d = 1 / (a + k * d);
      c = a + k / c;
      double delta = c * d;
      f *= delta;
      if (Math.abs(delta - 1) < 1e-16) {
        break;
      }
    }
    return pdf(a) / f;
  }
}
