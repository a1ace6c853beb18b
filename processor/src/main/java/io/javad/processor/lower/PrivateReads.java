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
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Each final private field the method reads through a handle, of {@code this} or static, is read
 * once, into a local declared first, as a person would write it: {@code double[] stiffness =
 * (double[]) STIFFNESS.get(self);}. Measured: the JIT does not hoist a handle's read out of a loop
 * as it hoists a field's, and a loop over a private array then runs at half speed. Only final
 * fields (nothing changes them during the call) of receivers that cannot be null and are read
 * before anything else could throw: {@code self} and classes.
 */
public final class PrivateReads {

  private PrivateReads() {}

  /**
   * {@code method} with its reads of final private fields hoisted; {@code isFinal} tells a final
   * field's handle.
   */
  public static MethodIr apply(MethodIr method, Predicate<String> isFinal, Namer namer) {
    Map<Expr, Variable> locals = new LinkedHashMap<>();
    StmtScan.forEach(method.body(), s -> expressions(s).forEach(e -> collect(e, isFinal, namer, locals)));
    if (locals.isEmpty()) {
      return method;
    }
    List<Stmt> body = new ArrayList<>();
    locals.forEach((read, local) -> body.add(new Stmt.Declare(local, read)));
    UnaryOperator<Expr> hoisted = e -> e == null ? null : Substitution.replace(e, toLocals(locals));
    body.addAll(StmtRewrite.expressions(method.body(), hoisted));
    return new MethodIr(
        method.name(), method.parameters(), method.returnType(), method.returnRank(), body);
  }

  private static void collect(
      Expr e, Predicate<String> isFinal, Namer namer, Map<Expr, Variable> locals) {
    if (e instanceof Expr.InstanceField f
        && f.handle() != null
        && f.receiver().equals(Origin.SELF)
        && isFinal.test(f.handle())) {
      locals.computeIfAbsent(f, k -> Variable.temporary(localName(f.name(), namer), f.type(), f.rank()));
    } else if (e instanceof Expr.StaticField f && f.handle() != null && isFinal.test(f.handle())) {
      locals.computeIfAbsent(f, k -> Variable.temporary(localName(f.name(), namer), f.type()));
    }
    ExprScan.children(e).forEach(c -> collect(c, isFinal, namer, locals));
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
