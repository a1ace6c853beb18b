package io.javad.processor.front;

import io.javad.AdjointOf;
import io.javad.TangentOf;
import io.javad.processor.diag.Message;
import io.javad.processor.diag.Reporter;
import io.javad.processor.ir.Callee;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;

/**
 * The user's derivatives of whole functions, {@code @TangentOf} and {@code @AdjointOf} rules,
 * checked against the forms callers use and indexed by function. A call of such a function is
 * differentiated like a call of a {@code @Differentiable} method whose tangent and accumulating
 * adjoint are the rules ({@link Callee.UserRules}).
 *
 * <p>The forms, for {@code R f(P1 p1, ..., Pk pk)} with R {@code double} or {@code double[]} and
 * the differentiated parameters those of type {@code double}, {@code double[]}, {@code double[][]}:
 * <ul>
 *   <li>tangent: {@code Dual|DualArray t(p1, p1Dot, ..., pk)}, each differentiated parameter
 *       followed by its tangent;
 *   <li>adjoint: {@code S a(p1, ..., pk, R fBar, <an adjoint array per array parameter>)}, adding
 *       into those arrays and returning the scalar parameters' adjoints: S is {@code void} for
 *       none, {@code double} for one, {@code double[]} for several.
 * </ul>
 */
public final class FunctionRules {

  /** A function's rules: either may be null. */
  public record Pair(ExecutableElement function, ExecutableElement tangent, ExecutableElement adjoint) {}

  private final Map<ExecutableElement, ExecutableElement> tangents = new HashMap<>();
  private final Map<ExecutableElement, ExecutableElement> adjoints = new HashMap<>();
  /** Rules from class files, by the package they were found in. */
  private final Map<ExecutableElement, String> compiledIn = new HashMap<>();

  private final javax.lang.model.util.Types types;

  FunctionRules(javax.lang.model.util.Types types) {
    this.types = types;
  }

  /** Whether {@code m} carries one of the annotations of a whole-function rule. */
  static boolean isRule(ExecutableElement m) {
    return m.getAnnotation(TangentOf.class) != null || m.getAnnotation(AdjointOf.class) != null;
  }

  /** Whether {@code function} has whole-function rules known so far. */
  boolean covers(ExecutableElement function) {
    return tangents.containsKey(function) || adjoints.containsKey(function);
  }

  /** Whether {@code rule} is already known (a rule of the round is also in its package's listing). */
  boolean isKnown(ExecutableElement rule) {
    return tangents.containsValue(rule) || adjoints.containsValue(rule);
  }

  /**
   * Checks and adds {@code rule}; {@code pkg} is the package whose class files it came from, or
   * null for a rule of this round, whose problems are reported. {@code partials}: whether a
   * function has {@code @DerivativeOf} rules, which exclude these.
   */
  void add(
      ExecutableElement rule,
      String pkg,
      java.util.function.Predicate<ExecutableElement> partials,
      Reporter reporter) {
    if (pkg != null) {
      reporter = Reporter.SILENT; // the library's problem; a rule of this round for it wins
    }
    boolean tangent = rule.getAnnotation(TangentOf.class) != null;
    String kind = tangent ? "TangentOf" : "AdjointOf";
    if (tangent && rule.getAnnotation(AdjointOf.class) != null) {
      reporter.error(rule, Message.RULE_FUNCTION_BOTH, rule.getSimpleName());
      return;
    }
    Map<String, Object> values = RuleAnnotations.values(rule, tangent ? TangentOf.class : AdjointOf.class);
    TypeElement target = RuleAnnotations.target(values);
    String method = String.valueOf(values.getOrDefault("method", ""));
    if (target == null) {
      return; // javac reports the unresolved class
    }
    String shownFunction = target.getSimpleName() + "." + method;
    String name = method;
    List<ExecutableElement> named =
        ElementFilter.methodsIn(target.getEnclosedElements()).stream()
            .filter(m -> m.getSimpleName().contentEquals(name))
            .toList();
    if (named.isEmpty()) {
      reporter.error(rule, Message.RULE_FUNCTION_NO_METHOD, kind, rule.getSimpleName(),
          target.getSimpleName(), method, target.getSimpleName());
      return;
    }
    if (!rule.getModifiers().contains(Modifier.STATIC)) {
      reporter.error(rule, Message.RULE_FUNCTION_STATIC, kind, rule.getSimpleName(),
          rule.getEnclosingElement().getSimpleName(), rule.getSimpleName());
      return;
    }
    ExecutableElement function = null;
    for (ExecutableElement m : named) {
      if (fits(rule, m, tangent)) {
        function = m;
      }
    }
    if (function == null && named.size() == 1 && problem(named.get(0)) != null) {
      // Say why the function cannot have such rules, rather than a form it cannot have.
      reporter.error(rule, Message.RULE_FUNCTION, kind, rule.getSimpleName(), shownFunction,
          problem(named.get(0)));
      return;
    }
    if (function == null) {
      String expected =
          named.stream().map(m -> expected(m, tangent, rule.getSimpleName().toString()))
              .collect(Collectors.joining("; or, for another overload: "));
      reporter.error(rule, Message.RULE_FUNCTION_SIGNATURE, kind, rule.getSimpleName(),
          target.getSimpleName(), method, signature(named.get(0)), expected);
      return;
    }
    String problem = problem(function);
    if (problem != null) {
      reporter.error(rule, Message.RULE_FUNCTION, kind, rule.getSimpleName(), shownFunction, problem);
      return;
    }
    if (partials.test(function)) {
      reporter.error(rule, Message.RULE_FUNCTION_MIXED, kind, rule.getSimpleName(), shownFunction);
      return;
    }
    Map<ExecutableElement, ExecutableElement> index = tangent ? tangents : adjoints;
    ExecutableElement previous = index.get(function);
    if (previous != null && pkg == null && !compiledIn.containsKey(previous)) {
      reporter.error(rule, Message.RULE_FUNCTION_DUPLICATE, kind, rule.getSimpleName(), shownFunction,
          previous.getEnclosingElement().getSimpleName() + "." + previous.getSimpleName());
      return;
    }
    if (previous == null || (pkg == null && compiledIn.containsKey(previous))) {
      index.put(function, rule);
    }
    if (pkg != null) {
      compiledIn.put(rule, pkg);
    }
  }

