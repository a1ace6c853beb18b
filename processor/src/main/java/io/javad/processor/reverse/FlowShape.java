package io.javad.processor.reverse;

import io.javad.processor.ir.BinaryOp;
import io.javad.processor.ir.Expr;
import io.javad.processor.ir.ExprScan;
import io.javad.processor.ir.MethodIr;
import io.javad.processor.ir.Stmt;
import io.javad.processor.ir.StmtScan;
import io.javad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What reversing a method's control flow takes, decided once before any code is written:
 *
 * <ul>
 *   <li>which {@code for} loops are counted ({@code for (int i = a; i < b; i++)} with a counter and
 *       bounds the loop leaves alone, no break or return): reversed by index, no tape;
 *   <li>the jump sites ({@code break}, {@code continue}, {@code return}), numbered per loop, so
 *       that the backward sweep knows where an iteration stopped;
 *   <li>which variables are stable (never reassigned), so that conditions on them are tested again
 *       in the backward sweep rather than recorded.
 * </ul>
 */
final class FlowShape {

  /** A counted loop: {@code for (T i = from; i < to; i++)} (or {@code <=}, or counting down). */
  record Counted(Variable counter, Expr from, Expr to, BinaryOp comparison, boolean ascending) {}

  /** The jump sites that end an iteration of one loop, and how the backward sweep tells them apart. */
  static final class LoopExits {
    /** Site ids in source order, 1..n; the normal end of an iteration is n + 1. */
    final Map<Stmt, Integer> sites = new IdentityHashMap<>();
    /** Sites that go on with the next iteration ({@code continue} of this loop). */
    final Set<Integer> continues = new HashSet<>();

    int normal() {
      return sites.size() + 1;
    }

    boolean any() {
      return !sites.isEmpty();
    }

    /** Whether iterations other than the last can end early, so each records its exit. */
    boolean perIteration() {
      return !continues.isEmpty();
    }
  }

  private final Map<Stmt.Loop, Counted> counted = new IdentityHashMap<>();
  private final Map<Stmt.Loop, LoopExits> loopExits = new IdentityHashMap<>();
  /** Return sites of the method, numbered in source order. */
  private final Map<Stmt, Integer> returns = new IdentityHashMap<>();
  private final Set<Variable> stable = new HashSet<>();
  /** Arrays some element store writes into. */
  private final Set<Variable> stored = new HashSet<>();
  /** Assignments that give a variable declared without initializer its first value. */
  private final Set<Stmt> firstAssignments = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
  private boolean nestedReturn;

  static FlowShape of(MethodIr method) {
    FlowShape shape = new FlowShape();
    shape.findStable(method);
    shape.walk(method.body(), new ArrayList<>(), 0);
    shape.classify(method.body(), new ArrayList<>());
    shape.findFirstAssignments(method.body());
    return shape;
  }

  /** Whether {@code s} assigns a variable that cannot have a value yet, so nothing is overwritten. */
  boolean isFirstAssignment(Stmt s) {
    return firstAssignments.contains(s);
  }

  /**
   * For each {@code T v;} declared without initializer: the assignments reached on some path before
   * any other assignment of v, outside loops (a loop may come back to them).
   */
  private void findFirstAssignments(List<Stmt> body) {
    for (int i = 0; i < body.size(); i++) {
      if (body.get(i) instanceof Stmt.Declare d && d.init() == null) {
        firstAssignments(body.subList(i + 1, body.size()), d.variable(), false);
      }
      if (body.get(i) instanceof Stmt.Block b) {
        findFirstAssignments(b.body());
      } else if (body.get(i) instanceof Stmt.If f) {
        findFirstAssignments(f.then());
        findFirstAssignments(f.otherwise());
      }
    }
  }

  /** Walks {@code list} with v possibly assigned before it; returns whether v may be assigned after. */
  private boolean firstAssignments(List<Stmt> list, Variable v, boolean assigned) {
    for (Stmt s : list) {
      if (s instanceof Stmt.Assign a && a.variable().equals(v)) {
        if (!assigned && a.op() == null) {
          firstAssignments.add(s);
        }
        assigned = true;
      } else if (s instanceof Stmt.If f) {
        boolean inThen = firstAssignments(f.then(), v, assigned);
        boolean inElse = firstAssignments(f.otherwise(), v, assigned);
        assigned = inThen || inElse;
      } else if (s instanceof Stmt.Block b) {
        assigned = firstAssignments(b.body(), v, assigned);
      } else if (s instanceof Stmt.Loop l && StmtScan.assigns(List.of(l), v)) {
        assigned = true;
      }
    }
    return assigned;
  }

  /** Finds counted loops, outer ones first, so that inner bounds may use outer counters. */
  private void classify(List<Stmt> body, List<Stmt.Loop> loops) {
    for (Stmt s : body) {
      if (s instanceof Stmt.Loop l) {
        Counted c = countedShape(l, loops);
        if (c != null) {
          counted.put(l, c);
        }
        loops.add(l);
        classify(l.body(), loops);
        loops.remove(loops.size() - 1);
      } else {
        classify(StmtScan.children(s), loops);
      }
    }
  }

