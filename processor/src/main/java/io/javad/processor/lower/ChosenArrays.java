package io.javad.processor.lower;

import io.javad.processor.emit.JavaPrinter;
import io.javad.processor.ir.Expr;
import io.javad.processor.ir.ExprScan;
import io.javad.processor.ir.MethodIr;
import io.javad.processor.ir.SourceLines;
import io.javad.processor.ir.Stmt;
import io.javad.processor.ir.StmtScan;
import io.javad.processor.ir.Substitution;
import io.javad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;

/**
 * A local naming one of two arrays, {@code double[] w = c ? a : b;} (the front end keeps {@code c}
 * in a boolean of its own), replaced where it is used by the choice itself: an element {@code
 * w[i]} becomes {@code chosen ? a[i] : b[i]}, a store into it an {@code if} storing into one or
 * the other, a call given it ({@code dot(w, x)}) a choice between the two calls. Exact because
 * neither array variable is assigned another array in the method; {@code w} assigned, returned or
 * named otherwise is a {@link ArrayMoves.Problem} at the statement.
 */
public final class ChosenArrays {

  /** The method's body, where an assignment of either array would be. */
  private List<Stmt> whole;
  private Variable chosen;
  private Variable name;
  private Expr first;
  private Expr second;
  private ArrayMoves.Problem problem;

  private ChosenArrays() {}

  /** The method with each such local replaced, or the problem. */
  public static ArrayMoves.Result apply(MethodIr method) {
    ChosenArrays pass = new ChosenArrays();
    List<Stmt> body = method.body();
    pass.whole = body;
    for (;;) {
      List<Stmt> next = pass.firstChoice(body);
      if (pass.problem != null) {
        return new ArrayMoves.Result(method, pass.problem);
      }
      if (next == null) {
        return new ArrayMoves.Result(body == method.body() ? method : method.withBody(body), null);
      }
      body = next;
    }
  }

  /** {@code body} with the first local naming a choice between arrays replaced; null if none. */
  private List<Stmt> firstChoice(List<Stmt> body) {
    for (int i = 0; i < body.size(); i++) {
      Stmt s = body.get(i);
      if (s instanceof Stmt.Declare d
          && d.init() instanceof Expr.Conditional c
          && c.rank() > 0
          && c.condition() instanceof Expr.Local choice
          && c.whenTrue() instanceof Expr.Local a
          && c.whenFalse() instanceof Expr.Local b) {
        name = d.variable();
        chosen = choice.variable();
        first = a;
        second = b;
        for (Variable v : List.of(a.variable(), b.variable(), name)) {
          if (StmtScan.assigns(whole, v)) {
            problem = new ArrayMoves.Problem(d, shown(name, a, b) + " names " + a.variable().name()
                + " or " + b.variable().name() + ", chosen by ?:, and " + v.name() + " is assigned"
                + " another array in the method; javad reads such a local through the choice:"
                + " assign elements instead, or copy the chosen array (.clone())");
            return null;
          }
        }
        List<Stmt> out = new ArrayList<>(body.subList(0, i));
        out.addAll(block(body.subList(i + 1, body.size())));
        if (problem == null) {
          StmtScan.forEach(out, t -> {
            for (Expr e : StmtScan.expressions(t)) {
              if (problem == null && e != null && ExprScan.reads(e, name)) {
                problem = new ArrayMoves.Problem(t, shown(name, first, second) + ", chosen by ?:, is"
                    + " used here as a whole (returned, or given to a method returning an array,"
                    + " or named again); javad reads it through its elements: index it, or copy"
                    + " the chosen array (.clone())");
              }
            }
          });
        }
        return out;
      }
      List<Stmt> inner = nested(s);
      if (problem != null) {
        return null;
      }
      if (inner != null) {
        List<Stmt> out = new ArrayList<>(body);
        out.set(i, inner.get(0));
        return out;
      }
    }
    return null;
  }

  /** {@code s} with a choice in a block nested in it replaced, as a one-element list; else null. */
  private List<Stmt> nested(Stmt s) {
    if (s instanceof Stmt.Block b) {
      List<Stmt> inner = firstChoice(b.body());
      return inner == null ? null : List.of(SourceLines.carry(s, new Stmt.Block(inner)));
    }
    if (s instanceof Stmt.If f) {
      List<Stmt> then = firstChoice(f.then());
      if (then != null || problem != null) {
        return then == null ? null : List.of(SourceLines.carry(s, new Stmt.If(f.condition(), then, f.otherwise())));
      }
      List<Stmt> otherwise = firstChoice(f.otherwise());
      return otherwise == null ? null : List.of(SourceLines.carry(s, new Stmt.If(f.condition(), f.then(), otherwise)));
    }
    if (s instanceof Stmt.Loop l) {
      List<Stmt> inner = firstChoice(l.body());
      return inner == null
          ? null
          : List.of(SourceLines.carry(s, new Stmt.Loop(l.label(), l.kind(), l.init(), l.condition(), l.update(), inner)));
    }
    return null;
  }