  /** The rules of this round (not those of class files), by function. */
  public List<Pair> ofRound() {
    Map<ExecutableElement, Pair> byFunction = new java.util.LinkedHashMap<>();
    tangents.forEach((f, t) -> {
      if (!compiledIn.containsKey(t)) {
        byFunction.put(f, new Pair(f, t, null));
      }
    });
    adjoints.forEach((f, a) -> {
      if (!compiledIn.containsKey(a)) {
        Pair p = byFunction.get(f);
        byFunction.put(f, new Pair(f, p == null ? null : p.tangent(), a));
      }
    });
    List<Pair> pairs = new ArrayList<>(byFunction.values());
    pairs.sort(java.util.Comparator.comparing(p -> p.function().getEnclosingElement() + "." + p.function()));
    return pairs;
  }

  /** The rules for {@code function} where a caller in its package or the function's looks. */
  Pair of(ExecutableElement function, String functionPackage, String callerPackage) {
    ExecutableElement t = visibleTo(tangents.get(function), functionPackage, callerPackage);
    ExecutableElement a = visibleTo(adjoints.get(function), functionPackage, callerPackage);
    return t == null && a == null ? null : new Pair(function, t, a);
  }

  private ExecutableElement visibleTo(ExecutableElement rule, String functionPackage, String callerPackage) {
    if (rule == null) {
      return null;
    }
    String pkg = compiledIn.get(rule);
    return pkg == null || pkg.equals(functionPackage) || pkg.equals(callerPackage) ? rule : null;
  }

  /**
   * The callee a call of the function becomes: the rules' classes and names in place of a
   * companion's, or the companion's {@code bridges} to rules it cannot name (no class).
   */
  static Callee callee(Pair rules, java.util.function.Function<ExecutableElement, String> bridges) {
    ExecutableElement function = rules.function();
    List<String> names = new ArrayList<>();
    List<Boolean> active = new ArrayList<>();
    List<Integer> ranks = new ArrayList<>();
    for (VariableElement p : function.getParameters()) {
      names.add(p.getSimpleName().toString());
      active.add(differentiated(p.asType()));
      ranks.add(Types.rank(p.asType()));
    }
    String tangentBridge = rules.tangent() == null ? null : bridges.apply(rules.tangent());
    String adjointBridge = rules.adjoint() == null ? null : bridges.apply(rules.adjoint());
    String tangentClass = rules.tangent() == null || tangentBridge != null ? null : ownerOf(rules.tangent());
    String adjointClass = rules.adjoint() == null || adjointBridge != null ? null : ownerOf(rules.adjoint());
    Callee.UserRules user =
        new Callee.UserRules(
            tangentClass,
            rules.tangent() == null ? null : tangentBridge != null ? tangentBridge : rules.tangent().getSimpleName().toString(),
            adjointClass,
            rules.adjoint() == null ? null : adjointBridge != null ? adjointBridge : rules.adjoint().getSimpleName().toString(),
            rules.tangent() == null ? null : directional(rules.tangent(), Types.rank(function.getReturnType())),
            rules.tangent() != null && rules.tangent().getAnnotation(io.javad.Differentiable.class) != null);
    String method = function.getSimpleName().toString();
    String record = Character.toUpperCase(method.charAt(0)) + method.substring(1) + "Gradient";
    ExecutableElement home = rules.tangent() != null ? rules.tangent() : rules.adjoint();
    return new Callee(
        ownerOf(home),
        method,
        record,
        names,
        active,
        ranks,
        Types.rank(function.getReturnType()),
        rules.tangent() != null,
        rules.adjoint() != null,
        false,
        List.of(),
        false,
        java.util.Collections.nCopies(names.size(), false),
        false,
        false,
        user);
  }

