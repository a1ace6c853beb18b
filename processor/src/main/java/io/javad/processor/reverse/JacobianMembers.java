package io.javad.processor.reverse;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.javad.processor.emit.JavaTypes;
import io.javad.processor.emit.Origin;
import io.javad.processor.ir.MethodIr;
import io.javad.processor.ir.Namer;
import io.javad.processor.ir.Type;
import io.javad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.lang.model.element.Modifier;

/**
 * {@code fJacobian} of a vector-valued method, around one body that takes a workspace:
 *
 * <ul>
 *   <li>{@code FWorkspace fJacobian(FWorkspace ws, params)}: one forward sweep, then one backward
 *       sweep per returned value over the same tape, rewound between rows with the state the
 *       backward sweep changed put back; the value and the Jacobian's blocks are left in {@code
 *       ws}, whose memory, tapes and adjoints of local arrays the next call reuses;
 *   <li>{@code FJacobian fJacobian(params)}: the contract's form, with a new workspace.
 * </ul>
 */
final class JacobianMembers {

  private static final ClassName SHAPES = ClassName.get("io.javad.runtime", "ArrayShapes");

  private final MethodIr method;
  private final Origin origin;
  private final String ws;
  private final ClassName workspace;
  private final ClassName record;

  JacobianMembers(MethodIr method, Origin origin, String ws) {
    this.method = method;
    this.origin = origin;
    this.ws = ws;
    this.workspace = origin.companion().nestedClass(origin.workspaceClass());
    this.record = origin.companion().nestedClass(origin.jacobianRecord());
  }

  AdjointGenerator.Members build(
      CodeBlock forward, CodeBlock backward, Recording recording, WorkspaceLayout layout,
      Variable value, Variable seed, Variable row, Map<Variable, String> blocks,
      Recording.Restored restored, Namer namer, Function<Variable, Variable> barOf) {
    MethodSpec.Builder spec =
        MethodSpec.methodBuilder(origin.jacobianName())
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(workspace)
            .addParameter(workspace, ws);
    origin.addReceiver(spec);
    parameters(spec);
    recording.declareTapesFrom(spec, ws);
    spec.addCode(forward);
    String outputs = namer.fresh("outputs");
    spec.addStatement("int $N = $N.length", outputs, value.name());
    for (Variable p : method.activeParameters()) {
      TypeName type = ArrayTypeName.of(JavaTypes.of(p.javaType()));
      if (p.isArray()) {
        // Each row is cleared where the backward sweep starts it.
        spec.addStatement(
            "$T $N = $N.$N = $T.rowsLike($N.$N, $N, $N)", type, blocks.get(p), ws, p.name(), SHAPES,
            ws, p.name(), outputs, p.name());
      } else {
        spec.addStatement(
            "$T $N = $N.$N = $T.zeroed($N.$N, $N)", type, blocks.get(p), ws, p.name(), SHAPES, ws,
            p.name(), outputs);
      }
    }
    // Where the forward sweep left the tapes and the state the backward sweep changes.
    Map<Variable, Variable> marks = recording.marks(namer);
    marks.forEach((tape, mark) -> spec.addStatement("int $N = $N.size()", mark.name(), tape.name()));
    Map<Variable, Variable> finals = new LinkedHashMap<>();
    List<Variable> keptFinals = new ArrayList<>();
    for (Variable v : restored.variables()) {
      Variable end = Variable.temporary(namer.fresh(v.name() + "End"), v.type(), v.rank());
      finals.put(v, end);
      spec.addStatement("$T $N = $N", JavaTypes.of(v.javaType()), end.name(), v.name());
    }
    for (Variable a : restored.arrays()) {
      Variable end = Variable.temporary(namer.fresh(a.name() + "End"), a.type(), a.rank());
      finals.put(a, end);
      if (a.type() == Type.DOUBLE) {
        keptFinals.add(end);
        spec.addStatement(
            "$T $N = $N.$N = $T.copied($N.$N, $N)", JavaTypes.of(a.javaType()), end.name(), ws,
            end.name(), SHAPES, ws, end.name(), a.name());
      } else {
        spec.addStatement("$T $N = $T.copy($N)", JavaTypes.of(a.javaType()), end.name(), SHAPES, a.name());
      }
    }
    spec.addStatement(
        "double[] $N = $N.$N = $T.zeroed($N.$N, $N)", seed.name(), ws, seed.name(), SHAPES, ws,
        seed.name(), outputs);
    spec.beginControlFlow("for (int $N = 0; $N < $N; $N++)", row.name(), row.name(), outputs, row.name());
    if (!marks.isEmpty() || !finals.isEmpty()) {
      spec.beginControlFlow("if ($N > 0)", row.name());
      spec.addComment("back to where the forward sweep ended");
      marks.forEach((tape, mark) -> spec.addStatement("$N.rewind($N)", tape.name(), mark.name()));
      for (Variable v : restored.variables()) {
        spec.addStatement("$N = $N", v.name(), finals.get(v).name());
      }
      for (Variable a : restored.arrays()) {
        spec.addStatement("$T.assign($N, $N)", SHAPES, a.name(), finals.get(a).name());
      }
      spec.endControlFlow();
    }
    // The seed is this row's unit vector (the backward sweep may change it: it is the returned
    // array's adjoint).
    spec.addStatement("$T.fill($N, 0.0)", java.util.Arrays.class, seed.name());
    spec.addStatement("$N[$N] = 1", seed.name(), row.name());
    spec.addCode(backward);
    for (Variable p : method.activeParameters()) {
      if (!p.isArray()) {
        spec.addStatement("$N[$N] = $N", blocks.get(p), row.name(), barOf.apply(p).name());
      }
    }
    spec.endControlFlow();
    spec.addStatement("return $N", ws);
    spec.addJavadoc(
        "The Jacobian of {@link $L} with the memory of {@code $N}: one row per\n"
            + "returned value, from one forward sweep and one backward sweep per row over the same\n"
            + "tape, left in {@code $N} (whose arrays the next call overwrites). After the first call\n"
            + "with inputs of the same shapes it allocates only what the method itself does.\n",
        origin.link(), ws, ws);
    List<MethodSpec> methods = List.of(withNewWorkspace(), spec.build());
    return new AdjointGenerator.Members(
        methods, List.of(workspaceClass(recording, layout, seed, keptFinals)));
  }

