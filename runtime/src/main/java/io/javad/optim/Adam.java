package io.javad.optim;

/**
 * Adam (Kingma and Ba, 2015): per-parameter steps from bias-corrected running means of the
 * gradient and of its square. The defaults are the paper's: {@code beta1 = 0.9}, {@code beta2 =
 * 0.999}, {@code epsilon = 1e-8}.
 */
public final class Adam implements Optimizer {

  private final double rate;
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private double[] mean;
  private double[] square;
  private long steps;

  public Adam(double rate, double beta1, double beta2, double epsilon) {
    if (!(rate > 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(epsilon > 0)) {
      throw new IllegalArgumentException("need rate > 0, 0 <= beta1, beta2 < 1, epsilon > 0");
    }
    this.rate = rate;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
  }

  /** Adam with the paper's defaults and learning rate {@code rate}. */
  public Adam(double rate) {
    this(rate, 0.9, 0.999, 1e-8);
  }

  @Override
  public void step(double[] parameters, double[] gradient) {
    Optimizers.checkShapes(parameters, gradient);
    if (mean == null || mean.length != parameters.length) {
      mean = new double[parameters.length];
      square = new double[parameters.length];
      steps = 0;
    }
    steps++;
    double correction1 = 1 - Math.pow(beta1, steps);
    double correction2 = 1 - Math.pow(beta2, steps);
    for (int i = 0; i < parameters.length; i++) {
      double g = gradient[i];
      mean[i] = beta1 * mean[i] + (1 - beta1) * g;
      square[i] = beta2 * square[i] + (1 - beta2) * g * g;
      double m = mean[i] / correction1;
      double v = square[i] / correction2;
      parameters[i] -= rate * m / (Math.sqrt(v) + epsilon);
    }
  }
}
