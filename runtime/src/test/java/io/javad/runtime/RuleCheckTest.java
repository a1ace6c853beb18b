package io.javad.runtime;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The checks behind the generated RuleChecks: right rules pass at inputs of very different sizes
 * and near a domain's boundary, wrong ones fail there too, a point outside the domain is said to be
 * one, and a tangent rule returning an array it was given is caught.
 */
class RuleCheckTest {

  /** price(s, vol) = s exp(-vol²/2), with its tangent and adjoint, scaled by {@code wrong} in vol. */
  private static void checkPrice(double s, double vol, double wrong) {
    RuleCheck.check(
        "price", "priceT", "priceA", new double[] {s, vol}, 0,
        x -> new double[] {x[0] * Math.exp(-x[1] * x[1] / 2)},
        (x, d) -> {
          double e = Math.exp(-x[1] * x[1] / 2);
          return new double[][] {{x[0] * e}, {e * d[0] - wrong * x[0] * x[1] * e * d[1]}};
        },
        (x, w, start, omitted) -> {
          if (start == null) {
            return null;
          }
          double e = Math.exp(-x[1] * x[1] / 2);
          return new double[] {start[0] + w[0] * e, start[1] - w[0] * wrong * x[0] * x[1] * e};
        });
  }

  @Test
  void rightRulesPassAtInputsOfVeryDifferentSizes() {
    assertDoesNotThrow(() -> checkPrice(1e6, 1e-3, 1));
    assertDoesNotThrow(() -> checkPrice(100, 0.2, 1));
  }

  @Test
  void wrongRulesFailThere() {
    AssertionError e = assertThrows(AssertionError.class, () -> checkPrice(1e6, 1e-3, 1.5));
    assertTrue(e.getMessage().contains("@TangentOf rule priceT of price disagrees"), e.getMessage());
  }

  @Test
  void aRuleNearItsDomainsBoundaryPasses() {
    assertDoesNotThrow(
        () -> RuleCheck.check(
            "log", "logT", null, new double[] {1e-5}, 0,
            x -> new double[] {Math.log(x[0])},
            (x, d) -> new double[][] {{Math.log(x[0])}, {d[0] / x[0]}},
            null));
  }

  @Test
  void aPointOutsideTheDomainIsSaidToBeOne() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> RuleCheck.check(
                "logit", "logitT", null, new double[] {1.2}, 0,
                x -> new double[] {Math.log(x[0] / (1 - x[0]))},
                (x, d) -> new double[][] {{Math.log(x[0] / (1 - x[0]))}, {d[0] / (x[0] * (1 - x[0]))}},
                null));
    assertTrue(e.getMessage().contains("cannot be checked where the function is not finite"), e.getMessage());
  }

  @Test
  void aTangentRuleReturningAnArrayItWasGivenIsCaught() {
    double[] a = {1, 2};
    double[] aDot = {0.5, 0.5};
    AssertionError e =
        assertThrows(AssertionError.class, () -> RuleCheck.fresh("@TangentOf rule t of f", a.clone(), aDot, a, aDot));
    assertTrue(e.getMessage().contains("returns an array it was given as its tangent"), e.getMessage());
    double[][] m = {{1, 2}, {3, 4}};
    assertThrows(AssertionError.class, () -> RuleCheck.fresh("r", m[1], new double[2], m, 3));
    assertDoesNotThrow(() -> RuleCheck.fresh("r", new double[2], new double[2], a, aDot, m));
  }
}
