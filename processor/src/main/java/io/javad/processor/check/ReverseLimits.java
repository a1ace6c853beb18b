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
    return check(method.body(), false);
  }

  private static String check(List<Stmt> body, boolean inLoop) {
    return null; // what reverse mode cannot do beyond aliases() is checked in check(MethodIr)
  }

  /**
   * Null if every local naming another array was replaced by what it names ({@link
   * io.javad.processor.ir.AliasInlining}), else which one could not be, in words. Neither mode
   * follows writes through a second name for one array.
   */
  public static String aliases(MethodIr method) {
    String[] problem = {null};
    StmtScan.forEach(method.body(), s -> {
      if (problem[0] == null && s instanceof Stmt.Declare d && d.variable().isArray()) {
        if (d.init() instanceof Expr.NewArray n && n.elements() != null
            && n.elements().stream().anyMatch(e -> e.rank() > 0 && !(e instanceof Expr.NewArray))) {
          problem[0] = "matrix " + d.variable().name() + " is initialized with existing arrays as"
              + " rows; copy their elements instead";
        } else if (d.init() != null
            && !(d.init() instanceof Expr.NewArray
                || d.init() instanceof Expr.ArrayCopy
                || d.init() instanceof Expr.Call // a callee's result is a new array
                || isReadOnlyField(d, method))) {
          problem[0] = "array " + d.variable().name() + " names another array whose index changes"
              + " while the name is in use; index that array directly";
        }
      }
    });
    return problem[0];
  }

  /** {@code double[] w = self.weights;} never written through: a name for data. */
  private static boolean isReadOnlyField(Stmt.Declare d, MethodIr method) {
    return (d.init() instanceof Expr.InstanceField || d.init() instanceof Expr.StaticField)
        && !StmtScan.writtenArrays(method.body()).contains(d.variable());
  }
}
