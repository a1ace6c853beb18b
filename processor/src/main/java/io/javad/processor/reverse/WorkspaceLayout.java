package io.javad.processor.reverse;

import com.palantir.javapoet.CodeBlock;
import io.javad.processor.ir.Callee;
import io.javad.processor.ir.Variable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a method's workspace holds besides its tapes, as the generated body asks for it: the
 * adjoints of the method's local arrays (cleared, not allocated, on each call) and the workspaces
 * of the methods it calls, created on first use so that recursion ends.
 */
final class WorkspaceLayout {

  /** The workspace parameter of the body, {@code ws}. */
  final String parameter;
  /** Adjoint arrays of local arrays, each a field named like the adjoint. */
  final Map<Variable, Variable> arrays = new LinkedHashMap<>();
  /** Callee workspaces: accessor name to callee, one per callee. */
  final Map<String, Callee> callees = new LinkedHashMap<>();

  WorkspaceLayout(String parameter) {
    this.parameter = parameter;
  }

  /** {@code ws.xcBar}: the field holding the adjoint {@code bar} of a local array from call to call. */
  CodeBlock array(Variable bar) {
    arrays.put(bar, bar);
    return CodeBlock.of("$N.$N", parameter, bar.name());
  }

  /** {@code ws.logsumexp()}: the workspace of {@code callee}, kept in this one. */
  CodeBlock callee(Callee callee) {
    String accessor = null;
    for (Map.Entry<String, Callee> e : callees.entrySet()) {
      if (e.getValue().key().equals(callee.key())) {
        accessor = e.getKey();
      }
    }
    if (accessor == null) {
      // Named apart from the gradient's accessors, which are the parameters' names.
      String base = callee.method() + "Workspace";
      accessor = base;
      for (int i = 2; callees.containsKey(accessor); i++) {
        accessor = base + i;
      }
      callees.put(accessor, callee);
    }
    return CodeBlock.of("$N.$N()", parameter, accessor);
  }

  /** A field per callee workspace and its accessor, which creates it on first use. */
  void addCalleeWorkspaces(com.palantir.javapoet.TypeSpec.Builder type) {
    for (Map.Entry<String, Callee> e : callees.entrySet()) {
      com.palantir.javapoet.ClassName callee =
          io.javad.processor.emit.JavaPrinter.className(e.getValue().companion())
              .nestedClass(e.getValue().workspaceClass());
      type.addField(callee, e.getKey(), javax.lang.model.element.Modifier.PRIVATE);
      type.addMethod(
          com.palantir.javapoet.MethodSpec.methodBuilder(e.getKey())
              .addModifiers(javax.lang.model.element.Modifier.PRIVATE)
              .returns(callee)
              .beginControlFlow("if ($N == null)", e.getKey())
              .addComment("created on first use, so that recursion ends")
              .addStatement("$N = new $T()", e.getKey(), callee)
              .endControlFlow()
              .addStatement("return $N", e.getKey())
              .build());
    }
  }
}
