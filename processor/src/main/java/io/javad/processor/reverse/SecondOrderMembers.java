package io.javad.processor.reverse;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.javad.processor.emit.FlatInputs;
import io.javad.processor.emit.JavaTypes;
import io.javad.processor.emit.Origin;
import io.javad.processor.ir.MethodIr;
import io.javad.processor.ir.Namer;
import io.javad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.VariableElement;

/**
 * The members of {@code @Differentiable(order = 2)} around {@code fDirectional} (the directional
 * derivative, {@link io.javad.processor.forward.TangentProgram}) and its reverse-mode members:
 *
 * <ul>
 *   <li>{@code double fDirectional(params, tangents)}: ∇f·ẋ, for callers' own second order;
 *   <li>{@code FHvp fHvp(params, double[] v)}: value, gradient and H·v, from the gradient of
 *       {@code fDirectional} along v: with respect to the inputs H·v, to the tangents ∇f;
 *   <li>{@code FHessian fHessian(params)}: value, gradient and H, one H·eᵢ per active input.
 * </ul>
 *
 * Vectors are over the active inputs flattened in parameter order ({@code io.javad.runtime.Flat}).
 */
public final class SecondOrderMembers {

  private static final ClassName FLAT = ClassName.get("io.javad.runtime", "Flat");
  private static final ClassName SHAPES = ClassName.get("io.javad.runtime", "ArrayShapes");

  private final MethodIr method;
  private final Origin origin;
  private final Origin directional;
  private final ClassName hvpRecord;
  private final ClassName hessianRecord;

  /** The tangents' names in {@code fDirectional}, as its gradient record names them. */
  private final List<String> dotNames;

  /** Whether {@code fDirectionalGradient} has a workspace form, which fHessian reuses per column. */
  private final boolean workspace;

  /**
   * The members of {@code method} (over records' components, if it takes records), with the
   * records named after {@code recordName}, the method's own gradient record: {@code FHvp}.
   */
  public SecondOrderMembers(
      MethodIr method, MethodIr directionalMethod, Origin origin, String recordName, boolean workspace) {
    this.method = method;
    this.workspace = workspace;
    java.util.Set<String> own = method.variableNames();
    this.dotNames =
        directionalMethod.parameters().stream()
            .map(p -> p.variable().name())
            .filter(name -> !own.contains(name))
            .toList();
    this.origin = origin;
    this.directional = directionalOrigin(origin);
    String base = base(recordName);
    this.hvpRecord = origin.companion().nestedClass(base + "Hvp");
    this.hessianRecord = origin.companion().nestedClass(base + "Hessian");
  }

  /** {@code fDirectional} and its records: {@code FDirectionalGradient}, {@code FDirectionalWorkspace}. */
  public static Origin directionalOrigin(Origin origin) {
    return new Origin(
        origin.owner(), origin.companion(), origin.method() + "Directional", origin.link(),
        directionalRecord(origin.recordName()), origin.instance(), origin.self());
  }

  /** {@code FDirectionalGradient}, the gradient record of {@code fDirectional}. */
  public static String directionalRecord(String recordName) {
    return base(recordName) + "DirectionalGradient";
  }

  /**
   * {@code solveDirectional(a, aDot, b, bDot)}, a {@code @Differentiable @TangentOf} rule's tangent
   * alone: what a second-order caller of its function calls, and differentiates through the
   * members of {@code directional} (TangentRules). {@code bridge} is the companion's bridge to a
   * rule it cannot name, else null.
   */
  public static MethodSpec ruleDirectional(
      ExecutableElement rule, MethodIr ir, Origin directional, String bridge) {
    MethodSpec.Builder spec =
        MethodSpec.methodBuilder(directional.method())
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(ir.isVectorValued() ? ArrayTypeName.of(double.class) : TypeName.DOUBLE);
    List<CodeBlock> arguments = new ArrayList<>();
    for (VariableElement p : rule.getParameters()) {
      spec.addParameter(TypeName.get(p.asType()), p.getSimpleName().toString());
      arguments.add(CodeBlock.of("$N", p.getSimpleName().toString()));
    }
    CodeBlock joined = CodeBlock.join(arguments, ", ");
    CodeBlock call =
        bridge != null
            ? CodeBlock.of("$N($L)", bridge, joined)
            : CodeBlock.of("$T.$N($L)", directional.owner(), rule.getSimpleName().toString(), joined);
    spec.addStatement("return $L.tangent()", call);
    spec.addJavadoc(
        "The tangent of the rule {@link $L} alone, which second-order callers of its function call.\n"
            + "Its reverse mode, {@code $N}, differentiates it again.\n",
        directional.link(),
        ir.isVectorValued() ? directional.pullbackName() : directional.gradientName());
    return spec.build();
  }

