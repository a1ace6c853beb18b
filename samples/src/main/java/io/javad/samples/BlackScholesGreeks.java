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
 * <p>{@code Phi} is its own {@code @Differentiable} method, {@link #normalCdf}, in straight-line code (the precise
 * {@link Gaussian#cdf} loops until it converges, which would make AD differentiate the iteration rather than the
 * function; {@link GaussianRules} shows the other way, a derivative rule). For {@code a >= 0} the upper tail is
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
   * The branch-free approximation of the standard normal distribution function that {@link #call} uses; its
   * accuracy (value and derivative) is tested directly.
   *
   * @param x the point
   * @return {@code Phi(x)} to about 5e-15 relative for |x| <= 8
   */
  @Differentiable(order = 2)
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
  @Differentiable(order = 2)
  public static double call(double spot, @NoDerivative double strike, double rate, double vol, double time) {
    double sd = vol * Math.sqrt(time);
    double d1 = (Math.log(spot / strike) + (rate + 0.5 * vol * vol) * time) / sd;
    double d2 = d1 - sd;
    // The derivatives of normalCdf come from its own generated code, which callGradient calls.
    return spot * normalCdf(d1) - strike * Math.exp(-rate * time) * normalCdf(d2);
  }

  /**
   * {@link #call} with the precise {@link Gaussian#cdf}, which javad differentiates by the rules in
   * {@link GaussianRules} ({@code Phi' = phi}): greeks exact to rounding, with no approximation of {@code Phi}.
   *
   * @param spot the spot price {@code S > 0}
   * @param strike the strike {@code K > 0}
   * @param rate the risk-free rate
   * @param vol the volatility {@code sigma > 0}
   * @param time the time to expiry {@code T > 0} in years
   * @return the call price
   */
  @Differentiable
  public static double callPrecise(double spot, @NoDerivative double strike, double rate, double vol, double time) {
    double sd = vol * Math.sqrt(time);
    double d1 = (Math.log(spot / strike) + (rate + 0.5 * vol * vol) * time) / sd;
    double d2 = d1 - sd;
    return spot * Gaussian.cdf(d1) - strike * Math.exp(-rate * time) * Gaussian.cdf(d2);
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

  /**
   * Second-order greeks: gamma {@code d2C/dS2}, vanna {@code d2C/dS dsigma} and volga {@code d2C/dsigma2}.
   *
   * @param gamma {@code d2C/dS2}
   * @param vanna {@code d2C/dS dsigma}
   * @param volga {@code d2C/dsigma2}
   */
  public record SecondOrder(double gamma, double vanna, double volga) {}

  /**
   * Gamma, vanna and volga from one {@code callHessian} call: {@link #call} is {@code @Differentiable(order = 2)},
   * so its companion has the dense Hessian over the active inputs in parameter order (spot, rate, vol, time; the
   * strike is {@code @NoDerivative}), built by differentiating the tangent again in reverse mode.
   *
   * @param spot the spot price
   * @param strike the strike
   * @param rate the risk-free rate
   * @param vol the volatility
   * @param time the time to expiry in years
   * @return the three second-order greeks
   */
  public static SecondOrder secondOrderByAd(double spot, double strike, double rate, double vol, double time) {
    double[][] h = BlackScholesGreeksDerivatives.callHessian(spot, strike, rate, vol, time).hessian();
    int s = 0; // spot
    int v = 2; // vol
    return new SecondOrder(h[s][s], h[s][v], h[v][v]);
  }

  /**
   * The closed forms: {@code gamma = phi(d1) / (S sigma sqrt(T))}, {@code vanna = -phi(d1) d2 / sigma} and
   * {@code volga = S phi(d1) sqrt(T) d1 d2 / sigma}.
   *
   * @param spot the spot price
   * @param strike the strike
   * @param rate the risk-free rate
   * @param vol the volatility
   * @param time the time to expiry in years
   * @return the three second-order greeks
   */
  public static SecondOrder secondOrderClosedForm(double spot, double strike, double rate, double vol, double time) {
    double sqrtT = Math.sqrt(time);
    double d1 = (Math.log(spot / strike) + (rate + 0.5 * vol * vol) * time) / (vol * sqrtT);
    double d2 = d1 - vol * sqrtT;
    double density = Gaussian.pdf(d1);
    return new SecondOrder(
        density / (spot * vol * sqrtT), -density * d2 / vol, spot * density * sqrtT * d1 * d2 / vol);
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
    SecondOrder second = secondOrderByAd(spot, strike, rate, vol, time);
    SecondOrder closed = secondOrderClosedForm(spot, strike, rate, vol, time);
    System.out.println("  one callHessian call (call is @Differentiable(order = 2)) gives the second order:");
    System.out.printf("  %-20s %22s %22s %10s%n", "", "javad (callHessian)", "closed form", "rel. diff");
    row("gamma = d2C/dS2", second.gamma(), closed.gamma());
    row("vanna = d2C/dSdsig", second.vanna(), closed.vanna());
    row("volga = d2C/dsig2", second.volga(), closed.volga());
  }

  private static void row(String name, double ad, double exact) {
    double relative = Math.abs(ad - exact) / Math.abs(exact);
    System.out.printf("  %-20s %22.15f %22.15f %10.1e%n", name, ad, exact, relative);
  }
}
