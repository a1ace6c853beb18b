package io.javad.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.javad.processor.front.RecordParameters;
import io.javad.processor.ir.MethodIr;
import io.javad.processor.ir.Type;
import io.javad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.VariableElement;

/**
 * The record-typed forms of a method that differentiates with respect to records: javad
 * differentiates the record's components as parameters of their own ({@code lossTangent(double
 * pW, double pWDot, ...)}, {@code lossGradient(double pW, ...)} returning {@code
 * LossComponentsGradient}), and these members give them the method's own shape:
 *
 * <pre>{@code
 * public static Dual lossTangent(Params p, Params pDot, double[][] x) {
 *   return lossTangent(p.w(), pDot.w(), p.b(), pDot.b(), x);
 * }
 *
 * public static LossGradient lossGradient(Params p, double[][] x) {
 *   LossComponentsGradient g = lossGradient(p.w(), p.b(), x);
 *   return new LossGradient(g.value(), new Params(g.pW(), g.pB()));
 * }
 * }</pre>
 */
public final class RecordMembers {

  private static final ClassName DUAL = ClassName.get("io.javad.runtime", "Dual");

  private final ExecutableElement method;
  private final MethodIr ir;
  private final List<RecordParameters> records;
  private final Origin origin;

  public RecordMembers(
      ExecutableElement method, MethodIr ir, List<RecordParameters> records, Origin origin) {
    this.method = method;
    this.ir = ir;
    this.records = records;
    this.origin = origin;
  }

  /** {@code LossComponentsGradient}: the record of the components' derivatives. */
  public static String componentsRecord(String recordName) {
    return recordName.substring(0, recordName.length() - "Gradient".length())
        + "ComponentsGradient";
  }

  public MethodSpec tangent() {
    MethodSpec.Builder spec =
        MethodSpec.methodBuilder(origin.tangentName())
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(DUAL)
            .addJavadoc(
                "Forward mode of {@link $L}, with the record's tangents as records: its value and\n"
                    + "its directional derivative along the given tangents.\n",
                origin.link());
    List<CodeBlock> arguments = addParameters(spec, true);
    return spec.addStatement("return $N($L)", origin.tangentName(), CodeBlock.join(arguments, ", "))
        .build();
  }

  /**
   * Adds the method's own parameters to {@code spec} (the receiver first, records as records, each
   * active one followed by its tangent if {@code tangents}) and returns the arguments of the
   * members over the components: {@code p.w(), pDot.w(), p.b(), pDot.b(), x}.
   */
  List<CodeBlock> addParameters(MethodSpec.Builder spec, boolean tangents) {
    origin.addReceiver(spec);
    List<CodeBlock> arguments = receiverArgument();
    List<VariableElement> parameters = parametersOf(method);
    for (int i = 0; i < parameters.size(); i++) {
      VariableElement p = parameters.get(i);
      String name = p.getSimpleName().toString();
      RecordParameters record = recordAt(i);
      TypeName type = typeOf(p, record);
      spec.addParameter(type, name);
      if (record != null) {
        String dot = dotName(name);
        if (tangents) {
          spec.addParameter(type, dot);
        }
        for (RecordComponentElement c : record.record().getRecordComponents()) {
          arguments.add(CodeBlock.of("$N.$N()", name, c.getSimpleName().toString()));
          if (tangents) {
            arguments.add(CodeBlock.of("$N.$N()", dot, c.getSimpleName().toString()));
          }
        }
      } else {
        arguments.add(CodeBlock.of("$N", name));
        if (tangents && isActive(name)) {
          spec.addParameter(type, dotName(name));
          arguments.add(CodeBlock.of("$N", dotName(name)));
        }
      }
    }
    return arguments;
  }

  /**
   * The partials in the record {@code g} the members over the components return, one per active
   * parameter of the method, a record parameter's as a record: {@code new Params(g.pW(), g.pB())}.
   */
  List<CodeBlock> partials(String g) {
    List<CodeBlock> results = new ArrayList<>();
    List<VariableElement> parameters = parametersOf(method);
    for (int i = 0; i < parameters.size(); i++) {
      VariableElement p = parameters.get(i);
      String name = p.getSimpleName().toString();
      RecordParameters group = recordAt(i);
      if (group != null) {
        List<CodeBlock> parts = new ArrayList<>();
        for (Variable c : group.components()) {
          parts.add(CodeBlock.of("$N.$N()", g, c.name()));
        }
        results.add(CodeBlock.of("new $T($L)", typeOf(p, group), CodeBlock.join(parts, ", ")));
      } else if (isActive(name)) {
        results.add(CodeBlock.of("$N.$N()", g, name));
      }
    }
    return results;
  }

