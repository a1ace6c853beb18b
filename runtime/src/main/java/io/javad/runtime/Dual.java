package io.javad.runtime;

/**
 * Result of a generated forward-mode (tangent) method for a scalar function: the value {@code f(x)} and the
 * directional derivative {@code f'(x) · dx} along the seed direction {@code dx} passed to that method.
 *
 * <p>Equality is the record default, which compares doubles like {@link Double#compare}: {@code NaN} equals
 * {@code NaN}, and {@code 0.0} differs from {@code -0.0}.
 *
 * @param value the function value {@code f(x)}
 * @param tangent the directional derivative {@code f'(x) · dx}
 */
public record Dual(double value, double tangent) {}
