package io.javad.processor.lower;

import io.javad.processor.emit.Origin;
import io.javad.processor.ir.Expr;
import io.javad.processor.ir.ExprScan;
import io.javad.processor.ir.MethodIr;
import io.javad.processor.ir.Namer;
import io.javad.processor.ir.Stmt;
import io.javad.processor.ir.StmtScan;
import io.javad.processor.ir.Substitution;
import io.javad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Each final field of {@code this} the method reads, and each final static field it reads through
 * a handle, is read once, into a local declared first, as a person would write it: {@code
 * double[] stiffness = self.stiffness;}, {@code double[] weights = (double[]) WEIGHTS.get(self);}.
 * Measured: the JIT does not hoist a handle's read out of a loop as it hoists a field's (a loop
 * over a private array ran at half speed), nor a field's past a call it does not inline (a tape
 * that may grow). Only final fields (nothing changes them during the call) of receivers that
 * cannot be null: {@code self} and classes.
 */
public final class FieldReads {

  private FieldReads() {}

  /** {@code method} with its reads of final fields hoisted. */
  public static MethodIr apply(MethodIr method, Namer namer) {
    Map<Expr, Variable> locals = new LinkedHashMap<>();
    StmtScan.forEach(method.body(), s -> expressions(s).forEach(e -> collect(e, namer, locals)));
    if (locals.isEmpty()) {
      return method;
    }
    List<Stmt> body = new ArrayList<>();
    locals.forEach((read, local) -> body.add(new Stmt.Declare(local, read)));
    UnaryOperator<Expr> hoisted = e -> e == null ? null : Substitution.replace(e, toLocals(locals));
    body.addAll(StmtRewrite.expressions(method.body(), hoisted));
    return method.withBody(body);
  }

  private static void collect(Expr e, Namer namer, Map<Expr, Variable> locals) {
    if (e instanceof Expr.InstanceField f
        && f.isFinal()
        && !f.accessor()
        && f.receiver().equals(Origin.SELF)) {
      locals.computeIfAbsent(
          f, k -> Variable.temporary(localName(f.name(), namer), f.type(), f.rank()));
    } else if (e instanceof Expr.StaticField f && f.handle() != null && f.isFinal()) {
      locals.computeIfAbsent(
          f, k -> Variable.temporary(localName(f.name(), namer), f.type(), f.rank()));
    }
    ExprScan.children(e).forEach(c -> collect(c, namer, locals));
  }

  /**
   * The field's name, as a local: a constant's name in lower camel case ({@code MAX_STEP} →
   * {@code maxStep}), which also keeps it apart from the handle, named in upper case.
   */
  private static String localName(String field, Namer namer) {
    if (!field.equals(field.toUpperCase(Locale.ROOT))) {
      return namer.fresh(field);
    }
    StringBuilder out = new StringBuilder();
    boolean upper = false;
    for (char c : field.toLowerCase(Locale.ROOT).toCharArray()) {
      if (c == '_') {
        upper = out.length() > 0;
      } else {
        out.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return namer.fresh(out.length() == 0 ? "constant" : out.toString());
  }

  private static Map<Expr, Expr> toLocals(Map<Expr, Variable> locals) {
    Map<Expr, Expr> out = new LinkedHashMap<>();
    locals.forEach((read, local) -> out.put(read, new Expr.Local(local)));
    return out;
  }

  private static List<Expr> expressions(Stmt s) {
    List<Expr> out = new ArrayList<>();
    StmtRewrite.expressions(List.of(s), e -> {
      if (e != null) {
        out.add(e);
      }
      return e;
    }, false);
    return out;
  }
}
