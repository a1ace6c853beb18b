package io.javad.processor.lower;

import io.javad.processor.ir.BinaryOp;
import io.javad.processor.ir.Expr;
import io.javad.processor.ir.Substitution;
import io.javad.processor.ir.Type;

/**
 * Integer arithmetic on constants, as unrolling leaves it: {@code 0 + 1} is {@code 1}, {@code
 * CENTRE + 0} is {@code CENTRE}. Only int and long: floating-point code is left as written.
 */
final class Folding {

  private Folding() {}

  static Expr fold(Expr e) {
    Expr rebuilt = Substitution.rebuild(e, Folding::fold);
    if (!(rebuilt instanceof Expr.Binary b) || (b.type() != Type.INT && b.type() != Type.LONG)) {
      return rebuilt;
    }
    if (b.left() instanceof Expr.Literal l && b.right() instanceof Expr.Literal r) {
      long x = (long) l.value();
      long y = (long) r.value();
      Long value =
          switch (b.op()) {
            case ADD -> x + y;
            case SUBTRACT -> x - y;
            case MULTIPLY -> x * y;
            default -> null;
          };
      if (value != null) {
        return Expr.Literal.of(b.type() == Type.INT ? (int) (long) value : value, b.type());
      }
    }
    boolean plusZero = b.op() == BinaryOp.ADD || b.op() == BinaryOp.SUBTRACT;
    if (plusZero && b.right() instanceof Expr.Literal r && r.is(0) && b.left().type() == b.type()) {
      return b.left();
    }
    if (b.op() == BinaryOp.ADD && b.left() instanceof Expr.Literal l && l.is(0) && b.right().type() == b.type()) {
      return b.right();
    }
    return rebuilt;
  }
}
