package io.javad.processor.ir;

import java.util.List;

/**
 * Simplifying constructors for derivative expressions: multiplying by one, adding zero and double
 * negation vanish, so that generated code reads like hand-written code. A {@code null} expression
 * stands for a structural zero (a derivative known to vanish). Primal code never goes through here:
 * it is copied exactly as written.
 */
public final class Algebra {

  private Algebra() {}

  public static Expr.Literal constant(double value, Type type) {
    return Expr.Literal.of(value, type);
  }

  public static boolean isZero(Expr e) {
    return e == null || (e instanceof Expr.Literal l && l.is(0));
  }

  public static boolean isConstant(Expr e) {
    return e instanceof Expr.Literal;
  }

  public static boolean isOne(Expr e) {
    return e instanceof Expr.Literal l && l.is(1);
  }

  /** Variables and literals: cheap to repeat, never worth a temporary. */
  public static boolean isAtomic(Expr e) {
    return e instanceof Expr.Local
        || e instanceof Expr.Literal
        || e instanceof Expr.StaticField
        || e instanceof Expr.ObjectRef;
  }

  /**
   * A derivative is a floating-point value even where its factors are integers: {@code 2 * (x / 4)}
   * has derivative 0.5, not the int {@code 2 / 4}. Integer literals become double literals, other
   * integer expressions get a cast.
   */
  public static Expr floating(Expr e) {
    if (e == null || e.type().isFloating() || e.type() == Type.BOOLEAN) {
      return e;
    }
    if (e instanceof Expr.Literal l) {
      return constant(l.value(), Type.DOUBLE);
    }
    return new Expr.Cast(Type.DOUBLE, e);
  }

  /**
   * {@code e} as a value stored into a variable of type {@code target}: a derivative computed in
   * double (Math functions return double) is cast where it is stored into a float tangent or
   * adjoint.
   */
  public static Expr storedAs(Type target, Expr e) {
    if (e != null && target == Type.FLOAT && e.type() != Type.FLOAT) {
      return new Expr.Cast(Type.FLOAT, e);
    }
    return e;
  }

  private static Type floatingType(Expr a, Expr b) {
    Type t = Type.promote(a.type(), b.type());
    return t.isFloating() ? t : Type.DOUBLE;
  }

  public static Expr negate(Expr e) {
    e = floating(e);
    if (isZero(e)) {
      return null;
    }
    if (e instanceof Expr.Unary u && u.op() == UnaryOp.NEGATE) {
      return u.operand();
    }
    if (e instanceof Expr.Literal l && l.type().isFloating()) {
      return constant(-l.value(), l.type());
    }
    return new Expr.Unary(UnaryOp.NEGATE, e, e.type());
  }

  public static Expr add(Expr a, Expr b) {
    if (a != null && b != null && !a.type().isFloating() && !b.type().isFloating()) {
      a = floating(a); // n + m would be int arithmetic
    } else if (a == null || b == null) {
      a = floating(a);
      b = floating(b);
    }
    if (isZero(a)) {
      return b;
    }
    if (isZero(b)) {
      return a;
    }
    if (b instanceof Expr.Unary u && u.op() == UnaryOp.NEGATE) {
      return subtract(a, u.operand());
    }
    if (a instanceof Expr.Unary u && u.op() == UnaryOp.NEGATE) {
      return subtract(b, u.operand());
    }
    if (b instanceof Expr.Literal l && l.value() < 0 && l.type().isFloating()) {
      return subtract(a, constant(-l.value(), l.type())); // x + -1.0 reads x - 1.0
    }
    if (b instanceof Expr.Binary q
        && (q.op() == BinaryOp.ADD || q.op() == BinaryOp.SUBTRACT)
        && q.type().isFloating()) {
      // Derivative sums are flattened, a + (b - c) -> a + b - c: order of terms is free there.
      Expr head = add(a, q.left());
      return q.op() == BinaryOp.ADD ? add(head, q.right()) : subtract(head, q.right());
    }
    if (a instanceof Expr.Conditional p
        && b instanceof Expr.Conditional q
        && p.condition().equals(q.condition())) {
      // (c ? a1 : a2) + (c ? b1 : b2) = c ? a1 + b1 : a2 + b2, as for min/max.
      return conditional(
          p.condition(),
          add(p.whenTrue(), q.whenTrue()),
          add(p.whenFalse(), q.whenFalse()),
          floatingType(a, b));
    }
    return new Expr.Binary(BinaryOp.ADD, a, b, floatingType(a, b));
  }

  public static Expr subtract(Expr a, Expr b) {
    if (a != null && b != null && !a.type().isFloating() && !b.type().isFloating()) {
      a = floating(a); // n + m would be int arithmetic
    } else if (a == null || b == null) {
      a = floating(a);
      b = floating(b);
    }
    if (isZero(b)) {
      return a;
    }
    if (isZero(a)) {
      return negate(b);
    }
    if (b instanceof Expr.Unary u && u.op() == UnaryOp.NEGATE) {
      return add(a, u.operand());
    }
    return new Expr.Binary(BinaryOp.SUBTRACT, a, b, floatingType(a, b));
  }

