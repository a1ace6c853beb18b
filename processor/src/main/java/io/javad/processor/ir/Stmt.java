package io.javad.processor.ir;

/** A statement of the differentiable subset. */
public sealed interface Stmt permits Stmt.Declare, Stmt.Assign, Stmt.Return {

  /** {@code T v = init;} or, with a null {@code init}, {@code T v;}. */
  record Declare(Variable variable, Expr init) implements Stmt {}

  /**
   * {@code v = value;} or a compound assignment {@code v op= value;} (op non-null). Java's compound
   * assignment casts back to the variable's type, which {@link #rhs()} makes explicit.
   */
  record Assign(Variable variable, BinaryOp op, Expr value) implements Stmt {

    /** The value stored into the variable, as a plain expression. */
    public Expr rhs() {
      if (op == null) {
        return value;
      }
      Expr.Local old = new Expr.Local(variable);
      Type promoted = Type.promote(variable.type(), value.type());
      Expr combined = new Expr.Binary(op, old, value, promoted);
      return promoted == variable.type() ? combined : new Expr.Cast(variable.type(), combined);
    }
  }

  record Return(Expr value) implements Stmt {}
}
