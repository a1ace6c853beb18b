package io.javad.processor.reverse;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.javad.processor.emit.JavaPrinter;
import io.javad.processor.emit.JavaTypes;
import io.javad.processor.emit.Origin;
import io.javad.processor.ir.Callee;
import io.javad.processor.ir.MethodIr;
import io.javad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * The reverse-mode members of a scalar method with branches, loops or arrays, all around one body
 * that takes a workspace:
 *
 * <ul>
 *   <li>{@code FWorkspace}: the tapes, the adjoints of local arrays, the workspaces of callees, and
 *       the last gradient; reused from call to call, so that a training loop allocates nothing;
 *   <li>{@code double fAdjoint(FWorkspace ws, params, fBar, arrayBars)}: the body. It adds {@code
 *       fBar} times the gradient into the given arrays, leaves {@code fBar} times the partials of
 *       the scalar parameters in the workspace, and returns the value;
 *   <li>{@code FWorkspace fGradient(FWorkspace ws, params)}: value and gradient into the workspace;
 *   <li>{@code FGradient fGradient(params)}, and {@code FGradient fAdjoint(params, fBar,
 *       arrayBars)} for a method with array parameters: the contract's forms, each with a new
 *       workspace.
 * </ul>
 */
final class WorkspaceMembers {

  private static final ClassName SHAPES = ClassName.get("io.javad.runtime", "ArrayShapes");

  private final MethodIr method;
  private final Origin origin;
  private final ClassName workspace;
  private final ClassName record;

  WorkspaceMembers(MethodIr method, Origin origin) {
    this.method = method;
    this.origin = origin;
    this.workspace = origin.companion().nestedClass(origin.workspaceClass());
    this.record = origin.companion().nestedClass(origin.recordName());
  }

  ClassName workspaceType() {
    return workspace;
  }

  /**
   * All members, from the body's parts: {@code bars} are the parameters' adjoints as the body
   * names them, {@code seed} its {@code fBar}.
   */
  AdjointGenerator.Members build(
      CodeBlock body, CodeBlock end, Recording recording, WorkspaceLayout layout, Variable seed,
      Map<Variable, Variable> bars) {
    List<MethodSpec> methods = new ArrayList<>();
    if (method.returnsVoid()) {
      // Its results are the arrays it writes: no value and no gradient, only the adjoint forms.
      methods.add(adjointWithNewWorkspace(seed, bars));
      methods.add(adjoint(body, end, recording, layout, seed, bars));
      return new AdjointGenerator.Members(
          methods, List.of(voidRecord(bars), workspaceClass(recording, layout, bars)));
    }
    methods.add(gradientWithNewWorkspace());
    methods.add(gradientInto());
    if (hasArrays()) {
      methods.add(adjointWithNewWorkspace(seed, bars));
    }
    methods.add(adjoint(body, end, recording, layout, seed, bars));
    return new AdjointGenerator.Members(
        methods,
        List.of(AdjointGenerator.record(method, origin, record), workspaceClass(recording, layout, bars)));
  }

  private boolean hasArrays() {
    return method.activeParameters().stream().anyMatch(Variable::isArray);
  }

  private String wrt() {
    return String.join(", ", method.activeParameters().stream().map(Variable::name).toList());
  }