  private void parameters(MethodSpec.Builder spec) {
    for (MethodIr.Parameter p : method.parameters()) {
      spec.addParameter(JavaTypes.of(p.sourceType()), p.variable().name());
    }
  }

  /** {@code fJacobian(params)}: the contract's form, through a new workspace. */
  private MethodSpec withNewWorkspace() {
    MethodSpec.Builder spec =
        MethodSpec.methodBuilder(origin.jacobianName())
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(record);
    origin.addReceiver(spec);
    parameters(spec);
    List<CodeBlock> arguments = new ArrayList<>();
    if (origin.instance()) {
      arguments.add(CodeBlock.of("$N", Origin.SELF));
    }
    for (MethodIr.Parameter p : method.parameters()) {
      arguments.add(CodeBlock.of("$N", p.variable().name()));
    }
    WorkspaceMembers.throughNewWorkspace(
        spec, workspace, origin.jacobianName(), arguments, record, method);
    spec.addJavadoc(
        "The Jacobian of {@link $L}: one row per returned value, from one forward\n"
            + "sweep and one backward sweep per row. For repeated calls, {@code $N($T, ...)}\n"
            + "reuses its memory.\n",
        origin.link(), origin.jacobianName(), workspace);
    return spec.build();
  }

  private TypeSpec workspaceClass(
      Recording recording, WorkspaceLayout layout, Variable seed, List<Variable> keptFinals) {
    String link = origin.companion().simpleName() + "#" + origin.jacobianName();
    TypeSpec.Builder type =
        TypeSpec.classBuilder(workspace)
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
            .addJavadoc(
                "The memory {@link $L($T, $L)} reuses from call to call: tapes, adjoints of\n"
                    + "local arrays, and the last value and Jacobian. Not thread-safe: use one per thread.\n",
                link, workspace, parameterTypes());
    recording.addTapeFields(type);
    layout.addCalleeWorkspaces(type);
    for (Variable bar : layout.arrays.keySet()) {
      type.addField(JavaTypes.of(bar.javaType()), bar.name(), Modifier.PRIVATE);
    }
    for (Variable end : keptFinals) {
      type.addField(JavaTypes.of(end.javaType()), end.name(), Modifier.PRIVATE);
    }
    type.addField(double[].class, seed.name(), Modifier.PRIVATE);
    type.addField(double[].class, "value", Modifier.PRIVATE);
    type.addMethod(
        MethodSpec.constructorBuilder()
            .addModifiers(Modifier.PUBLIC)
            .addJavadoc("An empty workspace: the first call allocates what it needs.\n")
            .build());
    type.addMethod(
        MethodSpec.methodBuilder("value")
            .addModifiers(Modifier.PUBLIC)
            .returns(double[].class)
            .addJavadoc(
                "The value of {@code $L} at the last {@link $L($T, $L)}; the next call\n"
                    + "overwrites this array.\n\n@return the returned values\n",
                method.name(), link, workspace, parameterTypes())
            .addStatement("return value")
            .build());
    for (Variable p : method.activeParameters()) {
      TypeName t = ArrayTypeName.of(JavaTypes.of(p.javaType()));
      type.addField(t, p.name(), Modifier.PRIVATE);
      type.addMethod(
          MethodSpec.methodBuilder(p.name())
              .addModifiers(Modifier.PUBLIC)
              .returns(t)
              .addJavadoc(
                  "∂$L/∂$L at the last {@link $L($T, $L)}, one row per returned value;\n"
                      + "the next call overwrites it.\n\n@return the Jacobian's block for {@code $L}\n",
                  method.name(), p.name(), link, workspace, parameterTypes(), p.name())
              .addStatement("return $N", p.name())
              .build());
    }
    return type.build();
  }

  private String parameterTypes() {
    List<String> types = new ArrayList<>();
    if (origin.instance()) {
      types.add(origin.owner().simpleName());
    }
    for (MethodIr.Parameter p : method.parameters()) {
      String source = p.sourceType();
      int generic = source.indexOf('<');
      types.add(generic < 0 ? source : source.substring(0, generic));
    }
    return String.join(", ", types);
  }
}
