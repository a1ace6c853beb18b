package io.javad.benchmarks;

import io.javad.Differentiable;

/** Loops whose adjoints the benchmarks measure. */
public final class LoopKernels {

  private LoopKernels() {}

  /**
   * A recurrence with one overwritten double per iteration, {@code r <- r + h sin(x r)}: the
   * backward sweep needs each old {@code r}, so the forward sweep tapes one double per iteration,
   * and nothing else (the loop is counted, reversed by index).
   */
  @Differentiable
  public static double recurrence(double x, double h, int n) {
    double r = 1;
    for (int i = 0; i < n; i++) {
      r += h * Math.sin(x * r);
    }
    return r;
  }
}
