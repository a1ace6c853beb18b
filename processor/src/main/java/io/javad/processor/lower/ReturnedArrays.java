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
 * A vector-valued method's {@code return g(v);} or {@code return a.clone();}, at the end or inside
 * a branch or loop, as {@code double[] result = g(v); return result;}: the generators return a
 * local array (or one built in place).
 */
final class ReturnedArrays {

  private ReturnedArrays() {}

  static MethodIr apply(MethodIr method, Namer namer) {
    if (!method.isVectorValued()) {
      return method;
    }
    List<Stmt> body = rewrite(method.body(), namer);
    return body.equals(method.body()) ? method : method.withBody(body);
  }

  private static List<Stmt> rewrite(List<Stmt> list, Namer namer) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : list) {
      if (s instanceof Stmt.Return r
          && (r.value() instanceof Expr.Call || r.value() instanceof Expr.ArrayCopy)) {
        Variable result = Variable.temporary(namer.fresh("result"), r.value().type(), r.value().rank());
        out.add(SourceLines.carry(r, new Stmt.Declare(result, r.value())));
        out.add(SourceLines.carry(r, new Stmt.Return(new Expr.Local(result))));
      } else if (s instanceof Stmt.Block b) {
        out.add(SourceLines.carry(s, new Stmt.Block(rewrite(b.body(), namer))));
      } else if (s instanceof Stmt.If i) {
        out.add(
            SourceLines.carry(
                s, new Stmt.If(i.condition(), rewrite(i.then(), namer), rewrite(i.otherwise(), namer))));
      } else if (s instanceof Stmt.Loop l) {
        out.add(
            SourceLines.carry(
                s,
                new Stmt.Loop(
                    l.label(), l.kind(), l.init(), l.condition(), l.update(), rewrite(l.body(), namer))));
      } else {
        out.add(s);
      }
    }
    return out;
  }
}