  /**
   * The tangent of a {@code @Differentiable} tangent rule alone, {@code solveDirectional} in its
   * class's companion, as a callee of rank {@code rank} ({@link TangentRules}); null for a rule
   * that is not {@code @Differentiable}.
   */
  private static Callee directional(ExecutableElement rule, int rank) {
    io.javad.Differentiable annotation = rule.getAnnotation(io.javad.Differentiable.class);
    if (annotation == null
        || TangentRules.form(rule) == null
        || TangentRules.refused(rule, annotation) != null) {
      return null;
    }
    TypeElement owner = (TypeElement) rule.getEnclosingElement();
    List<ExecutableElement> siblings =
        ElementFilter.methodsIn(owner.getEnclosedElements()).stream()
            .filter(m -> m.getAnnotation(io.javad.Differentiable.class) != null)
            .toList();
    String record =
        io.javad.processor.reverse.SecondOrderMembers.directionalRecord(
            io.javad.processor.emit.RecordNames.of(siblings).of(rule));
    List<String> names = new ArrayList<>();
    List<Boolean> active = new ArrayList<>();
    List<Integer> ranks = new ArrayList<>();
    for (VariableElement p : rule.getParameters()) {
      names.add(p.getSimpleName().toString());
      active.add(differentiated(p.asType()));
      ranks.add(Types.rank(p.asType()));
    }
    Callee callee =
        new Callee(
            io.javad.processor.emit.CompanionWriter.companionOf(
                    com.palantir.javapoet.ClassName.get(owner))
                .canonicalName(),
            TangentRules.directionalName(rule), record, names, active, ranks, rank, false, true,
            false, List.of(), false, java.util.Collections.nCopies(names.size(), false), false,
            false, null);
    return callee.accumulates() ? callee.withWorkspace() : callee;
  }

  private static String ownerOf(ExecutableElement rule) {
    return ((TypeElement) rule.getEnclosingElement()).getQualifiedName().toString();
  }

  /** Why {@code function} cannot have whole-function rules, or null. */
  static String problem(ExecutableElement function) {
    String owner = ((TypeElement) function.getEnclosingElement()).getQualifiedName().toString();
    if (owner.equals("java.lang.Math") || owner.equals("java.lang.StrictMath")) {
      return "javad differentiates Math's functions by its own table (or refuses one it has no rule"
          + " for); wrap the function in a static method of your own and give that method the rules";
    }
    if (owner.equals("java.util.Arrays")) {
      return "javad turns Arrays' helpers into the loops they stand for and differentiates those";
    }
    if (function.getAnnotation(io.javad.Differentiable.class) != null) {
      return "it is @Differentiable, so javad generates its derivatives; remove the rules, or the"
          + " annotation";
    }
    if (!function.getModifiers().contains(Modifier.STATIC)) {
      return "it is an instance method; give the rules a static function (a static method that"
          + " calls it)";
    }
    if (!function.getTypeParameters().isEmpty()) {
      return "it has type parameters; give the rules a function without them";
    }
    if (function.isVarArgs()) {
      return "it takes a variable number of arguments, which javad does not pass; give the rules a"
          + " function of an array";
    }
    TypeMirror result = function.getReturnType();
    if (result.getKind() != TypeKind.DOUBLE
        && !(result.getKind() == TypeKind.ARRAY && Types.rank(result) == 1 && isDouble(Types.elementOf(result)))) {
      return "it returns " + result + "; whole-function rules are for functions returning double or double[]";
    }
    for (VariableElement p : function.getParameters()) {
      TypeMirror t = p.asType();
      if (isFloatOrFloatArray(t)) {
        return "its parameter " + p.getSimpleName() + " is " + t + "; whole-function rules"
            + " differentiate double, double[] and double[][] parameters: give the rules a function"
            + " over doubles";
      }
      if (t.getKind() == TypeKind.ARRAY && isDouble(Types.elementOf(t)) && Types.rank(t) > 2) {
        return "its parameter " + p.getSimpleName() + " is " + t + "; whole-function rules"
            + " differentiate double, double[] and double[][] parameters";
      }
    }
    if (function.getParameters().stream().noneMatch(p -> differentiated(p.asType()))) {
      return "it has no double, double[] or double[][] parameter, so no derivative to give; remove"
          + " the rule";
    }
    return null;
  }

