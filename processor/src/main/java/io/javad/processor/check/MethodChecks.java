package io.javad.processor.check;

import io.javad.Mode;
import io.javad.processor.analysis.Activity;
import io.javad.processor.diag.Message;
import io.javad.processor.ir.Expr;
import io.javad.processor.ir.MethodIr;
import io.javad.processor.ir.Stmt;
import io.javad.processor.lower.OpaqueValues;
import io.javad.processor.rules.MathRules;
import java.util.Set;

/**
 * Every check of a lowered method once its activity is known, in one place and in order: what
 * calls that write into arrays are passed, calls without derivatives that get active values, a void method's results, callees, calls the
 * derivative code could not evaluate exactly once, and what reverse mode cannot do yet. The first
 * problem is reported at its call (or at the method), and the method is left out.
 */
public final class MethodChecks {

  /**
   * A problem: {@code at} the call concerned, or else {@code statement} (null for the method); the
   * message's arguments.
   */
  public record Problem(Expr.Call at, Stmt statement, Message message, Object... arguments) {
    Problem(Expr.Call at, Message message, Object... arguments) {
      this(at, null, message, arguments);
    }
  }

  private MethodChecks() {}

  /** The first problem of {@code ir} for the given modes, or null. */
  public static Problem first(MethodIr ir, Activity activity, Set<Mode> modes, CallSources sources) {
    String name = ir.name();
    Problem written = OutParameters.check(ir);
    if (written != null) {
      return written;
    }
    Expr.Call opaque = OpaqueCalls.activeArgument(ir, activity);
    if (opaque != null) {
      String shown = OpaqueCalls.shown(opaque);
      String hint = sources.ruleHint(opaque, OpaqueCalls.uncovered(opaque, activity));
      if (MathRules.isMathOwner(opaque.owner())) {
        return new Problem(opaque, Message.MATH_NO_RULE, shown);
      }
      if (OpaqueCalls.uncovered(opaque, activity).stream()
          .anyMatch(i -> opaque.arguments().get(i).rank() > 0)) {
        return new Problem(opaque, Message.CALL_ACTIVE_ARRAY, name, shown, shown, hint);
      }
      if (sources.calleeIsSource(opaque)) {
        return new Problem(opaque, Message.CALL_ACTIVE_SOURCE, name, shown, shown, hint);
      }
      return new Problem(opaque, Message.CALL_ACTIVE, name, shown, hint);
    }
    VoidResults.Problem noResult = VoidResults.check(ir, activity);
    if (noResult != null) {
      return new Problem(null, noResult.message(), prepend(name, noResult.arguments()));
    }
    CalleeChecks.Problem callee = CalleeChecks.first(ir, activity, modes);
    if (callee != null) {
      return new Problem(callee.call(), callee.message(), prepend(name, callee.arguments()));
    }
    for (Mode mode : Mode.values()) {
      Expr.Call unplaceable =
          modes.contains(mode)
              ? OpaqueValues.unplaceable(ir, OpaqueCalls::isOpaque, mode == Mode.REVERSE)
              : null;
      if (unplaceable != null) {
        return new Problem(
            unplaceable, Message.CALL_UNPLACEABLE, name, OpaqueCalls.shown(unplaceable), name);
      }
    }
    ReverseLimits.Limit unsupported = modes.contains(Mode.REVERSE) ? ReverseLimits.check(ir) : null;
    if (unsupported != null) {
      return new Problem(null, unsupported.at(), Message.REVERSE_ARRAYS, name, unsupported.text());
    }
    return null;
  }

  private static Object[] prepend(String name, Object[] arguments) {
    Object[] all = new Object[arguments.length + 1];
    all[0] = name;
    System.arraycopy(arguments, 0, all, 1, arguments.length);
    return all;
  }
}
