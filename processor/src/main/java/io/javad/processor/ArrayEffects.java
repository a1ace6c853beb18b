package io.javad.processor;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import io.javad.processor.ir.Expr;
import io.javad.processor.ir.MethodIr;
import io.javad.processor.ir.Stmt;
import io.javad.processor.ir.StmtScan;
import io.javad.processor.ir.Variable;
import java.util.List;
import java.util.Set;

/**
 * What a method does to its array parameters, as the {@code @ArrayParameterEffects} annotation on
 * its generated members: a later compilation that calls the method from a library sees only class
 * files, and must refuse the call as it would with the source at hand.
 */
final class ArrayEffects {

  static final ClassName ANNOTATION = ClassName.get("io.javad.runtime", "ArrayParameterEffects");

  private ArrayEffects() {}

  /** The annotation for {@code method} (read after row aliases are inlined), or null if none. */
  static AnnotationSpec of(MethodIr method) {
    Set<Variable> written = StmtScan.writtenArrays(method.body());
    List<String> parameters =
        method.parameters().stream()
            .map(MethodIr.Parameter::variable)
            .filter(v -> v.isArray() && written.contains(v))
            .map(Variable::name)
            .toList();
    String[] returned = {null};
    StmtScan.forEach(method.body(), s -> {
      if (s instanceof Stmt.Return r
          && r.value() instanceof Expr.Local l
          && l.variable().parameter()
          && l.variable().isArray()) {
        returned[0] = l.variable().name();
      }
    });
    if (parameters.isEmpty() && returned[0] == null) {
      return null;
    }
    AnnotationSpec.Builder spec = AnnotationSpec.builder(ANNOTATION);
    parameters.forEach(p -> spec.addMember("written", "$S", p));
    if (returned[0] != null) {
      spec.addMember("returned", "$S", returned[0]);
    }
    return spec.build();
  }
}