  /** Whether {@code rule}'s signature is the tangent's or adjoint's form for {@code function}. */
  private boolean fits(ExecutableElement rule, ExecutableElement function, boolean tangent) {
    List<String> expected = tangent ? tangentTypes(function) : adjointTypes(function);
    List<String> actual = new ArrayList<>();
    for (VariableElement p : rule.getParameters()) {
      actual.add(types.erasure(p.asType()).toString());
    }
    actual.add(types.erasure(rule.getReturnType()).toString());
    return expected.equals(actual);
  }

  /** The tangent's parameter types, then its result type. */
  private List<String> tangentTypes(ExecutableElement function) {
    List<String> out = new ArrayList<>();
    for (VariableElement p : function.getParameters()) {
      String t = types.erasure(p.asType()).toString();
      out.add(t);
      if (differentiated(p.asType())) {
        out.add(t);
      }
    }
    out.add(Types.rank(function.getReturnType()) > 0 ? "io.javad.runtime.DualArray" : "io.javad.runtime.Dual");
    return out;
  }

  /** The adjoint's parameter types, then its result type. */
  private List<String> adjointTypes(ExecutableElement function) {
    List<String> out = new ArrayList<>();
    List<String> arrays = new ArrayList<>();
    int scalars = 0;
    for (VariableElement p : function.getParameters()) {
      String t = types.erasure(p.asType()).toString();
      out.add(t);
      if (differentiated(p.asType()) && Types.rank(p.asType()) > 0) {
        arrays.add(t);
      } else if (differentiated(p.asType())) {
        scalars++;
      }
    }
    out.add(types.erasure(function.getReturnType()).toString());
    out.addAll(arrays);
    out.add(scalars == 0 ? "void" : scalars == 1 ? "double" : "double[]");
    return out;
  }

  /** The rule's form for {@code function}, written out with parameter names, for the error. */
  static String expected(ExecutableElement function, boolean tangent, String name) {
    List<String> parameters = new ArrayList<>();
    List<String> arrays = new ArrayList<>();
    int scalars = 0;
    for (VariableElement p : function.getParameters()) {
      String t = p.asType().toString();
      String n = p.getSimpleName().toString();
      parameters.add(t + " " + n);
      if (differentiated(p.asType()) && tangent) {
        parameters.add(t + " " + n + "Dot");
      } else if (differentiated(p.asType()) && Types.rank(p.asType()) > 0) {
        arrays.add(t + " " + n + "Bar");
      } else if (differentiated(p.asType())) {
        scalars++;
      }
    }
    String result;
    if (tangent) {
      result = Types.rank(function.getReturnType()) > 0 ? "DualArray" : "Dual";
    } else {
      parameters.add(function.getReturnType() + " " + function.getSimpleName() + "Bar");
      parameters.addAll(arrays);
      result = scalars == 0 ? "void" : scalars == 1 ? "double" : "double[]";
    }
    return "static " + result + " " + name + "(" + String.join(", ", parameters) + ")";
  }

  private static String signature(ExecutableElement m) {
    return m.getReturnType() + " " + m.getSimpleName()
        + m.getParameters().stream()
            .map(p -> p.asType() + " " + p.getSimpleName())
            .collect(Collectors.joining(", ", "(", ")"));
  }

  /** Whether a parameter of this type gets a tangent and an adjoint: double, double[], double[][]. */
  public static boolean differentiated(TypeMirror t) {
    return isDouble(t) || (t.getKind() == TypeKind.ARRAY && isDouble(Types.elementOf(t)) && Types.rank(t) <= 2);
  }

  private static boolean isDouble(TypeMirror t) {
    return t.getKind() == TypeKind.DOUBLE;
  }

  private static boolean isFloatOrFloatArray(TypeMirror t) {
    return t.getKind() == TypeKind.FLOAT
        || (t.getKind() == TypeKind.ARRAY && Types.elementOf(t).getKind() == TypeKind.FLOAT);
  }

  /** The two rules {@code function} could have, written out to be filled in. */
  static String stubs(ExecutableElement function) {
    String name = function.getSimpleName().toString();
    String target = function.getEnclosingElement().getSimpleName() + ".class";
    return "\n  @TangentOf(target = " + target + ", method = \"" + name + "\")\n  "
        + expected(function, true, name + "Tangent") + " { ... }"
        + "\n  @AdjointOf(target = " + target + ", method = \"" + name + "\")\n  "
        + expected(function, false, name + "Adjoint") + " { ... }";
  }
}
