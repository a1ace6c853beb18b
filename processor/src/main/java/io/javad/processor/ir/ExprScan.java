package io.javad.processor.ir;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** Read-only walks over expressions. */
public final class ExprScan {

  private ExprScan() {}

  /** The direct sub-expressions of {@code e}, left to right. */
  public static List<Expr> children(Expr e) {
    if (e instanceof Expr.Unary u) {
      return List.of(u.operand());
    }
    if (e instanceof Expr.Binary b) {
      return List.of(b.left(), b.right());
    }
    if (e instanceof Expr.Cast c) {
      return List.of(c.operand());
    }
    if (e instanceof Expr.Call c) {
      return c.arguments();
    }
    if (e instanceof Expr.Conditional c) {
      return List.of(c.condition(), c.whenTrue(), c.whenFalse());
    }
    if (e instanceof Expr.Element el) {
      return List.of(el.array(), el.index());
    }
    if (e instanceof Expr.Length l) {
      return List.of(l.array());
    }
    if (e instanceof Expr.ArrayCopy c) {
      return List.of(c.array());
    }
    if (e instanceof Expr.ZerosLike z) {
      return List.of(z.array());
    }
    if (e instanceof Expr.Concat c) {
      return c.parts();
    }
    if (e instanceof Expr.NewArray n) {
      List<Expr> all = new java.util.ArrayList<>(n.sizes());
      if (n.elements() != null) {
        all.addAll(n.elements());
      }
      return all;
    }
    return List.of();
  }

  public static void forEachLocal(Expr e, Consumer<Variable> action) {
    if (e instanceof Expr.Local l) {
      action.accept(l.variable());
    }
    for (Expr child : children(e)) {
      forEachLocal(child, action);
    }
  }

  public static boolean reads(Expr e, Variable v) {
    boolean[] found = {false};
    forEachLocal(e, w -> found[0] |= w.equals(v));
    return found[0];
  }

  public static int size(Expr e) {
    int n = 1;
    for (Expr child : children(e)) {
      n += size(child);
    }
    return n;
  }

  public static boolean containsCall(Expr e) {
    return firstCall(e, c -> true) != null;
  }

  /** The first call in {@code e} (outermost first, then left to right) that matches, or null. */
  public static Expr.Call firstCall(Expr e, Predicate<Expr.Call> matches) {
    if (e instanceof Expr.Call c && matches.test(c)) {
      return c;
    }
    for (Expr child : children(e)) {
      Expr.Call found = firstCall(child, matches);
      if (found != null) {
        return found;
      }
    }
    return null;
  }
}
