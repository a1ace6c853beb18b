package io.javad.optim;

/**
 * Stochastic gradient descent with momentum (heavy ball): {@code v = momentum * v + g; p -= rate *
 * v}; with momentum 0 the plain step {@code p -= rate * g}. An optional L2 weight decay adds {@code
 * decay * p} to the gradient.
 */
public final class Sgd implements Optimizer {

  private final double rate;
  private final double momentum;
  private final double decay;
  private double[] velocity;

  /**
   * @param rate the learning rate, positive
   * @param momentum in [0, 1): how much of the last step carries over
   * @param decay the L2 weight decay, 0 for none
   */
  public Sgd(double rate, double momentum, double decay) {
    if (!(rate > 0) || !(momentum >= 0 && momentum < 1) || !(decay >= 0)) {
      throw new IllegalArgumentException(
          "need rate > 0, 0 <= momentum < 1, decay >= 0; got " + rate + ", " + momentum + ", " + decay);
    }
    this.rate = rate;
    this.momentum = momentum;
    this.decay = decay;
  }

  /** Plain gradient descent with {@code rate}. */
  public Sgd(double rate) {
    this(rate, 0, 0);
  }

  @Override
  public void step(double[] parameters, double[] gradient) {
    Optimizers.checkShapes(parameters, gradient);
    if (velocity == null || velocity.length != parameters.length) {
      velocity = new double[parameters.length];
    }
    for (int i = 0; i < parameters.length; i++) {
      double g = gradient[i] + decay * parameters[i];
      velocity[i] = momentum * velocity[i] + g;
      parameters[i] -= rate * velocity[i];
    }
  }
}
