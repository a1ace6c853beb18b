package io.javad.processor.check;

import io.javad.processor.analysis.Activity;
import io.javad.processor.ir.Expr;
import io.javad.processor.ir.ExprScan;
import io.javad.processor.ir.MethodIr;
import io.javad.processor.ir.Stmt;
import io.javad.processor.ir.StmtScan;
import io.javad.processor.rules.MathRules;
import java.util.ArrayList;
import java.util.List;

/**
 * Calls to methods javad cannot see into are evaluated as they are, their derivatives coming only
 * from {@code @DerivativeOf} rules; so an active argument needs a rule, which this checks once
 * activity is known. A call made for its effect (a log line), or with an integer result, may take
 * any value: nothing flows from it into a derivative.
 */
public final class OpaqueCalls {

  private OpaqueCalls() {}

  /** The first such call with an active argument that no {@code @DerivativeOf} rule covers, or null. */
  public static Expr.Call activeArgument(MethodIr method, Activity activity) {
    List<Expr> values = new ArrayList<>();
    StmtScan.forEach(method.body(), s -> {
      if (s instanceof Stmt.Eval) {
        return;
      }
      Expr stored = StmtScan.stored(s);
      if (stored != null) {
        values.add(stored);
      }
      if (s instanceof Stmt.Return r) {
        values.add(r.value());
      }
    });
    for (Expr e : values) {
      Expr.Call found = find(e, activity);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  /**
   * A call outside Math and StrictMath, which derivative code must not repeat (see {@code
   * OpaqueValues}): differentiated through rules or the callee's own derivatives, or not at all.
   */
  public static boolean isOpaque(Expr.Call c) {
    return !MathRules.isMathOwner(c.owner());
  }

  /** As the front end names a call site: {@code Owner.name}. */
  public static String shown(Expr.Call c) {
    return c.owner().substring(c.owner().lastIndexOf('.') + 1) + "." + c.name();
  }

  /** The positions of a call's arguments that are active but have no rule. */
  public static List<Integer> uncovered(Expr.Call c, Activity activity) {
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < c.arguments().size(); i++) {
      boolean hasRule = !c.rules().isEmpty() && c.rules().get(i) != null;
      if (!hasRule && Activity.dependsOn(c.arguments().get(i), activity::isActive)) {
        positions.add(i);
      }
    }
    return positions;
  }

  private static Expr.Call find(Expr e, Activity activity) {
    // An integer result carries no derivative, like a cast to int.
    return ExprScan.firstCall(
        e,
        c -> (isOpaque(c) || !MathRules.isKnown(c.owner(), c.name()))
            && c.callee() == null
            && !io.javad.processor.rules.Partials.isStop(c)
            && c.type().isFloating()
            && !uncovered(c, activity).isEmpty());
  }
}
