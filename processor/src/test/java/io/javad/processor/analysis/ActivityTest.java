package io.javad.processor.analysis;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javad.processor.ir.BinaryOp;
import io.javad.processor.ir.Expr;
import io.javad.processor.ir.MethodIr;
import io.javad.processor.ir.Stmt;
import io.javad.processor.ir.Type;
import io.javad.processor.ir.Variable;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Varied x useful on hand-built IR. */
class ActivityTest {

  private static final Variable X = new Variable("x", Type.DOUBLE, 0, true);
  private static final Variable D = new Variable("d", Type.DOUBLE, 1, true);
  private static final Variable A = new Variable("a", Type.DOUBLE, 2, false);
  private static final Variable B = new Variable("b", Type.DOUBLE, 3, false);
  private static final Variable C = new Variable("c", Type.DOUBLE, 4, false);
  private static final Variable K = new Variable("k", Type.INT, 5, false);

  private static Expr l(Variable v) {
    return new Expr.Local(v);
  }

  private static Expr mul(Expr a, Expr b) {
    return new Expr.Binary(BinaryOp.MULTIPLY, a, b, Type.DOUBLE);
  }

  @Test
  void activeIsVariedAndUseful() {
    // a = x * d (varied, useful); b = d * d (useful, not varied); c = x * x (varied, not useful);
    // k = (int) x (integer: never active); return a * b + k.
    MethodIr m =
        new MethodIr(
            "f",
            List.of(
                new MethodIr.Parameter(X, true, "double"),
                new MethodIr.Parameter(D, false, "double")),
            Type.DOUBLE,
            List.of(
                new Stmt.Declare(A, mul(l(X), l(D))),
                new Stmt.Declare(B, mul(l(D), l(D))),
                new Stmt.Declare(C, mul(l(X), l(X))),
                new Stmt.Declare(K, new Expr.Cast(Type.INT, l(X))),
                new Stmt.Return(
                    new Expr.Binary(BinaryOp.ADD, mul(l(A), l(B)), l(K), Type.DOUBLE))));
    Activity activity = Activity.of(m);
    assertTrue(activity.isActive(X));
    assertTrue(activity.isActive(A));
    assertFalse(activity.isActive(B), "not varied");
    assertFalse(activity.isActive(C), "not useful");
    assertFalse(activity.isActive(K), "integer");
    assertFalse(activity.isActive(D), "inactive parameter");
  }

  @Test
  void activityFlowsThroughReassignments() {
    // a = d; a = a * x; return a: the second definition makes a varied.
    MethodIr m =
        new MethodIr(
            "f",
            List.of(
                new MethodIr.Parameter(X, true, "double"),
                new MethodIr.Parameter(D, false, "double")),
            Type.DOUBLE,
            List.of(
                new Stmt.Declare(A, l(D)),
                new Stmt.Assign(A, BinaryOp.MULTIPLY, l(X)),
                new Stmt.Return(l(A))));
    assertTrue(Activity.of(m).isActive(A));
  }
}
