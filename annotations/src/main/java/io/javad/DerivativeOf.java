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
 * <p>A rule must be static, visible from the package of the methods that call the function, and
 * pure: derivative code calls it with the function's own arguments wherever it needs the partial.
 *
 * <p>Rules compiled together with the {@code @Differentiable} methods that use them are found, and
 * so are public rules in a library jar on the class path (see {@code docs/rules.md}). A rule for a
 * function of {@code Math} or {@code StrictMath} is refused: javad's own table covers those it
 * differentiates; wrap another one in a method of your own and give that method the rule.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface DerivativeOf {

  /** The class that declares the function. */
  Class<?> target();

  /** The function's name; the rule's parameter types select the overload. */
  String method();

  /**
   * The parameter this rule differentiates for; may be empty when the function has one double or
   * float parameter.
   */
  String wrt() default "";
}
