package io.javad.processor.check;

import io.javad.Mode;
import io.javad.processor.analysis.Activity;
import io.javad.processor.diag.Message;
import io.javad.processor.ir.Callee;
import io.javad.processor.ir.Expr;
import io.javad.processor.ir.MethodIr;
import io.javad.processor.ir.StmtScan;
import java.util.Set;

/**
 * Checks a method's calls to other {@code @Differentiable} methods once activity is known: an
 * active value must go to a parameter the callee differentiates for (else its derivative would be
 * dropped silently), and the callee must generate the modes the caller needs.
 */
public final class CalleeChecks {

  /** A problem at {@code call}: the message and its arguments after the caller's name. */
  public record Problem(Expr.Call call, Message message, Object... arguments) {}

  private CalleeChecks() {}

  public static Problem first(MethodIr method, Activity activity, Set<Mode> modes) {
    for (Expr.Call c : StmtScan.differentiableCalls(method.body())) {
      Problem problem = check(method, c, activity, modes);
      if (problem != null) {
        return problem;
      }
    }
    return null;
  }

  private static Problem check(MethodIr method, Expr.Call c, Activity activity, Set<Mode> modes) {
    Callee callee = c.callee();
    boolean anyActive = false;
    for (int i = 0; i < c.arguments().size(); i++) {
      if (!Activity.dependsOn(c.arguments().get(i), activity::isActive)) {
        continue;
      }
      if (!callee.active().get(i)) {
        String parameter = callee.names().get(i);
        return new Problem(c, Message.CALL_INACTIVE_PARAMETER, parameter, c.name(), c.name());
      }
      anyActive = true;
    }
    if (!anyActive) {
      return null; // evaluated as it is
    }
    if (callee.userRules()) {
      // A function with whole-function rules: the modes are the rules the user wrote.
      if (modes.contains(Mode.FORWARD) && !callee.forward()) {
        return new Problem(c, Message.CALL_RULE_MODE, "forward", c.name(), "TangentOf", "REVERSE");
      }
      if (modes.contains(Mode.REVERSE) && !callee.reverse()) {
        return new Problem(c, Message.CALL_RULE_MODE, "reverse", c.name(), "AdjointOf", "FORWARD");
      }
      return null;
    }
    if (modes.contains(Mode.FORWARD) && !callee.forward()) {
      return new Problem(c, Message.CALL_NO_MODE, "forward", c.name(), "FORWARD");
    }
    if (modes.contains(Mode.REVERSE) && !callee.reverse()) {
      return new Problem(c, Message.CALL_NO_MODE, "reverse", c.name(), "REVERSE");
    }
    return null;
  }
}
