package io.javad.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javad.runtime.GradientCheck;
import java.util.Random;
import java.util.stream.Stream;
import org.hipparchus.analysis.differentiation.DSFactory;
import org.hipparchus.analysis.differentiation.DerivativeStructure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generated greeks of {@link BlackScholesGreeks#call} against closed forms, Hipparchus and both generated modes
 * against each other and finite differences.
 *
 * <p>Tolerances. The generated code differentiates the approximation {@code Phi~} of the normal distribution
 * function exactly, so it differs from the closed forms only through {@code Phi~ - Phi} (5e-15 relative, measured in
 * {@link #normalCdfApproximationIsAccurate}) and {@code Phi~' - phi} (1.5e-13 relative). Each greek is a sum of a few
 * chain-rule terms, each a factor times {@code Phi~} or {@code Phi~'}; its error is therefore at most about 1.5e-13
 * times the sum of the terms' magnitudes ({@link #chainScale}). The tests allow 1e-12 times that sum: 7x the
 * approximation error, with room left for the rounding of the terms themselves (1e-15 each).
 */
class BlackScholesGreeksTest {

  /** Relative error of Phi~' against phi for |x| <= 8, measured in normalCdfApproximationIsAccurate: 1.3e-13. */
  private static final double CDF_SLOPE_ERROR = 2e-13;

  /** Error of Phi~ relative to the smaller of Phi and 1 - Phi (plus an ulp) for |x| <= 8, measured there: 5e-15. */
  private static final double CDF_ERROR = 1e-14;

  private static final double GREEK_TOLERANCE = 1e-12;

  /** A call contract and market state. */
  record Scenario(String name, double spot, double strike, double rate, double vol, double time) {
    double[] active() {
      return new double[] {spot, rate, vol, time};
    }

    double d1() {
      return (Math.log(spot / strike) + (rate + 0.5 * vol * vol) * time) / (vol * Math.sqrt(time));
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Scenario> scenarios() {
    return Stream.of(
        new Scenario("at the money", 100, 100, 0.05, 0.2, 1),
        new Scenario("in the money", 120, 100, 0.03, 0.25, 0.5),
        new Scenario("out of the money", 80, 100, 0.01, 0.3, 2),
        new Scenario("deep in the money, short", 150, 100, 0.02, 0.15, 0.25),
        new Scenario("deep out of the money", 60, 100, 0.04, 0.2, 0.5),
        new Scenario("one week, near the money", 100, 101, 0.05, 0.4, 1.0 / 52),
        new Scenario("five years, high vol", 90, 100, 0.06, 0.6, 5),
        new Scenario("negative rate", 100, 95, -0.005, 0.18, 1.5),
        // r = sigma^2 / 2 at the money makes d2 exactly 0, the kink of the branch-free Phi~ (see d2CanBeExactlyZero).
        new Scenario("d2 exactly zero", 100, 100, 0.045, 0.3, 1));
  }

  private static BlackScholesGreeks.Greeks ad(Scenario s) {
    return BlackScholesGreeks.byAd(s.spot(), s.strike(), s.rate(), s.vol(), s.time());
  }

  private static BlackScholesGreeks.Greeks closedForm(Scenario s) {
    return BlackScholesGreeks.closedForm(s.spot(), s.strike(), s.rate(), s.vol(), s.time());
  }

  private static double price(Scenario s, double[] v) {
    return BlackScholesGreeks.call(v[0], s.strike(), v[1], v[2], v[3]);
  }

  // ------------------------------------------------------------------------------------------------------------
  // The approximation of Phi itself

  @Test
  void normalCdfApproximationIsAccurate() {
    for (int i = -8000; i <= 8000; i++) {
      double x = i * 1e-3 + 1e-7; // avoid landing only on round numbers
      BlackScholesGreeksDerivatives.NormalCdfGradient g = BlackScholesGreeksDerivatives.normalCdfGradient(x);
      double exact = Gaussian.cdf(x);
      // Relative accuracy in the tail, where the value is tiny; near 1 the last ulp of the sum 1 - tail.
      double tolerance = CDF_ERROR * Math.min(exact, 1 - exact) + Math.ulp(exact);
      assertEquals(exact, g.value(), tolerance, () -> "Phi~(" + x + ")");
      assertEquals(Gaussian.pdf(x), g.x(), CDF_SLOPE_ERROR * Gaussian.pdf(x), () -> "Phi~'(" + x + ")");
    }
  }

  @Test
  void theGaussianRulesPassTheirGeneratedChecks() {
    // javad writes a check per @DerivativeOf rule: the rule against a finite difference.
    for (double x = -6; x <= 6; x += 0.37) {
      GaussianRulesRuleChecks.cdf(x);
      GaussianRulesRuleChecks.pdf(x);
    }
  }

  @Test
  void secondOrderGreeksMatchTheirClosedForms() {
    double[][] cases = {{100, 105, 0.03, 0.25, 0.75}, {80, 100, 0.01, 0.4, 2}, {120, 100, 0.05, 0.15, 0.1}};
    for (double[] c : cases) {
      BlackScholesGreeks.SecondOrder ad = BlackScholesGreeks.secondOrderByAd(c[0], c[1], c[2], c[3], c[4]);
      BlackScholesGreeks.SecondOrder exact = BlackScholesGreeks.secondOrderClosedForm(c[0], c[1], c[2], c[3], c[4]);
      assertEquals(exact.gamma(), ad.gamma(), 1e-9 * Math.abs(exact.gamma()), "gamma");
      assertEquals(exact.vanna(), ad.vanna(), 1e-9 * Math.abs(exact.vanna()), "vanna");
      assertEquals(exact.volga(), ad.volga(), 1e-9 * Math.abs(exact.volga()), "volga");
    }
  }

  @Test
  void normalCdfSlopeIsRightAtZero() {
    // signum(0) = 0 would zero the derivative here; the sign trick in normalCdf counts 0 as positive.
    assertEquals(0.5, BlackScholesGreeks.normalCdf(0), 1e-15);
    double slope = BlackScholesGreeksDerivatives.normalCdfGradient(0).x();
    assertEquals(Gaussian.pdf(0), slope, CDF_SLOPE_ERROR * Gaussian.pdf(0));
    // The tangent code multiplies in a different order: equal up to an ulp or two.
    assertEquals(slope, BlackScholesGreeksDerivatives.normalCdfTangent(0, 1).tangent(), 1e-15);
    assertEquals(slope, BlackScholesGreeksDerivatives.normalCdfTangent(-0.0, 1).tangent(), 1e-15);
  }

  @Test
  void preciseGaussianAgreesWithHipparchus() {
    for (int i = -2000; i <= 800; i++) {
      double x = i * 1e-2 + 3e-6;
      double hipparchus = 0.5 * org.hipparchus.special.Erf.erfc(-x / Math.sqrt(2));
      // Both are accurate to ~1e-14 relative; rounding x / sqrt(2) alone changes erfc by ~x^2 ulp.
      double tolerance = (2e-14 + x * x * 0x1p-52) * hipparchus;
      assertEquals(hipparchus, Gaussian.cdf(x), tolerance, () -> "Phi(" + x + ")");
    }
  }

  // ------------------------------------------------------------------------------------------------------------
  // Price and greeks against closed forms

  @ParameterizedTest
  @MethodSource("scenarios")
  void priceMatchesClosedForm(Scenario s) {
    // Phi~ errs by 5e-15 relative, i.e. < 5e-15 absolute, on each of the two terms of size <= max(S, K).
    double tolerance = 1e-13 * Math.max(s.spot(), s.strike());
    assertEquals(closedForm(s).price(), ad(s).price(), tolerance);
    assertEquals(closedForm(s).price(), BlackScholesGreeks.call(s.spot(), s.strike(), s.rate(), s.vol(), s.time()),
        tolerance);
  }

  @ParameterizedTest
  @MethodSource("scenarios")
  void greeksMatchClosedForms(Scenario s) {
    BlackScholesGreeks.Greeks ad = ad(s);
    BlackScholesGreeks.Greeks exact = closedForm(s);
    double[] scale = chainScale(s);
    assertEquals(exact.delta(), ad.delta(), GREEK_TOLERANCE * scale[0], "delta");
    assertEquals(exact.rho(), ad.rho(), GREEK_TOLERANCE * scale[1], "rho");
    assertEquals(exact.vega(), ad.vega(), GREEK_TOLERANCE * scale[2], "vega");
    assertEquals(exact.theta(), ad.theta(), GREEK_TOLERANCE * scale[3], "theta");
  }

  @ParameterizedTest
  @MethodSource("scenarios")
  void greeksMatchClosedFormsToTheBriefsRelativeAccuracy(Scenario s) {
    // The coarser, plain relative check a user would first ask for: 1e-6, wherever the greek is not tiny.
    BlackScholesGreeks.Greeks ad = ad(s);
    BlackScholesGreeks.Greeks exact = closedForm(s);
    assertEquals(exact.delta(), ad.delta(), 1e-6 * Math.abs(exact.delta()), "delta");
    assertEquals(exact.rho(), ad.rho(), 1e-6 * Math.abs(exact.rho()), "rho");
    assertEquals(exact.vega(), ad.vega(), 1e-6 * Math.abs(exact.vega()), "vega");
    assertEquals(exact.theta(), ad.theta(), 1e-6 * Math.abs(exact.theta()), "theta");
  }

  /**
   * Per greek (delta, rho, vega, theta), the sum of the magnitudes of the chain-rule terms through which the
   * generated code computes it: {@code S Phi~'(d1) dd1/dp}, {@code K e^{-rT} Phi~'(d2) dd2/dp} and the direct term
   * ({@code Phi~(d1)}, {@code T K e^{-rT} Phi~(d2)}, none, {@code r K e^{-rT} Phi~(d2)}). The first two cancel in
   * delta and rho (exactly, for the exact Phi), so their size, not the greek's, bounds the error.
   */
  private static double[] chainScale(Scenario s) {
    double sqrtT = Math.sqrt(s.time());
    double d1 = s.d1();
    double d2 = d1 - s.vol() * sqrtT;
    double discounted = s.strike() * Math.exp(-s.rate() * s.time());
    double m = s.spot() * Gaussian.pdf(d1); // = K e^{-rT} phi(d2)
    double nd2 = Gaussian.cdf(d2);
    double dd1dT = (s.rate() + 0.5 * s.vol() * s.vol()) / (s.vol() * sqrtT) - d1 / (2 * s.time());
    double dd2dT = dd1dT - s.vol() / (2 * sqrtT);
    return new double[] {
      Gaussian.cdf(d1) + 2 * m / (s.spot() * s.vol() * sqrtT),
      2 * m * sqrtT / s.vol() + s.time() * discounted * nd2,
      m * sqrtT + m * (Math.abs(d1) + Math.abs(d2)) / s.vol(),
      m * (Math.abs(dd1dT) + Math.abs(dd2dT)) + Math.abs(s.rate()) * discounted * nd2
    };
  }

  @ParameterizedTest
  @MethodSource("scenarios")
  void closedFormGreeksAreTheDerivativesOfTheClosedFormPrice(Scenario s) {
    // Guards the reference itself: its formulas, differentiated numerically, with the precise Gaussian only.
    BlackScholesGreeks.Greeks exact = closedForm(s);
    GradientCheck.assertGradient(v -> BlackScholesGreeks.closedForm(v[0], s.strike(), v[1], v[2], v[3]).price(),
        s.active(), new double[] {exact.delta(), exact.rho(), exact.vega(), -exact.theta()});
  }

  @Test
  void d2CanBeExactlyZero() {
    Scenario s = scenarios().filter(c -> c.name().equals("d2 exactly zero")).findFirst().orElseThrow();
    assertEquals(0.0, s.d1() - s.vol() * Math.sqrt(s.time()), 0, "precondition: this scenario hits d2 == 0");
    // Had normalCdf used Math.signum(d2) as the sign, Phi~'(d2) would come out 0 here and every greek would miss its
    // K e^{-rT} phi(d2) dd2/dp term (delta would be off by more than 1).
    greeksMatchClosedForms(s);
  }

  // ------------------------------------------------------------------------------------------------------------
  // Independent checks of the generated code: Hipparchus, finite differences, forward vs reverse

  @ParameterizedTest
  @MethodSource("scenarios")
  void gradientMatchesHipparchusOnTheSameFormula(Scenario s) {
    DerivativeStructure price = hipparchusCall(s);
    BlackScholesGreeksDerivatives.CallGradient g =
        BlackScholesGreeksDerivatives.callGradient(s.spot(), s.strike(), s.rate(), s.vol(), s.time());
    // Same formula, same Phi~: only the order of the floating-point operations differs, so the two agree to
    // rounding (at most 5e-14 relative on these scenarios, the most in the deep out-of-the-money one, where the
    // greeks are small differences of larger chain-rule terms).
    double rtol = 1e-12;
    assertRelative(price.getValue(), g.value(), rtol, "value");
    assertRelative(price.getPartialDerivative(1, 0, 0, 0), g.spot(), rtol, "d/dspot");
    assertRelative(price.getPartialDerivative(0, 1, 0, 0), g.rate(), rtol, "d/drate");
    assertRelative(price.getPartialDerivative(0, 0, 1, 0), g.vol(), rtol, "d/dvol");
    assertRelative(price.getPartialDerivative(0, 0, 0, 1), g.time(), rtol, "d/dtime");
  }

  private static void assertRelative(double expected, double actual, double rtol, String what) {
    assertTrue(Math.abs(expected - actual) <= rtol * Math.abs(expected),
        () -> what + ": expected " + expected + ", got " + actual + " (relative tolerance " + rtol + ")");
  }

  /** BlackScholesGreeks.call with Hipparchus' forward-mode DerivativeStructure in spot, rate, vol, time. */
  private static DerivativeStructure hipparchusCall(Scenario s) {
    DSFactory factory = new DSFactory(4, 1);
    DerivativeStructure spot = factory.variable(0, s.spot());
    DerivativeStructure rate = factory.variable(1, s.rate());
    DerivativeStructure vol = factory.variable(2, s.vol());
    DerivativeStructure time = factory.variable(3, s.time());
    DerivativeStructure sd = vol.multiply(time.sqrt());
    DerivativeStructure drift = rate.add(vol.square().multiply(0.5)).multiply(time);
    DerivativeStructure d1 = spot.divide(s.strike()).log().add(drift).divide(sd);
    DerivativeStructure d2 = d1.subtract(sd);
    DerivativeStructure discounted = rate.multiply(time).negate().exp().multiply(s.strike());
    return spot.multiply(hipparchusCdf(d1)).subtract(discounted.multiply(hipparchusCdf(d2)));
  }

  /** Phi~ as in BlackScholesGreeks.normalCdf, with the sign taken from the value (piecewise constant). */
  private static DerivativeStructure hipparchusCdf(DerivativeStructure x) {
    double sign = Math.signum(Math.signum(x.getValue()) + 0.5);
    DerivativeStructure a = x.multiply(sign);
    DerivativeStructure t = a.divide(3).add(x.getField().getOne()).reciprocal();
    DerivativeStructure u = t.multiply(2).subtract(x.getField().getOne());
    double[] c = BlackScholesGreeks.TAIL_POLYNOMIAL;
    DerivativeStructure p = u.getField().getZero().add(c[c.length - 1]);
    for (int k = c.length - 2; k >= 0; k--) {
      p = p.multiply(u).add(c[k]);
    }
    DerivativeStructure tail = t.multiply(a.square().multiply(-0.5).add(p).exp());
    return tail.multiply(-sign).add(0.5 * (1 + sign));
  }

  @ParameterizedTest
  @MethodSource("scenarios")
  void gradientMatchesFiniteDifferences(Scenario s) {
    BlackScholesGreeksDerivatives.CallGradient g =
        BlackScholesGreeksDerivatives.callGradient(s.spot(), s.strike(), s.rate(), s.vol(), s.time());
    GradientCheck.assertGradient(v -> price(s, v), s.active(), new double[] {g.spot(), g.rate(), g.vol(), g.time()});
  }

  @ParameterizedTest
  @MethodSource("scenarios")
  void tangentIsGradientDotDirection(Scenario s) {
    BlackScholesGreeksDerivatives.CallGradient g =
        BlackScholesGreeksDerivatives.callGradient(s.spot(), s.strike(), s.rate(), s.vol(), s.time());
    double[] gradient = {g.spot(), g.rate(), g.vol(), g.time()};
    Random random = new Random(s.name().hashCode());
    for (int trial = 0; trial < 5; trial++) {
      double[] d = {random.nextGaussian(), random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
      var tangent = BlackScholesGreeksDerivatives.callTangent(
          s.spot(), d[0], s.strike(), s.rate(), d[1], s.vol(), d[2], s.time(), d[3]);
      assertEquals(g.value(), tangent.value(), 0, "both modes compute the same value");
      GradientCheck.assertDotProduct(tangent.tangent(), gradient, d);
    }
  }

  @ParameterizedTest
  @MethodSource("scenarios")
  void preciseCdfWithRulesGivesTheClosedForms(Scenario s) {
    // Gaussian.cdf has no approximation error to inherit: its rule Phi' = phi makes the greeks the closed forms'
    // own arithmetic, up to rounding.
    BlackScholesGreeksDerivatives.CallPreciseGradient g =
        BlackScholesGreeksDerivatives.callPreciseGradient(s.spot(), s.strike(), s.rate(), s.vol(), s.time());
    BlackScholesGreeks.Greeks exact = closedForm(s);
    double[] scale = chainScale(s);
    assertEquals(exact.price(), g.value(), 1e-14 * Math.max(s.spot(), s.strike()), "price");
    assertEquals(exact.delta(), g.spot(), 1e-13 * scale[0], "delta");
    assertEquals(exact.rho(), g.rate(), 1e-13 * scale[1], "rho");
    assertEquals(exact.vega(), g.vol(), 1e-13 * scale[2], "vega");
    assertEquals(exact.theta(), -g.time(), 1e-13 * scale[3], "theta");
    var tangent = BlackScholesGreeksDerivatives.callPreciseTangent(
        s.spot(), 1, s.strike(), s.rate(), 0, s.vol(), 0, s.time(), 0);
    assertEquals(g.spot(), tangent.tangent(), 1e-14 * Math.max(1, Math.abs(g.spot())), "both modes, up to rounding");
  }
}
