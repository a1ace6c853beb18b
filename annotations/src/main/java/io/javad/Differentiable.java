package io.javad;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method whose derivatives javad generates at compile time.
 *
 * <p>For a method {@code double f(...)} in class {@code p.Model}, the annotation processor writes
 * {@code p.ModelDerivatives} with {@code fTangent} (forward mode: the value and one directional
 * derivative) and {@code fGradient} (reverse mode: the value and the whole gradient), as plain Java
 * that can be read under {@code target/generated-sources/annotations}.
 *
 * <pre>{@code
 * @Differentiable
 * static double f(double x, double y) { return (x + y) * (x - y); }
 *
 * ModelDerivatives.FGradient g = ModelDerivatives.fGradient(3, 2); // g.x() = 6, g.y() = -4
 * }</pre>
 *
 * <p>Retained in class files so that methods in a library jar stay visible to later compilations.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Differentiable {

  /**
   * Names of the parameters to differentiate with respect to. Empty (the default) means every
   * floating-point parameter ({@code double}, {@code float} and arrays of them) that is not marked
   * {@link NoDerivative}.
   */
  String[] wrt() default {};

  /** Which code to generate: {@link Mode#FORWARD} for {@code fTangent}, {@link Mode#REVERSE} for {@code fGradient}. */
  Mode[] modes() default {Mode.FORWARD, Mode.REVERSE};

  /**
   * The highest order of derivatives to generate: 1 (the default) for the tangent and gradient
   * members; 2 adds {@code fHvp} (value, gradient and a Hessian-vector product) and {@code
   * fHessian} (value, gradient and the dense Hessian), over the active inputs flattened in
   * parameter order. Built by differentiating the method's tangent again in reverse mode, so a
   * Hessian-vector product costs a small constant multiple of a gradient. A method of order 2 may
   * call other {@code @Differentiable} methods of order 2.
   */
  int order() default 1;
}