  private static String base(String recordName) {
    return recordName.substring(0, recordName.length() - "Gradient".length());
  }

  /** fDirectional, and for a scalar function fHvp and fHessian. */
  public List<MethodSpec> methods() {
    return scalar()
        ? List.of(directionalValue(), hvp(), hessian())
        : List.of(directionalValue());
  }

  public List<TypeSpec> records() {
    if (!scalar()) {
      return List.of();
    }
    return List.of(
        record(hvpRecord, "hvp", double[].class, "the Hessian-vector product H·v", "Hessian-vector product"),
        record(hessianRecord, "hessian", double[][].class, "the Hessian, row i holding ∂²f/∂xᵢ∂xⱼ", "Hessian"));
  }

  /** Whether the method returns a number (not an array, not void): it has fHvp and fHessian. */
  private boolean scalar() {
    return !method.isVectorValued() && !method.returnsVoid();
  }

  /**
   * {@code return fTangent(...).tangent();}: the directional derivative alone; for a void method
   * {@code fTangent(...);}, which writes the arrays and their tangents.
   */
  private MethodSpec directionalValue() {
    MethodSpec.Builder spec =
        MethodSpec.methodBuilder(directional.method())
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(
                method.returnsVoid()
                    ? TypeName.VOID
                    : method.isVectorValued() ? ArrayTypeName.of(double.class) : TypeName.DOUBLE);
    origin.addReceiver(spec);
    List<CodeBlock> arguments = receiver();
    int k = 0;
    for (MethodIr.Parameter p : method.parameters()) {
      Variable v = p.variable();
      spec.addParameter(JavaTypes.of(p.sourceType()), v.name());
      arguments.add(CodeBlock.of("$N", v.name()));
      if (p.active()) {
        String dot = dotNames.get(k++);
        spec.addParameter(JavaTypes.of(v.javaType()), dot);
        arguments.add(CodeBlock.of("$N", dot));
      }
    }
    if (method.returnsVoid()) {
      spec.addStatement("$N($L)", origin.tangentName(), CodeBlock.join(arguments, ", "));
      spec.addJavadoc(
          "Runs {@link $L} and updates the tangents of the arrays it writes into, as\n"
              + "{@code $N} does. Its own reverse mode, {@code $N}, serves the second order of\n"
              + "callers.\n",
          origin.link(), origin.tangentName(), directional.adjointName());
      return spec.build();
    }
    spec.addStatement("return $N($L).tangent()", origin.tangentName(), CodeBlock.join(arguments, ", "));
    if (method.isVectorValued()) {
      spec.addJavadoc(
          "The directional derivative of {@link $L} along the given tangents, J·ẋ: the tangent of\n"
              + "{@code $N} alone. Its own reverse mode, {@code $N}, serves the second order of\n"
              + "callers.\n",
          origin.link(), origin.tangentName(), directional.pullbackName());
    } else {
      spec.addJavadoc(
          "The directional derivative of {@link $L} along the given tangents, ∇f·ẋ: the tangent of\n"
              + "{@code $N} alone. Its own reverse mode, {@code $N}, gives the Hessian-vector product.\n",
          origin.link(), origin.tangentName(), directional.gradientName());
    }
    return spec.build();
  }

