package io.javad;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a floating-point parameter of a {@link Differentiable} method as a constant of the
 * differentiation: it gets no tangent in {@code fTangent} and no component in the gradient record.
 * Data, hyper-parameters and step sizes are typical uses.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PARAMETER)
public @interface NoDerivative {}