  public static Expr multiply(Expr a, Expr b) {
    if (isZero(a) || isZero(b)) {
      return null;
    }
    if (isOne(a)) {
      return floating(b);
    }
    if (isOne(b)) {
      return floating(a);
    }
    if (!a.type().isFloating() && !b.type().isFloating()) {
      a = floating(a); // n * m would be int arithmetic, and may overflow
    }
    if (a instanceof Expr.Unary u && u.op() == UnaryOp.NEGATE) {
      return negate(multiply(u.operand(), b));
    }
    if (b instanceof Expr.Unary u && u.op() == UnaryOp.NEGATE) {
      return negate(multiply(a, u.operand()));
    }
    if (a instanceof Expr.Literal l && l.value() == -1) {
      return negate(b);
    }
    if (b instanceof Expr.Literal l && l.value() == -1) {
      return negate(a);
    }
    if (b instanceof Expr.Binary q && q.op() == BinaryOp.DIVIDE && isOne(q.left())) {
      return divide(a, q.right()); // a * (1 / c) = a / c
    }
    if (b instanceof Expr.Conditional c && isConstant(c.whenTrue()) && isConstant(c.whenFalse())) {
      // a * (c ? 1 : 0) = c ? a : 0: the selection of min, max and ?: stays a selection.
      // Of the product's type: an int selection (c ? 1 : -1) times a double is a double.
      return conditional(
          c.condition(), multiply(a, c.whenTrue()), multiply(a, c.whenFalse()), floatingType(a, b));
    }
    return new Expr.Binary(BinaryOp.MULTIPLY, a, b, floatingType(a, b));
  }

  public static Expr divide(Expr a, Expr b) {
    if (isZero(a)) {
      return null;
    }
    a = floating(a); // 2 / 4 must not be integer division
    if (isOne(b)) {
      return a;
    }
    if (a instanceof Expr.Unary u && u.op() == UnaryOp.NEGATE) {
      return negate(divide(u.operand(), b));
    }
    return new Expr.Binary(BinaryOp.DIVIDE, a, b, floatingType(a, b));
  }

  /**
   * The sum of terms in order, folding negated terms into subtractions and equal terms into one
   * with a factor: the two contributions of {@code r * r} to r's adjoint are {@code 2.0 * rBar * r}.
   */
  public static Expr sum(List<Expr> terms) {
    java.util.Map<Expr, Integer> counts = new java.util.LinkedHashMap<>();
    for (Expr term : terms) {
      if (!isZero(term)) {
        counts.merge(term, 1, Integer::sum);
      }
    }
    Expr total = null;
    for (java.util.Map.Entry<Expr, Integer> e : counts.entrySet()) {
      total = add(total, times(e.getValue(), e.getKey()));
    }
    return total;
  }

  /** {@code k * t}, with the factor in front of a product: {@code 2.0 * a * b}. */
  private static Expr times(int k, Expr t) {
    if (k == 1) {
      return t;
    }
    Expr factor = constant(k, t.type() == Type.FLOAT ? Type.FLOAT : Type.DOUBLE);
    if (t instanceof Expr.Unary u && u.op() == UnaryOp.NEGATE) {
      return negate(times(k, u.operand()));
    }
    if (t instanceof Expr.Binary b && b.op() == BinaryOp.MULTIPLY && b.type().isFloating()) {
      return multiply(multiply(factor, b.left()), b.right());
    }
    return multiply(factor, t);
  }

  public static Expr call(String owner, String name, Type type, Expr... arguments) {
    return new Expr.Call(owner, name, List.of(arguments), type);
  }

  public static Expr conditional(Expr condition, Expr whenTrue, Expr whenFalse, Type type) {
    if (isZero(whenTrue) && isZero(whenFalse)) {
      return null;
    }
    return new Expr.Conditional(
        condition, orZero(whenTrue, type), orZero(whenFalse, type), type);
  }

  public static Expr compare(BinaryOp op, Expr a, Expr b) {
    return new Expr.Binary(op, a, b, Type.BOOLEAN);
  }

  /**
   * {@code sum} without its leading term {@code self}, if {@code sum} is {@code self + a - b ...}:
   * the right-hand side of {@code self += a - b}. Null if {@code sum} does not start with {@code
   * self}.
   */
  public static Expr afterLeading(Expr self, Expr sum) {
    if (sum instanceof Expr.Binary b && (b.op() == BinaryOp.ADD || b.op() == BinaryOp.SUBTRACT)) {
      if (b.left().equals(self)) {
        return b.op() == BinaryOp.ADD ? b.right() : negate(b.right());
      }
      Expr rest = afterLeading(self, b.left());
      if (rest != null) {
        return b.op() == BinaryOp.ADD ? add(rest, b.right()) : subtract(rest, b.right());
      }
    }
    return null;
  }

  /** Materializes a structural zero as a literal where an expression is required. */
  public static Expr orZero(Expr e, Type type) {
    return e == null ? constant(0, type) : e;
  }
}
