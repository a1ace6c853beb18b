package io.javad.processor.check;

import io.javad.processor.ir.Expr;
import io.javad.processor.ir.MethodIr;
import io.javad.processor.ir.Stmt;
import io.javad.processor.ir.StmtScan;

/** What reverse mode cannot do yet with arrays, said in words for the error message. */
public final class ReverseLimits {

  private ReverseLimits() {}

  /** What reverse mode cannot do, in words, {@code at} the statement concerned. */
  public record Limit(Stmt at, String text) {}

  /** Null if reverse mode can handle {@code method}, else what it cannot, and what to do. */
  public static Limit check(MethodIr method) {
    if (method.isVectorValued()) {
      Limit[] limit = {null};
      StmtScan.forEach(method.body(), s -> {
        if (limit[0] == null && s instanceof Stmt.Return r) {
          limit[0] = returned(r);
        }
      });
      return limit[0];
    }
    return null;
  }

  /** What reverse mode cannot do with the array {@code r} returns, or null. */
  private static Limit returned(Stmt.Return r) {
    if (!(r.value() instanceof Expr.Local || r.value() instanceof Expr.NewArray)) {
      return new Limit(
          r,
          r.value() instanceof Expr.Element
              ? "the returned array is a row of a matrix; return a local array"
              : "the returned array is not an array of the method's own (a field's, say); return"
                  + " a local copy of it (row by row for a matrix)");
    }
    return null;
  }
}
