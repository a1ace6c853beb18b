package io.javad.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javad.runtime.GradientCheck;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The ridge penalties tuned through a linear solve whose derivatives are the user's rules. */
class RidgeTuningTest {

  @Test
  void tuningLowersTheValidationErrorWithoutHurtingTheTestError() {
    double[] errors = RidgeTuning.run(20);
    assertTrue(errors[1] < 0.97 * errors[0], "validation error " + errors[0] + " -> " + errors[1]);
    assertTrue(errors[2] < 0.245, "test error " + errors[2]);
  }

  @Test
  void theGradientThroughTheSolveIsTheFiniteDifferences() {
    Random random = new Random(3);
    int d = 4;
    double[][] x = new double[12][d];
    double[][] xv = new double[6][d];
    double[] yv = new double[6];
    for (double[] row : x) {
      for (int j = 0; j < d; j++) {
        row[j] = random.nextGaussian();
      }
    }
    for (int k = 0; k < xv.length; k++) {
      for (int j = 0; j < d; j++) {
        xv[k][j] = random.nextGaussian();
      }
      yv[k] = random.nextGaussian();
    }
    double[][] gram = new double[d][d];
    double[] xty = new double[d];
    for (double[] row : x) {
      double y = row[0] - row[1] + 0.5 * random.nextGaussian();
      for (int i = 0; i < d; i++) {
        xty[i] += row[i] * y;
        for (int j = 0; j < d; j++) {
          gram[i][j] += row[i] * row[j];
        }
      }
    }
    double[] theta = {0.3, -1.0, 1.5, 0.0};
    double[] gradient =
        RidgeTuningDerivatives.validationErrorGradient(theta, gram, xty, xv, yv).logPenalty();
    GradientCheck.assertGradient(
        t -> RidgeTuning.validationError(t, gram, xty, xv, yv), theta, gradient);
    // The Hessian-vector product through the solve's rules, against differences of the gradient.
    double[] v = {0.5, -0.2, 0.7, 0.1};
    double[] hv = RidgeTuningDerivatives.validationErrorHvp(theta, gram, xty, xv, yv, v).hvp();
    double eps = 1e-6;
    double[] plus = theta.clone();
    double[] minus = theta.clone();
    for (int i = 0; i < d; i++) {
      plus[i] += eps * v[i];
      minus[i] -= eps * v[i];
    }
    double[] gPlus = RidgeTuningDerivatives.validationErrorGradient(plus, gram, xty, xv, yv).logPenalty();
    double[] gMinus = RidgeTuningDerivatives.validationErrorGradient(minus, gram, xty, xv, yv).logPenalty();
    for (int i = 0; i < d; i++) {
      double expected = (gPlus[i] - gMinus[i]) / (2 * eps);
      assertEquals(expected, hv[i], 1e-6 * (1 + Math.abs(expected)), "(H·v)[" + i + "]");
    }
    // And the rules themselves, as a user's test would check them.
    LinearRulesRuleChecks.solve(gram, xty);
  }
}
