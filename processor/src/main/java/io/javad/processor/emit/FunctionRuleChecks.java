package io.javad.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import io.javad.processor.front.FunctionRules;
import io.javad.processor.front.Visibility;
import io.javad.processor.ir.Namer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;

/**
 * The check of a function's whole-function rules, {@code <Rules>RuleChecks.solve(a, b)}: the
 * function's arguments flattened ({@code Flat}), and the function and its rules as functions of the
 * flattened inputs, handed to {@code RuleCheck.check}, which compares them with finite differences.
 */
final class FunctionRuleChecks {

  private static final ClassName RUNTIME_CHECK = ClassName.get("io.javad.runtime", "RuleCheck");
  private static final ClassName FLAT = ClassName.get("io.javad.runtime", "Flat");
  private static final ClassName SHAPES = ClassName.get("io.javad.runtime", "ArrayShapes");

  private FunctionRuleChecks() {}

  /** Whether the check can name the function and its rules and call them without a try. */
  static boolean checkable(FunctionRules.Pair pair) {
    List<ExecutableElement> all = new ArrayList<>(List.of(pair.function()));
    if (pair.tangent() != null) {
      all.add(pair.tangent());
    }
    if (pair.adjoint() != null) {
      all.add(pair.adjoint());
    }
    for (ExecutableElement m : all) {
      if (m.getModifiers().contains(Modifier.PRIVATE)
          || !Visibility.nameable((TypeElement) m.getEnclosingElement())
          || !m.getThrownTypes().isEmpty()) {
        return false;
      }
    }
    // The checks live in the home rule's package: the others, and the types of the function's
    // parameters, must be visible from there.
    String home = Visibility.packageOf((TypeElement) all.get(1).getEnclosingElement());
    for (VariableElement p : pair.function().getParameters()) {
      javax.lang.model.type.TypeMirror t = p.asType();
      while (t instanceof javax.lang.model.type.ArrayType a) {
        t = a.getComponentType();
      }
      if (t instanceof javax.lang.model.type.DeclaredType d
          && !Visibility.visibleFromPackage(d.asElement(), home)) {
        return false;
      }
      if (t.getKind() == TypeKind.TYPEVAR) {
        return false;
      }
    }
    return all.stream().allMatch(m -> Visibility.visibleFromPackage(m, home));
  }

