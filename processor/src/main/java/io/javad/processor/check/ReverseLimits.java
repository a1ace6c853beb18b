package io.javad.processor.check;

import io.javad.processor.ir.Expr;
import io.javad.processor.ir.MethodIr;
import io.javad.processor.ir.Stmt;
import io.javad.processor.ir.StmtScan;
import java.util.List;

/** What reverse mode cannot do yet with arrays, said in words for the error message. */
public final class ReverseLimits {

  private ReverseLimits() {}

  /** Null if reverse mode can handle {@code method}, else what it cannot, and what to do. */
  public static String check(MethodIr method) {
    if (method.isVectorValued()) {
      List<Stmt> body = method.body();
      Stmt last = body.isEmpty() ? null : body.get(body.size() - 1);
      boolean[] early = {false};
      StmtScan.forEach(body, s -> early[0] |= s instanceof Stmt.Return && s != last);
      if (early[0]) {
        return "a vector-valued method returns from inside a branch or loop; return once, at the"
            + " end";
      }
      if (!body.isEmpty()
          && body.get(body.size() - 1) instanceof Stmt.Return r
          && !(r.value() instanceof Expr.Local || r.value() instanceof Expr.NewArray)) {
        return "the returned array is a row of a matrix; return a local array";
      }
    }
    return null;
  }
}
