package io.javad.processor.reverse;

import io.javad.processor.ir.Expr;
import io.javad.processor.ir.ExprScan;
import io.javad.processor.ir.MethodIr;
import io.javad.processor.ir.Stmt;
import io.javad.processor.ir.StmtScan;
import io.javad.processor.ir.Variable;
import io.javad.processor.rules.MathRules;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Library calls whose values variables already hold where a derivative needs them: after {@code
 * double cos = Math.cos(t); double sin = Math.sin(t);} the derivative of {@code sin} is {@code cos},
 * not {@code Math.cos(t)} again. A variable holds its call's value for good when it is assigned
 * only there and the call's arguments read only values that never change (parameters and locals
 * assigned once, elements of arrays nothing stores into).
 *
 * <p>The value is there at the reversal of a statement when its definition runs first, earlier in
 * the same block or in an enclosing one: the to-be-recorded analysis then keeps it for the backward
 * sweep like any value it reads ({@link #before}). Outside loops a definition later in the same
 * block, with no jump in between, has run too by the time the backward sweep gets there, and its
 * variable, never reassigned, still holds the value ({@link #after}); such reads need no recording.
 */
final class HeldValues {

  private final Map<Stmt, Map<Expr, Expr>> before = new IdentityHashMap<>();
  private final Map<Stmt, Map<Expr, Expr>> after = new IdentityHashMap<>();
  private final Set<Variable> assigned = new HashSet<>();
  private final Set<Variable> stored = new HashSet<>();
  private final Map<Variable, Integer> definitions = new HashMap<>();

  static HeldValues of(MethodIr method) {
    HeldValues held = new HeldValues();
    method.parameters().forEach(p -> held.definitions.put(p.variable(), 1));
    StmtScan.forEach(method.body(), s -> {
      if (s instanceof Stmt.Assign a) {
        held.assigned.add(a.variable());
      }
      if (s instanceof Stmt.Store || s instanceof Stmt.Fill || s instanceof Stmt.Copy
          || s instanceof Stmt.Eval) {
        held.stored.addAll(StmtScan.targets(s));
      }
      if (s instanceof Stmt.Declare d && d.init() != null || s instanceof Stmt.Assign) {
        held.definitions.merge(StmtScan.target(s), 1, Integer::sum);
      }
    });
    held.walk(method.body(), Map.of(), false);
    return held;
  }

  /** Calls held by variables defined before {@code s} runs: reads the analysis must record. */
  Map<Expr, Expr> before(Stmt s) {
    return before.getOrDefault(s, Map.of());
  }

  /** All calls held by variables when the backward sweep reverses {@code s}. */
  Map<Expr, Expr> at(Stmt s) {
    Map<Expr, Expr> all = new LinkedHashMap<>(before(s));
    after.getOrDefault(s, Map.of()).forEach(all::putIfAbsent);
    return all;
  }

  private void walk(List<Stmt> list, Map<Expr, Expr> outer, boolean inLoop) {
    Map<Expr, Expr> available = new LinkedHashMap<>(outer);
    for (int i = 0; i < list.size(); i++) {
      Stmt s = list.get(i);
      before.put(s, Map.copyOf(available));
      if (!inLoop && !containsJump(List.of(s))) {
        // Definitions that run after s, up to the first statement that may jump past the rest.
        Map<Expr, Expr> later = new LinkedHashMap<>();
        for (Stmt t : list.subList(i + 1, list.size())) {
          if (containsJump(List.of(t))) {
            break;
          }
          Variable v = held(t);
          if (v != null) {
            later.putIfAbsent(((Stmt.Declare) t).init(), new Expr.Local(v));
          }
        }
        after.put(s, later);
      }
      if (s instanceof Stmt.Loop l) {
        walk(l.init(), available, true);
        walk(l.body(), available, true);
        walk(l.update(), available, true);
      } else if (s instanceof Stmt.If f) {
        walk(f.then(), available, inLoop);
        walk(f.otherwise(), available, inLoop);
      } else if (s instanceof Stmt.Block b) {
        walk(b.body(), available, inLoop);
      }
      Variable v = held(s);
      if (v != null) {
        available.putIfAbsent(((Stmt.Declare) s).init(), new Expr.Local(v));
      }
    }
  }

  /** The variable {@code s} gives a lasting library call's value to, or null. */
  private Variable held(Stmt s) {
    if (!(s instanceof Stmt.Declare d)
        || d.init() == null
        || d.variable().isArray()
        || !(d.init() instanceof Expr.Call c)
        || c.callee() != null
        || !c.rules().isEmpty()
        || !MathRules.isMathOwner(c.owner())
        || definitions.getOrDefault(d.variable(), 0) != 1) {
      return null;
    }
    return lasting(c) ? d.variable() : null;
  }

  /** Whether {@code e} reads only values that never change once they exist. */
  private boolean lasting(Expr e) {
    if (e instanceof Expr.Local l) {
      Variable v = l.variable();
      return v.isArray() ? !stored.contains(v) : !assigned.contains(v);
    }
    if (e instanceof Expr.Call c && (c.callee() != null || !MathRules.isMathOwner(c.owner()))) {
      return false;
    }
    for (Expr child : ExprScan.children(e)) {
      if (!lasting(child)) {
        return false;
      }
    }
    return true;
  }

  private static boolean containsJump(List<Stmt> list) {
    boolean[] found = {false};
    StmtScan.forEach(list, s -> found[0] |=
        s instanceof Stmt.Break || s instanceof Stmt.Continue || s instanceof Stmt.Return);
    return found[0];
  }
}
