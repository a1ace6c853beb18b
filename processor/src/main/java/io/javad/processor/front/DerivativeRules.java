package io.javad.processor.front;

import io.javad.DerivativeOf;
import io.javad.processor.diag.Message;
import io.javad.processor.diag.Reporter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;

/**
 * The {@code @DerivativeOf} rules javad knows, checked and indexed by the function they
 * differentiate: one rule per partial derivative, an overload chosen by the rule's parameter types.
 *
 * <p>Rules of this compilation come from the round. Rules compiled earlier (a library jar, or
 * sources an incremental build did not recompile) are class files, which javac lists by package:
 * javad looks in the package of the function's class and in the package of the calling class,
 * the places a library ships rules for its own functions and a project keeps its rules. Their
 * annotations have CLASS retention, so javac reads them from the class files.
 */
public final class DerivativeRules {

  /**
   * Per function, the rules for each parameter position that has one: the round's (at most one)
   * first, then those of class files, in the order found.
   */
  private final Map<ExecutableElement, Map<Integer, List<ExecutableElement>>> byFunction =
      new HashMap<>();
  /** Rules from class files, by the package they were found in. */
  private final Map<ExecutableElement, String> compiledIn = new HashMap<>();

  private final javax.lang.model.util.Types types;
  private final javax.lang.model.util.Elements elements;
  private static final java.util.regex.Pattern JDK =
      java.util.regex.Pattern.compile("(java|javax|jdk|sun|com\\.sun)(\\.|$)");

  /** Packages whose class files were searched for rules. */
  private final Set<String> searched = new HashSet<>();

  /** The whole-function rules ({@code @TangentOf}, {@code @AdjointOf}), found alongside. */
  private final FunctionRules functionRules;

  private DerivativeRules(javax.lang.model.util.Types types, javax.lang.model.util.Elements elements) {
    this.types = types;
    this.elements = elements;
    this.functionRules = new FunctionRules(types);
  }

  public static DerivativeRules none() {
    return new DerivativeRules(null, null);
  }

  /** Reads and checks every rule of the round; a bad rule is an error at the rule, and is left out. */
  public static DerivativeRules collect(
      RoundEnvironment round,
      javax.lang.model.util.Types types,
      javax.lang.model.util.Elements elements,
      Reporter reporter) {
    DerivativeRules rules = new DerivativeRules(types, elements);
    for (Element e : round.getElementsAnnotatedWith(DerivativeOf.class)) {
      if (e.getKind() == ElementKind.METHOD) {
        rules.add((ExecutableElement) e, types, reporter);
      }
    }
    // After the partial rules, which a function's whole-function rules exclude.
    java.util.Set<Element> whole = new java.util.LinkedHashSet<>();
    whole.addAll(round.getElementsAnnotatedWith(io.javad.TangentOf.class));
    whole.addAll(round.getElementsAnnotatedWith(io.javad.AdjointOf.class));
    for (Element e : whole) {
      if (e.getKind() == ElementKind.METHOD) {
        rules.functionRules.add((ExecutableElement) e, null, rules.byFunction::containsKey, reporter);
      }
    }
    return rules;
  }

  /** A rule of this round: the partial of {@code function} with respect to parameter {@code wrt}. */
  public record Found(ExecutableElement rule, ExecutableElement function, int wrt) {}

  /** The rules of this round (not those of class files), each with its function and parameter. */
  public List<Found> ofRound() {
    List<Found> found = new ArrayList<>();
    byFunction.forEach((function, byParameter) -> byParameter.forEach((wrt, rules) -> {
      for (ExecutableElement rule : rules) {
        if (!compiledIn.containsKey(rule)) {
          found.add(new Found(rule, function, wrt));
        }
      }
    }));
    found.sort(java.util.Comparator.comparing(f -> f.rule().toString()));
    return found;
  }

  /** The whole-function rules of this round, by function. */
  /** Whether {@code rule} is a whole-function rule of a form its function has (reported if not). */
  public boolean isFunctionRule(ExecutableElement rule) {
    return functionRules.isKnown(rule);
  }

  public List<FunctionRules.Pair> functionRulesOfRound() {
    return functionRules.ofRound();
  }

  /**
   * The callee that a call of {@code function} becomes through its whole-function rules, or null
   * if it has none where {@code callerPackage} looks; {@code bridges} gives the companion's bridge
   * to a rule it cannot name (a private one), or null for one it can.
   */
  io.javad.processor.ir.Callee functionRules(
      ExecutableElement function,
      String callerPackage,
      java.util.function.Function<ExecutableElement, String> bridges) {
    String functionPackage = Visibility.packageOf((TypeElement) function.getEnclosingElement());
    if (elements != null) {
      search(functionPackage);
      search(callerPackage);
    }
    FunctionRules.Pair pair = functionRules.of(function, functionPackage, callerPackage);
    return pair == null ? null : FunctionRules.callee(pair, bridges);
  }

