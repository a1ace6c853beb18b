package io.javad.processor.lower;

import io.javad.processor.ir.BinaryOp;
import io.javad.processor.ir.Expr;
import io.javad.processor.ir.ExprScan;
import io.javad.processor.ir.MethodIr;
import io.javad.processor.ir.Namer;
import io.javad.processor.ir.SourceLines;
import io.javad.processor.ir.Stmt;
import io.javad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Names the intermediate values that derivative code reuses, as a careful person does by hand:
 *
 * <ul>
 *   <li>an active library call nested in a larger expression: {@code y = Math.exp(-x * x) * c}
 *       becomes {@code double exp = Math.exp(-x * x); y = exp * c;}, so the derivative reuses the
 *       stored value (exp' = exp) instead of calling the function again;
 *   <li>a compound operand of an active product or quotient, which is that node's partial
 *       derivative: in Horner's {@code 1 + u * (2 + u * (3 + u * 4))} each inner polynomial is
 *       named once ({@code factor}), so the derivative stays linear in the degree instead of
 *       repeating every inner polynomial.
 * </ul>
 *
 * Calls that are a whole right-hand side stay in place. Branches of a conditional are not entered,
 * since hoisting would evaluate an untaken branch.
 */
public final class Hoisting {

  private final Predicate<Expr> isActive;
  private final Namer namer;
  private final boolean intoLoops;
  /** Calls named inside loops when not {@code intoLoops}: those whose derivative reads their value. */
  private final Predicate<Expr.Call> keptInLoops;
  /** Inside a loop in reverse mode: only {@link #keptInLoops} calls are named. */
  private boolean onlyKeptValues;
  private List<Stmt> out;

  private Hoisting(
      Predicate<Expr> isActive, Namer namer, boolean intoLoops, Predicate<Expr.Call> keptInLoops) {
    this.isActive = isActive;
    this.namer = namer;
    this.intoLoops = intoLoops;
    this.keptInLoops = keptInLoops;
  }

  /**
   * {@code intoLoops}: name values inside loop bodies as everywhere. Forward mode does. Reverse
   * mode names inside loops only the active calls whose derivative reads their value ({@code exp'
   * = exp}, {@code tanh' = 1 - tanh²}, {@code sqrt}): a name inside a loop is a value overwritten
   * in every iteration, which the backward sweep reads from the tape, and for these keeping the
   * value is cheaper than calling the function again; for others (sin, whose derivative is cos)
   * the backward sweep computes what it needs, and the tape holds nothing more. {@code
   * keptInLoops} tells those calls apart.
   */
  public static MethodIr apply(
      MethodIr method,
      Predicate<Expr> isActive,
      Namer namer,
      boolean intoLoops,
      Predicate<Expr.Call> keptInLoops) {
    return new Hoisting(isActive, namer, intoLoops, keptInLoops).run(method);
  }

  private MethodIr run(MethodIr method) {
    return method.withBody(block(method.body()));
  }

  /**
   * One block: named values go just before the statement that uses them, in the same block.
   * Conditions and a for loop's header are left alone: a condition is evaluated again in every
   * iteration, and a header has no room for declarations.
   */
  private List<Stmt> block(List<Stmt> statements) {
    List<Stmt> outer = out;
    out = new ArrayList<>();
    for (Stmt s : statements) {
      int from = out.size();
      if (s instanceof Stmt.Block b) {
        out.add(new Stmt.Block(block(b.body())));
      } else if (s instanceof Stmt.If i) {
        out.add(new Stmt.If(i.condition(), block(i.then()), block(i.otherwise())));
      } else if (s instanceof Stmt.Loop l) {
        boolean enclosing = onlyKeptValues;
        onlyKeptValues = !intoLoops;
        List<Stmt> body = block(l.body());
        onlyKeptValues = enclosing;
        out.add(new Stmt.Loop(l.label(), l.kind(), l.init(), l.condition(), l.update(), body));
      } else if (s instanceof Stmt.Declare d && d.init() != null) {
        out.add(new Stmt.Declare(d.variable(), top(d.init())));
      } else if (s instanceof Stmt.Assign a) {
        Expr value = a.op() == null ? top(a.value()) : nested(a.value());
        if ((a.op() == BinaryOp.MULTIPLY || a.op() == BinaryOp.DIVIDE)
            && isCompound(value)
            && !onlyKeptValues) {
          // r *= (a + b + c): the factor is r's partial derivative, as in a product.
          value = name(a.op() == BinaryOp.MULTIPLY ? "factor" : "denominator", value);
        }
        out.add(new Stmt.Assign(a.variable(), a.op(), value));
      } else if (s instanceof Stmt.Store st) {
        // The target's indices stay as they are: the backward sweep addresses its adjoint with them.
        out.add(new Stmt.Store(st.target(), st.op(), st.op() == null ? top(st.value()) : nested(st.value())));
      } else if (s instanceof Stmt.Return r) {
        out.add(new Stmt.Return(top(r.value())));
      } else {
        out.add(s);
      }
      SourceLines.carry(s, out, from);
    }
    List<Stmt> result = out;
    out = outer;
    return result;
  }

  /** A whole right-hand side: the node itself stays, what its derivative reuses is named. */
  private Expr top(Expr e) {
    if (e instanceof Expr.Call c) {
      return withArguments(c);
    }
    if (e instanceof Expr.Binary b) {
      return binary(b);
    }
    return nested(e);
  }

  private Expr nested(Expr e) {
    if (e instanceof Expr.Call c) {
      boolean named = isActive.test(c) && (!onlyKeptValues || keptInLoops.test(c));
      Expr.Call call = withArguments(c);
      return named ? name(call.name(), call) : call;
    }
    if (e instanceof Expr.Unary u) {
      return new Expr.Unary(u.op(), nested(u.operand()), u.type());
    }
    if (e instanceof Expr.Binary b) {
      return binary(b);
    }
    if (e instanceof Expr.Cast c) {
      return new Expr.Cast(c.type(), nested(c.operand()));
    }
    if (e instanceof Expr.Conditional c) {
      return new Expr.Conditional(nested(c.condition()), c.whenTrue(), c.whenFalse(), c.type());
    }
    return e;
  }

  private Expr binary(Expr.Binary b) {
    boolean leftActive = isActive.test(b.left());
    boolean rightActive = isActive.test(b.right());
    Expr left = nested(b.left());
    Expr right = nested(b.right());
    if (onlyKeptValues) {
      return new Expr.Binary(b.op(), left, right, b.type());
    }
    switch (b.op()) {
      case MULTIPLY -> {
        // Each factor is the other's partial derivative.
        if (rightActive && isCompound(left)) {
          left = name("factor", left);
        }
        if (leftActive && isCompound(right)) {
          right = name("factor", right);
        }
      }
      case DIVIDE -> {
        // Both partials divide by the denominator; d/dr also needs the numerator.
        if ((leftActive || rightActive) && isCompound(right)) {
          right = name("denominator", right);
        }
        if (rightActive && isCompound(left)) {
          left = name("numerator", left);
        }
      }
      default -> {}
    }
    return new Expr.Binary(b.op(), left, right, b.type());
  }

  /**
   * Worth a name: a call, or three operations or more. Smaller operands are repeated inline, which
   * reads better ({@code -0.5 * z}) and still keeps derivatives linear in the expression's size.
   */
  private static boolean isCompound(Expr e) {
    return ExprScan.containsCall(e) || operations(e) >= 3;
  }

  private static int operations(Expr e) {
    int own =
        (e instanceof Expr.Binary
                || (e instanceof Expr.Unary u && !(u.operand() instanceof Expr.Literal)))
            ? 1
            : 0;
    for (Expr child : ExprScan.children(e)) {
      own += operations(child);
    }
    return own;
  }

  private Expr name(String base, Expr value) {
    Variable temp = Variable.temporary(namer.fresh(base), value.type(), value.rank());
    out.add(new Stmt.Declare(temp, value));
    return new Expr.Local(temp);
  }

  private Expr.Call withArguments(Expr.Call c) {
    List<Expr> args = new ArrayList<>();
    for (Expr a : c.arguments()) {
      args.add(nested(a));
    }
    return c.withArguments(args);
  }
}
