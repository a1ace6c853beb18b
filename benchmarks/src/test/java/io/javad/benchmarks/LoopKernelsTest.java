package io.javad.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javad.runtime.GradientCheck;
import org.junit.jupiter.api.Test;

/** The benchmarked kernels compute correct derivatives, and 10^7 iterations fit the default heap. */
class LoopKernelsTest {

  @Test
  void recurrenceGradientAgreesWithFiniteDifferencesAndTangent() {
    // Well scaled for finite differences, whose step is 7e-4 * max(1, |p_i|): with h = 0.01 and
    // n = 1000 that step moves h by 7% through a thousand nonlinear steps.
    double[] p = {0.7, 0.5};
    int n = 20;
    var g = LoopKernelsDerivatives.recurrenceGradient(p[0], p[1], n);
    GradientCheck.assertGradient(v -> LoopKernels.recurrence(v[0], v[1], n), p, new double[] {g.x(), g.h()});
    double[] d = {0.3, -1.2};
    double t = LoopKernelsDerivatives.recurrenceTangent(p[0], d[0], p[1], d[1], n).tangent();
    GradientCheck.assertDotProduct(t, new double[] {g.x(), g.h()}, d);
  }

  @Test
  void tenMillionIterationsDifferentiateInTheDefaultHeap() {
    int n = 10_000_000;
    var g = LoopKernelsDerivatives.recurrenceGradient(0.7, 1e-7, n);
    assertEquals(LoopKernels.recurrence(0.7, 1e-7, n), g.value(), 0);
    double t = LoopKernelsDerivatives.recurrenceTangent(0.7, 1, 1e-7, 0, n).tangent();
    assertEquals(t, g.x(), 1e-9 * Math.abs(t));
    assertTrue(Double.isFinite(g.x()));
  }
}
