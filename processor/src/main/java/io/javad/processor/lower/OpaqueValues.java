package io.javad.processor.lower;

import io.javad.processor.ir.BinaryOp;
import io.javad.processor.ir.Expr;
import io.javad.processor.ir.ExprScan;
import io.javad.processor.ir.MethodIr;
import io.javad.processor.ir.Namer;
import io.javad.processor.ir.SourceLines;
import io.javad.processor.ir.Stmt;
import io.javad.processor.ir.StmtScan;
import io.javad.processor.ir.Substitution;
import io.javad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Derivative code must not call a method it cannot see into a second time: a partial derivative
 * ({@code pow(x, w())} needs {@code w()} again) or the backward sweep would read a different value
 * from a method with state (a counter, a random draw) and repeat its effects. So each such call's
 * value gets a local of its own ({@code double w = weight(i);}), which derivatives read (and the
 * tape restores inside loops) like any other variable.
 *
 * <p>A call in a loop's header, in a branch of {@code ?:} or right of {@code &&}/{@code ||}, or
 * in the index of a row alias (which is read again at every use) has no single place for that local;
 * {@link #unplaceable} finds those, for an error asking the user to name the value. (A loop
 * condition is tested by tangent code exactly as by the function, so forward mode allows it.)
 */
public final class OpaqueValues {

  private final Predicate<Expr.Call> isOpaque;
  private final Namer namer;
  private List<Stmt> out;

  private OpaqueValues(Predicate<Expr.Call> isOpaque, Namer namer) {
    this.isOpaque = isOpaque;
    this.namer = namer;
  }

  public static MethodIr bind(MethodIr method, Predicate<Expr.Call> isOpaque, Namer namer) {
    OpaqueValues pass = new OpaqueValues(isOpaque, namer);
    return method.withBody(pass.block(method.body()));
  }

  /** The first opaque call that {@link #bind} cannot give a local, or null. */
  public static Expr.Call unplaceable(
      MethodIr method, Predicate<Expr.Call> isOpaque, boolean reverse) {
    Expr.Call[] found = new Expr.Call[1];
    StmtScan.forEach(method.body(), s -> {
      List<Expr> places = new ArrayList<>();
      if (s instanceof Stmt.Loop l && reverse) {
        places.add(l.condition());
      }
      if (s instanceof Stmt.Declare d && d.init() != null) {
        places.add(d.init());
      } else if (s instanceof Stmt.Assign a) {
        places.add(a.value());
      } else if (s instanceof Stmt.Store st) {
        places.add(st.target());
        places.add(st.value());
      } else if (s instanceof Stmt.Return r) {
        places.add(r.value());
      } else if (s instanceof Stmt.If i) {
        places.add(i.condition());
      }
      for (Expr e : places) {
        if (found[0] == null && e != null) {
          found[0] =
              s instanceof Stmt.Loop
                  ? ExprScan.firstCall(e, isOpaque)
                  : inBranch(e, isOpaque, false);
        }
      }
    });
    if (found[0] == null) {
      // Statements of a loop header (i = next(i)) are evaluated apart from the body.
      StmtScan.forEach(method.body(), s -> {
        if (found[0] == null && s instanceof Stmt.Loop l) {
          for (Stmt header : concat(l.init(), l.update())) {
            Expr stored = header instanceof Stmt.Eval ev ? ev.call() : StmtScan.stored(header);
            Expr.Call call = stored == null ? null : ExprScan.firstCall(stored, isOpaque);
            if (found[0] == null && call != null) {
              found[0] = call;
            }
          }
        }
      });
    }
    return found[0];
  }

  /** A call in the index of a row alias ({@code double[] row = m[pick(i)]}), before inlining. */
  public static Expr.Call inRowAlias(MethodIr method, Predicate<Expr.Call> isOpaque) {
    Expr.Call[] found = new Expr.Call[1];
    StmtScan.forEach(method.body(), s -> {
      if (found[0] == null
          && s instanceof Stmt.Declare d
          && d.init() instanceof Expr.Element el
          && d.variable().rank() > 0) {
        found[0] = ExprScan.firstCall(el, isOpaque);
      }
    });
    return found[0];
  }