  /** The body: the sweeps, then the scalar partials left in the workspace. */
  private MethodSpec adjoint(
      CodeBlock body, CodeBlock end, Recording recording, WorkspaceLayout layout, Variable seed,
      Map<Variable, Variable> bars) {
    MethodSpec.Builder spec =
        MethodSpec.methodBuilder(origin.adjointName())
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(
                method.returnsVoid() ? TypeName.VOID : JavaTypes.of(method.returnType().javaName()));
    spec.addParameter(workspace, layout.parameter);
    origin.addReceiver(spec);
    parameters(spec);
    if (!method.returnsVoid()) {
      spec.addParameter(JavaTypes.of(seed.javaType()), seed.name());
    }
    List<String> arrays = new ArrayList<>();
    for (Variable p : method.activeParameters()) {
      if (p.isArray()) {
        spec.addParameter(JavaTypes.of(p.javaType()), bars.get(p).name());
        arrays.add("{@code " + bars.get(p).name() + "}");
      }
    }
    // The arrays the method writes into are left as they were found, so that a caller's
    // backward sweep goes on from them: kept on the tape across both sweeps.
    List<Variable> writtenParameters = new ArrayList<>();
    java.util.Set<Variable> written = io.javad.processor.ir.StmtScan.writtenArrays(method.body());
    for (MethodIr.Parameter p : method.parameters()) {
      if (written.contains(p.variable()) && p.variable().type().isFloating()) {
        writtenParameters.add(p.variable());
        recording.tape(p.variable().type());
      }
    }
    recording.declareTapesFrom(spec, layout.parameter);
    for (Variable w : writtenParameters) {
      spec.addStatement("$N.pushAll($N)", recording.tape(w.type()).name(), w.name());
    }
    spec.addCode(body);
    for (int i = writtenParameters.size() - 1; i >= 0; i--) {
      Variable w = writtenParameters.get(i);
      spec.addStatement("$N.popAll($N)", recording.tape(w.type()).name(), w.name());
    }
    for (Variable p : method.activeParameters()) {
      if (!p.isArray()) {
        spec.addStatement("$N.$N = $N", layout.parameter, p.name(), bars.get(p).name());
      }
    }
    List<String> scalars = new ArrayList<>();
    for (Variable p : method.activeParameters()) {
      if (!p.isArray()) {
        scalars.add(p.name());
      }
    }
    if (method.returnsVoid()) {
      spec.addJavadoc(voidAdjointDoc(bars, layout.parameter));
      return spec.build();
    }
    spec.addCode(end);
    CodeBlock.Builder doc = CodeBlock.builder();
    doc.add("Reverse mode of {@link $L} with the memory of {@code $N}, the body of\n", origin.link(), layout.parameter);
    doc.add("the other reverse-mode members and the form derivatives of callers use (Tapenade's\n");
    doc.add("accumulating adjoint). ");
    if (!arrays.isEmpty()) {
      doc.add("Adds {@code $N} times the gradient with respect to the arrays into\n$L; ", seed.name(), String.join(", ", arrays));
    }
    if (!scalars.isEmpty()) {
      doc.add("leaves {@code $N} times the derivatives with respect to $L in {@code $N}; ",
          seed.name(), String.join(", ", scalars), layout.parameter);
    }
    doc.add("returns the value.\n");
    if (!arrays.isEmpty()) {
      doc.add("Pass null for an array whose adjoint you do not need$L.\n",
          writesParameters() ? " (except one the method writes into)" : "");
    }
    spec.addJavadoc(doc.build());
    return spec.build();
  }

  /** What the accumulating adjoint of a {@code void} method does, Tapenade's convention. */
  private CodeBlock voidAdjointDoc(Map<Variable, Variable> bars, String ws) {
    java.util.Set<Variable> written = io.javad.processor.ir.StmtScan.writtenArrays(method.body());
    List<String> writes = new ArrayList<>();
    List<String> reads = new ArrayList<>();
    List<String> scalars = new ArrayList<>();
    for (Variable p : method.activeParameters()) {
      String bar = "{@code " + bars.get(p).name() + "}";
      (!p.isArray() ? scalars : written.contains(p) ? writes : reads)
          .add(p.isArray() ? bar : "{@code " + p.name() + "}");
    }
    CodeBlock.Builder doc = CodeBlock.builder();
    doc.add("Reverse mode of {@link $L} (Tapenade's accumulating adjoint form), the\n", origin.link());
    doc.add("form derivatives of callers use. It runs the method, then its adjoint: on entry, $L\n", String.join(", ", writes));
    doc.add("holds the adjoint of the new contents of the array it writes into; on return, that\n");
    doc.add("of its contents on entry, which the array holds again.\n");
    if (!reads.isEmpty()) {
      doc.add("The adjoints of the arrays it only reads are added into $L.\n", String.join(", ", reads));
    }
    if (!scalars.isEmpty()) {
      doc.add("The adjoints of $L are left in {@code $N}.\n", String.join(", ", scalars), ws);
    }
    if (!reads.isEmpty()) {
      doc.add("Pass null for an array it only reads whose adjoint you do not need.\n");
    }
    return doc.build();
  }