  private MethodSpec hvp() {
    Namer names = FlatInputs.names(method, origin);
    String v = names.fresh("v");
    MethodSpec.Builder spec =
        MethodSpec.methodBuilder(method.name() + "Hvp")
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(hvpRecord);
    origin.addReceiver(spec);
    parameters(spec);
    spec.addParameter(double[].class, v);
    String n = names.fresh("n");
    String at = names.fresh("at");
    spec.addStatement("int $N = $L", n, FlatInputs.size(method));
    spec.addStatement("$T.requireLength($N, $N, $S)", FLAT, v, n, method.name() + "Hvp");
    spec.addStatement("int $N = 0", at);
    List<String> dots = takeDots(spec, names, v, at);
    String h = names.fresh("h");
    spec.addStatement(
        "$T $N = $N($L)", directional.companion().nestedClass(directional.recordName()), h,
        directional.gradientName(), CodeBlock.join(directionalArguments(dots), ", "));
    String gradient = names.fresh("gradient");
    String product = names.fresh("hvp");
    spec.addStatement("double[] $N = new double[$N]", gradient, n);
    spec.addStatement("double[] $N = new double[$N]", product, n);
    // Its gradient with respect to the tangents is f's gradient: fDirectional is linear in them.
    putAll(spec, gradient, h, at, dotNames());
    putAll(spec, product, h, at, inputNames());
    spec.addStatement(
        "return new $T($N($L).value(), $N, $N)", hvpRecord, origin.tangentName(),
        CodeBlock.join(directionalArguments(dots), ", "), gradient, product);
    spec.addJavadoc(
        "Second order of {@link $L}: its value, its gradient and the Hessian-vector product H·v,\n"
            + "over the active inputs ($L) flattened in parameter order (an array's elements in\n"
            + "index order, a matrix row by row); {@code $N} is flattened the same way. H·v is the\n"
            + "gradient of the directional derivative along v (reverse mode over forward mode), at a\n"
            + "small constant multiple of the gradient's cost.\n",
        origin.link(), wrt(), v);
    return spec.build();
  }

  private MethodSpec hessian() {
    Namer names = FlatInputs.names(method, origin);
    MethodSpec.Builder spec =
        MethodSpec.methodBuilder(method.name() + "Hessian")
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(hessianRecord);
    origin.addReceiver(spec);
    parameters(spec);
    String n = names.fresh("n");
    String at = names.fresh("at");
    String g = names.fresh("g");
    String gradient = names.fresh("gradient");
    String hessian = names.fresh("hessian");
    String unit = names.fresh("unit");
    String i = names.fresh("i");
    String h = names.fresh("h");
    spec.addStatement(
        "$T $N = $N($L)", origin.companion().nestedClass(origin.recordName()), g, origin.gradientName(),
        CodeBlock.join(primalArguments(), ", "));
    spec.addStatement("int $N = $L", n, FlatInputs.size(method));
    spec.addStatement("double[] $N = new double[$N]", gradient, n);
    spec.addStatement("int $N", at);
    put(spec, gradient, g, at);
    spec.addStatement("double[][] $N = new double[$N][$N]", hessian, n, n);
    spec.addStatement("double[] $N = new double[$N]", unit, n);
    // The tangents and the workspace are reused for every column: take overwrites every entry.
    List<String> dots = declareDots(spec, names);
    String ws = workspace ? names.fresh("ws") : null;
    if (workspace) {
      spec.addStatement("$T $N = new $T()", workspaceType(), ws, workspaceType());
    }
    spec.beginControlFlow("for (int $N = 0; $N < $N; $N++)", i, i, n, i);
    spec.addStatement("$N[$N] = 1", unit, i);
    spec.addStatement("$N = 0", at);
    takeInto(spec, dots, unit, at);
    List<CodeBlock> arguments = new ArrayList<>();
    if (workspace) {
      arguments.add(CodeBlock.of("$N", ws));
    }
    arguments.addAll(directionalArguments(dots));
    spec.addStatement(
        "$T $N = $N($L)", workspace ? workspaceType() : directional.companion().nestedClass(directional.recordName()), h,
        directional.gradientName(), CodeBlock.join(arguments, ", "));
    put(spec, hessian + "[" + i + "]", h, at);
    spec.addStatement("$N[$N] = 0", unit, i);
    spec.endControlFlow();
    spec.addStatement("return new $T($N.value(), $N, $N)", hessianRecord, g, gradient, hessian);
    spec.addJavadoc(
        "Second order of {@link $L}: its value, its gradient and its Hessian, dense over the\n"
            + "active inputs ($L) flattened in parameter order, from one Hessian-vector product per\n"
            + "input (row i is H·eᵢ).\n",
        origin.link(), wrt());
    return spec.build();
  }

  private ClassName workspaceType() {
    return directional.companion().nestedClass(directional.workspaceClass());
  }

  /** Declares each active input's tangent, shaped like it (a scalar starts at 0); their names. */
  private List<String> declareDots(MethodSpec.Builder spec, Namer names) {
    List<String> dots = new ArrayList<>();
    for (Variable p : method.activeParameters()) {
      String dot = names.fresh(p.name() + "Dot");
      dots.add(dot);
      spec.addStatement(
          "$L $N = $L", p.javaType(), dot,
          p.rank() == 0
              ? CodeBlock.of("0")
              : p.rank() == 1
                  ? CodeBlock.of("new double[$N.length]", p.name())
                  : CodeBlock.of("$T.zerosLike($N)", SHAPES, p.name()));
    }
    return dots;
  }

