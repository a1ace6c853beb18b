package io.javad.processor.lower;

import io.javad.processor.ir.Expr;
import io.javad.processor.ir.Stmt;
import io.javad.processor.ir.StmtScan;
import io.javad.processor.ir.Type;
import io.javad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;

/**
 * One return, at the end, for a method that returns a record as its components: {@code if (c) {
 * return new State(a, b); } rest; return new State(d, e);} becomes {@code if (c) { resultX = a;
 * resultV = b; } else { rest; resultX = d; resultV = e; } return new double[] {resultX,
 * resultV};}, the form reverse mode differentiates (an early return from a vector-valued method
 * would leave the caller's seed nowhere to go). The statements after an {@code if} one of whose
 * branches always returns move into the other branch, as a compiler's structuring does; a return
 * inside a loop is left as it is (and reported by reverse mode).
 */
public final class SingleExit {

  private SingleExit() {}

  /**
   * {@code body} with its returns of {@code new double[] {...}} assigning {@code results} and one
   * return at the end; {@code body} itself if it has one return already or a return this cannot
   * move (inside a loop).
   */
  public static List<Stmt> apply(List<Stmt> body, List<Variable> results) {
    int[] returns = {0};
    StmtScan.forEach(body, s -> returns[0] += s instanceof Stmt.Return ? 1 : 0);
    if (returns[0] <= 1) {
      return body;
    }
    List<Stmt> structured = structure(body);
    if (!returnsOnlyLast(structured, true)) {
      return body;
    }
    List<Stmt> out = new ArrayList<>();
    for (Variable r : results) {
      out.add(new Stmt.Declare(r, Expr.Literal.of(0, Type.DOUBLE)));
    }
    out.addAll(assignResults(structured, results));
    List<Expr> values = new ArrayList<>();
    for (Variable r : results) {
      values.add(new Expr.Local(r));
    }
    out.add(new Stmt.Return(new Expr.NewArray(Type.DOUBLE, 1, List.of(), values)));
    return out;
  }

  /** Moves the statements after an {@code if} with a branch that returns into its other branch. */
  private static List<Stmt> structure(List<Stmt> body) {
    List<Stmt> out = new ArrayList<>();
    for (int i = 0; i < body.size(); i++) {
      Stmt s = body.get(i);
      int from = out.size();
      if (s instanceof Stmt.If f) {
        List<Stmt> rest = body.subList(i + 1, body.size());
        boolean thenReturns = returns(f.then());
        boolean elseReturns = returns(f.otherwise());
        if (!rest.isEmpty() && (thenReturns || elseReturns)) {
          out.add(
              new Stmt.If(
                  f.condition(),
                  structure(thenReturns ? f.then() : concat(f.then(), rest)),
                  structure(elseReturns ? f.otherwise() : concat(f.otherwise(), rest))));
          io.javad.processor.ir.SourceLines.carry(s, out, from);
          return out;
        }
        out.add(new Stmt.If(f.condition(), structure(f.then()), structure(f.otherwise())));
      } else if (s instanceof Stmt.Block b && i == body.size() - 1) {
        out.add(new Stmt.Block(structure(b.body())));
      } else {
        out.add(s);
      }
      io.javad.processor.ir.SourceLines.carry(s, out, from);
    }
    return out;
  }

  /** Whether every path through {@code body} ends in a return. */
  private static boolean returns(List<Stmt> body) {
    if (body.isEmpty()) {
      return false;
    }
    Stmt last = body.get(body.size() - 1);
    return last instanceof Stmt.Return
        || (last instanceof Stmt.If f && returns(f.then()) && returns(f.otherwise()))
        || (last instanceof Stmt.Block b && returns(b.body()));
  }

  /** Whether each return is the last statement of a path that ends the method. */
  private static boolean returnsOnlyLast(List<Stmt> body, boolean tail) {
    for (int i = 0; i < body.size(); i++) {
      Stmt s = body.get(i);
      boolean last = tail && i == body.size() - 1;
      if (s instanceof Stmt.Return r) {
        if (!last || !(r.value() instanceof Expr.NewArray)) {
          return false;
        }
      } else if (s instanceof Stmt.If f) {
        if (!returnsOnlyLast(f.then(), last) || !returnsOnlyLast(f.otherwise(), last)) {
          return false;
        }
      } else if (s instanceof Stmt.Block b) {
        if (!returnsOnlyLast(b.body(), last)) {
          return false;
        }
      } else if (s instanceof Stmt.Loop) {
        boolean[] inside = {false};
        StmtScan.forEach(List.of(s), t -> inside[0] |= t instanceof Stmt.Return);
        if (inside[0]) {
          return false;
        }
      }
    }
    return true;
  }

  private static List<Stmt> assignResults(List<Stmt> body, List<Variable> results) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : body) {
      int from = out.size();
      if (s instanceof Stmt.Return r) {
        List<Expr> parts = ((Expr.NewArray) r.value()).elements();
        for (int i = 0; i < results.size(); i++) {
          out.add(new Stmt.Assign(results.get(i), null, parts.get(i)));
        }
      } else if (s instanceof Stmt.If f) {
        out.add(
            new Stmt.If(
                f.condition(), assignResults(f.then(), results),
                assignResults(f.otherwise(), results)));
      } else if (s instanceof Stmt.Block b) {
        out.add(new Stmt.Block(assignResults(b.body(), results)));
      } else {
        out.add(s);
      }
      io.javad.processor.ir.SourceLines.carry(s, out, from);
    }
    return out;
  }

  private static List<Stmt> concat(List<Stmt> a, List<Stmt> b) {
    List<Stmt> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