  private static List<Stmt> concat(List<Stmt> a, List<Stmt> b) {
    List<Stmt> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static boolean isShortCircuit(Expr.Binary b) {
    return b.op() == BinaryOp.AND || b.op() == BinaryOp.OR;
  }

  private static Expr.Call inBranch(Expr e, Predicate<Expr.Call> isOpaque, boolean branch) {
    if (branch && e instanceof Expr.Call c && isOpaque.test(c)) {
      return c;
    }
    if (e instanceof Expr.Binary b && isShortCircuit(b)) {
      Expr.Call found = inBranch(b.left(), isOpaque, branch);
      return found != null ? found : inBranch(b.right(), isOpaque, true);
    }
    if (e instanceof Expr.Conditional c) {
      Expr.Call found = inBranch(c.condition(), isOpaque, branch);
      if (found == null) {
        found = inBranch(c.whenTrue(), isOpaque, true);
      }
      return found != null ? found : inBranch(c.whenFalse(), isOpaque, true);
    }
    for (Expr child : ExprScan.children(e)) {
      Expr.Call found = inBranch(child, isOpaque, branch);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private List<Stmt> block(List<Stmt> statements) {
    List<Stmt> outer = out;
    out = new ArrayList<>();
    for (Stmt s : statements) {
      int from = out.size();
      if (s instanceof Stmt.Block b) {
        out.add(new Stmt.Block(block(b.body())));
      } else if (s instanceof Stmt.If i) {
        Expr condition = nested(i.condition());
        out.add(new Stmt.If(condition, block(i.then()), block(i.otherwise())));
      } else if (s instanceof Stmt.Loop l) {
        out.add(
            new Stmt.Loop(l.label(), l.kind(), l.init(), l.condition(), l.update(), block(l.body())));
      } else if (s instanceof Stmt.Eval e && e.call().callee() != null) {
        out.add(new Stmt.Eval((Expr.Call) top(e.call()))); // a call for what it writes
      } else if (s instanceof Stmt.Declare d && d.init() != null) {
        out.add(new Stmt.Declare(d.variable(), top(d.init())));
      } else if (s instanceof Stmt.Assign a) {
        out.add(new Stmt.Assign(a.variable(), a.op(), a.op() == null ? top(a.value()) : nested(a.value())));
      } else if (s instanceof Stmt.Store st) {
        // The indices too: the backward sweep reads b[wrap(i)] again.
        Expr.Element target = (Expr.Element) Substitution.rebuild(st.target(), this::nested);
        out.add(new Stmt.Store(target, st.op(), nested(st.value())));
      } else if (s instanceof Stmt.Fill f) {
        out.add(new Stmt.Fill(f.array(), nested(f.value())));
      } else if (s instanceof Stmt.Copy c) {
        out.add(
            new Stmt.Copy(
                c.source(), nested(c.sourceStart()), c.target(), nested(c.targetStart()), nested(c.length())));
      } else if (s instanceof Stmt.Return r) {
        out.add(new Stmt.Return(nested(r.value())));
      } else {
        out.add(s);
      }
      SourceLines.carry(s, out, from);
    }
    List<Stmt> result = out;
    out = outer;
    return result;
  }

  /** A whole right-hand side: a call there already has its variable. */
  private Expr top(Expr e) {
    if (e instanceof Expr.Call c) {
      List<Expr> arguments = new ArrayList<>();
      for (int i = 0; i < c.arguments().size(); i++) {
        Expr arg = c.arguments().get(i);
        boolean unnamed = arg instanceof Expr.NewArray || arg instanceof Expr.ArrayCopy;
        // A differentiable callee adds into its array arguments' adjoints, which need a name.
        arguments.add(
            c.callee() != null && unnamed ? name(c.callee().names().get(i), nested(arg)) : nested(arg));
      }
      return c.withArguments(arguments);
    }
    return nested(e);
  }

  private Expr name(String base, Expr value) {
    Variable temp = Variable.temporary(namer.fresh(base), value.type(), value.rank());
    out.add(new Stmt.Declare(temp, value));
    return new Expr.Local(temp);
  }

  private Expr nested(Expr e) {
    if (e instanceof Expr.Conditional c) {
      // A branch's call has no unconditional place (see unplaceable); the condition has one.
      return new Expr.Conditional(nested(c.condition()), c.whenTrue(), c.whenFalse(), c.type());
    }
    if (e instanceof Expr.Binary b && isShortCircuit(b)) {
      // Its right operand runs only sometimes: like a branch of ?: (see unplaceable).
      return new Expr.Binary(b.op(), nested(b.left()), b.right(), b.type());
    }
    if (e instanceof Expr.Call c && isOpaque.test(c)) {
      return name(c.name(), top(c));
    }
    return Substitution.rebuild(e, this::nested);
  }
}
