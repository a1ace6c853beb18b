package io.javad.processor.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.javad.processor.ir.BinaryOp;
import io.javad.processor.ir.Expr;
import io.javad.processor.ir.MethodIr;
import io.javad.processor.ir.Stmt;
import io.javad.processor.ir.Type;
import io.javad.processor.ir.Variable;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which local arrays no other reference reaches, on hand-built IR. */
class UnaliasedArraysTest {

  private static final Variable P = new Variable("p", Type.DOUBLE, 0, true, 1);
  private static final Variable N = new Variable("n", Type.INT, 1, true);
  private static final Variable A = new Variable("a", Type.DOUBLE, 2, false, 1);
  private static final Variable B = new Variable("b", Type.DOUBLE, 3, false, 1);
  private static final Variable C = new Variable("c", Type.DOUBLE, 4, false, 1);
  private static final Variable M = new Variable("m", Type.DOUBLE, 5, false, 2);
  private static final Variable R = new Variable("r", Type.DOUBLE, 6, false, 1);
  private static final Variable S = new Variable("s", Type.DOUBLE, 7, false);

  private static Expr l(Variable v) {
    return new Expr.Local(v);
  }

  private static Expr.Literal k(int i) {
    return Expr.Literal.of(i, Type.INT);
  }

  private static Expr.Element at(Expr array, Expr index) {
    return new Expr.Element(array, index);
  }

  private static Expr fresh(int rank, Expr... sizes) {
    return new Expr.NewArray(Type.DOUBLE, rank, List.of(sizes), null);
  }

  private static Set<Variable> of(Stmt... body) {
    MethodIr method =
        new MethodIr(
            "f",
            List.of(new MethodIr.Parameter(P, true, "double[]"), new MethodIr.Parameter(N, false, "int")),
            Type.DOUBLE,
            List.of(body));
    return UnaliasedArrays.of(method);
  }

  @Test
  void newArraysUsedByElementAndLengthOnly() {
    Set<Variable> found =
        of(
            new Stmt.Declare(A, fresh(1, l(N))),
            new Stmt.Declare(M, fresh(2, l(N), l(N))),
            new Stmt.Declare(C, new Expr.NewArray(Type.DOUBLE, 1, List.of(), List.of(at(l(P), k(0))))),
            new Stmt.Store(at(l(A), k(0)), null, at(l(P), k(1))),
            new Stmt.Store(at(at(l(M), k(1)), k(0)), BinaryOp.ADD, at(l(A), k(0))),
            new Stmt.Declare(S, new Expr.Binary(BinaryOp.ADD, new Expr.Length(l(A)), new Expr.Length(at(l(M), k(0))), Type.INT)),
            new Stmt.Fill(A, Expr.Literal.of(0, Type.DOUBLE)),
            new Stmt.Copy(C, k(0), A, k(0), k(1)),
            new Stmt.Assign(A, null, fresh(1, k(3))),
            new Stmt.Return(at(l(C), k(0))));
    assertEquals(Set.of(A, M, C), found);
  }

  @Test
  void anArrayUnderTwoNamesIsNeither() {
    assertEquals(Set.of(), of(new Stmt.Declare(A, fresh(1, l(N))), new Stmt.Declare(B, l(A))));
    assertEquals(Set.of(), of(new Stmt.Declare(A, fresh(1, l(N))), new Stmt.Declare(B, fresh(1, l(N))), new Stmt.Assign(B, null, l(A))));
  }

  @Test
  void aRowTakenOrReplacedLetsTheMatrixOut() {
    assertEquals(Set.of(), of(new Stmt.Declare(M, fresh(2, l(N), l(N))), new Stmt.Declare(R, at(l(M), k(0)))));
    assertEquals(
        Set.of(),
        of(
            new Stmt.Declare(M, fresh(2, l(N))),
            new Stmt.Declare(R, fresh(1, l(N))),
            new Stmt.Store(at(l(M), k(0)), null, l(R))));
  }

  @Test
  void parametersReturnedArraysAndArraysPassedToOtherMethodsAreNot() {
    Variable result = new Variable("result", Type.DOUBLE, 9, false, 1);
    assertEquals(
        Set.of(result),
        of(
            new Stmt.Declare(A, fresh(1, l(N))),
            new Stmt.Declare(S, new Expr.Call("t.Lib", "sum", List.of(l(A)), Type.DOUBLE)),
            new Stmt.Declare(result, fresh(1, l(N))),
            new Stmt.Return(at(l(result), k(0)))));
    assertEquals(Set.of(), of(new Stmt.Declare(A, fresh(1, l(N))), new Stmt.Return(l(A))));
    assertEquals(Set.of(), of(new Stmt.Declare(A, l(P))));
  }
}
