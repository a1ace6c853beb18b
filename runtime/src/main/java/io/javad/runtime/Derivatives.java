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

  /**
   * A tangent times a partial derivative, where a zero tangent wins over an infinite partial:
   * {@code 0} rather than {@code 0 * Infinity = NaN}. Forward mode uses it for partials that are
   * infinite where the function is finite ({@code sqrt'(0)}, {@code pow(x, 0.5)} at 0), so that a
   * direction that does not move an input gives no NaN from it, as in reverse mode (and as JAX's
   * jvp of {@code pow} and {@code sqrt} does).
   *
   * @param tangent a tangent
   * @param partial a partial derivative
   * @return their product, or 0 if the tangent is 0
   */
  public static double times(double tangent, double partial) {
    return tangent == 0 ? 0 : tangent * partial;
  }

  /**
   * As {@link #times(double, double)}, for {@code float}s.
   *
   * @param tangent a tangent
   * @param partial a partial derivative
   * @return their product, or 0 if the tangent is 0
   */
  public static float times(float tangent, float partial) {
    return tangent == 0 ? 0 : tangent * partial;
  }

  /**
   * The tangent of a forward-mode result, for generated code that calls a method's tangent inside
   * an expression (vector mode calls a callee's {@code gTangent} once per direction).
   *
   * @param result what a generated {@code fTangent} returned
   * @return its {@link Dual#tangent()}
   */
  public static double tangent(Dual result) {
    return result.tangent();
  }
}
