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
import io.javad.processor.emit.ResultTypes;
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
    constructor.addParameter(ParameterSpec.builder(ResultTypes.value(method), "value").build());
    CodeBlock.Builder doc = CodeBlock.builder();
    doc.add(jacobian ? "Value and Jacobian of {@link $L}.\n\n" : "Value and vector-Jacobian product of {@link $L}.\n\n", origin.link());
    doc.add("@param value the value of {@code $L}\n", method.name());
    for (Variable p : method.activeParameters()) {
      constructor.addParameter(jacobian ? block(p) : type(p), p.name());
      doc.add(
          jacobian
              ? method.returnRank() == 1
                  ? "@param $L ∂$L/∂$L, one row per returned value\n"
                  : "@param $L ∂$L/∂$L, indexed by the returned value's row and column first\n"
              : "@param $L seedᵀ ∂$L/∂$L\n",
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

  /** The Jacobian's block for {@code p}: the result's dimensions, then p's. */
  private TypeName block(Variable p) {
    TypeName block = type(p);
    for (int i = 0; i < method.returnRank(); i++) {
      block = ArrayTypeName.of(block);
    }
    return block;
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
    if (method.returnRank() == 2) {
      return matrixJacobian(spec, names, taken, first, unit, row, result);
    }
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
    String element = method.returnType().javaName();
    spec.addStatement(element + "[] $N = new " + element + "[$N]", unit, m);
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
   * {@code fJacobian} of a matrix-valued method: a pullback per returned element, its seed the unit
   * matrix of that element; each block indexed by the element's row and column first.
   */
  private MethodSpec matrixJacobian(
      MethodSpec.Builder spec,
      List<String> names,
      Set<String> taken,
      String first,
      String unit,
      String row,
      ClassName result) {
    ClassName pullback = origin.companion().nestedClass(origin.pullbackRecord());
    String value = fresh("value", taken);
    String i = fresh("i", taken);
    String j = fresh("j", taken);
    TypeName valueType = ResultTypes.value(method);
    spec.addStatement("$T $N = $N.value()", valueType, value, first);
    List<String> blocks = new ArrayList<>();
    List<Variable> active = method.activeParameters();
    for (Variable p : active) {
      String block = fresh(p.name() + "Jacobian", taken);
      blocks.add(block);
      spec.addStatement(
          "$T $N = new " + p.type().javaName() + "[$N.length]" + "[]".repeat(1 + p.rank()),
          block(p), block, value);
    }
    // One unit seed for all: the pullback does not write into its seed.
    spec.addStatement("$T $N = $T.zerosLike($N)", valueType, unit, SHAPES, value);
    spec.beginControlFlow("for (int $N = 0; $N < $N.length; $N++)", i, i, value, i);
    for (int b = 0; b < active.size(); b++) {
      Variable p = active.get(b);
      spec.addStatement(
          "$N[$N] = new " + p.type().javaName() + "[$N[$N].length]" + "[]".repeat(p.rank()),
          blocks.get(b), i, value, i);
    }
    spec.beginControlFlow("for (int $N = 0; $N < $N[$N].length; $N++)", j, j, value, i, j);
    spec.addStatement("$N[$N][$N] = 1", unit, i, j);
    spec.addStatement(
        "$T $N = $N($L$N)", pullback, row, origin.pullbackName(), arguments(names, false), unit);
    for (int b = 0; b < active.size(); b++) {
      spec.addStatement("$N[$N][$N] = $N.$N()", blocks.get(b), i, j, row, active.get(b).name());
    }
    spec.addStatement("$N[$N][$N] = 0", unit, i, j);
    spec.endControlFlow();
    spec.endControlFlow();
    spec.addStatement("return new $T($N, $L)", result, value, String.join(", ", blocks));
    spec.addJavadoc(
        "The Jacobian of {@link $L}: for each returned value, by its row and column, the\n"
            + "derivatives with respect to each input, from one pullback per value.\n",
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
