package io.javad.processor.check;

import io.javad.processor.diag.Message;
import io.javad.processor.emit.JavaPrinter;
import io.javad.processor.ir.Expr;
import io.javad.processor.ir.ExprScan;
import io.javad.processor.ir.MethodIr;
import io.javad.processor.ir.Stmt;
import io.javad.processor.ir.StmtScan;
import io.javad.processor.ir.Variable;

/**
 * What a call to a callee that writes into arrays (out-parameters) is passed, once lowered: for
 * each array it writes, an array variable or a row {@code m[i]} of one (a row alias or a {@code
 * for}-each row has become the row by now), with an index free of calls, that no other argument
 * names. Its members update that array's tangent or adjoint in place ({@code mBar[i]}), which a
 * second name would escape.
 */
final class OutParameters {

  private OutParameters() {}

  /** The first problem, or null. */
  static MethodChecks.Problem check(MethodIr method) {
    MethodChecks.Problem[] found = {null};
    StmtScan.forEach(method.body(), s -> {
      if (found[0] == null && s instanceof Stmt.Eval e && e.call().callee() != null) {
        found[0] = check(method.name(), e.call());
      }
    });
    return found[0];
  }

  private static MethodChecks.Problem check(String name, Expr.Call c) {
    String shown = OpaqueCalls.shown(c);
    for (int i = 0; i < c.arguments().size(); i++) {
      if (!c.callee().writes(i)) {
        continue;
      }
      String parameter = c.callee().names().get(i);
      Expr arg = c.arguments().get(i);
      if (arg instanceof Expr.InstanceField || arg instanceof Expr.StaticField) {
        return new MethodChecks.Problem(
            c, Message.CALL_WRITES_FIELD, shown, parameter, JavaPrinter.text(arg));
      }
      if (arg instanceof Expr.ArrayCopy || arg instanceof Expr.NewArray) {
        return new MethodChecks.Problem(
            c, Message.CALL_WRITES_NEW_ARRAY, shown, parameter, JavaPrinter.text(arg));
      }
      // An array variable, or a row m[i] whose index the backward sweep can read again.
      Variable array = StmtScan.arrayOf(arg);
      boolean row = arg instanceof Expr.Element el && !ExprScan.containsCall(el.index());
      if (array == null || !(arg instanceof Expr.Local || row)) {
        return new MethodChecks.Problem(
            c, Message.CALL_WRITES_ROW, shown, parameter, JavaPrinter.text(arg));
      }
      for (int j = 0; j < c.arguments().size(); j++) {
        // Another row of the matrix, at another index, is another array unless the indices meet
        // at run time, which the generated code checks (StmtScan.sharedRows).
        boolean otherRow =
            row && isRow(c.arguments().get(j), array) && !c.arguments().get(j).equals(arg);
        if (j != i && !otherRow && refersInto(c.arguments().get(j), array)) {
          return new MethodChecks.Problem(
              c, Message.CALL_WRITES_ALIASED, shown, JavaPrinter.text(arg), parameter,
              c.callee().names().get(j));
        }
      }
    }
    return null;
  }

  /** Whether {@code arg} is a row {@code v[i]} of matrix {@code v}, with an index free of calls. */
  private static boolean isRow(Expr arg, Variable v) {
    return arg instanceof Expr.Element el
        && arg.rank() == 1
        && el.array() instanceof Expr.Local l
        && l.variable().equals(v)
        && !ExprScan.containsCall(el.index());
  }

  /** Whether {@code arg} is the array {@code v} or one of its rows: a second name for it. */
  private static boolean refersInto(Expr arg, Variable v) {
    Expr e = arg;
    while (e.rank() > 0 && e instanceof Expr.Element el) {
      e = el.array();
    }
    return e.rank() > 0 && e instanceof Expr.Local l && l.variable().equals(v);
  }
}
