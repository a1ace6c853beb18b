package io.javad.processor.analysis;

import io.javad.processor.ir.Expr;
import io.javad.processor.ir.ExprScan;
import io.javad.processor.ir.MethodIr;
import io.javad.processor.ir.Stmt;
import io.javad.processor.ir.StmtScan;
import io.javad.processor.ir.Variable;
import io.javad.processor.rules.Partials;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Activity analysis (Tapenade's varied x useful): a variable is active when it depends
 * differentiably on an active parameter (varied) and the returned value depends on it (useful).
 * Only active variables get tangents and adjoints. Both sets are computed flow-insensitively, as a
 * fixpoint over all assignments, nested ones included: sound for branches and loops.
 */
public final class Activity {

  private final Set<Variable> varied;
  private final Set<Variable> useful;

  private Activity(Set<Variable> varied, Set<Variable> useful) {
    this.varied = varied;
    this.useful = useful;
  }

  public static Activity of(MethodIr method) {
    List<Stmt> stores = new ArrayList<>();
    List<Expr> returned = new ArrayList<>();
    // Calls writing into arrays they are passed: each written array is a result of all arguments.
    List<Expr.Call> writing = new ArrayList<>();
    StmtScan.forEach(
        method.body(),
        s -> {
          if (StmtScan.target(s) != null && StmtScan.stored(s) != null) {
            stores.add(s);
          } else if (s instanceof Stmt.Return r) {
            returned.add(r.value());
          } else if (s instanceof Stmt.Eval e && !StmtScan.writtenBy(e.call()).isEmpty()) {
            writing.add(e.call());
          }
        });
    Set<Variable> varied = new HashSet<>(method.activeParameters());
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Stmt s : stores) {
        Variable target = StmtScan.target(s);
        if (target.type().isFloating()
            && varies(StmtScan.stored(s), varied)
            && varied.add(target)) {
          changed = true;
        }
      }
      for (Expr.Call c : writing) {
        if (inputsVary(c, varied)) {
          for (Variable target : StmtScan.writtenBy(c)) {
            changed |= target.type().isFloating() && varied.add(target);
          }
        }
      }
    }
    Set<Variable> useful = new HashSet<>();
    returned.forEach(e -> ExprScan.forEachLocal(e, useful::add));
    // The arrays a method writes into its caller sees: results too (all of a void method's).
    Set<Variable> written = StmtScan.writtenArrays(method.body());
    method.parameters().stream()
        .map(MethodIr.Parameter::variable)
        .filter(written::contains)
        .forEach(useful::add);
    changed = true;
    while (changed) {
      changed = false;
      for (Stmt s : stores) {
        if (useful.contains(StmtScan.target(s))) {
          int before = useful.size();
          ExprScan.forEachLocal(StmtScan.stored(s), useful::add);
          changed |= useful.size() != before;
        }
      }
      for (Expr.Call c : writing) {
        if (StmtScan.writtenBy(c).stream().anyMatch(useful::contains)) {
          int before = useful.size();
          ExprScan.forEachLocal(c, useful::add);
          changed |= useful.size() != before;
        }
      }
    }
    return new Activity(varied, useful);
  }

  /** Whether {@code v} gets a tangent and an adjoint. */
  public boolean isActive(Variable v) {
    return varied.contains(v) && useful.contains(v);
  }

  /** Whether the value of {@code e} depends differentiably on an active variable. */
  public boolean isActive(Expr e) {
    return dependsOn(e, this::isActive);
  }

  /**
   * Whether {@code e} depends differentiably on a variable that satisfies {@code active}: through
   * floating-point arithmetic and differentiable calls, not through a cast to an integer, a
   * comparison or a piecewise-constant function such as floor.
   */
  public static boolean dependsOn(Expr e, Predicate<Variable> active) {
    if (e == null || !e.type().isFloating()) {
      return false;
    }
    if (e instanceof Expr.Local l) {
      return active.test(l.variable());
    }
    if (e instanceof Expr.Call c && c.callee() != null) {
      // Through the parameters the callee differentiates for.
      for (int i = 0; i < c.arguments().size(); i++) {
        if (c.callee().active().get(i) && dependsOn(c.arguments().get(i), active)) {
          return true;
        }
      }
      return false;
    }
    if (e instanceof Expr.Call c && !Partials.isDifferentiable(c)) {
      return false;
    }
    if (e instanceof Expr.Conditional c) {
      return dependsOn(c.whenTrue(), active) || dependsOn(c.whenFalse(), active);
    }
    for (Expr child : ExprScan.children(e)) {
      if (dependsOn(child, active)) {
        return true;
      }
    }
    return false;
  }

  /** Whether an argument for a parameter the callee differentiates for varies. */
  private static boolean inputsVary(Expr.Call c, Set<Variable> varied) {
    for (int i = 0; i < c.arguments().size(); i++) {
      if (c.callee().active().get(i) && varies(c.arguments().get(i), varied)) {
        return true;
      }
    }
    return false;
  }

  private static boolean varies(Expr e, Set<Variable> varied) {
    return dependsOn(e, varied::contains);
  }
}
