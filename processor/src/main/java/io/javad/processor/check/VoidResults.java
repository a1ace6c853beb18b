package io.javad.processor.check;

import io.javad.processor.analysis.Activity;
import io.javad.processor.diag.Message;
import io.javad.processor.ir.MethodIr;
import io.javad.processor.ir.StmtScan;
import io.javad.processor.ir.Variable;
import java.util.Set;

/**
 * A {@code void} method's results are the arrays it writes into (out-parameters): at least one must
 * depend on its active inputs, and each that does must be differentiated for, since its members
 * update the tangents or adjoints of exactly those.
 */
public final class VoidResults {

  /** A problem: its message and arguments after the method's name. */
  public record Problem(Message message, Object... arguments) {}

  private VoidResults() {}

  /** The first problem of {@code method}, or null (always null for a method with a value). */
  public static Problem check(MethodIr method, Activity activity) {
    if (!method.returnsVoid()) {
      return null;
    }
    Set<Variable> written = StmtScan.writtenArrays(method.body());
    boolean any = false;
    for (MethodIr.Parameter p : method.parameters()) {
      Variable v = p.variable();
      if (!written.contains(v) || !activity.isActive(v)) {
        continue;
      }
      if (!p.active()) {
        return new Problem(Message.VOID_OUTPUT_INACTIVE, v.name(), v.name());
      }
      any = true;
    }
    return any ? null : new Problem(Message.VOID_NO_RESULT);
  }
}
