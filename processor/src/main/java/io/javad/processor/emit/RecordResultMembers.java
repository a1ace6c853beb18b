package io.javad.processor.emit;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.javad.processor.ir.MethodIr;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;

/**
 * The record-typed forms of a vector-valued method over records' components: one that returns a
 * record of numbers ({@code State step(State s, double dt)}), or takes records and returns a
 * {@code double[]}. javad differentiates it over the components ({@code stepComponentsTangent}
 * returning a {@code DualArray}, {@code stepComponentsPullback} with a {@code double[]} seed,
 * {@code stepComponentsJacobian}, and {@code stepComponents}, the value as an array, for callers),
 * and these members give it the method's own shape:
 *
 * <pre>{@code
 * public static StepTangent stepTangent(State s, State sDot, double dt, double dtDot) {
 *   DualArray d = stepComponentsTangent(s.x(), sDot.x(), s.v(), sDot.v(), dt, dtDot);
 *   return new StepTangent(new State(d.value()[0], d.value()[1]), new State(d.tangent()[0], ...));
 * }
 *
 * public static StepPullback stepPullback(State s, double dt, State seed) { ... }  // .s() a State
 * }</pre>
 */
public final class RecordResultMembers {

  private static final ClassName DUAL_ARRAY = ClassName.get("io.javad.runtime", "DualArray");

  private final MethodIr ir;
  /** The record returned, or null for a {@code double[]}. */
  private final TypeElement record;
  /** The method's parameters, records as records. */
  private final RecordMembers parameters;
  /** The names of the method's own members. */
  private final Origin origin;
  /** The names of the members over the components. */
  private final Origin components;

  public RecordResultMembers(
      MethodIr ir, TypeElement record, RecordMembers parameters, Origin origin, Origin components) {
    this.ir = ir;
    this.record = record;
    this.parameters = parameters;
    this.origin = origin;
    this.components = components;
  }

  /**
   * The names of the members over a returned record's components: {@code fComponentsTangent}; a
   * record-typed {@code fTangent} cannot overload the one over components when their parameters
   * are the same.
   */
  public static Origin overComponents(Origin origin) {
    return new Origin(
        origin.owner(), origin.companion(), origin.method() + "Components", origin.link(),
        RecordMembers.componentsRecord(origin.recordName()), origin.instance(), origin.self());
  }

  public boolean returnsRecord() {
    return record != null;
  }

  /** {@code fTangent}: the value and tangent as records, or a {@code DualArray}. */
  public MethodSpec tangent() {
    MethodSpec.Builder spec =
        MethodSpec.methodBuilder(origin.tangentName())
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .addJavadoc(
                "Forward mode of {@link $L}, with records as records: its value and its\n"
                    + "directional derivative along the given tangents, in one pass.\n",
                origin.link());
    List<CodeBlock> arguments = parameters.addParameters(spec, true);
    CodeBlock call =
        CodeBlock.of("$N($L)", components.tangentName(), CodeBlock.join(arguments, ", "));
    if (record == null) {
      // The array's own tangent type (DualArray for a double[]), as over the components.
      return spec.returns(ResultTypes.tangent(ir, components)).addStatement("return $L", call).build();
    }
    String d = parameters.freshLocal("d");
    spec.returns(tangentRecord()).addStatement("$T $N = $L", DUAL_ARRAY, d, call);
    return spec.addStatement(
            "return new $T($L, $L)", tangentRecord(), build(d + ".value()"),
            build(d + ".tangent()"))
        .build();
  }

  /** {@code FTangent(Vec3 value, Vec3 tangent)} for a method returning a record. */
  public Optional<TypeSpec> tangentRecordSpec() {
    if (record == null) {
      return Optional.empty();
    }
    return Optional.of(
        ResultTypes.tangentRecord(
            ClassName.get(record), origin, ir.name(), "its directional derivative"));
  }

