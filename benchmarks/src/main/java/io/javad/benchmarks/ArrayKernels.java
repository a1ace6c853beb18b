package io.javad.benchmarks;

import io.javad.Differentiable;
import io.javad.NoDerivative;

/** Array code whose adjoints the benchmarks measure. */
public final class ArrayKernels {

  private ArrayKernels() {}

  /** The dot product: its gradient is the other vector; a counted loop, nothing taped. */
  @Differentiable
  public static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /**
   * The softmax cross-entropy of a linear classifier for one example: {@code w} holds one row of
   * weights per class.
   */
  @Differentiable
  public static double softmaxLoss(double[][] w, @NoDerivative double[] x, int label) {
    double[] z = new double[w.length];
    for (int k = 0; k < w.length; k++) {
      for (int j = 0; j < x.length; j++) {
        z[k] += w[k][j] * x[j];
      }
    }
    double max = z[0];
    for (int k = 1; k < z.length; k++) {
      max = Math.max(max, z[k]);
    }
    double sum = 0;
    for (int k = 0; k < z.length; k++) {
      sum += Math.exp(z[k] - max);
    }
    return max + Math.log(sum) - z[label];
  }
}