  /**
   * The rule for each parameter of {@code function}, null where there is none; empty if none.
   * {@code callerPackage}: also searched for compiled rules.
   */
  List<ExecutableElement> of(ExecutableElement function, String callerPackage) {
    String functionPackage = Visibility.packageOf((TypeElement) function.getEnclosingElement());
    if (elements != null) {
      search(functionPackage);
      search(callerPackage);
    }
    Map<Integer, List<ExecutableElement>> rules = byFunction.get(function);
    if (rules == null) {
      return List.of();
    }
    List<ExecutableElement> perParameter = new ArrayList<>();
    boolean any = false;
    for (int i = 0; i < function.getParameters().size(); i++) {
      ExecutableElement chosen = null;
      for (ExecutableElement rule : rules.getOrDefault(i, List.of())) {
        // A compiled rule counts where this caller looks: the function's package or its own.
        String pkg = compiledIn.get(rule);
        if (pkg == null || pkg.equals(functionPackage) || pkg.equals(callerPackage)) {
          chosen = rule;
          break;
        }
      }
      perParameter.add(chosen);
      any |= chosen != null;
    }
    return any ? perParameter : List.of();
  }

  /**
   * Adds the rules of the compiled classes of {@code pkg}. Their problems are the library's: such a
   * rule is left out without a word (an error there would point into a jar), and one of this
   * round for the same partial wins.
   */
  private void search(String pkg) {
    if (!searched.add(pkg) || JDK.matcher(pkg).lookingAt()) {
      return; // the JDK ships no rules, and listing its packages is slow
    }
    javax.lang.model.element.PackageElement element = elements.getPackageElement(pkg);
    if (element == null) {
      return;
    }
    List<TypeElement> classes = new ArrayList<>(ElementFilter.typesIn(element.getEnclosedElements()));
    for (int i = 0; i < classes.size(); i++) {
      TypeElement type = classes.get(i);
      classes.addAll(ElementFilter.typesIn(type.getEnclosedElements())); // nested rule classes
      for (ExecutableElement m : ElementFilter.methodsIn(type.getEnclosedElements())) {
        if (m.getAnnotation(DerivativeOf.class) != null && !isKnown(m)) {
          compiledIn.put(m, pkg);
          add(m, types, null);
        }
        if (FunctionRules.isRule(m) && !functionRules.isKnown(m)) {
          functionRules.add(m, pkg, byFunction::containsKey, Reporter.SILENT);
        }
      }
    }
  }

  /** {@code reporter}: null for a compiled rule, whose problems are not reported. */
  private void add(ExecutableElement rule, javax.lang.model.util.Types types, Reporter reporter) {
    if (reporter == null) {
      reporter = Reporter.SILENT;
    }
    String ruleName = rule.getSimpleName().toString();
    TypeKind result = rule.getReturnType().getKind();
    if (!rule.getModifiers().contains(Modifier.STATIC)
        || (result != TypeKind.DOUBLE && result != TypeKind.FLOAT)) {
      reporter.error(rule, Message.RULE_SHAPE, ruleName);
      return;
    }
    Map<String, Object> values = RuleAnnotations.values(rule, DerivativeOf.class);
    TypeElement target = RuleAnnotations.target(values);
    String method = String.valueOf(values.getOrDefault("method", ""));
    String wrt = String.valueOf(values.getOrDefault("wrt", ""));
    if (target == null) {
      return; // javac reports the unresolved class
    }
    String targetName = target.getQualifiedName().toString();
    if (targetName.equals("java.lang.Math") || targetName.equals("java.lang.StrictMath")) {
      // Math's calls are differentiated by javad's own table, which a rule would not reach.
      reporter.error(rule, Message.RULE_MATH, ruleName, target.getSimpleName(), method);
      return;
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
    if (wrt.isEmpty()) {
      // Left out: the function's only double or float parameter (others, such as an int, are data).
      List<Integer> floating = new ArrayList<>();
      for (int i = 0; i < parameters.size(); i++) {
        if (isFloating(parameters.get(i).asType())) {
          floating.add(i);
        }
      }
      if (floating.isEmpty()) {
        reporter.error(rule, Message.RULE_NOTHING, ruleName, target.getSimpleName() + "." + method);
        return;
      }
      if (floating.size() == 1) {
        position = floating.get(0);
      }
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
    List<ExecutableElement> candidates =
        byFunction.computeIfAbsent(function, f -> new HashMap<>())
            .computeIfAbsent(position, k -> new ArrayList<>());
    if (reporter != Reporter.SILENT && !candidates.isEmpty()) {
      ExecutableElement previous = candidates.get(0);
      reporter.error(
          rule, Message.RULE_DUPLICATE, ruleName, parameters.get(position).getSimpleName(),
          previous.getEnclosingElement().getSimpleName() + "." + previous.getSimpleName());
      return;
    }
    candidates.add(rule);
  }

  /** Whether {@code rule} is already known (a rule of the round is also in its package's listing). */
  private boolean isKnown(ExecutableElement rule) {
    for (Map<Integer, List<ExecutableElement>> perPosition : byFunction.values()) {
      for (List<ExecutableElement> candidates : perPosition.values()) {
        if (candidates.contains(rule)) {
          return true;
        }
      }
    }
    return false;
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