  static MethodSpec check(FunctionRules.Pair pair) {
    ExecutableElement function = pair.function();
    ClassName owner = ClassName.get((TypeElement) function.getEnclosingElement());
    List<? extends VariableElement> parameters = function.getParameters();
    MethodSpec.Builder spec =
        MethodSpec.methodBuilder(function.getSimpleName().toString())
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC);
    Set<String> taken = new HashSet<>();
    for (VariableElement p : parameters) {
      spec.addParameter(TypeName.get(p.asType()), p.getSimpleName().toString());
      taken.add(p.getSimpleName().toString());
    }
    Namer method = new Namer(taken);
    String point = method.fresh("point");
    List<CodeBlock> sizes = new ArrayList<>();
    for (VariableElement p : parameters) {
      if (differentiated(p)) {
        int rank = rank(p);
        sizes.add(rank == 0 ? CodeBlock.of("1") : size(p));
      }
    }
    spec.addStatement("double[] $N = new double[$L]", point, CodeBlock.join(sizes, " + "));
    String at = method.fresh("at");
    spec.addStatement("int $N = 0", at);
    for (VariableElement p : parameters) {
      if (differentiated(p)) {
        spec.addStatement("$N = $T.put($N, $N, $N)", at, FLAT, point, at, name(p));
      }
    }
    taken.add(point);
    taken.add(at);
    String shown = owner.simpleName() + "." + function.getSimpleName();
    long arrays = parameters.stream().filter(p -> differentiated(p) && rank(p) > 0).count();
    spec.addCode(
        "$T.check($S, $S, $S, $N, $L,\n$>$>$L,\n$L,\n$L);\n$<$<",
        RUNTIME_CHECK, shown, ruleName(pair.tangent()), ruleName(pair.adjoint()), point, arrays,
        valueLambda(function, owner, taken), tangentLambda(pair, shown, taken), adjointLambda(pair, taken));
    CodeBlock.Builder doc = CodeBlock.builder();
    doc.add(
        "Checks the rules of {@link $T#$N} ($L) against central finite differences of the\n"
            + "function at the given arguments, along a fixed pseudo-random direction.\n\n",
        owner, function.getSimpleName(), rulesShown(pair));
    for (VariableElement p : parameters) {
      doc.add("@param $N the argument {@code $N}\n", name(p), name(p));
    }
    doc.add("@throws AssertionError naming the rule, if a rule is wrong\n");
    return spec.addJavadoc(doc.build()).build();
  }

  /** {@code x -> { ...; return Linear.solve(a2, b2); }}: the function of the flattened inputs. */
  private static CodeBlock valueLambda(ExecutableElement function, ClassName owner, Set<String> taken) {
    Namer names = new Namer(taken);
    String x = names.fresh("x");
    CodeBlock.Builder body = CodeBlock.builder();
    List<CodeBlock> arguments = unpack(body, function, x, names, "");
    CodeBlock call = CodeBlock.of("$T.$N($L)", owner, function.getSimpleName(), CodeBlock.join(arguments, ", "));
    body.addStatement(
        function.getReturnType().getKind() == TypeKind.ARRAY ? "return $L" : "return new double[] {$L}", call);
    return lambda(CodeBlock.of("$N", x), body.build());
  }

  /** The tangent rule of the flattened inputs and tangents, putting both back afterwards; or null. */
  private static CodeBlock tangentLambda(FunctionRules.Pair pair, String shown, Set<String> taken) {
    if (pair.tangent() == null) {
      return CodeBlock.of("null");
    }
    ExecutableElement function = pair.function();
    Namer names = new Namer(taken);
    String x = names.fresh("x");
    String d = names.fresh("d");
    CodeBlock.Builder body = CodeBlock.builder();
    List<CodeBlock> values = unpack(body, function, x, names, "");
    List<CodeBlock> dots = unpack(body, function, d, names, "Dot");
    List<CodeBlock> arguments = new ArrayList<>();
    int k = 0;
    for (VariableElement p : function.getParameters()) {
      arguments.add(values.get(k));
      if (differentiated(p)) {
        arguments.add(dots.get(k));
      }
      k++;
    }
    String dual = names.fresh("dual");
    CodeBlock call = call(pair.tangent(), arguments);
    boolean vector = function.getReturnType().getKind() == TypeKind.ARRAY;
    body.addStatement(
        "$T $N = $L", ClassName.get("io.javad.runtime", vector ? "DualArray" : "Dual"), dual, call);
    if (vector) {
      // Callers write into the arrays the rule returns: none may be an argument's.
      List<CodeBlock> given = new ArrayList<>(arguments);
      body.addStatement(
          "$T.fresh($S, $N.value(), $N.tangent(), $L)", RUNTIME_CHECK,
          "@TangentOf rule " + ruleName(pair.tangent()) + " of " + shown, dual, dual,
          CodeBlock.join(given, ", "));
    }
    putBack(body, function, x, values, names);
    putBack(body, function, d, dots, names);
    body.addStatement(
        vector
            ? "return new double[][] {$N.value(), $N.tangent()}"
            : "return new double[][] {{$N.value()}, {$N.tangent()}}",
        dual, dual);
    return lambda(CodeBlock.of("($N, $N)", x, d), body.build());
  }

  /**
   * The adjoint rule of the flattened inputs: adjoint arrays from {@code start} (or null), the
   * rule's call, the arguments put back, and the adjoints it added and returned, flattened.
   */
  private static CodeBlock adjointLambda(FunctionRules.Pair pair, Set<String> taken) {
    if (pair.adjoint() == null) {
      return CodeBlock.of("null");
    }
    ExecutableElement function = pair.function();
    Namer names = new Namer(taken);
    String x = names.fresh("x");
    String w = names.fresh("w");
    String start = names.fresh("start");
    String omitted = names.fresh("omitted");
    CodeBlock.Builder body = CodeBlock.builder();
    List<CodeBlock> values = unpack(body, function, x, names, "");
    List<CodeBlock> arguments = new ArrayList<>(values);
    arguments.add(
        function.getReturnType().getKind() == TypeKind.ARRAY
            ? CodeBlock.of("$N", w)
            : CodeBlock.of("$N[0]", w));
    // Arrays' adjoints start from start's entries; scalars' from 0, start's added afterwards.
    List<String> arrays = new ArrayList<>();
    List<String> scalarNames = new ArrayList<>();
    for (VariableElement p : function.getParameters()) {
      if (differentiated(p) && rank(p) > 0) {
        String bar = names.fresh(name(p) + "Bar");
        body.addStatement(
            "$T $N = $N == null || $N == $L ? null : $T.zerosLike($N)",
            TypeName.get(p.asType()), bar, start, omitted, arrays.size(), SHAPES, name(p));
        arrays.add(bar);
        arguments.add(CodeBlock.of("$N", bar));
      } else if (differentiated(p)) {
        scalarNames.add(name(p));
      }
    }
    String at = names.fresh("at");
    body.addStatement("int $N = 0", at);
    if (!arrays.isEmpty()) {
      body.beginControlFlow("if ($N != null)", start);
      int a = 0;
      for (VariableElement p : function.getParameters()) {
        if (differentiated(p) && rank(p) > 0) {
          String bar = arrays.get(a++);
          body.addStatement(
              "$N = $N == null ? $N + $L : $T.take($N, $N, $N)", at, bar, at, size(p), FLAT, start, at, bar);
        } else if (differentiated(p) && a < arrays.size()) {
          body.addStatement("$N++", at);
        }
      }
      body.endControlFlow();
    }
    CodeBlock call = call(pair.adjoint(), arguments);
    String returned = names.fresh("returned");
    if (scalarNames.isEmpty()) {
      body.addStatement("$L", call);
    } else if (scalarNames.size() == 1) {
      body.addStatement("double[] $N = {$L}", returned, call);
    } else {
      body.addStatement("double[] $N = $L", returned, call);
    }
    putBack(body, function, x, values, names);
    body.beginControlFlow("if ($N == null)", start).addStatement("return null").endControlFlow();
    String g = names.fresh("gradient");
    body.addStatement("double[] $N = new double[$N.length]", g, start);
    body.addStatement("$N = 0", at);
    int a = 0;
    int s = 0;
    for (VariableElement p : function.getParameters()) {
      if (differentiated(p) && rank(p) > 0) {
        String bar = arrays.get(a++);
        body.addStatement(
            "$N = $N == null ? $T.omitted($N, $N, $L) : $T.put($N, $N, $N)",
            at, bar, RUNTIME_CHECK, g, at, size(p), FLAT, g, at, bar);
      } else if (differentiated(p)) {
        body.addStatement("$N = $T.put($N, $N, $N[$N] + $N[$L])", at, FLAT, g, at, start, at, returned, s++);
      }
    }
    body.addStatement("return $N", g);
    return lambda(CodeBlock.of("($N, $N, $N, $N)", x, w, start, omitted), body.build());
  }

  /**
   * Declares the function's arguments read from the flat vector {@code from}: a fresh array of
   * each array argument's shape filled from it, a scalar's entry; other arguments as given.
   */
  private static List<CodeBlock> unpack(
      CodeBlock.Builder body, ExecutableElement function, String from, Namer names, String suffix) {
    List<CodeBlock> out = new ArrayList<>();
    String at = names.fresh("at");
    body.addStatement("int $N = 0", at);
    for (VariableElement p : function.getParameters()) {
      if (!differentiated(p)) {
        out.add(CodeBlock.of("$N", name(p)));
        continue;
      }
      String local = names.fresh(name(p) + (suffix.isEmpty() ? "At" : suffix));
      if (rank(p) == 0) {
        body.addStatement("double $N = $N[$N++]", local, from, at);
      } else {
        body.addStatement("$T $N = $T.zerosLike($N)", TypeName.get(p.asType()), local, SHAPES, name(p));
        body.addStatement("$N = $T.take($N, $N, $N)", at, FLAT, from, at, local);
      }
      out.add(CodeBlock.of("$N", local));
    }
    return out;
  }

  /** Puts the array arguments back into {@code into}, as the rule left them. */
  private static void putBack(
      CodeBlock.Builder body, ExecutableElement function, String into, List<CodeBlock> locals, Namer names) {
    String at = names.fresh("at");
    body.addStatement("int $N = 0", at);
    int k = 0;
    for (VariableElement p : function.getParameters()) {
      if (differentiated(p)) {
        body.addStatement("$N = $T.put($N, $N, $L)", at, FLAT, into, at, locals.get(k));
      }
      k++;
    }
  }

  /** The number of entries of an array argument: {@code a.length}, {@code Flat.size(m)}. */
  private static CodeBlock size(VariableElement p) {
    return rank(p) == 1 ? CodeBlock.of("$N.length", name(p)) : CodeBlock.of("$T.size($N)", FLAT, name(p));
  }

  private static CodeBlock lambda(CodeBlock parameters, CodeBlock body) {
    return CodeBlock.builder().add("$L -> {\n$>", parameters).add(body).add("$<}").build();
  }

  private static CodeBlock call(ExecutableElement rule, List<CodeBlock> arguments) {
    return CodeBlock.of(
        "$T.$N($L)", ClassName.get((TypeElement) rule.getEnclosingElement()), rule.getSimpleName(),
        CodeBlock.join(arguments, ", "));
  }

  private static String ruleName(ExecutableElement rule) {
    return rule == null ? null : rule.getEnclosingElement().getSimpleName() + "." + rule.getSimpleName();
  }

  private static CodeBlock rulesShown(FunctionRules.Pair pair) {
    List<CodeBlock> shown = new ArrayList<>();
    if (pair.tangent() != null) {
      shown.add(CodeBlock.of("tangent {@code $L}", ruleName(pair.tangent())));
    }
    if (pair.adjoint() != null) {
      shown.add(CodeBlock.of("adjoint {@code $L}", ruleName(pair.adjoint())));
    }
    return CodeBlock.join(shown, ", ");
  }

  private static boolean differentiated(VariableElement p) {
    return FunctionRules.differentiated(p.asType());
  }

  private static int rank(VariableElement p) {
    int rank = 0;
    for (javax.lang.model.type.TypeMirror t = p.asType(); t.getKind() == TypeKind.ARRAY;
        t = ((javax.lang.model.type.ArrayType) t).getComponentType()) {
      rank++;
    }
    return rank;
  }

  private static String name(VariableElement p) {
    return p.getSimpleName().toString();
  }
}
