package io.javad.processor.ir;

import java.util.function.Function;
import java.util.function.UnaryOperator;

/** Rebuilds an expression with some variables replaced: renaming, or reading an alias's target. */
public final class Substitution {

  private Substitution() {}

  /** {@code e} with each read of a variable {@code v} replaced by {@code replace(v)}, where not null. */
  public static Expr apply(Expr e, Function<Variable, Expr> replace) {
    if (e instanceof Expr.Local l) {
      Expr replacement = replace.apply(l.variable());
      return replacement != null ? replacement : e;
    }
    return rebuild(e, child -> apply(child, replace));
  }

  /** {@code e} with each sub-expression equal to a key of {@code held} replaced by its value. */
  public static Expr replace(Expr e, java.util.Map<Expr, ? extends Expr> held) {
    if (held.isEmpty()) {
      return e;
    }
    Expr replacement = held.get(e);
    if (replacement != null) {
      return replacement;
    }
    return rebuild(e, child -> replace(child, held));
  }

  /** {@code e} with each direct operand replaced by {@code child(operand)}. */
  public static Expr rebuild(Expr e, UnaryOperator<Expr> child) {
    if (e instanceof Expr.Element el) {
      return new Expr.Element(child.apply(el.array()), child.apply(el.index()));
    }
    if (e instanceof Expr.Length l) {
      return new Expr.Length(child.apply(l.array()));
    }
    if (e instanceof Expr.ArrayCopy c) {
      return new Expr.ArrayCopy(child.apply(c.array()));
    }
    if (e instanceof Expr.ZerosLike z) {
      return new Expr.ZerosLike(child.apply(z.array()));
    }
    if (e instanceof Expr.Unary u) {
      return new Expr.Unary(u.op(), child.apply(u.operand()), u.type());
    }
    if (e instanceof Expr.Binary b) {
      return new Expr.Binary(b.op(), child.apply(b.left()), child.apply(b.right()), b.type());
    }
    if (e instanceof Expr.Cast c) {
      return new Expr.Cast(c.type(), child.apply(c.operand()));
    }
    if (e instanceof Expr.Call c) {
      return c.withArguments(c.arguments().stream().map(child).toList());
    }
    if (e instanceof Expr.Conditional c) {
      return new Expr.Conditional(
          child.apply(c.condition()), child.apply(c.whenTrue()), child.apply(c.whenFalse()), c.type());
    }
    if (e instanceof Expr.Concat c) {
      return new Expr.Concat(c.parts().stream().map(child).toList());
    }
    if (e instanceof Expr.NewArray n) {
      return new Expr.NewArray(
          n.type(),
          n.rank(),
          n.sizes().stream().map(child).toList(),
          n.elements() == null ? null : n.elements().stream().map(child).toList());
    }
    return e;
  }
}
