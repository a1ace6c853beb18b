package io.javad.processor.front;

import java.util.HashMap;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * The elements a rule's annotation gives ({@code @DerivativeOf}, {@code @TangentOf}, {@code
 * @AdjointOf}), read from its mirror: a class file's annotation names its target class by type, which
 * {@code getAnnotation(...).target()} could not return.
 */
final class RuleAnnotations {

  private RuleAnnotations() {}

  /** The values {@code rule}'s annotation of type {@code annotation} sets, by element name. */
  static Map<String, Object> values(ExecutableElement rule, Class<?> annotation) {
    for (AnnotationMirror m : rule.getAnnotationMirrors()) {
      if (((TypeElement) m.getAnnotationType().asElement()).getQualifiedName().contentEquals(annotation.getName())) {
        Map<String, Object> values = new HashMap<>();
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> v : m.getElementValues().entrySet()) {
          values.put(v.getKey().getSimpleName().toString(), v.getValue().getValue());
        }
        return values;
      }
    }
    throw new IllegalStateException("no @" + annotation.getSimpleName() + " on " + rule);
  }

  /** The target class an annotation's values name, or null (javac reports the unresolved class). */
  static TypeElement target(Map<String, Object> values) {
    return values.get("target") instanceof javax.lang.model.type.DeclaredType t ? (TypeElement) t.asElement() : null;
  }
}