  /**
   * The record of a {@code void} method's adjoint form: the adjoint of each active parameter (an
   * array's is the array passed), as {@code FGradient} without a value.
   */
  private TypeSpec voidRecord(Map<Variable, Variable> bars) {
    MethodSpec.Builder constructor = MethodSpec.constructorBuilder();
    CodeBlock.Builder doc = CodeBlock.builder();
    doc.add("Adjoints of the parameters of {@link $L}, from {@code $N}.\n\n", origin.link(), origin.adjointName());
    for (Variable p : method.activeParameters()) {
      constructor.addParameter(JavaTypes.of(p.javaType()), p.name());
      if (p.isArray()) {
        doc.add("@param $L the adjoint of {@code $L} (the array passed as {@code $L})\n",
            p.name(), p.name(), bars.get(p).name());
      } else {
        doc.add("@param $L the adjoint of {@code $L}\n", p.name(), p.name());
      }
    }
    return TypeSpec.recordBuilder(record)
        .addModifiers(javax.lang.model.element.Modifier.PUBLIC)
        .recordConstructor(constructor.build())
        .addJavadoc(doc.build())
        .build();
  }

  private boolean writesParameters() {
    java.util.Set<Variable> written = io.javad.processor.ir.StmtScan.writtenArrays(method.body());
    return method.activeParameters().stream().anyMatch(written::contains);
  }

  /** {@code fGradient(ws, params)}: zeros into the workspace's gradient arrays, seed 1. */
  private MethodSpec gradientInto() {
    String ws = workspaceLocal(method);
    MethodSpec.Builder spec =
        MethodSpec.methodBuilder(origin.gradientName())
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(workspace)
            .addParameter(workspace, ws);
    origin.addReceiver(spec);
    parameters(spec);
    List<CodeBlock> arguments = arguments(ws);
    arguments.add(JavaPrinter.print(io.javad.processor.ir.Algebra.constant(1, method.returnType())));
    for (Variable p : method.activeParameters()) {
      if (p.isArray()) {
        spec.addStatement("$N.$N = $T.zeroed($N.$N, $N)", ws, p.name(), SHAPES, ws, p.name(), p.name());
        arguments.add(CodeBlock.of("$N.$N", ws, p.name()));
      }
    }
    spec.addStatement("$N.value = $N($L)", ws, origin.adjointName(), CodeBlock.join(arguments, ", "));
    spec.addStatement("return $N", ws);
    spec.addJavadoc(
        "Reverse mode of {@link $L} with the memory of {@code ws}: its value and its\n"
            + "gradient with respect to $L, left in {@code ws}$L. After the first call\n"
            + "with inputs of the same shapes it allocates nothing.\n",
        origin.link(), wrt(), hasArrays() ? " (whose arrays the next call overwrites)" : "");
    return spec.build();
  }

  /** {@code fGradient(params)}: the contract's form, through a new workspace. */
  private MethodSpec gradientWithNewWorkspace() {
    MethodSpec.Builder spec =
        MethodSpec.methodBuilder(origin.gradientName())
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(record);
    origin.addReceiver(spec);
    parameters(spec);
    throughNewWorkspace(spec, workspace, origin.gradientName(), arguments(null), record, method);
    spec.addJavadoc(
        "Reverse mode of {@link $L}: its value and its gradient with respect to\n"
            + "$L, from one forward sweep that records what the backward sweep needs\n"
            + "and one backward sweep.$L For repeated calls, {@code $N($T, ...)} reuses\n"
            + "its memory.\n",
        origin.link(), wrt(), hasArrays() ? " Gradient arrays are fresh, shaped like the inputs." : "",
        origin.gradientName(), workspace);
    return spec.build();
  }

