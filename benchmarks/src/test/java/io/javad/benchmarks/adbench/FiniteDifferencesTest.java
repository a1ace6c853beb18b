package io.javad.benchmarks.adbench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/** The oracle itself, on functions whose derivatives are known in closed form. */
class FiniteDifferencesTest {

  // f(x) = sum_i sin(x_i) x_{i+1} + exp(x_0 / 4), on points of different scales.
  private static final ToDoubleFunction<double[]> F =
      x -> {
        double s = Math.exp(x[0] / 4);
        for (int i = 0; i + 1 < x.length; i++) {
          s += Math.sin(x[i]) * x[i + 1];
        }
        return s;
      };

  private static final double[] X = {0.3, -1.7, 25.0, 0.002, -3.1};

  private static double[] exactGradient(double[] x) {
    double[] g = new double[x.length];
    g[0] = Math.exp(x[0] / 4) / 4;
    for (int i = 0; i + 1 < x.length; i++) {
      g[i] += Math.cos(x[i]) * x[i + 1];
      g[i + 1] += Math.sin(x[i]);
    }
    return g;
  }

  @Test
  void centralDifferencesKeepTwoThirdsOfTheDigits() {
    double[] x = X.clone();
    Agreement.assertClose("central", exactGradient(X), FiniteDifferences.centralGradient(F, x), 1e-8, 1e-9);
    assertArrayEquals(X, x, 0);
  }

  @Test
  void forwardDifferencesKeepHalfTheDigits() {
    Agreement.assertClose("forward", exactGradient(X), FiniteDifferences.forwardGradient(F, X), 1e-6, 1e-6);
  }

  @Test
  void centralJacobianHasOneRowPerOutput() {
    double[][] jac =
        FiniteDifferences.centralJacobian(x -> new double[] {x[0] * x[1], Math.log(x[1])}, new double[] {2, 5});
    Agreement.assertClose("row 0", new double[] {5, 2}, jac[0], 1e-9, 1e-12);
    Agreement.assertClose("row 1", new double[] {0, 0.2}, jac[1], 1e-9, 1e-12);
  }

  @Test
  void flatteningRoundTrips() {
    double[] alphas = {1, 2};
    double[][] means = {{3, 4, 5}, {6, 7, 8}};
    double[][] icf = {{9}, {10}};
    double[] flat = FiniteDifferences.gmmParameters(alphas, means, icf);
    assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, flat, 0);
    double[] a = new double[2];
    double[][] m = new double[2][3];
    double[][] q = new double[2][1];
    FiniteDifferences.gmmUnflatten(flat, a, m, q);
    assertArrayEquals(alphas, a, 0);
    assertArrayEquals(means[1], m[1], 0);
    assertArrayEquals(icf[1], q[1], 0);
    assertEquals(
        GmmData.load("test").objective(),
        FiniteDifferences.gmmObjective(GmmData.load("test"))
            .applyAsDouble(FiniteDifferences.gmmParameters(GmmData.load("test"))),
        0);
  }
}
