package io.javad.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The benchmark's HVP through the solve's rules is the difference of its gradient along v. */
class RuleSecondOrderBenchmarkTest {

  @Test
  void theHvpIsTheDifferenceOfTheGradient() {
    RuleSecondOrderBenchmark b = new RuleSecondOrderBenchmark();
    b.setup();
    double[] hv = b.hvp();
    double eps = 1e-6;
    double[] plus = b.theta.clone();
    double[] minus = b.theta.clone();
    for (int i = 0; i < plus.length; i++) {
      plus[i] += eps * b.v[i];
      minus[i] -= eps * b.v[i];
    }
    double[] gp = io.javad.samples.RidgeTuningDerivatives.validationErrorGradient(plus, b.gram, b.xty, b.xv, b.yv).logPenalty();
    double[] gm = io.javad.samples.RidgeTuningDerivatives.validationErrorGradient(minus, b.gram, b.xty, b.xv, b.yv).logPenalty();
    for (int i = 0; i < hv.length; i++) {
      double expected = (gp[i] - gm[i]) / (2 * eps);
      assertEquals(expected, hv[i], 1e-6 * (1 + Math.abs(expected)), "(H·v)[" + i + "]");
    }
  }
}
