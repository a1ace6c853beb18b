package io.javad.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.javad.runtime.GradientCheck;
import io.javad.samples.Gaussian;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The client of the samples' library: derivatives through its {@code @Differentiable} dot and its rule for
 * {@code Gaussian.cdf}, against the hand-written gradient, the inlined twin, finite differences, a closed form and
 * the dot-product test.
 */
class RowKernelsTest {

  private static final Random RANDOM = new Random(11);
  private static final double[][] ROWS = new double[40][6];
  private static final double[] Y = new double[40];
  private static final int[] LABELS = new int[40];

  static {
    for (int i = 0; i < ROWS.length; i++) {
      for (int j = 0; j < ROWS[i].length; j++) {
        ROWS[i][j] = RANDOM.nextGaussian();
      }
      Y[i] = RANDOM.nextGaussian();
      LABELS[i] = RANDOM.nextBoolean() ? 1 : 0;
    }
  }

  private static double[] weights() {
    return new Random(3).doubles(6, -0.5, 0.5).toArray();
  }

  @Test
  void leastSquaresThroughTheLibraryMatchesTheHandWrittenGradient() {
    double[] w = weights();
    var g = RowKernelsDerivatives.leastSquaresGradient(w, ROWS, Y);
    assertEquals(RowKernels.leastSquares(w, ROWS, Y), g.value(), 0);
    assertArrayEquals(RowKernels.leastSquaresGradientByHand(w, ROWS, Y), g.w(), 1e-12);
    assertArrayEquals(RowKernelsDerivatives.leastSquaresInlineGradient(w, ROWS, Y).w(), g.w(), 1e-12);
    GradientCheck.assertGradient(v -> RowKernels.leastSquares(v, ROWS, Y), w, g.w());
    double[] direction = {0.1, -0.4, 0.3, 0.2, -0.9, 0.5};
    double t = RowKernelsDerivatives.leastSquaresTangent(w, direction, ROWS, Y).tangent();
    GradientCheck.assertDotProduct(t, g.w(), direction);
  }

  @Test
  void probitLossUsesTheLibrarysRule() {
    double[] w = weights();
    var g = RowKernelsDerivatives.probitLossGradient(w, ROWS, LABELS);
    // Closed form: d/dw -log Phi(s z) = -s phi(s z) / Phi(s z) x.
    double[] expected = new double[w.length];
    for (int i = 0; i < ROWS.length; i++) {
      double s = 2 * LABELS[i] - 1;
      double z = 0;
      for (int j = 0; j < w.length; j++) {
        z += w[j] * ROWS[i][j];
      }
      double factor = -s * Gaussian.pdf(s * z) / Gaussian.cdf(s * z);
      for (int j = 0; j < w.length; j++) {
        expected[j] += factor * ROWS[i][j];
      }
    }
    assertArrayEquals(expected, g.w(), 1e-12);
    GradientCheck.assertGradient(v -> RowKernels.probitLoss(v, ROWS, LABELS), w, g.w());
    double[] direction = {0.3, 0.1, -0.2, 0.7, 0.0, -0.5};
    double t = RowKernelsDerivatives.probitLossTangent(w, direction, ROWS, LABELS).tangent();
    GradientCheck.assertDotProduct(t, g.w(), direction);
  }
}
