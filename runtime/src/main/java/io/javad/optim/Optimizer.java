package io.javad.optim;

/**
 * A first-order optimizer over the flat parameter arrays javad's gradients come in: {@code step}
 * moves {@code parameters} against {@code gradient} in place, keeping whatever state it needs
 * (velocities, moment estimates) from call to call, so a training loop allocates nothing per step.
 * One optimizer per parameter array; the arrays' lengths must not change between steps.
 */
public interface Optimizer {

  /** Updates {@code parameters} in place from {@code gradient} of the same length. */
  void step(double[] parameters, double[] gradient);

  /** A matrix, row by row, with its own state per row. */
  default void step(double[][] parameters, double[][] gradient) {
    throw new UnsupportedOperationException("use Optimizers.forMatrix for a matrix of parameters");
  }
}
