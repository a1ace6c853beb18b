package io.javad.processor.ir;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Names the value of every active library call nested inside a larger expression, as a careful
 * person does by hand: {@code y = Math.exp(-x * x) * c} becomes {@code double exp = Math.exp(-x * x);
 * y = exp * c;}. The derivative code then reuses the stored value (exp' = exp) instead of calling
 * the function again. Calls that are a whole right-hand side are left in place; branches of a
 * conditional are not entered, since hoisting would evaluate an untaken branch.
 */
public final class CallHoisting {

  private final Predicate<Expr> isActive;
  private final Namer namer;
  private List<Stmt> out;

  private CallHoisting(Predicate<Expr> isActive, Namer namer) {
    this.isActive = isActive;
    this.namer = namer;
  }

  public static MethodIr apply(MethodIr method, Predicate<Expr> isActive, Namer namer) {
    return new CallHoisting(isActive, namer).run(method);
  }

  private MethodIr run(MethodIr method) {
    out = new ArrayList<>();
    for (Stmt s : method.body()) {
      if (s instanceof Stmt.Declare d && d.init() != null) {
        out.add(new Stmt.Declare(d.variable(), top(d.init())));
      } else if (s instanceof Stmt.Assign a) {
        Expr value = a.op() == null ? top(a.value()) : nested(a.value());
        out.add(new Stmt.Assign(a.variable(), a.op(), value));
      } else if (s instanceof Stmt.Return r) {
        out.add(new Stmt.Return(top(r.value())));
      } else {
        out.add(s);
      }
    }
    return new MethodIr(method.name(), method.parameters(), method.returnType(), out);
  }

  /** A whole right-hand side: the call itself stays, its arguments are hoisted. */
  private Expr top(Expr e) {
    if (e instanceof Expr.Call c) {
      return withArguments(c);
    }
    return nested(e);
  }

  private Expr nested(Expr e) {
    if (e instanceof Expr.Call c) {
      boolean active = isActive.test(c);
      Expr.Call call = withArguments(c);
      if (!active) {
        return call;
      }
      Variable temp = Variable.temporary(namer.fresh(call.name()), call.type());
      out.add(new Stmt.Declare(temp, call));
      return new Expr.Local(temp);
    }
    if (e instanceof Expr.Unary u) {
      return new Expr.Unary(u.op(), nested(u.operand()), u.type());
    }
    if (e instanceof Expr.Binary b) {
      return new Expr.Binary(b.op(), nested(b.left()), nested(b.right()), b.type());
    }
    if (e instanceof Expr.Cast c) {
      return new Expr.Cast(c.type(), nested(c.operand()));
    }
    if (e instanceof Expr.Conditional c) {
      return new Expr.Conditional(nested(c.condition()), c.whenTrue(), c.whenFalse(), c.type());
    }
    return e;
  }

  private Expr.Call withArguments(Expr.Call c) {
    List<Expr> args = new ArrayList<>();
    for (Expr a : c.arguments()) {
      args.add(nested(a));
    }
    return new Expr.Call(c.owner(), c.name(), args, c.type());
  }
}