  /** Whether {@code d} declares the counter of a counted loop (it stays in the loop's header). */
  boolean isCounterDeclaration(Stmt.Declare d) {
    for (Map.Entry<Stmt.Loop, Counted> e : counted.entrySet()) {
      if (e.getKey().init().get(0) == d) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code v} is the counter of a counted loop, which its reversed header restores. */
  boolean isCounter(Variable v) {
    return counted.values().stream().anyMatch(c -> c.counter().equals(v));
  }

  Counted counted(Stmt.Loop loop) {
    return counted.get(loop);
  }

  LoopExits exits(Stmt.Loop loop) {
    return loopExits.get(loop);
  }

  Map<Stmt, Integer> returns() {
    return returns;
  }

  /** Whether a return sits inside a branch or loop, so the forward sweep must be able to stop early. */
  boolean hasNestedReturn() {
    return nestedReturn;
  }

  /**
   * Whether {@code e} keeps its value through the method: it reads parameters never assigned,
   * locals assigned once, counters of enclosing counted loops, elements of arrays nothing stores
   * into, and lengths of arrays (an array variable is never assigned a new array).
   */
  boolean isStable(Expr e, Set<Variable> counters) {
    if (e instanceof Expr.Length) {
      return true;
    }
    if (e instanceof Expr.Local l) {
      Variable v = l.variable();
      return v.isArray() ? !stored.contains(v) : stable.contains(v) || counters.contains(v);
    }
    for (Expr child : ExprScan.children(e)) {
      if (!isStable(child, counters)) {
        return false;
      }
    }
    return true;
  }

  /** Parameters never assigned and locals assigned once, by a top-level declaration. */
  private void findStable(MethodIr method) {
    Set<Variable> assigned = new HashSet<>();
    StmtScan.forEach(method.body(), s -> {
      if (s instanceof Stmt.Assign a) {
        assigned.add(a.variable());
      }
    });
    // Every way an array's elements change: stores, fills, copies, and callees writing into it.
    stored.addAll(StmtScan.writtenArrays(method.body()));
    for (MethodIr.Parameter p : method.parameters()) {
      if (!assigned.contains(p.variable())) {
        stable.add(p.variable());
      }
    }
    for (Stmt s : method.body()) {
      if (s instanceof Stmt.Declare d && d.init() != null && !assigned.contains(d.variable())) {
        stable.add(d.variable());
      }
    }
  }

  /** Numbers jump sites and classifies loops; {@code loops} are the enclosing loops, innermost last. */
  private void walk(List<Stmt> body, List<Stmt.Loop> loops, int depth) {
    for (Stmt s : body) {
      if (s instanceof Stmt.Loop l) {
        loopExits.put(l, new LoopExits());
        loops.add(l);
        walk(l.init(), loops, depth + 1);
        walk(l.body(), loops, depth + 1);
        walk(l.update(), loops, depth + 1);
        loops.remove(loops.size() - 1);
      } else if (s instanceof Stmt.Break b) {
        site(s, loops, Jumps.target(b.label(), loops), false);
      } else if (s instanceof Stmt.Continue c) {
        site(s, loops, Jumps.target(c.label(), loops), true);
      } else if (s instanceof Stmt.Return) {
        returns.put(s, returns.size() + 1);
        nestedReturn |= depth > 0;
        site(s, loops, -1, false);
      } else {
        walk(StmtScan.children(s), loops, depth + 1);
      }
    }
  }

  /**
   * Records a jump site in every loop whose current iteration it ends: the loops from the innermost
   * out to the target ({@code target} is an index into {@code loops}; -1 for a return).
   */
  private void site(Stmt s, List<Stmt.Loop> loops, int target, boolean isContinue) {
    for (int i = loops.size() - 1; i >= Math.max(target, 0); i--) {
      LoopExits exits = loopExits.get(loops.get(i));
      int id = exits.sites.size() + 1;
      exits.sites.put(s, id);
      if (isContinue && i == target) {
        exits.continues.add(id);
      }
    }
  }

  private Counted countedShape(Stmt.Loop l, List<Stmt.Loop> enclosing) {
    if (l.kind() != Stmt.LoopKind.FOR
        || l.init().size() != 1
        || l.update().size() != 1
        || !(l.init().get(0) instanceof Stmt.Declare d)
        || d.init() == null
        || d.variable().type().isFloating()
        || !(l.condition() instanceof Expr.Binary cond)
        || !(cond.left() instanceof Expr.Local counter)
        || !counter.variable().equals(d.variable())
        // A bound of a wider type (i < n with a long or double n) is compared after promotion:
        // its trip count is not n - from; the loop is counted by iterations instead.
        || cond.right().type() != d.variable().type()
        || !(l.update().get(0) instanceof Stmt.Assign step)
        || !step.variable().equals(d.variable())
        || !(step.value() instanceof Expr.Literal one && one.is(1))) {
      return null;
    }
    boolean ascending = step.op() == BinaryOp.ADD;
    boolean fits =
        ascending
            ? cond.op() == BinaryOp.LESS || cond.op() == BinaryOp.LESS_EQUAL
            : step.op() == BinaryOp.SUBTRACT
                && (cond.op() == BinaryOp.GREATER || cond.op() == BinaryOp.GREATER_EQUAL);
    LoopExits exits = loopExits.get(l);
    boolean leaves = exits.sites.size() > exits.continues.size();
    Set<Variable> counters = countersOf(enclosing);
    if (!fits
        || leaves
        || StmtScan.assigns(l.body(), d.variable())
        || !isStable(d.init(), counters)
        || !isStable(cond.right(), counters)) {
      return null;
    }
    return new Counted(d.variable(), d.init(), cond.right(), cond.op(), ascending);
  }

  /** The counters of the counted loops among {@code loops}, restored by their reversed headers. */
  Set<Variable> countersOf(List<Stmt.Loop> loops) {
    Set<Variable> counters = new HashSet<>();
    for (Stmt.Loop l : loops) {
      Counted c = counted.get(l);
      if (c != null) {
        counters.add(c.counter());
      }
    }
    return counters;
  }
}
