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
import io.javad.processor.ir.Type;
import io.javad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Small local arrays of a constant size, indexed by constants only, become scalars, as a person
 * writing derivatives by hand would write them: {@code double[] xo = new double[3]} with {@code
 * xo[0]}, {@code xo[1]}, {@code xo[2]} becomes {@code xo0}, {@code xo1}, {@code xo2}. A counted
 * loop over such an array with constant bounds, {@code for (int i = 0; i < 3; i++) xo[i] = x[i] -
 * c[i];}, is unrolled first. The derivatives are then scalars too: their adjoints live in
 * registers, where an array's would go through memory on every access, since the JIT cannot tell
 * one array from another.
 *
 * <p>An array qualifies when it is declared in the method as {@code new T[n]} or {@code {a, b,
 * ...}} with at most {@value #MAX_LENGTH} elements, and every use reads or writes an element at a
 * constant index or reads its length: it is never passed to a call, returned, filled, copied or
 * cloned. A loop is unrolled when its bounds are constants, it runs at most {@value #MAX_LENGTH}
 * times, it indexes such an array with its counter, and its body declares nothing and holds no
 * loop or jump.
 */
public final class SmallArrays {

  static final int MAX_LENGTH = 16;

  private final Namer namer;
  /** Candidate arrays and their lengths. */
  private final Map<Variable, Integer> lengths = new LinkedHashMap<>();

  private SmallArrays(Namer namer) {
    this.namer = namer;
  }

  /** {@code method} with its small local arrays as scalars; the method itself if it has none. */
  public static MethodIr apply(MethodIr method, Namer namer) {
    SmallArrays lowering = new SmallArrays(namer);
    StmtScan.forEach(method.body(), lowering::candidate);
    if (lowering.lengths.isEmpty()) {
      return method;
    }
    List<Stmt> unrolled = lowering.unroll(method.body());
    Set<Variable> scalarized = lowering.scalarizable(unrolled);
    if (scalarized.isEmpty()) {
      return method; // unrolling alone would only make the code longer
    }
    lowering.lengths.keySet().retainAll(scalarized);
    Map<Variable, List<Variable>> elements = new LinkedHashMap<>();
    for (Map.Entry<Variable, Integer> e : lowering.lengths.entrySet()) {
      Variable array = e.getKey();
      List<Variable> scalars = new ArrayList<>();
      for (int k = 0; k < e.getValue(); k++) {
        scalars.add(Variable.temporary(namer.fresh(array.name() + k), array.type()));
      }
      elements.put(array, scalars);
    }
    List<Stmt> body = new Rewrite(elements).list(unrolled);
    return method.withBody(body);
  }

  private void candidate(Stmt s) {
    if (s instanceof Stmt.Declare d
        && d.variable().rank() == 1
        && !d.variable().parameter()
        && d.init() instanceof Expr.NewArray n
        && n.rank() == 1) {
      int length = -1;
      if (n.elements() != null) {
        length = n.elements().size();
      } else if (n.sizes().size() == 1 && n.sizes().get(0) instanceof Expr.Literal l) {
        length = (int) l.value();
      }
      if (length >= 1 && length <= MAX_LENGTH) {
        lengths.put(d.variable(), length);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Unrolling

  private List<Stmt> unroll(List<Stmt> list) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : list) {
      if (s instanceof Stmt.Loop l && unrollable(l)) {
        Stmt.Declare counter = (Stmt.Declare) l.init().get(0);
        Variable i = counter.variable();
        int from = (int) ((Expr.Literal) counter.init()).value();
        Expr.Binary condition = (Expr.Binary) l.condition();
        int to = (int) ((Expr.Literal) condition.right()).value() + (condition.op() == BinaryOp.LESS_EQUAL ? 1 : 0);
        for (int k = from; k < to; k++) {
          Expr value = Expr.Literal.of(k, i.type());
          for (Stmt b : l.body()) {
            out.add(SourceLines.carry(b, substitute(b, i, value)));
          }
        }
      } else if (s instanceof Stmt.Loop l) {
        out.add(SourceLines.carry(
            s, new Stmt.Loop(l.label(), l.kind(), l.init(), l.condition(), l.update(), unroll(l.body()))));
      } else if (s instanceof Stmt.If f) {
        out.add(SourceLines.carry(s, new Stmt.If(f.condition(), unroll(f.then()), unroll(f.otherwise()))));
      } else if (s instanceof Stmt.Block b) {
        out.add(SourceLines.carry(s, new Stmt.Block(unroll(b.body()))));
      } else {
        out.add(s);
      }
    }
    return out;
  }

  /** {@code for (int i = a; i < b; i++)} with constant a, b, short, simple, over a small array. */
  private boolean unrollable(Stmt.Loop l) {
    if (l.kind() != Stmt.LoopKind.FOR
        || l.label() != null
        || l.init().size() != 1
        || !(l.init().get(0) instanceof Stmt.Declare d)
        || !(d.init() instanceof Expr.Literal from)
        || !(l.condition() instanceof Expr.Binary c)
        || (c.op() != BinaryOp.LESS && c.op() != BinaryOp.LESS_EQUAL)
        || !c.left().equals(new Expr.Local(d.variable()))
        || !(c.right() instanceof Expr.Literal to)
        || l.update().size() != 1
        || !(l.update().get(0) instanceof Stmt.Assign step)
        || !step.variable().equals(d.variable())
        || step.op() != BinaryOp.ADD
        || !(step.value() instanceof Expr.Literal one && one.is(1))) {
      return false;
    }
    int trips = (int) to.value() - (int) from.value() + (c.op() == BinaryOp.LESS_EQUAL ? 1 : 0);
    if (trips < 1 || trips > MAX_LENGTH) {
      return false;
    }
    boolean[] simple = {true};
    boolean[] indexes = {false};
    StmtScan.forEach(l.body(), s -> {
      simple[0] &= s instanceof Stmt.Store || s instanceof Stmt.Assign || s instanceof Stmt.If
          || s instanceof Stmt.Block || s instanceof Stmt.Eval;
      if (s instanceof Stmt.Assign a && a.variable().equals(d.variable())) {
        simple[0] = false;
      }
      for (Expr e : ownExpressions(s)) {
        indexes[0] |= indexesSmallArray(e, d.variable());
      }
    });
    return simple[0] && indexes[0];
  }

  private boolean indexesSmallArray(Expr e, Variable counter) {
    if (e instanceof Expr.Element el
        && el.array() instanceof Expr.Local a
        && lengths.containsKey(a.variable())
        && ExprScan.reads(el.index(), counter)) {
      return true;
    }
    for (Expr child : ExprScan.children(e)) {
      if (indexesSmallArray(child, counter)) {
        return true;
      }
    }
    return false;
  }

  private static Stmt substitute(Stmt s, Variable counter, Expr value) {
    java.util.function.UnaryOperator<Expr> at =
        e -> e == null ? null : Folding.fold(Substitution.apply(e, v -> v.equals(counter) ? value : null));
    if (s instanceof Stmt.Store st) {
      return new Stmt.Store((Expr.Element) at.apply(st.target()), st.op(), at.apply(st.value()));
    }
    if (s instanceof Stmt.Assign a) {
      return new Stmt.Assign(a.variable(), a.op(), at.apply(a.value()));
    }
    if (s instanceof Stmt.Eval e) {
      return new Stmt.Eval((Expr.Call) at.apply(e.call()));
    }
    if (s instanceof Stmt.If f) {
      return new Stmt.If(
          at.apply(f.condition()),
          f.then().stream().map(t -> substitute(t, counter, value)).toList(),
          f.otherwise().stream().map(t -> substitute(t, counter, value)).toList());
    }
    if (s instanceof Stmt.Block b) {
      return new Stmt.Block(b.body().stream().map(t -> substitute(t, counter, value)).toList());
    }
    throw new IllegalStateException("not unrollable: " + s);
  }

  // ---------------------------------------------------------------------------------------------
  // Which arrays can be scalars

  private Set<Variable> scalarizable(List<Stmt> body) {
    Set<Variable> ok = new HashSet<>(lengths.keySet());
    StmtScan.forEach(body, s -> {
      if (s instanceof Stmt.Declare d && lengths.containsKey(d.variable())) {
        if (d.init() instanceof Expr.NewArray n && n.elements() != null) {
          n.elements().forEach(e -> uses(e, ok));
        }
        return;
      }
      if (s instanceof Stmt.Store st) {
        uses(st.target(), ok);
        uses(st.value(), ok);
        return;
      }
      if (s instanceof Stmt.Fill f) {
        ok.remove(f.array());
      } else if (s instanceof Stmt.Copy c) {
        ok.remove(c.source());
        ok.remove(c.target());
      }
      ownExpressions(s).forEach(e -> uses(e, ok));
    });
    return ok;
  }

  /** Removes from {@code ok} every candidate {@code e} uses other than by a constant index. */
  private void uses(Expr e, Set<Variable> ok) {
    if (e instanceof Expr.Element el && el.array() instanceof Expr.Local a && lengths.containsKey(a.variable())) {
      if (!(el.index() instanceof Expr.Literal k) || k.value() < 0 || k.value() >= lengths.get(a.variable())) {
        ok.remove(a.variable());
      }
      uses(el.index(), ok);
      return;
    }
    if (e instanceof Expr.Length len && len.array() instanceof Expr.Local) {
      return;
    }
    if (e instanceof Expr.Local l && lengths.containsKey(l.variable())) {
      ok.remove(l.variable()); // the whole array: passed, returned, cloned, compared
      return;
    }
    for (Expr child : ExprScan.children(e)) {
      uses(child, ok);
    }
  }

  private static List<Expr> ownExpressions(Stmt s) {
    return io.javad.processor.analysis.PrivateVariables.ownExpressions(s);
  }

  // ---------------------------------------------------------------------------------------------
  // The rewrite

  private static final class Rewrite {
    private final Map<Variable, List<Variable>> elements;

    Rewrite(Map<Variable, List<Variable>> elements) {
      this.elements = elements;
    }

    List<Stmt> list(List<Stmt> list) {
      List<Stmt> out = new ArrayList<>();
      for (Stmt s : list) {
        int from = out.size();
        statement(s, out);
        SourceLines.carry(s, out, from);
      }
      return out;
    }

    private void statement(Stmt s, List<Stmt> out) {
      if (s instanceof Stmt.Declare d && elements.containsKey(d.variable())) {
        Expr.NewArray n = (Expr.NewArray) d.init();
        List<Variable> scalars = elements.get(d.variable());
        for (int k = 0; k < scalars.size(); k++) {
          Expr init =
              n.elements() != null ? expr(n.elements().get(k)) : Expr.Literal.of(0, d.variable().type());
          out.add(new Stmt.Declare(scalars.get(k), init));
        }
      } else if (s instanceof Stmt.Declare d) {
        out.add(new Stmt.Declare(d.variable(), d.init() == null ? null : expr(d.init())));
      } else if (s instanceof Stmt.Store st
          && st.target().array() instanceof Expr.Local a
          && elements.containsKey(a.variable())) {
        int k = (int) ((Expr.Literal) st.target().index()).value();
        out.add(new Stmt.Assign(elements.get(a.variable()).get(k), st.op(), expr(st.value())));
      } else if (s instanceof Stmt.Store st) {
        out.add(new Stmt.Store((Expr.Element) expr(st.target()), st.op(), expr(st.value())));
      } else if (s instanceof Stmt.Assign a) {
        out.add(new Stmt.Assign(a.variable(), a.op(), expr(a.value())));
      } else if (s instanceof Stmt.Fill f) {
        out.add(new Stmt.Fill(f.array(), expr(f.value())));
      } else if (s instanceof Stmt.Copy c) {
        out.add(new Stmt.Copy(c.source(), expr(c.sourceStart()), c.target(), expr(c.targetStart()), expr(c.length())));
      } else if (s instanceof Stmt.Eval e) {
        out.add(new Stmt.Eval((Expr.Call) expr(e.call())));
      } else if (s instanceof Stmt.Return r) {
        out.add(new Stmt.Return(r.value() == null ? null : expr(r.value())));
      } else if (s instanceof Stmt.Block b) {
        out.add(new Stmt.Block(list(b.body())));
      } else if (s instanceof Stmt.If f) {
        out.add(new Stmt.If(expr(f.condition()), list(f.then()), list(f.otherwise())));
      } else if (s instanceof Stmt.Loop l) {
        out.add(new Stmt.Loop(l.label(), l.kind(), list(l.init()),
            l.condition() == null ? null : expr(l.condition()), list(l.update()), list(l.body())));
      } else {
        out.add(s);
      }
    }

    private Expr expr(Expr e) {
      if (e instanceof Expr.Element el
          && el.array() instanceof Expr.Local a
          && elements.containsKey(a.variable())) {
        return new Expr.Local(elements.get(a.variable()).get((int) ((Expr.Literal) el.index()).value()));
      }
      if (e instanceof Expr.Length len
          && len.array() instanceof Expr.Local a
          && elements.containsKey(a.variable())) {
        return Expr.Literal.of(elements.get(a.variable()).size(), Type.INT);
      }
      return Substitution.rebuild(e, this::expr);
    }
  }
}
