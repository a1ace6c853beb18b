package io.javad.samples;

import io.javad.Differentiable;
import io.javad.NoDerivative;

/**
 * The greeks of a European call under Black–Scholes by reverse-mode AD: {@link #call} is the pricing formula in
 * plain Java, and one call of the generated {@code BlackScholesGreeksDerivatives.callGradient} returns the price
 * together with all four first-order sensitivities (delta, rho, vega and theta). {@link #run()} prints them next to
 * their closed forms.
 *
 * <h2>The normal distribution function, branch-free</h2>
 *
 * <p>javad cannot yet differentiate branches, loops or calls to other methods, so {@code Phi} is written inline
 * with straight-line code. For {@code a >= 0} the upper tail is
 *
 * <pre>
 *   1 - Phi(a) = t exp(-a^2/2 + p(u)),   t = 1 / (1 + a/3),   u = 2t - 1  (in (-1, 1]),
 * </pre>
 *
 * <p>where {@code p} is a degree-23 polynomial: a Chebyshev fit of the exact, smooth function
 * {@code log((1 - Phi(a)) / t) + a^2/2}, made by {@code samples/tools/normal_tail_fit.py}. For any real {@code x},
 * {@code Phi(x) = (1 + s)/2 - s (1 - Phi(s x))} with {@code s = ±1} the sign of {@code x}.
 *
 * <p>Accuracy for |x| <= 8 (printed by the script, against 50-digit references; confirmed in
 * {@code BlackScholesGreeksTest}): {@code Phi} to 5e-15 relative, also in the lower tail where it is tiny, and its
 * derivative, which is what AD differentiates, to 1.3e-13 relative of {@code phi}. Being close in value does not
 * make an approximation close in slope: a fit's error wiggles, and the wiggles' slopes are what AD sees. The
 * textbook formula Abramowitz–Stegun 26.2.17 is good to 7.5e-8 in value, but its slope is off by 2.6e-6 absolute
 * (6e-6 of phi for |x| <= 2, 3e-4 at |x| = 4), which every greek would inherit; a fit this close to machine
 * precision keeps the slope's error at 1e-13. Beyond |x| ~ 8 the accuracy degrades
 * slowly with the rounding of {@code exp(-x^2/2)}, as any formula's does. The price is therefore exact to about
 * 1e-14 of the spot, and the greeks agree with their closed forms to a few 1e-13 relative (see
 * {@code BlackScholesGreeksTest} for the tolerances).
 */
public final class BlackScholesGreeks {

  // P_k is the coefficient of u^k in p(u); printed by samples/tools/normal_tail_fit.py.
  private static final double P0 = -1.4145790409504047;
  private static final double P1 = 0.6985919295826258;
  private static final double P2 = 0.071473432552340361;
  private static final double P3 = -0.041927906110741234;
  private static final double P4 = -0.01497896540318014;
  private static final double P5 = 6.8962222110554238e-3;
  private static final double P6 = 3.3595826130150621e-3;
  private static final double P7 = -1.7796764095362129e-3;
  private static final double P8 = -7.4668759650613925e-4;
  private static final double P9 = 5.5895877121427561e-4;
  private static final double P10 = 1.3409948056516723e-4;
  private static final double P11 = -1.7955228997468339e-4;
  private static final double P12 = -5.7350273715223394e-6;
  private static final double P13 = 5.2402176539610635e-5;
  private static final double P14 = -9.8548790083311249e-6;
  private static final double P15 = -1.2373908407330369e-5;
  private static final double P16 = 5.7217362171164201e-6;
  private static final double P17 = 1.8771462600218606e-6;
  private static final double P18 = -1.9123544347082541e-6;
  private static final double P19 = 3.7641523630097725e-9;
  private static final double P20 = 3.994198834421215e-7;
  private static final double P21 = -7.7551824866325099e-8;
  private static final double P22 = -4.0807480014375622e-8;
  private static final double P23 = 1.3275055650577014e-8;

  /** The coefficients of {@code p(u)}, lowest degree first, for tests that re-evaluate the formula. */
  static final double[] TAIL_POLYNOMIAL = {
    P0, P1, P2, P3, P4, P5, P6, P7, P8, P9, P10, P11, P12, P13, P14, P15, P16, P17, P18, P19, P20, P21, P22, P23
  };

  private BlackScholesGreeks() {}

