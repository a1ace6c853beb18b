package io.javad.processor;

import io.javad.processor.ir.Expr;
import io.javad.processor.ir.MethodIr;
import io.javad.processor.ir.Stmt;
import io.javad.processor.ir.StmtScan;
import java.util.List;

/** What reverse mode cannot do yet with arrays, said in words for the error message. */
final class ReverseLimits {

  private ReverseLimits() {}

  /** Null if reverse mode can handle {@code method}, else what it cannot, and what to do. */
  static String check(MethodIr method) {
    if (method.isVectorValued()) {
      List<Stmt> body = method.body();
      for (int i = 0; i < body.size() - 1; i++) {
        boolean[] early = {false};
        StmtScan.forEach(List.of(body.get(i)), s -> early[0] |= s instanceof Stmt.Return);
        if (early[0]) {
          return "a vector-valued method returns early; return once, at the end";
        }
      }
      if (!body.isEmpty()
          && body.get(body.size() - 1) instanceof Stmt.Return r
          && !(r.value() instanceof Expr.Local || r.value() instanceof Expr.NewArray)) {
        return "the returned array is a row of a matrix; return a local array";
      }
    }
    return check(method.body(), false);
  }

  private static String check(List<Stmt> body, boolean inLoop) {
    for (Stmt s : body) {
      if (s instanceof Stmt.Declare d && d.variable().isArray()) {
        if (d.init() != null && !(d.init() instanceof Expr.NewArray)) {
          return "array " + d.variable().name() + " is another name for an existing array; index"
              + " that array instead";
        }
      }
      String nested =
          check(StmtScan.children(s), inLoop || s instanceof Stmt.Loop);
      if (nested != null) {
        return nested;
      }
    }
    return null;
  }
}
