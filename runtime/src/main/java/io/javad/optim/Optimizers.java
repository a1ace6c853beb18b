package io.javad.optim;

import java.util.function.Supplier;

/** Helpers for optimizers: one per row of a matrix of parameters, shape checks. */
public final class Optimizers {

  private Optimizers() {}

  /**
   * An optimizer for a matrix ({@code double[][]}, such as a layer's weights): one optimizer from
   * {@code each} per row, created on the first step.
   */
  public static Optimizer forMatrix(Supplier<Optimizer> each) {
    return new Optimizer() {
      private Optimizer[] rows;

      @Override
      public void step(double[] parameters, double[] gradient) {
        throw new UnsupportedOperationException("this optimizer steps a matrix");
      }

      @Override
      public void step(double[][] parameters, double[][] gradient) {
        if (parameters.length != gradient.length) {
          throw new IllegalArgumentException(
              "parameters have " + parameters.length + " rows, the gradient " + gradient.length);
        }
        if (rows == null || rows.length != parameters.length) {
          rows = new Optimizer[parameters.length];
          for (int i = 0; i < rows.length; i++) {
            rows[i] = each.get();
          }
        }
        for (int i = 0; i < parameters.length; i++) {
          rows[i].step(parameters[i], gradient[i]);
        }
      }
    };
  }

  static void checkShapes(double[] parameters, double[] gradient) {
    if (parameters.length != gradient.length) {
      throw new IllegalArgumentException(
          "parameters have " + parameters.length + " entries, the gradient " + gradient.length);
    }
  }
}
