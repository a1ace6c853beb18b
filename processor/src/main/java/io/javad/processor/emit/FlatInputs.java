package io.javad.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import io.javad.processor.ir.MethodIr;
import io.javad.processor.ir.Namer;
import io.javad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The active inputs of a method flattened into one vector (a scalar one entry, an array its
 * elements, a matrix row by row), as members over all of them ({@code fHvp}, {@code fHessian},
 * {@code fJacobianForward}) take and return them; {@code io.javad.runtime.Flat} at run time.
 */
public final class FlatInputs {

  private static final ClassName FLAT = ClassName.get("io.javad.runtime", "Flat");

  private FlatInputs() {}

  /** Their number, as an expression of the parameters: {@code w.length + Flat.size(m) + 2}. */
  public static CodeBlock size(MethodIr method) {
    List<CodeBlock> terms = new ArrayList<>();
    int scalars = 0;
    for (Variable p : method.activeParameters()) {
      if (p.rank() == 0) {
        scalars++;
      } else if (p.rank() == 1) {
        terms.add(CodeBlock.of("$N.length", p.name()));
      } else {
        terms.add(CodeBlock.of("$T.size($N)", FLAT, p.name()));
      }
    }
    if (scalars > 0 || terms.isEmpty()) {
      terms.add(CodeBlock.of("$L", scalars));
    }
    return CodeBlock.join(terms, " + ");
  }

  /** Fresh names for a member's locals, apart from the method's parameters and the object. */
  public static Namer names(MethodIr method, Origin origin) {
    Set<String> taken = new HashSet<>();
    method.parameters().forEach(p -> taken.add(p.variable().name()));
    if (origin.instance()) {
      taken.add(Origin.SELF);
    }
    return new Namer(taken);
  }
}
