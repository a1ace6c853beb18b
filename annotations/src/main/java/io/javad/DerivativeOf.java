package io.javad;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a static method as one partial derivative of a function whose body javad cannot see (a
 * library's special function, a native method). The rule takes exactly the parameters of the
 * function it differentiates and returns the partial derivative with respect to {@link #wrt()}.
 *
 * <pre>{@code
 * public final class SpecialRules {
 *   @DerivativeOf(target = Special.class, method = "erf")
 *   public static double erf(double x) { return 2 / Math.sqrt(Math.PI) * Math.exp(-x * x); }
 * }
 * }</pre>
 *
 * <p>Both modes use the rules of a function: {@code yDot = sum_i rule_i(args) * argDot_i} and
 * {@code argBar_i += rule_i(args) * yBar}.
 *
 * <p><b>Status:</b> the annotation is part of the stable API; the processor does not use rules yet.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface DerivativeOf {

  /** The class that declares the function. */
  Class<?> target();

  /** The function's name; the rule's parameter types select the overload. */
  String method();

  /** The parameter this rule differentiates for; may be empty when the function has one parameter. */
  String wrt() default "";
}