  /**
   * The branch-free approximation of the standard normal distribution function that {@link #call} uses inline,
   * as its own method so that its accuracy (value and derivative) can be tested directly. {@link #call} repeats
   * the body because javad cannot yet differentiate a call from one method into another.
   *
   * @param x the point
   * @return {@code Phi(x)} to about 5e-15 relative for |x| <= 8
   */
  @Differentiable
  public static double normalCdf(double x) {
    // The sign of x with 0 counted as +1: Math.signum(0) = 0 would make the derivative vanish at x = 0 exactly.
    double s = Math.signum(Math.signum(x) + 0.5);
    double a = s * x;
    double t = 1 / (1 + a / 3);
    double u = 2 * t - 1;
    // p(u) by Horner's rule, one coefficient per line: the adjoint gives each reassignment its own version (p1,
    // p2, ...), so the generated code stays linear in the degree, and reads like the source line by line.
    double p = P23;
    p = p * u + P22;
    p = p * u + P21;
    p = p * u + P20;
    p = p * u + P19;
    p = p * u + P18;
    p = p * u + P17;
    p = p * u + P16;
    p = p * u + P15;
    p = p * u + P14;
    p = p * u + P13;
    p = p * u + P12;
    p = p * u + P11;
    p = p * u + P10;
    p = p * u + P9;
    p = p * u + P8;
    p = p * u + P7;
    p = p * u + P6;
    p = p * u + P5;
    p = p * u + P4;
    p = p * u + P3;
    p = p * u + P2;
    p = p * u + P1;
    p = p * u + P0;
    double tail = t * Math.exp(-0.5 * a * a + p); // 1 - Phi(|x|)
    return 0.5 * (1 + s) - s * tail;
  }

  /**
   * The Black–Scholes price of a European call on a non-dividend-paying asset,
   * {@code C = S Phi(d1) - K exp(-rT) Phi(d2)} with {@code d1 = (ln(S/K) + (r + sigma^2/2) T) / (sigma sqrt(T))}
   * and {@code d2 = d1 - sigma sqrt(T)}.
   *
   * @param spot the spot price {@code S > 0}
   * @param strike the strike {@code K > 0}; a contract term, so no derivative is taken
   * @param rate the continuously compounded risk-free rate {@code r}
   * @param vol the volatility {@code sigma > 0}
   * @param time the time to expiry {@code T > 0} in years
   * @return the call price
   */
  @Differentiable
  public static double call(double spot, @NoDerivative double strike, double rate, double vol, double time) {
    double sd = vol * Math.sqrt(time);
    double d1 = (Math.log(spot / strike) + (rate + 0.5 * vol * vol) * time) / sd;
    double d2 = d1 - sd;

    // Phi(d1): the body of normalCdf with x = d1.
    double s1 = Math.signum(Math.signum(d1) + 0.5);
    double a1 = s1 * d1;
    double t1 = 1 / (1 + a1 / 3);
    double u1 = 2 * t1 - 1;
    double p1 = P23; // p(u1) by Horner's rule
    p1 = p1 * u1 + P22;
    p1 = p1 * u1 + P21;
    p1 = p1 * u1 + P20;
    p1 = p1 * u1 + P19;
    p1 = p1 * u1 + P18;
    p1 = p1 * u1 + P17;
    p1 = p1 * u1 + P16;
    p1 = p1 * u1 + P15;
    p1 = p1 * u1 + P14;
    p1 = p1 * u1 + P13;
    p1 = p1 * u1 + P12;
    p1 = p1 * u1 + P11;
    p1 = p1 * u1 + P10;
    p1 = p1 * u1 + P9;
    p1 = p1 * u1 + P8;
    p1 = p1 * u1 + P7;
    p1 = p1 * u1 + P6;
    p1 = p1 * u1 + P5;
    p1 = p1 * u1 + P4;
    p1 = p1 * u1 + P3;
    p1 = p1 * u1 + P2;
    p1 = p1 * u1 + P1;
    p1 = p1 * u1 + P0;
    double cdf1 = 0.5 * (1 + s1) - s1 * t1 * Math.exp(-0.5 * a1 * a1 + p1);

    // Phi(d2): the same with x = d2.
    double s2 = Math.signum(Math.signum(d2) + 0.5);
    double a2 = s2 * d2;
    double t2 = 1 / (1 + a2 / 3);
    double u2 = 2 * t2 - 1;
    double p2 = P23; // p(u2) by Horner's rule
    p2 = p2 * u2 + P22;
    p2 = p2 * u2 + P21;
    p2 = p2 * u2 + P20;
    p2 = p2 * u2 + P19;
    p2 = p2 * u2 + P18;
    p2 = p2 * u2 + P17;
    p2 = p2 * u2 + P16;
    p2 = p2 * u2 + P15;
    p2 = p2 * u2 + P14;
    p2 = p2 * u2 + P13;
    p2 = p2 * u2 + P12;
    p2 = p2 * u2 + P11;
    p2 = p2 * u2 + P10;
    p2 = p2 * u2 + P9;
    p2 = p2 * u2 + P8;
    p2 = p2 * u2 + P7;
    p2 = p2 * u2 + P6;
    p2 = p2 * u2 + P5;
    p2 = p2 * u2 + P4;
    p2 = p2 * u2 + P3;
    p2 = p2 * u2 + P2;
    p2 = p2 * u2 + P1;
    p2 = p2 * u2 + P0;
    double cdf2 = 0.5 * (1 + s2) - s2 * t2 * Math.exp(-0.5 * a2 * a2 + p2);

    return spot * cdf1 - strike * Math.exp(-rate * time) * cdf2;
  }

