package io.javad.processor.ir;

import java.util.function.Function;

/** Rebuilds an expression with some variables replaced: renaming, or reading an alias's target. */
public final class Substitution {

  private Substitution() {}

  /** {@code e} with each read of a variable {@code v} replaced by {@code replace(v)}, where not null. */
  public static Expr apply(Expr e, Function<Variable, Expr> replace) {
    if (e instanceof Expr.Local l) {
      Expr replacement = replace.apply(l.variable());
      return replacement != null ? replacement : e;
    }
    if (e instanceof Expr.Element el) {
      return new Expr.Element(apply(el.array(), replace), apply(el.index(), replace));
    }
    if (e instanceof Expr.Length l) {
      return new Expr.Length(apply(l.array(), replace));
    }
    if (e instanceof Expr.ArrayCopy c) {
      return new Expr.ArrayCopy(apply(c.array(), replace));
    }
    if (e instanceof Expr.Unary u) {
      return new Expr.Unary(u.op(), apply(u.operand(), replace), u.type());
    }
    if (e instanceof Expr.Binary b) {
      return new Expr.Binary(b.op(), apply(b.left(), replace), apply(b.right(), replace), b.type());
    }
    if (e instanceof Expr.Cast c) {
      return new Expr.Cast(c.type(), apply(c.operand(), replace));
    }
    if (e instanceof Expr.Call c) {
      return new Expr.Call(
          c.owner(), c.name(), c.arguments().stream().map(a -> apply(a, replace)).toList(), c.type());
    }
    if (e instanceof Expr.Conditional c) {
      return new Expr.Conditional(
          apply(c.condition(), replace), apply(c.whenTrue(), replace), apply(c.whenFalse(), replace), c.type());
    }
    if (e instanceof Expr.NewArray n) {
      return new Expr.NewArray(
          n.type(),
          n.rank(),
          n.sizes().stream().map(a -> apply(a, replace)).toList(),
          n.elements() == null ? null : n.elements().stream().map(a -> apply(a, replace)).toList());
    }
    return e;
  }
}
