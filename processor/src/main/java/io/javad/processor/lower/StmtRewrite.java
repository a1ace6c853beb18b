package io.javad.processor.lower;

import io.javad.processor.ir.Expr;
import io.javad.processor.ir.Stmt;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Statements with each of their expressions replaced by a function of it, nested ones included. */
public final class StmtRewrite {

  private StmtRewrite() {}

  public static List<Stmt> expressions(List<Stmt> body, UnaryOperator<Expr> f) {
    return expressions(body, f, true);
  }

  /** As above; with {@code nested} false, only the statements of {@code body} themselves. */
  static List<Stmt> expressions(List<Stmt> body, UnaryOperator<Expr> f, boolean nested) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : body) {
      out.add(io.javad.processor.ir.SourceLines.carry(s, statement(s, f, nested)));
    }
    return out;
  }

  private static Stmt statement(Stmt s, UnaryOperator<Expr> f, boolean nested) {
    if (s instanceof Stmt.Declare d) {
      return new Stmt.Declare(d.variable(), f.apply(d.init()));
    }
    if (s instanceof Stmt.Assign a) {
      return new Stmt.Assign(a.variable(), a.op(), f.apply(a.value()));
    }
    if (s instanceof Stmt.Store st) {
      return new Stmt.Store((Expr.Element) f.apply(st.target()), st.op(), f.apply(st.value()));
    }
    if (s instanceof Stmt.Return r) {
      return new Stmt.Return(f.apply(r.value()));
    }
    if (s instanceof Stmt.Eval e) {
      return new Stmt.Eval((Expr.Call) f.apply(e.call()));
    }
    if (s instanceof Stmt.Fill fill) {
      return new Stmt.Fill(fill.array(), f.apply(fill.value()));
    }
    if (s instanceof Stmt.Copy c) {
      return new Stmt.Copy(
          c.source(), f.apply(c.sourceStart()), c.target(), f.apply(c.targetStart()),
          f.apply(c.length()));
    }
    if (s instanceof Stmt.Block b) {
      return nested ? new Stmt.Block(expressions(b.body(), f)) : b;
    }
    if (s instanceof Stmt.If i) {
      return new Stmt.If(
          f.apply(i.condition()),
          nested ? expressions(i.then(), f) : i.then(),
          nested ? expressions(i.otherwise(), f) : i.otherwise());
    }
    if (s instanceof Stmt.Loop l) {
      return new Stmt.Loop(
          l.label(),
          l.kind(),
          nested ? expressions(l.init(), f) : l.init(),
          f.apply(l.condition()),
          nested ? expressions(l.update(), f) : l.update(),
          nested ? expressions(l.body(), f) : l.body());
    }
    return s;
  }
}