  /** {@code fAdjoint(params, fBar, arrayBars)}: the contract's accumulating form, new workspace. */
  private MethodSpec adjointWithNewWorkspace(Variable seed, Map<Variable, Variable> bars) {
    MethodSpec.Builder spec =
        MethodSpec.methodBuilder(origin.adjointName())
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(record);
    origin.addReceiver(spec);
    parameters(spec);
    boolean valued = !method.returnsVoid();
    if (valued) {
      spec.addParameter(JavaTypes.of(seed.javaType()), seed.name());
    }
    String ws = workspaceLocal(method);
    List<CodeBlock> arguments = new ArrayList<>();
    arguments.add(CodeBlock.of("$N", ws));
    arguments.addAll(arguments(null));
    if (valued) {
      arguments.add(CodeBlock.of("$N", seed.name()));
    }
    List<CodeBlock> components = new ArrayList<>();
    if (valued) {
      components.add(CodeBlock.of("value"));
    }
    List<String> arrays = new ArrayList<>();
    for (Variable p : method.activeParameters()) {
      if (p.isArray()) {
        spec.addParameter(JavaTypes.of(p.javaType()), bars.get(p).name());
        arguments.add(CodeBlock.of("$N", bars.get(p).name()));
        components.add(CodeBlock.of("$N", bars.get(p).name()));
        arrays.add("{@code " + bars.get(p).name() + "}");
      } else {
        components.add(CodeBlock.of("$N.$N", ws, p.name()));
      }
    }
    spec.addStatement("$T $N = new $T()", workspace, ws, workspace);
    if (!valued) {
      spec.addStatement("$N($L)", origin.adjointName(), CodeBlock.join(arguments, ", "));
      spec.addStatement("return new $T($L)", record, CodeBlock.join(components, ", "));
      spec.addJavadoc(
          "Reverse mode of {@link $L} with a new workspace: as {@code $N($T, ...)}, returning\n"
              + "the parameters' adjoints (an array's is the array passed).\n",
          origin.link(), origin.adjointName(), workspace);
      return spec.build();
    }
    spec.addStatement(
        "$T value = $N($L)", JavaTypes.of(method.returnType().javaName()), origin.adjointName(),
        CodeBlock.join(arguments, ", "));
    spec.addStatement("return new $T($L)", record, CodeBlock.join(components, ", "));
    spec.addJavadoc(
        "Accumulating reverse mode of {@link $L} (Tapenade's adjoint form): adds\n"
            + "{@code $N} times its gradient with respect to the arrays into $L, and returns\n"
            + "its value and {@code $N} times its derivatives with respect to the scalars (the\n"
            + "record's array components are the given arrays). Allocates no gradient arrays. Pass null\n"
            + "for an array whose adjoint you do not need$L.\n",
        origin.link(), seed.name(), String.join(", ", arrays), seed.name(),
        writesParameters() ? " (except one the method writes into)" : "");
    return spec.build();
  }

  private void parameters(MethodSpec.Builder spec) {
    for (MethodIr.Parameter p : method.parameters()) {
      spec.addParameter(JavaTypes.of(p.sourceType()), p.variable().name());
    }
  }

  /** The workspace (if named), the object and the method's own parameters, as arguments. */
  /**
   * The body of a contract form: {@code FWorkspace ws = f(new FWorkspace(), <arguments>); return
   * new FRecord(ws.value, ws.p, ...);}, the record's components read from the workspace.
   */
  static void throughNewWorkspace(
      MethodSpec.Builder spec,
      TypeName workspace,
      String member,
      List<CodeBlock> arguments,
      TypeName record,
      MethodIr method) {
    List<CodeBlock> all = new ArrayList<>();
    all.add(CodeBlock.of("new $T()", workspace));
    all.addAll(arguments);
    String ws = workspaceLocal(method);
    spec.addStatement("$T $N = $N($L)", workspace, ws, member, CodeBlock.join(all, ", "));
    List<CodeBlock> components = new ArrayList<>();
    components.add(CodeBlock.of("$N.value", ws));
    for (Variable p : method.activeParameters()) {
      components.add(CodeBlock.of("$N.$N", ws, p.name()));
    }
    spec.addStatement("return new $T($L)", record, CodeBlock.join(components, ", "));
  }

  /**
   * The name of the workspace in the members around the body: {@code ws}, unless the method has a
   * parameter of that name ({@code ws} for a wind speed), then {@code ws2}.
   */
  static String workspaceLocal(MethodIr method) {
    java.util.Set<String> taken = new java.util.HashSet<>();
    method.parameters().forEach(p -> taken.add(p.variable().name()));
    taken.add(Origin.SELF);
    String name = "ws";
    for (int i = 2; taken.contains(name); i++) {
      name = "ws" + i;
    }
    return name;
  }

  private List<CodeBlock> arguments(String ws) {
    List<CodeBlock> arguments = new ArrayList<>();
    if (ws != null) {
      arguments.add(CodeBlock.of("$N", ws));
    }
    if (origin.instance()) {
      arguments.add(CodeBlock.of("$N", Origin.SELF));
    }
    for (MethodIr.Parameter p : method.parameters()) {
      arguments.add(CodeBlock.of("$N", p.variable().name()));
    }
    return arguments;
  }

