package io.javad.processor.ir;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Read-only walks over statements. */
public final class StmtScan {

  private StmtScan() {}

  /** The statements nested directly in {@code s}: branches, loop parts, block contents. */
  public static List<Stmt> children(Stmt s) {
    List<Stmt> out = new ArrayList<>();
    if (s instanceof Stmt.Block b) {
      out.addAll(b.body());
    } else if (s instanceof Stmt.If i) {
      out.addAll(i.then());
      out.addAll(i.otherwise());
    } else if (s instanceof Stmt.Loop l) {
      out.addAll(l.init());
      out.addAll(l.body());
      out.addAll(l.update());
    }
    return out;
  }

  /** Every statement in {@code body}, nested ones included, in source order. */
  public static void forEach(List<Stmt> body, Consumer<Stmt> action) {
    for (Stmt s : body) {
      action.accept(s);
      forEach(children(s), action);
    }
  }

  /** The variable a statement stores into (an element store: its array), or null. */
  public static Variable target(Stmt s) {
    if (s instanceof Stmt.Declare d) {
      return d.variable();
    }
    if (s instanceof Stmt.Assign a) {
      return a.variable();
    }
    if (s instanceof Stmt.Store st) {
      return st.array();
    }
    if (s instanceof Stmt.Fill f) {
      return f.array();
    }
    if (s instanceof Stmt.Copy c) {
      return c.target();
    }
    return null;
  }

  /** Every variable a statement writes: its {@link #target}, or the arrays its call writes into. */
  public static List<Variable> targets(Stmt s) {
    if (s instanceof Stmt.Eval e) {
      return writtenBy(e.call());
    }
    Variable target = target(s);
    return target == null ? List.of() : List.of(target);
  }

  /** The value a statement stores, or null. */
  public static Expr stored(Stmt s) {
    if (s instanceof Stmt.Declare d) {
      return d.init();
    }
    if (s instanceof Stmt.Assign a) {
      return a.rhs();
    }
    if (s instanceof Stmt.Store st) {
      return st.rhs();
    }
    if (s instanceof Stmt.Fill f) {
      return f.value();
    }
    if (s instanceof Stmt.Copy c) {
      return new Expr.Local(c.source()); // what the target's elements come to depend on
    }
    return null;
  }

  /**
   * The expressions of {@code s} itself (not of statements nested in it); null for a loop without
   * a condition.
   */
  public static List<Expr> expressions(Stmt s) {
    List<Expr> out = new ArrayList<>();
    if (s instanceof Stmt.Loop l) {
      out.add(l.condition());
    } else if (s instanceof Stmt.If f) {
      out.add(f.condition());
    } else if (s instanceof Stmt.Eval e) {
      out.add(e.call());
    } else if (s instanceof Stmt.Return r) {
      out.add(r.value());
    } else if (s instanceof Stmt.Throw t) {
      out.addAll(t.arguments());
    } else if (s instanceof Stmt.Store st) {
      out.add(st.target());
      out.add(st.value());
    } else if (StmtScan.stored(s) != null) {
      out.add(StmtScan.stored(s));
    }
    return out;
  }

  /** Whether the method computes with arrays (which only the structured adjoint handles). */
  public static boolean hasArrays(MethodIr method) {
    boolean[] any = {method.parameters().stream().anyMatch(p -> p.variable().isArray())};
    forEach(method.body(), s -> any[0] |= s instanceof Stmt.Declare d && d.variable().isArray());
    return any[0];
  }

  /**
   * The calls to other {@code @Differentiable} methods in the values {@code body} stores and
   * returns, in source order (outermost first).
   */
  public static List<Expr.Call> differentiableCalls(List<Stmt> body) {
    List<Expr.Call> calls = new java.util.ArrayList<>();
    forEach(body, s -> {
      Expr e =
          s instanceof Stmt.Return r ? r.value() : s instanceof Stmt.Eval ev ? ev.call() : stored(s);
      if (e != null) {
        ExprScan.firstCall(e, c -> {
          if (c.callee() != null) {
            calls.add(c);
          }
          return false; // visit them all
        });
      }
    });
    return calls;
  }

  /** The arrays {@code body} stores into, fills or copies into, or has a callee write into. */
  public static java.util.Set<Variable> writtenArrays(List<Stmt> body) {
    java.util.Set<Variable> written = new java.util.HashSet<>();
    forEach(body, s -> {
      if (s instanceof Stmt.Store st) {
        written.add(st.array());
      } else if (s instanceof Stmt.Fill f) {
        written.add(f.array());
      } else if (s instanceof Stmt.Copy c) {
        written.add(c.target());
      } else if (s instanceof Stmt.Eval e) {
        written.addAll(writtenBy(e.call()));
      }
    });
    return written;
  }

