package io.javad.processor.front;

import io.javad.Differentiable;
import io.javad.Mode;
import io.javad.NoDerivative;
import io.javad.TangentOf;
import java.util.Arrays;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.ElementFilter;

/**
 * A {@code @TangentOf} rule that is also {@code @Differentiable}: javad reads it as its function's
 * tangent program, as it builds {@code fDirectional} for a method of order 2, and differentiates
 * it in reverse mode. A second-order caller of the function then gets H·v through it: the rule's
 * tangent, differentiated with respect to the inputs and their tangents (calls of the function in
 * the rule use the function's own rules). The rule returns {@code new Dual(value, tangent)} or
 * {@code new DualArray(value, tangent)}; javad reads the tangent, {@code ruleDirectional}.
 */
public final class TangentRules {

  /** What the rule's tangent is: 0 for a {@code Dual}'s number, 1 for a {@code DualArray}'s array. */
  public record Form(int rank) {}

  private TangentRules() {}

  /** The form of {@code method} if it is a {@code @TangentOf} rule of a form javad reads, else null. */
  public static Form form(ExecutableElement method) {
    if (method.getAnnotation(TangentOf.class) == null) {
      return null;
    }
    String type = method.getReturnType().toString();
    if (type.equals("io.javad.runtime.Dual")) {
      return new Form(0);
    }
    return type.equals("io.javad.runtime.DualArray") ? new Form(1) : null;
  }

  /** The name of the member holding the rule's tangent alone: {@code solveDirectional}. */
  public static String directionalName(ExecutableElement rule) {
    return rule.getSimpleName() + "Directional";
  }

  /** Why the rule's tangent cannot be differentiated as it is declared, or null. */
  static String refused(ExecutableElement rule, Differentiable annotation) {
    if (annotation.order() != 1) {
      return "it has order = " + annotation.order() + ", a derivative of its function beyond the"
          + " second, which javad does not generate; drop order";
    }
    if (!Arrays.asList(annotation.modes()).contains(Mode.REVERSE)) {
      return "its modes leave out Mode.REVERSE, the mode javad differentiates it in; drop modes";
    }
    boolean allActive = annotation.wrt().length == 0;
    for (VariableElement p : rule.getParameters()) {
      allActive &= !Types.isFloatingKind(p.asType()) || p.getAnnotation(NoDerivative.class) == null;
    }
    if (!allActive) {
      return "it leaves out double parameters (wrt, @NoDerivative), whose derivatives its"
          + " function's callers need; drop wrt and @NoDerivative";
    }
    for (ExecutableElement m :
        ElementFilter.methodsIn(rule.getEnclosingElement().getEnclosedElements())) {
      Differentiable other = m.getAnnotation(Differentiable.class);
      if (m != rule && other != null && other.order() == 2
          && m.getSimpleName().contentEquals(rule.getSimpleName())) {
        return "its member " + directionalName(rule) + " would clash with that of the order-2 method "
            + m.getSimpleName() + " beside it; rename the rule";
      }
    }
    return null;
  }
}
