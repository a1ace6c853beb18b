package io.javad.runtime;

import java.util.Arrays;
import java.util.Objects;

/**
 * Result of a generated forward-mode (tangent) method for a vector-valued function: the value {@code f(x)} and the
 * Jacobian-vector product {@code J(x) · dx} along the seed direction {@code dx} passed to that method.
 *
 * <p>Both arrays have the same length (one entry per output). They are held by reference, not copied, so generated
 * code can return its work arrays without extra allocation; callers should not mutate them while the record is in
 * use as a key or in comparisons.
 *
 * <p>Unlike a plain record over arrays, {@link #equals}, {@link #hashCode} and {@link #toString} look at the
 * contents. Elements are compared as by {@link Arrays#equals(double[], double[])}, which matches {@link Dual}:
 * {@code NaN} equals {@code NaN}, and {@code 0.0} differs from {@code -0.0}.
 *
 * @param value the function value {@code f(x)}, one entry per output
 * @param tangent the Jacobian-vector product {@code J(x) · dx}, one entry per output
 */
public record DualArray(double[] value, double[] tangent) {

  /**
   * Creates a result, checking that both arrays exist and have one entry per output.
   *
   * @param value the function value {@code f(x)}, one entry per output
   * @param tangent the Jacobian-vector product {@code J(x) · dx}, one entry per output
   * @throws NullPointerException if either array is null
   * @throws IllegalArgumentException if the arrays have different lengths
   */
  public DualArray {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(tangent, "tangent");
    if (value.length != tangent.length) {
      throw new IllegalArgumentException(
          "value and tangent must have the same length, got " + value.length + " and " + tangent.length);
    }
  }

  /** Content-based equality of both arrays. */
  @Override
  public boolean equals(Object o) {
    return o instanceof DualArray other
        && Arrays.equals(value, other.value)
        && Arrays.equals(tangent, other.tangent);
  }

  /** Content-based hash code, consistent with {@link #equals}. */
  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(value) + Arrays.hashCode(tangent);
  }

  /** Shows the array contents, e.g. {@code DualArray[value=[1.0, 2.0], tangent=[0.5, 0.0]]}. */
  @Override
  public String toString() {
    return "DualArray[value=" + Arrays.toString(value) + ", tangent=" + Arrays.toString(tangent) + "]";
  }
}
