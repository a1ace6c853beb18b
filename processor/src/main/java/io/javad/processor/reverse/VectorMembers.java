package io.javad.processor.reverse;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.javad.processor.emit.JavaTypes;
import io.javad.processor.emit.Origin;
import io.javad.processor.ir.MethodIr;
import io.javad.processor.ir.Stmt;
import io.javad.processor.ir.StmtScan;
import io.javad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * What a vector-valued method {@code double[] f(...)} gets besides its pullback: the records, and
 * {@code fJacobian}, one pullback per output (rows = outputs), which is the cheap way when there
 * are fewer outputs than inputs.
 */
final class VectorMembers {

  private static final ClassName SHAPES = ClassName.get("io.javad.runtime", "ArrayShapes");

  private final MethodIr method;
  private final Origin origin;

  VectorMembers(MethodIr method, Origin origin) {
    this.method = method;
    this.origin = origin;
  }

  /**
   * {@code FPullback(double[] value, <p> ...)} with seedᵀ ∂f/∂p per active parameter, or {@code
   * FJacobian(double[] value, <p> ...)} with ∂f/∂p: one more dimension than p, rows = outputs.
   */
  TypeSpec record(ClassName name, boolean jacobian) {
    MethodSpec.Builder constructor = MethodSpec.constructorBuilder();
    constructor.addParameter(ParameterSpec.builder(double[].class, "value").build());
    CodeBlock.Builder doc = CodeBlock.builder();
    doc.add(jacobian ? "Value and Jacobian of {@link $L}.\n\n" : "Value and vector-Jacobian product of {@link $L}.\n\n", origin.link());
    doc.add("@param value the value of {@code $L}\n", method.name());
    for (Variable p : method.activeParameters()) {
      constructor.addParameter(jacobian ? ArrayTypeName.of(type(p)) : type(p), p.name());
      doc.add(
          jacobian ? "@param $L ∂$L/∂$L, one row per returned value\n" : "@param $L seedᵀ ∂$L/∂$L\n",
          p.name(), method.name(), p.name());
    }
    return TypeSpec.recordBuilder(name)
        .addModifiers(Modifier.PUBLIC)
        .recordConstructor(constructor.build())
        .addJavadoc(doc.build())
        .build();
  }

  private static TypeName type(Variable p) {
    return JavaTypes.of(p.javaType());
  }

  /** {@code fJacobian}: the value, then one pullback per output with the unit seed. */
  MethodSpec jacobian() {
    ClassName pullback = origin.companion().nestedClass(origin.pullbackRecord());
    ClassName result = origin.companion().nestedClass(origin.jacobianRecord());
    MethodSpec.Builder spec =
        MethodSpec.methodBuilder(origin.jacobianName())
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(result);
    List<String> names = new ArrayList<>();
    origin.addReceiver(spec);
    for (MethodIr.Parameter p : method.parameters()) {
      spec.addParameter(JavaTypes.of(p.sourceType()), p.variable().name());
      names.add(p.variable().name());
    }
    Set<String> taken = new HashSet<>(names);
    taken.add(Origin.SELF);
    String first = fresh("first", taken);
    String m = fresh("m", taken);
    String k = fresh("k", taken);
    String unit = fresh("unit", taken);
    String row = fresh("row", taken);
    spec.addStatement("$T $N = $N($L)", pullback, first, origin.pullbackName(), arguments(names, true) + "null");
    spec.addStatement("int $N = $N.value().length", m, first);
    List<String> blocks = new ArrayList<>();
    for (Variable p : method.activeParameters()) {
      String block = fresh(p.name() + "Jacobian", taken);
      blocks.add(block);
      TypeName type = ArrayTypeName.of(type(p));
      String dims = p.isArray() ? "[$N]" + "[]".repeat(p.rank()) : "[$N]";
      spec.addStatement("$T $N = new " + p.type().javaName() + dims, type, block, m);
    }
    spec.beginControlFlow("for (int $N = 0; $N < $N; $N++)", k, k, m, k);
    spec.addStatement("double[] $N = new double[$N]", unit, m);
    spec.addStatement("$N[$N] = 1", unit, k);
    spec.addStatement("$T $N = $N($L$N)", pullback, row, origin.pullbackName(), arguments(names, false), unit);
    List<Variable> active = method.activeParameters();
    for (int i = 0; i < active.size(); i++) {
      spec.addStatement("$N[$N] = $N.$N()", blocks.get(i), k, row, active.get(i).name());
    }
    spec.endControlFlow();
    spec.addStatement("return new $T($N.value(), $L)", result, first, String.join(", ", blocks));
    spec.addJavadoc(
        "The Jacobian of {@link $L}: one row per returned value, from one pullback per value.\n",
        origin.link());
    return spec.build();
  }

  /**
   * The arguments of one pullback call: copies of the parameter arrays the method writes into,
   * since each call must see the same inputs.
   */
  private String arguments(List<String> names, boolean first) {
    Set<Variable> written = new HashSet<>();
    StmtScan.forEach(method.body(), s -> {
      if (s instanceof Stmt.Store st && st.array().parameter()) {
        written.add(st.array());
      }
    });
    StringBuilder out = new StringBuilder(origin.receiverArgument());
    for (MethodIr.Parameter p : method.parameters()) {
      Variable v = p.variable();
      if (written.contains(v)) {
        out.append(SHAPES.canonicalName()).append(".copy(").append(v.name()).append("), ");
      } else {
        out.append(v.name()).append(", ");
      }
    }
    return out.toString();
  }

  private static String fresh(String base, Set<String> taken) {
    String name = base;
    for (int i = 2; !taken.add(name); i++) {
      name = base + i;
    }
    return name;
  }
}
