package io.javad.processor.front;

import io.javad.DerivativeOf;
import io.javad.processor.diag.Message;
import io.javad.processor.diag.Reporter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;

/**
 * The {@code @DerivativeOf} rules of this compilation, checked and indexed by the function they
 * differentiate: one rule per partial derivative, an overload chosen by the rule's parameter types.
 */
public final class DerivativeRules {

  /** Per function, the rule for each parameter position that has one. */
  private final Map<ExecutableElement, Map<Integer, ExecutableElement>> byFunction = new HashMap<>();

  private DerivativeRules() {}

  public static DerivativeRules none() {
    return new DerivativeRules();
  }

  /** Reads and checks every rule of the round; a bad rule is an error at the rule, and is left out. */
  public static DerivativeRules collect(
      RoundEnvironment round, javax.lang.model.util.Types types, Reporter reporter) {
    DerivativeRules rules = new DerivativeRules();
    for (Element e : round.getElementsAnnotatedWith(DerivativeOf.class)) {
      if (e.getKind() == ElementKind.METHOD) {
        rules.add((ExecutableElement) e, types, reporter);
      }
    }
    return rules;
  }

  /** The rule for each parameter of {@code function}, null where there is none; empty if none. */
  List<ExecutableElement> of(ExecutableElement function) {
    Map<Integer, ExecutableElement> rules = byFunction.get(function);
    if (rules == null) {
      return List.of();
    }
    List<ExecutableElement> perParameter = new ArrayList<>();
    for (int i = 0; i < function.getParameters().size(); i++) {
      perParameter.add(rules.get(i));
    }
    return perParameter;
  }

  private void add(ExecutableElement rule, javax.lang.model.util.Types types, Reporter reporter) {
    String ruleName = rule.getSimpleName().toString();
    TypeKind result = rule.getReturnType().getKind();
    if (!rule.getModifiers().contains(Modifier.STATIC)
        || (result != TypeKind.DOUBLE && result != TypeKind.FLOAT)) {
      reporter.error(rule, Message.RULE_SHAPE, ruleName);
      return;
    }
    AnnotationMirror annotation = mirror(rule);
    TypeElement target = null;
    String method = "";
    String wrt = "";
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> v :
        annotation.getElementValues().entrySet()) {
      String key = v.getKey().getSimpleName().toString();
      Object value = v.getValue().getValue();
      if (key.equals("target") && value instanceof DeclaredType t) {
        target = (TypeElement) t.asElement();
      } else if (key.equals("method")) {
        method = value.toString();
      } else if (key.equals("wrt")) {
        wrt = value.toString();
      }
    }
    if (target == null) {
      return; // javac reports the unresolved class
    }
    ExecutableElement function = overload(target, method, rule, types);
    if (function == null) {
      reporter.error(
          rule, Message.RULE_NO_TARGET, ruleName, target.getSimpleName(), method, signature(rule),
          overloads(target, method));
      return;
    }
    if (!types.isSameType(function.getReturnType(), rule.getReturnType())) {
      // The partial is multiplied with tangents and adjoints of the function's type.
      reporter.error(
          rule, Message.RULE_RETURN, ruleName, rule.getReturnType(),
          target.getSimpleName() + "." + method, function.getReturnType());
      return;
    }
    List<? extends VariableElement> parameters = function.getParameters();
    int position = -1;
    if (wrt.isEmpty() && parameters.size() == 1) {
      position = 0;
    }
    // By the rule's own parameter names (always in source) or the function's (a class file
    // compiled without -parameters names them arg0, arg1, ...).
    for (int i = 0; i < parameters.size() && !wrt.isEmpty(); i++) {
      if (parameters.get(i).getSimpleName().contentEquals(wrt)
          || rule.getParameters().get(i).getSimpleName().contentEquals(wrt)) {
        position = i;
      }
    }
    String names =
        parameters.stream().map(p -> p.getSimpleName().toString()).collect(Collectors.joining(", "));
    if (position < 0 || !isFloating(parameters.get(position).asType())) {
      reporter.error(rule, Message.RULE_WRT, ruleName, wrt, target.getSimpleName() + "." + method, names);
      return;
    }
    ExecutableElement previous =
        byFunction.computeIfAbsent(function, f -> new HashMap<>()).putIfAbsent(position, rule);
    if (previous != null) {
      reporter.error(
          rule, Message.RULE_DUPLICATE, ruleName, parameters.get(position).getSimpleName(),
          previous.getEnclosingElement().getSimpleName() + "." + previous.getSimpleName());
    }
  }

  private static AnnotationMirror mirror(ExecutableElement rule) {
    for (AnnotationMirror m : rule.getAnnotationMirrors()) {
      Element type = m.getAnnotationType().asElement();
      if (((TypeElement) type).getQualifiedName().contentEquals(DerivativeOf.class.getName())) {
        return m;
      }
    }
    throw new IllegalStateException("no @DerivativeOf on " + rule);
  }

  /** The overload of {@code target.method} whose parameter types are the rule's. */
  private static ExecutableElement overload(
      TypeElement target, String method, ExecutableElement rule, javax.lang.model.util.Types types) {
    for (ExecutableElement m : ElementFilter.methodsIn(target.getEnclosedElements())) {
      if (!m.getSimpleName().contentEquals(method)
          || m.getParameters().size() != rule.getParameters().size()) {
        continue;
      }
      boolean same = true;
      for (int i = 0; i < m.getParameters().size(); i++) {
        same &=
            types.isSameType(
                types.erasure(m.getParameters().get(i).asType()),
                types.erasure(rule.getParameters().get(i).asType()));
      }
      if (same) {
        return m;
      }
    }
    return null;
  }

  private static String overloads(TypeElement target, String method) {
    List<String> found = new ArrayList<>();
    for (ExecutableElement m : ElementFilter.methodsIn(target.getEnclosedElements())) {
      if (m.getSimpleName().contentEquals(method)) {
        found.add(signature(m));
      }
    }
    return found.isEmpty() ? "none" : String.join(", ", found);
  }

  private static String signature(ExecutableElement m) {
    return m.getSimpleName()
        + m.getParameters().stream()
            .map(p -> p.asType().toString())
            .collect(Collectors.joining(", ", "(", ")"));
  }

  private static boolean isFloating(TypeMirror t) {
    return t.getKind() == TypeKind.DOUBLE || t.getKind() == TypeKind.FLOAT;
  }
}
