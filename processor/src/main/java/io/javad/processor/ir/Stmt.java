package io.javad.processor.ir;

import java.util.List;

/** A statement of the differentiable subset. Compound statements keep their Java structure. */
public sealed interface Stmt
    permits Stmt.Declare,
        Stmt.Assign,
        Stmt.Store,
        Stmt.Fill,
        Stmt.Copy,
        Stmt.Eval,
        Stmt.Return,
        Stmt.Throw,
        Stmt.Block,
        Stmt.If,
        Stmt.Loop,
        Stmt.Break,
        Stmt.Continue {

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

  /**
   * {@code a[i] = value;} or {@code a[i][j] op= value;}: a store into an array element. The array
   * variable is {@link #array()}; {@link #rhs()} is the value stored.
   */
  record Store(Expr.Element target, BinaryOp op, Expr value) implements Stmt {

    public Expr rhs() {
      if (op == null) {
        return value;
      }
      Type promoted = Type.promote(target.type(), value.type());
      Expr combined = new Expr.Binary(op, target, value, promoted);
      return promoted == target.type() ? combined : new Expr.Cast(target.type(), combined);
    }

    /** The array variable stored into: {@code a} for {@code a[i][j]}. */
    public Variable array() {
      Expr e = target;
      while (e instanceof Expr.Element el) {
        e = el.array();
      }
      return ((Expr.Local) e).variable();
    }
  }

  /** {@code java.util.Arrays.fill(array, value)}: every element of a one-dimensional array. */
  record Fill(Variable array, Expr value) implements Stmt {}

  /**
   * {@code System.arraycopy(source, sourceStart, target, targetStart, length)} between
   * one-dimensional arrays (which may be the same array).
   */
  record Copy(Variable source, Expr sourceStart, Variable target, Expr targetStart, Expr length)
      implements Stmt {}

  /**
   * A call for its effect ({@code log(step)}, {@code System.out.println(x)}): evaluated where it
   * stands in the forward computation; it has no derivative.
   */
  record Eval(Expr.Call call) implements Stmt {}

  record Return(Expr value) implements Stmt {}

  /** A nested block {@code { ... }}: a scope for its declarations. */
  record Block(List<Stmt> body) implements Stmt {
    public Block {
      body = List.copyOf(body);
    }
  }

  /** {@code if (condition) { then } else { otherwise }}; {@code otherwise} may be empty. */
  record If(Expr condition, List<Stmt> then, List<Stmt> otherwise) implements Stmt {
    public If {
      then = List.copyOf(then);
      otherwise = List.copyOf(otherwise);
    }
  }

  /**
   * A loop: {@code while}, {@code do}-{@code while}, or {@code for (init; condition; update)}. A
   * null condition is {@code true} ({@code for (;;)}). {@code label} is null when unlabeled.
   */
  record Loop(
      String label,
      LoopKind kind,
      List<Stmt> init,
      Expr condition,
      List<Stmt> update,
      List<Stmt> body)
      implements Stmt {
    public Loop {
      init = List.copyOf(init);
      update = List.copyOf(update);
      body = List.copyOf(body);
    }
  }

  enum LoopKind {
    WHILE,
    DO_WHILE,
    FOR
  }

  /**
   * {@code throw new E(...)}: the end of its path, with no derivative (a derivative member throws
   * it where the function does, and its backward sweep is never reached). {@code exception} is the
   * class's canonical name; its arguments are numbers and Strings ({@link Expr.ObjectRef}, {@link
   * Expr.Concat}).
   */
  record Throw(String exception, List<Expr> arguments) implements Stmt {
    public Throw {
      arguments = List.copyOf(arguments);
    }
  }

  /** {@code break;} or {@code break label;} (label null when unlabeled). */
  record Break(String label) implements Stmt {}

  /** {@code if (!condition) break;}: a loop's test moved into its body. */
  static Stmt breakUnless(Expr condition) {
    return new If(new Expr.Unary(UnaryOp.NOT, condition, Type.BOOLEAN), List.of(new Break(null)), List.of());
  }

  /** {@code continue;} or {@code continue label;}. */
  record Continue(String label) implements Stmt {}
}
