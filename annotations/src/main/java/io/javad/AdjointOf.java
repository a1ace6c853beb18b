package io.javad;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a static method as the accumulating reverse mode (Tapenade's adjoint, JAX's {@code
 * custom_vjp} backward pass) of a whole function whose body javad cannot or should not
 * differentiate. Every {@code @Differentiable} method's reverse mode calls it where it reverses a
 * call of the function.
 *
 * <p>The rule takes, in order: the function's parameters; the adjoint of its result (a {@code
 * double} for a {@code double} function, a {@code double[]} for a {@code double[]} one); then, for
 * each {@code double[]} or {@code double[][]} parameter, an array of the same shape into which it
 * <em>adds</em> the result's adjoint times the function's derivative with respect to that
 * parameter (an adjoint array may be null where the caller needs no derivative: skip it). The
 * adjoints of {@code double} parameters are returned: {@code void} if there are none, a {@code
 * double} if there is one, a {@code double[]} in parameter order if there are several. The rule
 * gets the function's arguments as they were at the call and must not write into them or into the
 * result's adjoint; it recomputes what it needs.
 *
 * <pre>{@code
 * // x = A⁻¹ b: b̄ += A⁻ᵀ x̄, Ā −= A⁻ᵀ x̄ xᵀ
 * @AdjointOf(target = Linear.class, method = "solve")
 * public static void solve(double[][] a, double[] b, double[] xBar, double[][] aBar, double[] bBar) {
 *   double[] x = Linear.solve(a, b);
 *   double[] g = Linear.solve(Linear.transpose(a), xBar);
 *   for (int i = 0; i < g.length; i++) {
 *     if (bBar != null) bBar[i] += g[i];
 *     if (aBar != null) for (int j = 0; j < x.length; j++) aBar[i][j] -= g[i] * x[j];
 *   }
 * }
 * }</pre>
 *
 * <p>See {@link TangentOf} for the forward mode and the generated checks.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface AdjointOf {

  /** The class that declares the function. */
  Class<?> target();

  /** The function's name; the rule's leading parameters select the overload. */
  String method();
}
