package io.javad.processor.reverse;

import io.javad.processor.analysis.Activity;
import io.javad.processor.ir.Expr;
import io.javad.processor.ir.ExprScan;
import io.javad.processor.ir.Stmt;
import io.javad.processor.ir.StmtScan;
import io.javad.processor.ir.Type;
import io.javad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The adjoint elements that the reversal of a loop only adds to, at an index the loop leaves
 * alone: {@code xcBar[col] += qxcBar[row] * icf[c][l]} in a loop over {@code row}. The backward
 * sweep sums such contributions in a local and adds the sum once after the loop, as a person
 * does by hand; the element would otherwise go through memory in every iteration, since the JIT
 * cannot tell it apart from the other arrays the loop writes.
 *
 * <p>Found from the statements of the loop: for each array, every adjoint access the reversal
 * makes (a contribution, an element store's own adjoint, a whole array passed to a callee or
 * copied). An array qualifies if all its accesses are contributions at one and the same element,
 * whose indices the loop does not write, and no other array whose adjoint might be the same object
 * is touched (adjoint arrays a caller passes to the accumulating form may be one array).
 */
final class InvariantAdjoints {

  private final Predicate<Variable> active;
  private final Propagation dry;
  /** Parameters whose adjoint arrays come from the caller, who may pass one array twice. */
  private final Set<Variable> callerArrays;

  /** Per array: the element index lists of contributions; null once it is accessed otherwise. */
  private final Map<Variable, List<List<Expr>>> added = new LinkedHashMap<>();
  private final Set<Variable> other = new HashSet<>();

  private InvariantAdjoints(Predicate<Variable> active, Set<Variable> callerArrays) {
    this.active = active;
    this.callerArrays = callerArrays;
    Set<Variable> named = new HashSet<>();
    this.dry = new Propagation(active, (base, value) -> {
      Variable temp = Variable.temporary(base, value.type());
      named.add(temp);
      return temp;
    });
  }

  /** The elements (as primal expressions, {@code xc[col]}) whose adjoints the loop's reversal can sum in a local. */
  static List<Expr> of(Stmt.Loop loop, Activity activity, Set<Variable> callerArrays) {
    InvariantAdjoints found = new InvariantAdjoints(activity::isActive, callerArrays);
    List<Stmt> all = new ArrayList<>(loop.init());
    all.addAll(loop.body());
    all.addAll(loop.update());
    StmtScan.forEach(all, found::statement);
    Set<Variable> written = new HashSet<>();
    StmtScan.forEach(all, s -> written.addAll(StmtScan.targets(s)));
    return found.invariant(written);
  }

  private List<Expr> invariant(Set<Variable> written) {
    List<Expr> out = new ArrayList<>();
    for (Map.Entry<Variable, List<List<Expr>>> e : added.entrySet()) {
      Variable array = e.getKey();
      List<List<Expr>> indices = e.getValue();
      if (other.contains(array) || indices.isEmpty() || array.type() == Type.BOOLEAN) {
        continue;
      }
      List<Expr> index = indices.get(0);
      if (indices.stream().anyMatch(i -> !i.equals(index)) || index.size() != array.rank()) {
        continue;
      }
      boolean invariant = true;
      for (Expr i : index) {
        boolean[] changes = {ExprScan.containsCall(i)};
        ExprScan.forEachLocal(i, v -> changes[0] |= written.contains(v));
        invariant &= !changes[0];
      }
      boolean mayAlias = callerArrays.contains(array) && touchedCallerArrays() > 1;
      if (invariant && !mayAlias) {
        Expr element = new Expr.Local(array);
        for (Expr i : index) {
          element = new Expr.Element(element, i);
        }
        out.add(element);
      }
    }
    return out;
  }

  private Set<Variable> touched() {
    Set<Variable> all = new HashSet<>(added.keySet());
    all.addAll(other);
    return all;
  }

  private int touchedCallerArrays() {
    int n = 0;
    for (Variable v : touched()) {
      if (callerArrays.contains(v)) {
        n++;
      }
    }
    return n;
  }

  private void callArguments(Expr.Call c) {
    for (Expr arg : c.arguments()) {
      if (arg.rank() > 0) {
        rootsOf(arg).forEach(this::whole);
      } else {
        contributions(arg);
      }
    }
  }

  /** Records the adjoint accesses the reversal of {@code s} makes, mirroring the backward sweep. */
  private void statement(Stmt s) {
    if (s instanceof Stmt.Return r && r.value() != null) {
      contributions(r.value());
      return;
    }
    if (s instanceof Stmt.Eval e && StmtScan.writtenBy(e.call()).stream().anyMatch(active)) {
      callArguments(e.call()); // the callee's adjoint takes whole arrays
      return;
    }
    Variable target = StmtScan.target(s);
    if (target == null || !active.test(target)) {
      return;
    }
    if (s instanceof Stmt.Store st) {
      access(st.target()); // its own adjoint is read, passed on and cleared
    } else if (s instanceof Stmt.Fill || s instanceof Stmt.Copy) {
      whole(target);
      if (s instanceof Stmt.Copy c) {
        whole(c.source());
      }
      contributions(StmtScan.stored(s));
      return;
    } else if (target.isArray()) {
      whole(target); // a new array's adjoint, cleared per iteration or handed to a callee
    }
    Expr stored = StmtScan.stored(s);
    if (stored instanceof Expr.Call c && c.callee() != null) {
      callArguments(c);
    } else if (stored instanceof Expr.ArrayCopy copy) {
      rootsOf(copy.array()).forEach(this::whole);
    } else if (stored != null) {
      contributions(stored);
    }
  }

  private void contributions(Expr e) {
    Variable probe = Variable.temporary("probeBar", e.type().isFloating() ? e.type() : Type.DOUBLE);
    for (Expr target : dry.of(e, new Expr.Local(probe), null).keySet()) {
      if (target instanceof Expr.Element) {
        List<Expr> index = new ArrayList<>();
        Expr root = target;
        while (root instanceof Expr.Element el) {
          index.add(0, el.index());
          root = el.array();
        }
        if (root instanceof Expr.Local l) {
          added.computeIfAbsent(l.variable(), k -> new ArrayList<>()).add(index);
        }
      } else if (target instanceof Expr.Local l && l.variable().isArray()) {
        whole(l.variable());
      }
    }
  }

  private void access(Expr element) {
    rootsOf(element).forEach(this::whole);
  }

  private void whole(Variable v) {
    other.add(v);
  }

  private static List<Variable> rootsOf(Expr e) {
    List<Variable> roots = new ArrayList<>();
    ExprScan.forEachLocal(e, v -> {
      if (v.isArray()) {
        roots.add(v);
      }
    });
    return roots;
  }
}
