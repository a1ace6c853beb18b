package io.javad.processor.reverse;

import io.javad.processor.ir.Expr;
import io.javad.processor.ir.ExprScan;
import io.javad.processor.ir.MethodIr;
import io.javad.processor.ir.Stmt;
import io.javad.processor.ir.StmtScan;
import io.javad.processor.ir.Variable;
import io.javad.processor.rules.MathRules;
import io.javad.processor.rules.Partials;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Statements whose reversal reads the value they stored rather than calling the function again:
 * for {@code e = Math.exp(a)} the backward sweep adds {@code eBar * e} to {@code aBar}, and for
 * the recurrence {@code y = Math.tanh(y * w + x)} it computes {@code yBar * (1 - y * y)} before
 * the old y comes back. This holds for a call whose derivative is best computed from its value
 * (exp, tanh, sqrt, ...), into a variable that nothing assigns after this statement but this
 * statement itself: the to-be-recorded analysis then keeps the value like any other value a
 * derivative reads, at no more cost than the statement's own recording.
 */
final class OwnValues {

  /** Per variable, the statements giving it a value; a parameter's first value comes from the call. */
  private final Map<Variable, List<Stmt>> definitions = new HashMap<>();
  private final Map<Stmt, Integer> position = new IdentityHashMap<>();
  private final Map<Stmt, List<Stmt.Loop>> loops = new IdentityHashMap<>();

  private OwnValues(MethodIr method) {
    number(method.body(), new ArrayList<>());
    StmtScan.forEach(method.body(), s -> {
      if (s instanceof Stmt.Declare d && d.init() != null || s instanceof Stmt.Assign) {
        definitions.computeIfAbsent(StmtScan.target(s), k -> new ArrayList<>()).add(s);
      }
    });
  }

  static OwnValues of(MethodIr method) {
    return new OwnValues(method);
  }

  /** The stored value as the reversal of {@code s} reads it ({@code e}), or null to recompute. */
  Expr resultOf(Stmt s) {
    Variable v = StmtScan.target(s);
    boolean plain = s instanceof Stmt.Declare || s instanceof Stmt.Assign a && a.op() == null;
    if (v == null
        || v.isArray()
        || !plain
        || !(StmtScan.stored(s) instanceof Expr.Call c)
        || !MathRules.partialsReadValue(c)) {
      return null;
    }
    for (Stmt d : definitions.get(v)) {
      // Any other assignment runs before this one, and never again after it.
      boolean before = position.get(d) < position.get(s);
      boolean outsideLoops = loops.get(s).stream().noneMatch(loops.get(d)::contains);
      if (d != s && !(before && outsideLoops)) {
        return null;
      }
    }
    if (ExprScan.reads(c, v)) {
      // y = f(y): the partials must read the new value only, to be taken before the old returns.
      Variable probe = Variable.temporary("stored", v.type());
      for (Expr partial : Partials.of(c, new Expr.Local(probe))) {
        if (partial != null && ExprScan.reads(partial, v)) {
          return null;
        }
      }
    }
    return new Expr.Local(v);
  }

  private void number(List<Stmt> body, List<Stmt.Loop> around) {
    for (Stmt s : body) {
      position.put(s, position.size());
      loops.put(s, List.copyOf(around));
      if (s instanceof Stmt.Loop l) {
        around.add(l);
        number(l.init(), around);
        number(l.body(), around);
        number(l.update(), around);
        around.remove(around.size() - 1);
      } else {
        number(StmtScan.children(s), around);
      }
    }
  }
}