  /** Takes each tangent from {@code from} at {@code at}, in order. */
  private void takeInto(MethodSpec.Builder spec, List<String> dots, String from, String at) {
    int k = 0;
    for (Variable p : method.activeParameters()) {
      String dot = dots.get(k++);
      if (p.rank() == 0) {
        spec.addStatement("$N = $N[$N++]", dot, from, at);
      } else {
        spec.addStatement("$N = $T.take($N, $N, $N)", at, FLAT, from, at, dot);
      }
    }
  }

  /** Declares each active input's tangent, taken from {@code from} at {@code at}; their names. */
  private List<String> takeDots(MethodSpec.Builder spec, Namer names, String from, String at) {
    List<String> dots = new ArrayList<>();
    for (Variable p : method.activeParameters()) {
      String dot = names.fresh(p.name() + "Dot");
      dots.add(dot);
      if (p.rank() == 0) {
        spec.addStatement("double $N = $N[$N++]", dot, from, at);
      } else {
        spec.addStatement(
            "$L $N = $L", p.javaType(), dot,
            p.rank() == 1
                ? CodeBlock.of("new double[$N.length]", p.name())
                : CodeBlock.of("$T.zerosLike($N)", SHAPES, p.name()));
        spec.addStatement("$N = $T.take($N, $N, $N)", at, FLAT, from, at, dot);
      }
    }
    return dots;
  }

  /** Puts the given components of {@code record} one after the other into {@code into}. */
  private static void putAll(
      MethodSpec.Builder spec, String into, String record, String at, List<String> components) {
    spec.addStatement("$N = 0", at);
    for (String c : components) {
      spec.addStatement("$N = $T.put($L, $N, $N.$N())", at, FLAT, into, at, record, c);
    }
  }

  private void put(MethodSpec.Builder spec, String into, String record, String at) {
    putAll(spec, into, record, at, inputNames());
  }

  private List<String> inputNames() {
    return method.activeParameters().stream().map(Variable::name).toList();
  }

  /** The components of fDirectional's gradient record for the tangents: {@code xDot}. */
  private List<String> dotNames() {
    return dotNames;
  }

  private List<CodeBlock> receiver() {
    List<CodeBlock> arguments = new ArrayList<>();
    if (origin.instance()) {
      arguments.add(CodeBlock.of("$N", Origin.SELF));
    }
    return arguments;
  }

  private List<CodeBlock> primalArguments() {
    List<CodeBlock> arguments = receiver();
    for (MethodIr.Parameter p : method.parameters()) {
      arguments.add(CodeBlock.of("$N", p.variable().name()));
    }
    return arguments;
  }

  private List<CodeBlock> directionalArguments(List<String> dots) {
    List<CodeBlock> arguments = receiver();
    int k = 0;
    for (MethodIr.Parameter p : method.parameters()) {
      arguments.add(CodeBlock.of("$N", p.variable().name()));
      if (p.active()) {
        arguments.add(CodeBlock.of("$N", dots.get(k++)));
      }
    }
    return arguments;
  }

  private void parameters(MethodSpec.Builder spec) {
    for (MethodIr.Parameter p : method.parameters()) {
      spec.addParameter(ParameterSpec.builder(JavaTypes.of(p.sourceType()), p.variable().name()).build());
    }
  }

  private String wrt() {
    return String.join(", ", method.activeParameters().stream().map(Variable::name).toList());
  }

  private TypeSpec record(
      ClassName name, String component, Class<?> type, String meaning, String what) {
    MethodSpec constructor =
        MethodSpec.constructorBuilder()
            .addParameter(double.class, "value")
            .addParameter(double[].class, "gradient")
            .addParameter(type, component)
            .build();
    return TypeSpec.recordBuilder(name)
        .addModifiers(Modifier.PUBLIC)
        .recordConstructor(constructor)
        .addJavadoc(
            "Value, gradient and $L of {@link $L}, over the active inputs ($L) flattened in\n"
                + "parameter order.\n\n@param value the value of {@code $L}\n"
                + "@param gradient the gradient, flattened\n@param $L $L\n",
            what, origin.link(), wrt(), method.name(), component, meaning)
        .build();
  }
}
