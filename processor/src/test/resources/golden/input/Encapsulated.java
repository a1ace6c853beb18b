package golden;

import io.javad.Differentiable;

/** A class as Java developers write it: private state, private helpers, an overridable method. */
public class Encapsulated {
  private static final double GAIN = Math.sqrt(2);
  private final double[] weights;
  private final double bias;
  private double temperature = 1;

  public Encapsulated(double[] weights, double bias) {
    this.weights = weights;
    this.bias = bias;
  }

  private static int clamp(int k, int n) {
    return Math.min(k, n);
  }

  @Differentiable
  private double activation(double z) {
    return Math.tanh(z / temperature);
  }

  /** Overridable: its companion checks that the object's class does not override it. */
  @Differentiable
  public double score(double[] x) {
    double z = bias;
    int n = clamp(x.length, weights.length);
    for (int i = 0; i < n; i++) {
      z += weights[i] * x[i];
    }
    return GAIN * activation(z);
  }
}