  /** The statements after the declaration, reading through the choice. */
  private List<Stmt> block(List<Stmt> statements) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : statements) {
      out.add(SourceLines.carry(s, statement(s)));
    }
    return out;
  }

  private Stmt statement(Stmt s) {
    if (s instanceof Stmt.Store st && isNamed(st.target())) {
      return choose(
          new Stmt.Store((Expr.Element) as(st.target(), first), st.op(), expr(st.value())),
          new Stmt.Store((Expr.Element) as(st.target(), second), st.op(), expr(st.value())));
    }
    if (s instanceof Stmt.Eval e && readsWhole(e.call())) {
      return choose(
          new Stmt.Eval((Expr.Call) as(e.call(), first)), new Stmt.Eval((Expr.Call) as(e.call(), second)));
    }
    if (s instanceof Stmt.Fill f && f.array().equals(name)) {
      return choose(
          new Stmt.Fill(((Expr.Local) first).variable(), expr(f.value())),
          new Stmt.Fill(((Expr.Local) second).variable(), expr(f.value())));
    }
    if (s instanceof Stmt.Copy c && (c.source().equals(name) || c.target().equals(name))) {
      return choose(copyAs(c, first), copyAs(c, second));
    }
    if (s instanceof Stmt.Store st) {
      return new Stmt.Store((Expr.Element) expr(st.target()), st.op(), expr(st.value()));
    }
    if (s instanceof Stmt.Eval e) {
      return new Stmt.Eval((Expr.Call) expr(e.call()));
    }
    if (s instanceof Stmt.Block b) {
      return new Stmt.Block(block(b.body()));
    }
    if (s instanceof Stmt.If f) {
      return new Stmt.If(expr(f.condition()), block(f.then()), block(f.otherwise()));
    }
    if (s instanceof Stmt.Loop l) {
      return new Stmt.Loop(
          l.label(), l.kind(), block(l.init()), l.condition() == null ? null : expr(l.condition()),
          block(l.update()), block(l.body()));
    }
    if (s instanceof Stmt.Declare d) {
      return new Stmt.Declare(d.variable(), d.init() == null ? null : expr(d.init()));
    }
    if (s instanceof Stmt.Assign a) {
      return new Stmt.Assign(a.variable(), a.op(), expr(a.value()));
    }
    if (s instanceof Stmt.Return r) {
      return new Stmt.Return(r.value() == null ? null : expr(r.value()));
    }
    return s;
  }

  private Stmt copyAs(Stmt.Copy c, Expr array) {
    Variable v = ((Expr.Local) array).variable();
    return new Stmt.Copy(
        c.source().equals(name) ? v : c.source(), expr(c.sourceStart()),
        c.target().equals(name) ? v : c.target(), expr(c.targetStart()), expr(c.length()));
  }

  private Stmt choose(Stmt whenFirst, Stmt whenSecond) {
    return new Stmt.If(new Expr.Local(chosen), List.of(whenFirst), List.of(whenSecond));
  }

  /**
   * {@code e} reading through the choice: an element of the local, its length, or a call given it
   * as a whole, each becomes the choice between the two.
   */
  private Expr expr(Expr e) {
    boolean element = (e instanceof Expr.Element || e instanceof Expr.Length) && isNamed(e);
    if ((element && (e.rank() == 0 || e instanceof Expr.Length))
        || (e instanceof Expr.Call c && e.rank() == 0 && readsWhole(c))) {
      return new Expr.Conditional(new Expr.Local(chosen), as(e, first), as(e, second), e.type());
    }
    return Substitution.rebuild(e, this::expr);
  }

  /** Whether {@code e} is an element or length of the local (its base is the local). */
  private boolean isNamed(Expr e) {
    Expr base = e;
    while (base instanceof Expr.Element el) {
      base = el.array();
    }
    if (base instanceof Expr.Length l) {
      return isNamed(l.array()) || l.array() instanceof Expr.Local v && v.variable().equals(name);
    }
    return base instanceof Expr.Local l && l.variable().equals(name) && e != base;
  }

  /** Whether a call is given the local, or a row of it, as an array argument. */
  private boolean readsWhole(Expr.Call c) {
    for (Expr arg : c.arguments()) {
      if (arg.rank() > 0 && ExprScan.reads(arg, name)) {
        return true;
      }
    }
    return false;
  }

  /** {@code e} with the local replaced by {@code array}. */
  private Expr as(Expr e, Expr array) {
    return Substitution.apply(e, v -> v.equals(name) ? array : null);
  }

  /**
   * {@code array w}, or for the temporary the front end made of a choice written in an expression
   * ({@code f(c ? a : b)}), the choice itself.
   */
  private static String shown(Variable name, Expr a, Expr b) {
    return name.id() >= 0
        ? "array " + name.name()
        : "the array (" + JavaPrinter.text(a) + " or " + JavaPrinter.text(b) + ")";
  }
}
