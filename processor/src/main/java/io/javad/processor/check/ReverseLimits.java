package io.javad.processor.check;

import io.javad.processor.ir.Expr;
import io.javad.processor.ir.MethodIr;
import io.javad.processor.ir.Stmt;
import io.javad.processor.ir.StmtScan;
import java.util.List;

/** What reverse mode cannot do yet with arrays, said in words for the error message. */
public final class ReverseLimits {

  private ReverseLimits() {}

  /** What reverse mode cannot do, in words, {@code at} the statement concerned. */
  public record Limit(Stmt at, String text) {}

  /** Null if reverse mode can handle {@code method}, else what it cannot, and what to do. */
  public static Limit check(MethodIr method) {
    if (method.isVectorValued()) {
      List<Stmt> body = method.body();
      Stmt last = body.isEmpty() ? null : body.get(body.size() - 1);
      Stmt[] early = {null};
      StmtScan.forEach(body, s -> {
        if (early[0] == null && s instanceof Stmt.Return && s != last) {
          early[0] = s;
        }
      });
      if (early[0] != null) {
        return new Limit(
            early[0],
            "a vector-valued method returns from inside a branch or loop; return once, at the end");
      }
      if (last instanceof Stmt.Return r
          && !(r.value() instanceof Expr.Local || r.value() instanceof Expr.NewArray)) {
        return new Limit(
            r,
            r.value() instanceof Expr.Element
                ? "the returned array is a row of a matrix; return a local array"
                : "the returned array is not an array of the method's own (a field's, say); return"
                    + " a local copy of it (row by row for a matrix)");
      }
    }
    return null;
  }
}