  /** The workspace class: tapes, local arrays' adjoints, callees' workspaces, the last gradient. */
  private TypeSpec workspaceClass(
      Recording recording, WorkspaceLayout layout, Map<Variable, Variable> bars) {
    TypeSpec.Builder type =
        TypeSpec.classBuilder(workspace).addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL);
    if (method.returnsVoid()) {
      type.addJavadoc(
          "The memory {@link $T#$N($T, $L)} reuses from call to call: tapes, adjoints of\n"
              + "local arrays, the workspaces of the methods it calls, and the scalars' adjoints.\n"
              + "Not thread-safe: use one per thread.\n",
          origin.companion(), origin.adjointName(), workspace, parameterTypes(true));
    } else {
      type.addJavadoc(
          "The memory {@link $T#$N($T, $L)} and {@link $T#$N($T, $L)}\n"
              + "reuse from call to call: tapes, adjoints of local arrays, the workspaces of the\n"
              + "methods it calls, and the last gradient. Not thread-safe: use one per thread.\n",
          origin.companion(), origin.gradientName(), workspace, parameterTypes(false),
          origin.companion(), origin.adjointName(), workspace, parameterTypes(true));
    }
    recording.addTapeFields(type);
    for (Variable bar : layout.arrays.keySet()) {
      type.addField(JavaTypes.of(bar.javaType()), bar.name(), Modifier.PRIVATE);
    }
    layout.addCalleeWorkspaces(type);
    type.addMethod(
        MethodSpec.constructorBuilder()
            .addModifiers(Modifier.PUBLIC)
            .addJavadoc("An empty workspace: the first call allocates what it needs.\n")
            .build());
    if (method.returnsVoid()) {
      // Only the scalars' adjoints: the arrays' are the caller's own.
      for (Variable p : method.activeParameters()) {
        if (!p.isArray()) {
          TypeName t = JavaTypes.of(p.javaType());
          type.addField(t, p.name(), Modifier.PRIVATE);
          type.addMethod(
              MethodSpec.methodBuilder(p.name())
                  .addModifiers(Modifier.PUBLIC)
                  .returns(t)
                  .addJavadoc(
                      "The adjoint of {@code $L} from the last {@link $T#$N($T, $L)}.\n\n"
                          + "@return the adjoint\n",
                      p.name(), origin.companion(), origin.adjointName(), workspace,
                      parameterTypes(true))
                  .addStatement("return $N", p.name())
                  .build());
        }
      }
      return type.build();
    }
    TypeName valueType = JavaTypes.of(method.returnType().javaName());
    type.addField(FieldSpec.builder(valueType, "value", Modifier.PRIVATE).build());
    type.addMethod(
        MethodSpec.methodBuilder("value")
            .addModifiers(Modifier.PUBLIC)
            .returns(valueType)
            .addJavadoc(
                "The value of {@code $L} at the last {@link $T#$N($T, $L)}.\n\n@return the value\n",
                method.name(), origin.companion(), origin.gradientName(), workspace, parameterTypes(false))
            .addStatement("return value")
            .build());
    for (Variable p : method.activeParameters()) {
      TypeName t = JavaTypes.of(p.javaType());
      type.addField(t, p.name(), Modifier.PRIVATE);
      type.addMethod(
          MethodSpec.methodBuilder(p.name())
              .addModifiers(Modifier.PUBLIC)
              .returns(t)
              .addJavadoc(
                  p.isArray()
                      ? "∂$L/∂$L at the last {@link $T#$N($T, $L)}; the next call\n"
                          + "overwrites this array.\n\n@return the partial derivatives, shaped like {@code $L}\n"
                      : "∂$L/∂$L at the last {@link $T#$N($T, $L)}, or the seed\n"
                          + "times it after {@code $N(ws, ...)}.\n\n@return the partial derivative\n",
                  method.name(), p.name(), origin.companion(), origin.gradientName(), workspace,
                  parameterTypes(false),
                  p.isArray() ? p.name() : origin.adjointName())
              .addStatement("return $N", p.name())
              .build());
    }
    return type.build();
  }

  /** The parameter types of a linked member after the workspace, for Javadoc. */
  private String parameterTypes(boolean adjoint) {
    List<String> types = new ArrayList<>();
    if (origin.instance()) {
      types.add(origin.owner().simpleName());
    }
    for (MethodIr.Parameter p : method.parameters()) {
      types.add(javadocType(p.sourceType()));
    }
    if (adjoint) {
      if (!method.returnsVoid()) {
        types.add(method.returnType().javaName());
      }
      for (Variable p : method.activeParameters()) {
        if (p.isArray()) {
          types.add(p.javaType());
        }
      }
    }
    return String.join(", ", types);
  }

  /** A parameter type as a Javadoc link spells it: generics erased. */
  private static String javadocType(String source) {
    int generic = source.indexOf('<');
    return generic < 0 ? source : source.substring(0, generic);
  }
}
