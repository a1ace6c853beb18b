package io.javad.runtime;

/**
 * Calls that {@code @Differentiable} methods make to steer their own derivatives.
 *
 * <pre>{@code
 * double baseline = Derivatives.stop(mean);   // used as a constant: no derivative flows through
 * return (x - baseline) * (x - baseline);
 * }</pre>
 */
public final class Derivatives {

  private Derivatives() {}

  /**
   * Stop-gradient (JAX's {@code stop_gradient}, PyTorch's {@code detach}): the value of {@code x},
   * which javad treats as a constant of the differentiation, so that no derivative flows through
   * it in either mode.
   *
   * @param x a value
   * @return {@code x}
   */
  public static double stop(double x) {
    return x;
  }

  /**
   * As {@link #stop(double)}, for a {@code float}.
   *
   * @param x a value
   * @return {@code x}
   */
  public static float stop(float x) {
    return x;
  }
}
