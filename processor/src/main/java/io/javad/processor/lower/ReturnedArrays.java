package io.javad.processor.lower;

import io.javad.processor.ir.Expr;
import io.javad.processor.ir.MethodIr;
import io.javad.processor.ir.Namer;
import io.javad.processor.ir.SourceLines;
import io.javad.processor.ir.Stmt;
import io.javad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;

/**
 * A vector-valued method's {@code return g(v);} or {@code return a.clone();} as {@code double[]
 * result = g(v); return result;}: the generators return a local array (or one built in place).
 */
final class ReturnedArrays {

  private ReturnedArrays() {}

  static MethodIr apply(MethodIr method, Namer namer) {
    List<Stmt> body = method.body();
    if (!method.isVectorValued()
        || body.isEmpty()
        || !(body.get(body.size() - 1) instanceof Stmt.Return r)
        || !(r.value() instanceof Expr.Call || r.value() instanceof Expr.ArrayCopy)) {
      return method;
    }
    Variable result = Variable.temporary(namer.fresh("result"), r.value().type(), r.value().rank());
    List<Stmt> out = new ArrayList<>(body.subList(0, body.size() - 1));
    out.add(SourceLines.carry(r, new Stmt.Declare(result, r.value())));
    out.add(SourceLines.carry(r, new Stmt.Return(new Expr.Local(result))));
    return method.withBody(out);
  }
}
