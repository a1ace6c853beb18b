package io.javad.processor.reverse;

import io.javad.processor.analysis.PrivateVariables;
import io.javad.processor.ir.Expr;
import io.javad.processor.ir.ExprScan;
import io.javad.processor.ir.Stmt;
import io.javad.processor.ir.StmtScan;
import io.javad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The elements of local arrays that a loop reads at an index it leaves alone and never writes:
 * {@code xc[col]} in a loop over {@code row} that updates {@code icfBar[c][l] += qxcBar[row] *
 * xc[col]}. The backward sweep reads such an element once before the reversed loop, as a person
 * does by hand. The JIT would reload it in every iteration, since to it the store into another
 * {@code double[]} may change it; for an array no other reference reaches ({@link
 * io.javad.processor.analysis.UnaliasedArrays}), a loop that does not write it by name cannot.
 *
 * <p>The reversal of a loop writes only what the loop writes (restoring it) and adjoints, so the
 * loop's own statements decide: the array is not stored into, filled, copied into, assigned or
 * passed to a call in the loop, and no index reads a variable the loop writes or calls a method.
 */
final class InvariantReads {

  private InvariantReads() {}

  /** The elements, as read in the loop, in the order first read. */
  static List<Expr.Element> of(Stmt.Loop loop, Set<Variable> unaliased) {
    List<Stmt> all = new ArrayList<>(loop.init());
    all.add(new Stmt.Block(loop.body()));
    all.addAll(loop.update());
    Set<Variable> written = new HashSet<>();
    Set<Variable> passed = new HashSet<>();
    List<Expr> expressions = new ArrayList<>();
    if (loop.condition() != null) {
      expressions.add(loop.condition());
    }
    StmtScan.forEach(all, s -> {
      written.addAll(StmtScan.targets(s));
      if (!(s instanceof Stmt.Loop)) {
        expressions.addAll(PrivateVariables.ownExpressions(s));
      } else if (((Stmt.Loop) s).condition() != null) {
        expressions.add(((Stmt.Loop) s).condition());
      }
    });
    expressions.forEach(e -> passedArrays(e, passed));
    Set<Expr.Element> found = new LinkedHashSet<>();
    for (Expr e : expressions) {
      collect(e, unaliased, written, passed, found);
    }
    return new ArrayList<>(found);
  }

  private static void collect(
      Expr e, Set<Variable> unaliased, Set<Variable> written, Set<Variable> passed, Set<Expr.Element> found) {
    if (e instanceof Expr.Element el && e.rank() == 0 && invariant(el, unaliased, written, passed)) {
      found.add(el);
      return;
    }
    for (Expr child : ExprScan.children(e)) {
      collect(child, unaliased, written, passed, found);
    }
  }

  private static boolean invariant(
      Expr.Element element, Set<Variable> unaliased, Set<Variable> written, Set<Variable> passed) {
    Expr root = element;
    while (root instanceof Expr.Element el) {
      boolean[] varies = {ExprScan.containsCall(el.index())};
      ExprScan.forEachLocal(el.index(), v -> varies[0] |= written.contains(v));
      if (varies[0]) {
        return false;
      }
      root = el.array();
    }
    if (!(root instanceof Expr.Local l)) {
      return false;
    }
    Variable array = l.variable();
    return unaliased.contains(array) && !written.contains(array) && !passed.contains(array);
  }

  /** The arrays {@code e} hands to a call, which may write into them. */
  private static void passedArrays(Expr e, Set<Variable> passed) {
    if (e instanceof Expr.Call c) {
      for (Expr arg : c.arguments()) {
        Expr root = arg;
        while (root instanceof Expr.Element el) {
          root = el.array();
        }
        if (arg.rank() > 0 && root instanceof Expr.Local l) {
          passed.add(l.variable());
        }
      }
    }
    for (Expr child : ExprScan.children(e)) {
      passedArrays(child, passed);
    }
  }
}
