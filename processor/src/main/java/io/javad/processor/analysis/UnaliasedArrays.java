package io.javad.processor.analysis;

import io.javad.processor.ir.Expr;
import io.javad.processor.ir.ExprScan;
import io.javad.processor.ir.MethodIr;
import io.javad.processor.ir.Stmt;
import io.javad.processor.ir.StmtScan;
import io.javad.processor.ir.Variable;
import java.util.HashSet;
import java.util.Set;

/**
 * Local arrays that no other reference in the method can reach: each assignment of the variable
 * is a new array, and the variable is used only to read or write whole elements, to read a
 * length, or as an argument of a {@code @Differentiable} method that returns a number. No other variable, row, field or
 * returned value can then hold the same array, so a loop that does not write such an array
 * through its own name does not write it at all. (The JIT cannot know this: to it, any store into
 * a {@code double[]} may change any other {@code double[]}.)
 */
public final class UnaliasedArrays {

  private final Set<Variable> arrays = new HashSet<>();

  private UnaliasedArrays() {}

  /** The local arrays of {@code method} no other reference reaches. */
  public static Set<Variable> of(MethodIr method) {
    UnaliasedArrays found = new UnaliasedArrays();
    StmtScan.forEach(method.body(), found::candidate);
    StmtScan.forEach(method.body(), found::uses);
    return found.arrays;
  }

  private void candidate(Stmt s) {
    if (s instanceof Stmt.Declare d && d.variable().isArray() && !d.variable().parameter()) {
      arrays.add(d.variable());
    }
  }

  private void uses(Stmt s) {
    Variable target = StmtScan.target(s);
    if (s instanceof Stmt.Declare || s instanceof Stmt.Assign) {
      Expr value = StmtScan.stored(s);
      boolean fresh =
          value == null
              || value instanceof Expr.NewArray n && (n.elements() == null || n.rank() == 1);
      boolean compound = s instanceof Stmt.Assign a && a.op() != null;
      if (arrays.contains(target) && (!fresh || compound)) {
        arrays.remove(target);
      }
    }
    if (s instanceof Stmt.Store st && st.target().rank() > 0) {
      arrays.remove(st.array()); // a row replaced by an array from elsewhere
    }
    if (s instanceof Stmt.Copy c && c.target().rank() > 1) {
      arrays.remove(c.target());
    }
    if (s instanceof Stmt.Fill f && f.array().rank() > 1) {
      arrays.remove(f.array());
    }
    for (Expr e : PrivateVariables.ownExpressions(s)) {
      if (s instanceof Stmt.Store st && e == st.target()) {
        indices(st.target());
      } else if (s instanceof Stmt.Copy c && e instanceof Expr.Local l && l.variable().equals(c.source())) {
        if (c.source().rank() > 1) {
          arrays.remove(c.source()); // its rows copied into another matrix
        }
      } else {
        value(e);
      }
    }
  }

  /** Removes the arrays {@code e} lets out: any use but a whole element, a length or a number's argument. */
  private void value(Expr e) {
    if (e instanceof Expr.Local l) {
      arrays.remove(l.variable());
      return;
    }
    if (e instanceof Expr.Element el && e.rank() == 0) {
      indices(el);
      return;
    }
    if (e instanceof Expr.Length len) {
      Expr root = len.array();
      while (root instanceof Expr.Element el) {
        value(el.index());
        root = el.array();
      }
      return;
    }
    if (e instanceof Expr.Call c && c.callee() != null && c.rank() == 0) {
      for (Expr arg : c.arguments()) {
        if (arg instanceof Expr.Local) {
          continue; // read (or written) by the callee, which returns only a number
        }
        value(arg);
      }
      return;
    }
    for (Expr child : ExprScan.children(e)) {
      value(child);
    }
  }

  /** The index expressions along an element access, whose array itself is not let out. */
  private void indices(Expr.Element el) {
    Expr root = el;
    while (root instanceof Expr.Element e) {
      value(e.index());
      root = e.array();
    }
  }
}
