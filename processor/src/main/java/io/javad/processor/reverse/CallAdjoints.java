package io.javad.processor.reverse;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import io.javad.processor.emit.JavaPrinter;
import io.javad.processor.ir.Algebra;
import io.javad.processor.ir.Callee;
import io.javad.processor.ir.Expr;
import io.javad.processor.ir.Namer;
import io.javad.processor.ir.Type;
import io.javad.processor.ir.Variable;
import java.util.List;

/**
 * How both adjoint generators reverse {@code v = g(...)} for a {@code @Differentiable} g: one call
 * of g's reverse member, held in a local record, whose components are the partials.
 */
final class CallAdjoints {

  private CallAdjoints() {}

  /**
   * Writes {@code GGradient gGradient = GDerivatives.gGradient(arguments);} (or g's adjoint or
   * pullback) and returns the local's name; with {@code keep} false, only the call, whose
   * accumulating form has done all there is to do, and null.
   */
  static String call(
      CodeBlock.Builder out, Namer namer, Callee callee, List<CodeBlock> arguments, boolean keep) {
    return call(out, namer, callee, arguments, keep, null);
  }

  /**
   * As {@link #call(CodeBlock.Builder, Namer, Callee, List, boolean)}; with {@code workspace}, the
   * expression of the callee's workspace in the caller's ({@code ws.logsumexp()}), the callee's
   * workspace form is called, and the partials are read from that workspace.
   */
  static String call(
      CodeBlock.Builder out,
      Namer namer,
      Callee callee,
      List<CodeBlock> arguments,
      boolean keep,
      CodeBlock workspace) {
    return call(out, namer, callee, arguments, keep, workspace, null);
  }

  /**
   * As {@link #call(CodeBlock.Builder, Namer, Callee, List, boolean, CodeBlock)}; with {@code
   * value} (workspace form only), the callee's value that its adjoint returns is stored into it:
   * {@code lse = GDerivatives.logsumexpAdjoint(ws.logsumexpWorkspace(), z, lseBar, zBar)}.
   */
  static String call(
      CodeBlock.Builder out,
      Namer namer,
      Callee callee,
      List<CodeBlock> arguments,
      boolean keep,
      CodeBlock workspace,
      Variable value) {
    if (callee.userRules()) {
      return userAdjoint(out, namer, callee, arguments, keep);
    }
    ClassName companion = JavaPrinter.className(callee.companion());
    if (value != null && workspace == null) {
      throw new IllegalStateException("only the workspace form returns the value: " + callee.method());
    }
    if (workspace != null) {
      List<CodeBlock> all = new java.util.ArrayList<>();
      String local = null;
      if (keep) {
        local = namer.fresh(callee.method() + "Workspace");
        out.addStatement(
            "$T $N = $L", companion.nestedClass(callee.workspaceClass()), local, workspace);
        all.add(CodeBlock.of("$N", local));
      } else {
        all.add(workspace);
      }
      all.addAll(arguments);
      CodeBlock assigned = value == null ? CodeBlock.of("") : CodeBlock.of("$N = ", value.name());
      out.addStatement("$L$T.$N($L)", assigned, companion, callee.adjoint(), CodeBlock.join(all, ", "));
      return local;
    }
    if (!keep) {
      out.addStatement("$T.$N($L)", companion, callee.adjoint(), CodeBlock.join(arguments, ", "));
      return null;
    }
    String record = namer.fresh(callee.adjoint());
    out.addStatement(
        "$T $N = $T.$N($L)",
        companion.nestedClass(callee.adjointRecord()),
        record,
        companion,
        callee.adjoint(),
        CodeBlock.join(arguments, ", "));
    return record;
  }

  /**
   * A user's {@code @AdjointOf} rule: {@code gAdjoint(args, vBar, arrayBars)}, adding into the
   * arrays' adjoints and returning those of the scalar parameters, which {@code keep} holds in a
   * local: a {@code double} for one, a {@code double[]} for several.
   */
  private static String userAdjoint(
      CodeBlock.Builder out, Namer namer, Callee callee, List<CodeBlock> arguments, boolean keep) {
    CodeBlock rule = JavaPrinter.member(callee.adjointClass(), callee.adjoint());
    int scalars = scalarParameters(callee);
    if (!keep || scalars == 0) {
      out.addStatement("$L($L)", rule, CodeBlock.join(arguments, ", "));
      return null;
    }
    String local = namer.fresh(callee.method() + "Bars");
    out.addStatement(
        "$L $N = $L($L)", scalars == 1 ? "double" : "double[]", local, rule,
        CodeBlock.join(arguments, ", "));
    return local;
  }

  private static int scalarParameters(Callee callee) {
    int scalars = 0;
    for (int i = 0; i < callee.active().size(); i++) {
      scalars += callee.active().get(i) && callee.ranks().get(i) == 0 ? 1 : 0;
    }
    return scalars;
  }

  /** The call's own arguments as printed: the object first for an instance method. */
  static List<CodeBlock> primalArguments(Expr.Call c) {
    List<CodeBlock> arguments = new java.util.ArrayList<>();
    if (c.receiver() != null) {
      arguments.add(CodeBlock.of("$L", c.receiver()));
    }
    c.arguments().forEach(a -> arguments.add(JavaPrinter.print(a)));
    return arguments;
  }

  /** The record's component for parameter {@code i}: ∂g/∂p_i, or as scaled by g's adjoint form. */
  static Expr component(String record, Callee callee, int i, Type type) {
    if (callee.userRules()) {
      // The rule's result: the one scalar adjoint, or the array of them in parameter order.
      Variable local = Variable.temporary(record, Type.DOUBLE, scalarParameters(callee) == 1 ? 0 : 1);
      if (scalarParameters(callee) == 1) {
        return new Expr.Local(local);
      }
      int slot = 0;
      for (int k = 0; k < i; k++) {
        slot += callee.active().get(k) && callee.ranks().get(k) == 0 ? 1 : 0;
      }
      return new Expr.Element(new Expr.Local(local), Algebra.constant(slot, Type.INT));
    }
    return new Expr.Accessor(record, callee.names().get(i), type, 0);
  }
}