  /** Adds a component per active parameter (a record parameter's of its type) to a record's. */
  void addPartialComponents(MethodSpec.Builder constructor, CodeBlock.Builder doc, String of) {
    List<VariableElement> parameters = parametersOf(method);
    for (int i = 0; i < parameters.size(); i++) {
      VariableElement p = parameters.get(i);
      String name = p.getSimpleName().toString();
      if (recordAt(i) != null || isActive(name)) {
        constructor.addParameter(typeOf(p, recordAt(i)), name);
        doc.add("@param $L $L\n", name, of.replace("%p", name));
      }
    }
  }

  /** A name for a local of a generated member that no parameter of the method has. */
  String freshLocal(String base) {
    String name = base;
    while (isParameter(name)) {
      name = "_" + name;
    }
    return name;
  }

  public MethodSpec gradient(ClassName record, ClassName components) {
    MethodSpec.Builder spec =
        MethodSpec.methodBuilder(origin.gradientName())
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(record)
            .addJavadoc(
                "Reverse mode of {@link $L}: its value and its gradient, with the partials of a\n"
                    + "record parameter as a record of the same type.\n",
                origin.link());
    List<CodeBlock> arguments = addParameters(spec, false);
    String g = freshLocal("g"); // the components' gradient
    List<CodeBlock> results = new ArrayList<>();
    results.add(CodeBlock.of("$N.value()", g));
    results.addAll(partials(g));
    spec.addStatement(
        "$T $N = $N($L)", components, g, origin.gradientName(), CodeBlock.join(arguments, ", "));
    return spec.addStatement("return new $T($L)", record, CodeBlock.join(results, ", ")).build();
  }

  /**
   * {@code lossHvp(Params p, double[][] x, double[] v)} or {@code lossHessian(Params p, double[][]
   * x)}: the member over the components, given the records as records; its vectors are over the
   * same flattened inputs (a record is its components in order).
   */
  public MethodSpec secondOrder(String name, ClassName record, boolean direction) {
    MethodSpec.Builder spec =
        MethodSpec.methodBuilder(name)
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(record)
            .addJavadoc(
                "Second order of {@link $L}, with record parameters as records: as {@code $N} over\n"
                    + "their components, the vectors over the active inputs flattened in parameter\n"
                    + "order, a record as its components in declaration order.\n",
                origin.link(), name);
    List<CodeBlock> arguments = addParameters(spec, false);
    if (direction) {
      String v = freshLocal("v");
      spec.addParameter(double[].class, v);
      arguments.add(CodeBlock.of("$N", v));
    }
    return spec.addStatement("return $N($L)", name, CodeBlock.join(arguments, ", ")).build();
  }

  /** The gradient record: the value, then a component per active parameter (records as such). */
  public TypeSpec gradientRecord(ClassName record) {
    MethodSpec.Builder constructor = MethodSpec.constructorBuilder();
    TypeName value = ir.returnType() == Type.FLOAT ? TypeName.FLOAT : TypeName.DOUBLE;
    constructor.addParameter(ParameterSpec.builder(value, "value").build());
    CodeBlock.Builder doc = CodeBlock.builder();
    doc.add("Value and gradient of {@link $L}.\n\n", origin.link());
    doc.add("@param value the value of {@code $L}\n", ir.name());
    addPartialComponents(constructor, doc, "∂" + ir.name() + "/∂%p");
    return TypeSpec.recordBuilder(record)
        .addModifiers(Modifier.PUBLIC)
        .recordConstructor(constructor.build())
        .addJavadoc(doc.build())
        .build();
  }

  /** A parameter's type as the generated code spells it (erased, as the other members do). */
  private TypeName typeOf(VariableElement p, RecordParameters record) {
    if (record != null) {
      return ClassName.get(record.record());
    }
    String name = p.getSimpleName().toString();
    return ir.parameters().stream()
        .filter(q -> q.variable().name().equals(name))
        .map(q -> JavaTypes.of(q.sourceType()))
        .findFirst()
        .orElseThrow();
  }

  private List<CodeBlock> receiverArgument() {
    List<CodeBlock> arguments = new ArrayList<>();
    if (origin.instance()) {
      arguments.add(CodeBlock.of("$N", Origin.SELF));
    }
    return arguments;
  }

  private RecordParameters recordAt(int position) {
    return records.stream().filter(r -> r.position() == position).findFirst().orElse(null);
  }

  /** {@code pDot}, unless a parameter has that name. */
  private String dotName(String name) {
    String dot = name + "Dot";
    while (isParameter(dot)) {
      dot = dot + "_";
    }
    return dot;
  }

  private boolean isParameter(String name) {
    return method.getParameters().stream().anyMatch(p -> p.getSimpleName().contentEquals(name));
  }

  private boolean isActive(String name) {
    return ir.parameters().stream()
        .anyMatch(p -> p.active() && p.variable().name().equals(name));
  }

  private static List<VariableElement> parametersOf(ExecutableElement method) {
    return new ArrayList<>(method.getParameters());
  }
}
