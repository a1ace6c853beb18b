package io.javad.processor.lower;

import io.javad.processor.analysis.PrivateVariables;
import io.javad.processor.ir.Expr;
import io.javad.processor.ir.ExprScan;
import io.javad.processor.ir.Stmt;
import io.javad.processor.ir.StmtScan;
import io.javad.processor.ir.Variable;
import io.javad.processor.rules.MathRules;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Removes assignments to scalar locals that nothing reads: a generated program such as the tangent
 * program keeps the primal's statements, some of which (a sum only the returned value used) its
 * own result no longer needs. A value with a call other than Math's is kept: the call may have an
 * effect.
 */
public final class DeadStores {

  private DeadStores() {}

  public static List<Stmt> remove(List<Stmt> body) {
    List<Stmt> current = body;
    while (true) {
      Set<Variable> read = reads(current);
      // A variable with a definition that must stay (a call) keeps all its definitions.
      StmtScan.forEach(current, s -> {
        Expr value = StmtScan.stored(s);
        if ((s instanceof Stmt.Declare || s instanceof Stmt.Assign) && value != null && hasCall(value)) {
          read.add(StmtScan.target(s));
        }
      });
      List<Stmt> next = without(current, read);
      if (next.equals(current)) {
        return current;
      }
      current = next;
    }
  }

  /** The variables some statement reads, not counting an assignment's reads of its own target. */
  private static Set<Variable> reads(List<Stmt> body) {
    Set<Variable> read = new HashSet<>();
    StmtScan.forEach(body, s -> {
      Variable own = s instanceof Stmt.Assign a ? a.variable() : null;
      for (Expr e : PrivateVariables.ownExpressions(s)) {
        ExprScan.forEachLocal(e, v -> {
          if (!v.equals(own)) {
            read.add(v);
          }
        });
      }
      if (s instanceof Stmt.Fill f) {
        read.add(f.array());
      } else if (s instanceof Stmt.Copy c) {
        read.add(c.target());
      }
    });
    return read;
  }

  private static boolean hasCall(Expr value) {
    return ExprScan.firstCall(value, c -> !MathRules.isMathOwner(c.owner())) != null;
  }

  private static List<Stmt> without(List<Stmt> body, Set<Variable> read) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : body) {
      Variable target =
          s instanceof Stmt.Declare d ? d.variable() : s instanceof Stmt.Assign a ? a.variable() : null;
      boolean dead =
          target != null && !target.isArray() && !target.parameter() && !read.contains(target);
      if (dead) {
        continue;
      }
      out.add(io.javad.processor.ir.SourceLines.carry(s, rebuilt(s, read)));
    }
    return out;
  }

  private static Stmt rebuilt(Stmt s, Set<Variable> read) {
    if (s instanceof Stmt.Block b) {
      return new Stmt.Block(without(b.body(), read));
    }
    if (s instanceof Stmt.If i) {
      return new Stmt.If(i.condition(), without(i.then(), read), without(i.otherwise(), read));
    }
    if (s instanceof Stmt.Loop l) {
      return new Stmt.Loop(
          l.label(), l.kind(), without(l.init(), read), l.condition(), without(l.update(), read),
          without(l.body(), read));
    }
    return s;
  }
}
