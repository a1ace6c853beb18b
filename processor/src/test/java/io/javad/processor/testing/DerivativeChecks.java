package io.javad.processor.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.javad.runtime.Dual;
import io.javad.runtime.GradientCheck;
import java.util.Arrays;
import java.util.Random;

/**
 * The checks every differentiated function gets at every point: the generated methods return the
 * primal's value exactly; the gradient agrees with finite differences; the tangent along a random
 * direction agrees with finite differences; and tangent and gradient pass the dot-product test
 * {@code <grad, d> == tangent(d)}, which needs no step size.
 */
public final class DerivativeChecks {

  private DerivativeChecks() {}

  public static void check(Differentiated f, double... point) {
    checkWithin(GradientCheck.DEFAULT_RTOL, f, point);
  }

  /** As {@link #check(Differentiated, double...)}, with a looser finite-difference tolerance. */
  public static void checkWithin(double rtol, Differentiated f, double... point) {
    String where = f.name() + " at " + Arrays.toString(point);
    GradientCheck.Function restricted = active -> f.value(f.withActive(point, active));
    double[] x = f.activeOf(point);
    double value = f.value(point);
    double[] direction = randomDirection(x.length, Arrays.hashCode(point));
    double[] gradient = null;
    if (f.hasGradient()) {
      double[] g = f.gradient(point);
      assertEquals(value, g[0], 0, where + ": fGradient's value differs from the function's");
      gradient = Arrays.copyOfRange(g, 1, g.length);
      GradientCheck.assertGradient(restricted, x, gradient, rtol);
    }
    if (f.hasTangent()) {
      Dual dual = f.tangent(point, direction);
      assertEquals(value, dual.value(), 0, where + ": fTangent's value differs from the function's");
      GradientCheck.assertDirectional(restricted, x, direction, dual.tangent(), rtol);
      if (gradient != null) {
        GradientCheck.assertDotProduct(dual.tangent(), gradient, direction);
      }
    }
  }

  private static double[] randomDirection(int n, long seed) {
    Random random = new Random(seed);
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = random.nextGaussian();
    }
    return d;
  }
}