  /**
   * A price with its four first-order greeks. Theta follows the trader's convention: the change of value as
   * calendar time passes, {@code theta = -dC/dT}, where {@code T} is the time to expiry.
   *
   * @param price the option price
   * @param delta {@code dC/dS}
   * @param rho {@code dC/dr}
   * @param vega {@code dC/dsigma}
   * @param theta {@code -dC/dT}
   */
  public record Greeks(double price, double delta, double rho, double vega, double theta) {}

  /**
   * The price and greeks of {@link #call} from one reverse-mode sweep.
   *
   * @param spot the spot price
   * @param strike the strike
   * @param rate the risk-free rate
   * @param vol the volatility
   * @param time the time to expiry in years
   * @return price and greeks, all from a single {@code callGradient} call
   */
  public static Greeks byAd(double spot, double strike, double rate, double vol, double time) {
    BlackScholesGreeksDerivatives.CallGradient g =
        BlackScholesGreeksDerivatives.callGradient(spot, strike, rate, vol, time);
    return new Greeks(g.value(), g.spot(), g.rate(), g.vol(), -g.time());
  }

  /**
   * The textbook closed forms, with {@code Phi} from the precise {@link Gaussian#cdf}: {@code delta = Phi(d1)},
   * {@code rho = K T exp(-rT) Phi(d2)}, {@code vega = S phi(d1) sqrt(T)} and
   * {@code dC/dT = S phi(d1) sigma / (2 sqrt(T)) + r K exp(-rT) Phi(d2)}.
   *
   * @param spot the spot price
   * @param strike the strike
   * @param rate the risk-free rate
   * @param vol the volatility
   * @param time the time to expiry in years
   * @return price and greeks
   */
  public static Greeks closedForm(double spot, double strike, double rate, double vol, double time) {
    double sqrtT = Math.sqrt(time);
    double d1 = (Math.log(spot / strike) + (rate + 0.5 * vol * vol) * time) / (vol * sqrtT);
    double d2 = d1 - vol * sqrtT;
    double discounted = strike * Math.exp(-rate * time);
    double nd1 = Gaussian.cdf(d1);
    double nd2 = Gaussian.cdf(d2);
    double density = Gaussian.pdf(d1);
    double price = spot * nd1 - discounted * nd2;
    double dPriceDTime = spot * density * vol / (2 * sqrtT) + rate * discounted * nd2;
    return new Greeks(price, nd1, time * discounted * nd2, spot * density * sqrtT, -dPriceDTime);
  }

  /** Prints the price and greeks of one call from {@code callGradient} next to their closed forms. */
  public static void run() {
    double spot = 100;
    double strike = 105;
    double rate = 0.03;
    double vol = 0.25;
    double time = 0.75;
    System.out.printf("European call: S = %s, K = %s, r = %s, sigma = %s, T = %s years%n",
        spot, strike, rate, vol, time);
    Greeks ad = byAd(spot, strike, rate, vol, time);
    Greeks exact = closedForm(spot, strike, rate, vol, time);
    System.out.println("  one callGradient call (one backward sweep) gives the price and all four greeks:");
    System.out.printf("  %-20s %22s %22s %10s%n", "", "javad (callGradient)", "closed form", "rel. diff");
    row("price C", ad.price(), exact.price());
    row("delta = dC/dS", ad.delta(), exact.delta());
    row("rho   = dC/dr", ad.rho(), exact.rho());
    row("vega  = dC/dsigma", ad.vega(), exact.vega());
    row("theta = -dC/dT", ad.theta(), exact.theta());
    System.out.println("  theta is per year, with the sign of the value change as time passes (-dC/dT).");
  }

  private static void row(String name, double ad, double exact) {
    double relative = Math.abs(ad - exact) / Math.abs(exact);
    System.out.printf("  %-20s %22.15f %22.15f %10.1e%n", name, ad, exact, relative);
  }
}
