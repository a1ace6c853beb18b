package io.javad.runtime;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the generated members of a {@code @Differentiable} method that writes into an array
 * parameter or returns one. Other differentiable code calls a method that writes (an
 * out-parameter) as a statement, and its members update the written array's tangent or adjoint in
 * place; it cannot call one that returns its parameter, since one array would have two names.
 * javad reads this from a library's class files, where the method's body is not at hand.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface ArrayParameterEffects {

  /** The array parameters the method writes into (through rows too). */
  String[] written() default {};

  /** The array parameter the method returns, or empty. */
  String returned() default "";
}
