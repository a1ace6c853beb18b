package io.javad;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a static method as the forward mode of a whole function whose body javad cannot or
 * should not differentiate (a linear solver, a matrix exponential, an ODE solver, a native
 * method): JAX's {@code custom_jvp}, Swift's {@code @derivative(of:)}. Every
 * {@code @Differentiable} method's forward mode calls it where it calls the function.
 *
 * <p>The rule takes the function's parameters, each {@code double}, {@code double[]} or {@code
 * double[][]} parameter followed by its tangent of the same type (parameters of other types alone),
 * and returns {@code io.javad.runtime.Dual} (a {@code double} function) or {@code
 * io.javad.runtime.DualArray} (a {@code double[]} one): the function's value and its directional
 * derivative along the tangents. It must not write into its arguments.
 *
 * <pre>{@code
 * // x = A⁻¹ b, so ẋ = A⁻¹ (ḃ − Ȧ x)
 * @TangentOf(target = Linear.class, method = "solve")
 * public static DualArray solve(double[][] a, double[][] aDot, double[] b, double[] bDot) {
 *   double[] x = Linear.solve(a, b);
 *   double[] r = bDot.clone();
 *   for (int i = 0; i < r.length; i++)
 *     for (int j = 0; j < x.length; j++) r[i] -= aDot[i][j] * x[j];
 *   return new DualArray(x, Linear.solve(a, r));
 * }
 * }</pre>
 *
 * <p>A function may have a {@code @TangentOf} rule, an {@link AdjointOf} rule, or both; methods
 * calling it get the modes its rules give. Such rules are found like {@link DerivativeOf} rules;
 * javad generates a check for each ({@code <RulesClass>RuleChecks}), to call from a test.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface TangentOf {

  /** The class that declares the function. */
  Class<?> target();

  /** The function's name; the rule's parameters without the tangents select the overload. */
  String method();
}