  /**
   * The arrays a call to a {@code @Differentiable} method writes into: its arguments for the
   * parameters it writes (out-parameters), which the front end admits only as array variables.
   */
  public static List<Variable> writtenBy(Expr.Call c) {
    List<Variable> out = new ArrayList<>();
    for (Expr written : writtenArguments(c)) {
      out.add(arrayOf(written));
    }
    return out;
  }

  /**
   * The arguments a call writes into (out-parameters): array variables, or rows {@code m[i]} of a
   * matrix variable.
   */
  public static List<Expr> writtenArguments(Expr.Call c) {
    if (c.callee() == null) {
      return List.of();
    }
    List<Expr> out = new ArrayList<>();
    for (int i = 0; i < c.arguments().size(); i++) {
      Expr arg = c.arguments().get(i);
      if (c.callee().writes(i) && arrayOf(arg) != null) {
        out.add(arg);
      }
    }
    return out;
  }

  /**
   * Pairs of arguments of a call that writes a row of a matrix and is passed another row of it
   * ({@code axpy(a, m[k], m[r])}): different arrays unless the indices meet, which derivative
   * code checks before the call.
   */
  public static List<List<Expr>> sharedRows(Expr.Call c) {
    List<List<Expr>> out = new ArrayList<>();
    for (Expr written : writtenArguments(c)) {
      if (!(written instanceof Expr.Element)) {
        continue;
      }
      for (Expr other : c.arguments()) {
        if (other != written
            && other instanceof Expr.Element
            && other.rank() == written.rank()
            && arrayOf(other) != null
            && arrayOf(other).equals(arrayOf(written))) {
          out.add(List.of(other, written));
        }
      }
    }
    return out;
  }

  /** The variable an array expression is, or is a row of ({@code m} for {@code m[i]}); else null. */
  public static Variable arrayOf(Expr e) {
    while (e instanceof Expr.Element el && e.rank() > 0) {
      e = el.array();
    }
    return e instanceof Expr.Local l && l.variable().isArray() ? l.variable() : null;
  }

  /** Whether {@code body} contains anything but declarations, assignments and a final return. */
  public static boolean hasControlFlow(List<Stmt> body) {
    for (int i = 0; i < body.size(); i++) {
      Stmt s = body.get(i);
      boolean simple =
          s instanceof Stmt.Declare
              || s instanceof Stmt.Assign
              || (s instanceof Stmt.Return && i == body.size() - 1);
      // (a throw is control flow: the method ends there)
      if (!simple) {
        return true;
      }
    }
    return false;
  }

  /** Whether any statement in {@code body} (nested included) assigns {@code v}. */
  public static boolean assigns(List<Stmt> body, Variable v) {
    boolean[] found = {false};
    forEach(body, s -> found[0] |= s instanceof Stmt.Assign a && a.variable().equals(v));
    return found[0];
  }

  /** Whether control can reach the end of {@code list} (javac would reject code after it otherwise). */
  public static boolean completesNormally(List<Stmt> list) {
    if (list.isEmpty()) {
      return true;
    }
    Stmt last = list.get(list.size() - 1);
    if (last instanceof Stmt.Return
        || last instanceof Stmt.Break
        || last instanceof Stmt.Continue
        || last instanceof Stmt.Throw) {
      return false;
    }
    if (last instanceof Stmt.Block b) {
      return completesNormally(b.body());
    }
    if (last instanceof Stmt.If i) {
      return i.otherwise().isEmpty() || completesNormally(i.then()) || completesNormally(i.otherwise());
    }
    if (last instanceof Stmt.Loop l && (l.condition() == null || isTrue(l.condition()))) {
      return breaksOut(l);
    }
    return true;
  }

  private static boolean isTrue(Expr e) {
    return e instanceof Expr.Literal lit && lit.type() == Type.BOOLEAN && lit.is(1);
  }

  /** Whether some break in {@code l} targets it. */
  private static boolean breaksOut(Stmt.Loop l) {
    boolean[] found = {false};
    scanBreaks(l.body(), l, 0, found);
    return found[0];
  }

  private static void scanBreaks(List<Stmt> body, Stmt.Loop l, int depth, boolean[] found) {
    for (Stmt s : body) {
      if (s instanceof Stmt.Break b) {
        found[0] |= b.label() == null ? depth == 0 : b.label().equals(l.label());
      } else if (s instanceof Stmt.Loop inner) {
        scanBreaks(inner.body(), l, depth + 1, found);
      } else {
        scanBreaks(children(s), l, depth, found);
      }
    }
  }
}
