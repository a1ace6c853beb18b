package io.javad.processor.reverse;

import io.javad.processor.ir.Expr;
import io.javad.processor.ir.ExprScan;
import io.javad.processor.ir.MethodIr;
import io.javad.processor.ir.Stmt;
import io.javad.processor.ir.StmtScan;
import io.javad.processor.ir.Variable;
import io.javad.processor.rules.MathRules;
import java.util.HashMap;
import java.util.Map;

/**
 * Statements whose reversal reads the value they stored rather than calling the function again:
 * for {@code e = Math.exp(a)} the backward sweep adds {@code eBar * e} to {@code aBar}. This
 * holds for a variable assigned by this statement only, from a call whose derivative is best
 * computed from its value (exp, tanh, sqrt, ...): the to-be-recorded analysis then keeps the
 * value for the backward sweep like any other value it reads, once per iteration inside a loop.
 */
final class OwnValues {

  /** Per variable, how many statements give it a value. */
  private final Map<Variable, Integer> definitions = new HashMap<>();

  private OwnValues(MethodIr method) {
    // A parameter has its value from the call: any assignment is a second one.
    method.parameters().forEach(p -> definitions.put(p.variable(), 1));
    StmtScan.forEach(method.body(), s -> {
      if (s instanceof Stmt.Declare d && d.init() != null || s instanceof Stmt.Assign) {
        definitions.merge(StmtScan.target(s), 1, Integer::sum);
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
        || !MathRules.partialsReadValue(c)
        || ExprScan.reads(c, v)
        || definitions.getOrDefault(v, 0) != 1) {
      return null;
    }
    return new Expr.Local(v);
  }
}