  /** {@code fPullback(..., seed)}: records as records, the seed a record for a record result. */
  public MethodSpec pullback() {
    ClassName result = origin.companion().nestedClass(origin.pullbackRecord());
    ClassName flatResult = origin.companion().nestedClass(components.pullbackRecord());
    MethodSpec.Builder spec =
        MethodSpec.methodBuilder(origin.pullbackName())
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(result)
            .addJavadoc(
                "Reverse mode of {@link $L}, with records as records: its value and the\n"
                    + "vector-Jacobian product {@code seed}ᵀ J (a null seed stands for zeros).\n",
                origin.link());
    List<CodeBlock> arguments = parameters.addParameters(spec, false);
    String seed = parameters.freshLocal("seed");
    if (record == null) {
      spec.addParameter(ResultTypes.value(ir), seed);
      arguments.add(CodeBlock.of("$N", seed));
    } else {
      spec.addParameter(ClassName.get(record), seed);
      List<CodeBlock> parts = new ArrayList<>();
      for (RecordComponentElement c : record.getRecordComponents()) {
        parts.add(CodeBlock.of("$N.$N()", seed, c.getSimpleName().toString()));
      }
      arguments.add(
          CodeBlock.of(
              "$N == null ? null : new double[] {$L}", seed, CodeBlock.join(parts, ", ")));
    }
    String p = parameters.freshLocal("p");
    spec.addStatement(
        "$T $N = $N($L)", flatResult, p, components.pullbackName(),
        CodeBlock.join(arguments, ", "));
    List<CodeBlock> results = new ArrayList<>();
    results.add(record == null ? CodeBlock.of("$N.value()", p) : build(p + ".value()"));
    results.addAll(parameters.partials(p));
    return spec.addStatement("return new $T($L)", result, CodeBlock.join(results, ", ")).build();
  }

  /** {@code FPullback(Vec3 value, <p> ...)} with seedᵀ ∂f/∂p per active parameter. */
  public TypeSpec pullbackRecordSpec() {
    TypeName value = record == null ? ResultTypes.value(ir) : ClassName.get(record);
    MethodSpec.Builder constructor = MethodSpec.constructorBuilder().addParameter(value, "value");
    CodeBlock.Builder doc = CodeBlock.builder();
    doc.add("Value and vector-Jacobian product of {@link $L}.\n\n", origin.link());
    doc.add("@param value the value of {@code $L}\n", ir.name());
    parameters.addPartialComponents(constructor, doc, "seedᵀ ∂" + ir.name() + "/∂%p");
    return TypeSpec.recordBuilder(origin.companion().nestedClass(origin.pullbackRecord()))
        .addModifiers(Modifier.PUBLIC)
        .recordConstructor(constructor.build())
        .addJavadoc(doc.build())
        .build();
  }

  /**
   * {@code fComponents}, the method's value as an array of its record's components, which is what
   * a differentiated caller computes with: the tangent's value along zero tangents.
   */
  public MethodSpec primalFromTangent(MethodSpec flatTangent) {
    MethodSpec.Builder spec = primal();
    List<String> arguments = new ArrayList<>();
    List<ParameterSpec> given = flatTangent.parameters();
    // The tangent's parameters without the tangents: each active one is followed by its own.
    int i = 0;
    if (origin.instance()) {
      spec.addParameter(given.get(0).type(), given.get(0).name());
      arguments.add(given.get(0).name());
      i = 1;
    }
    for (MethodIr.Parameter p : ir.parameters()) {
      ParameterSpec value = given.get(i++);
      spec.addParameter(value.type(), value.name());
      arguments.add(value.name());
      if (p.active()) {
        arguments.add(zero(given.get(i++).type(), value.name()));
      }
    }
    return spec.addStatement(
            "return $N($L).value()", components.tangentName(), String.join(", ", arguments))
        .build();
  }

  /** {@code fComponents} for a method with reverse mode only: the pullback's value. */
  public MethodSpec primalFromPullback(MethodSpec flatPullback) {
    MethodSpec.Builder spec = primal();
    List<ParameterSpec> given = flatPullback.parameters();
    List<String> arguments = new ArrayList<>();
    for (ParameterSpec p : given.subList(0, given.size() - 1)) {
      spec.addParameter(p.type(), p.name());
      arguments.add(p.name());
    }
    arguments.add("null");
    return spec.addStatement(
            "return $N($L).value()", components.pullbackName(), String.join(", ", arguments))
        .build();
  }

  private MethodSpec.Builder primal() {
    return MethodSpec.methodBuilder(components.method())
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(ArrayTypeName.of(TypeName.DOUBLE))
        .addJavadoc(
            "The value of {@link $L} as an array of its components, in declaration order.\n",
            origin.link());
  }

  private ClassName tangentRecord() {
    return origin.companion().nestedClass(origin.tangentRecord());
  }

  /** A zero tangent for a parameter of {@code type} whose value is {@code name}. */
  private static String zero(TypeName type, String name) {
    if (type instanceof ArrayTypeName) {
      return "io.javad.runtime.ArrayShapes.zerosLike(" + name + ")";
    }
    return type.equals(TypeName.FLOAT) ? "0f" : "0.0";
  }

  /** {@code new Vec3(a[0], a[1], a[2])} for the array {@code array}. */
  private CodeBlock build(String array) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < record.getRecordComponents().size(); i++) {
      parts.add(array + "[" + i + "]");
    }
    return CodeBlock.of("new $T($L)", ClassName.get(record), String.join(", ", parts));
  }
}
