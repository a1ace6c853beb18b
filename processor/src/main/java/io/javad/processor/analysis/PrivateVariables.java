package io.javad.processor.analysis;

import io.javad.processor.ir.BinaryOp;
import io.javad.processor.ir.Expr;
import io.javad.processor.ir.ExprScan;
import io.javad.processor.ir.MethodIr;
import io.javad.processor.ir.Stmt;
import io.javad.processor.ir.StmtScan;
import io.javad.processor.ir.Type;
import io.javad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The variables private to each iteration of a loop (the privatization of parallelizing compilers):
 * every use of the variable is inside the loop's body, and every iteration writes it completely
 * before it reads it, so that no value flows from one iteration to the next or out of the loop.
 * The scratch vectors of a per-sample loss are the typical case:
 *
 * <pre>{@code
 * double[] xc = new double[d];          // declared once, before the loop
 * for (int i = 0; i < n; i++) {
 *   for (int j = 0; j < d; j++) {
 *     xc[j] = x[i][j] - mu[j];          // xc rewritten in full ...
 *   }
 *   ... xc[j] ...                       // ... before any read
 * }
 * }</pre>
 *
 * The reverse generator then records a private variable once per iteration, at its end, instead
 * of before each overwrite, and may reverse iterations that share nothing else right after they
 * run. An array counts as rewritten in full when a counted loop {@code for (int j = 0; j < n; j++)}
 * stores {@code a[j]} unconditionally and {@code a} was allocated as {@code new T[n]}, or when
 * {@code Arrays.fill} writes it; a declaration writes its variable in full.
 */
public final class PrivateVariables {

  private final Map<Stmt.Loop, Set<Variable>> privateTo = new IdentityHashMap<>();
  /** Per variable, the deepest loop it is private to. */
  private final Map<Variable, Stmt.Loop> innermost = new HashMap<>();
  /** Per variable, the statements reading or writing it, its declaration excepted. */
  private final Map<Variable, List<Stmt>> uses = new java.util.LinkedHashMap<>();
  /** Array declarations {@code T[] a = new T[n]}: the length expression n. */
  private final Map<Variable, Expr> lengths = new HashMap<>();
  /** Variables some statement assigns after their declaration. */
  private final Set<Variable> reassigned = new HashSet<>();

  private PrivateVariables() {}

  public static PrivateVariables of(MethodIr method) {
    PrivateVariables p = new PrivateVariables();
    p.collect(method.body());
    p.loops(method.body());
    return p;
  }

  /** The variables private to the iterations of {@code loop}. */
  public Set<Variable> of(Stmt.Loop loop) {
    return privateTo.getOrDefault(loop, Set.of());
  }

  public boolean isPrivate(Variable v, Stmt.Loop loop) {
    return of(loop).contains(v);
  }

  /**
   * The deepest loop whose iterations {@code v} is private to, or null: where one record per
   * iteration of v is enough. The loops v is private to are nested in one another, since each
   * holds every use of v.
   */
  public Stmt.Loop innermost(Variable v) {
    return innermost.get(v);
  }

  private void collect(List<Stmt> body) {
    StmtScan.forEach(body, s -> {
      if (s instanceof Stmt.Declare d && d.init() instanceof Expr.NewArray n
          && n.elements() == null && n.sizes().size() == 1 && d.variable().rank() == 1) {
        lengths.put(d.variable(), n.sizes().get(0));
      }
      if (s instanceof Stmt.Assign a) {
        reassigned.add(a.variable());
      }
      Set<Variable> used = new LinkedHashSet<>();
      ownExpressions(s).forEach(e -> ExprScan.forEachLocal(e, used::add));
      Variable target = StmtScan.target(s);
      if (target != null && !(s instanceof Stmt.Declare)) {
        used.add(target);
      }
      if (s instanceof Stmt.Declare d) {
        used.remove(d.variable()); // T[] a = f(a) cannot occur; the declaration itself is no use
      }
      used.forEach(v -> uses.computeIfAbsent(v, k -> new ArrayList<>()).add(s));
    });
  }

  /** Outer loops first, so that a deeper loop a variable is private to replaces an outer one. */
  private void loops(List<Stmt> body) {
    StmtScan.forEach(body, s -> {
      if (s instanceof Stmt.Loop l) {
        Set<Variable> found = privateVariables(l);
        privateTo.put(l, found);
        found.forEach(v -> innermost.put(v, l));
      }
    });
  }

  private Set<Variable> privateVariables(Stmt.Loop loop) {
    if (leavesIteration(loop.body(), true)) {
      return Set.of(); // an iteration that may end early has no single end to record at
    }
    Set<Stmt> inside = Collections.newSetFromMap(new IdentityHashMap<>());
    StmtScan.forEach(loop.body(), inside::add);
    Set<Variable> candidates = new LinkedHashSet<>();
    uses.forEach((v, sites) -> {
      if (!v.parameter() && recordable(v) && inside.containsAll(sites)) {
        candidates.add(v);
      }
    });
    if (candidates.isEmpty()) {
      return Set.of();
    }
    Set<Variable> exposed = new HashSet<>();
    new KillWalk(candidates, exposed).list(loop.body(), new HashSet<>());
    candidates.removeAll(exposed);
    return Collections.unmodifiableSet(candidates);
  }

  /** Types a tape can hold: numbers, and arrays of double, float, int or long up to two dimensions. */
  private static boolean recordable(Variable v) {
    Type t = v.type();
    if (!v.isArray()) {
      return t.isNumeric();
    }
    return v.rank() <= 2 && (t == Type.DOUBLE || t == Type.FLOAT || t == Type.INT || t == Type.LONG);
  }

  /**
   * Whether a return, or a break or continue of the loop itself or an outer one, occurs in {@code
   * body}; a jump that stays inside a nested loop does not count.
   */
  private static boolean leavesIteration(List<Stmt> body, boolean direct) {
    for (Stmt s : body) {
      if (s instanceof Stmt.Return) {
        return true;
      }
      if (s instanceof Stmt.Break b && (direct || b.label() != null)) {
        return true;
      }
      if (s instanceof Stmt.Continue c && (direct || c.label() != null)) {
        return true;
      }
      if (s instanceof Stmt.Loop l) {
        if (leavesIteration(l.body(), false)) {
          return true;
        }
      } else if (leavesIteration(StmtScan.children(s), direct)) {
        return true;
      }
    }
    return false;
  }

  /** The expressions a statement evaluates itself, not those of nested statements. */
  public static List<Expr> ownExpressions(Stmt s) {
    List<Expr> out = new ArrayList<>();
    if (s instanceof Stmt.Declare d && d.init() != null) {
      out.add(d.init());
    } else if (s instanceof Stmt.Assign a) {
      out.add(a.value());
    } else if (s instanceof Stmt.Store st) {
      out.add(st.target());
      out.add(st.value());
    } else if (s instanceof Stmt.Fill f) {
      out.add(f.value());
    } else if (s instanceof Stmt.Copy c) {
      out.add(new Expr.Local(c.source()));
      out.add(c.sourceStart());
      out.add(c.targetStart());
      out.add(c.length());
    } else if (s instanceof Stmt.Eval e) {
      out.add(e.call());
    } else if (s instanceof Stmt.Return r && r.value() != null) {
      out.add(r.value());
    } else if (s instanceof Stmt.If i) {
      out.add(i.condition());
    } else if (s instanceof Stmt.Loop l && l.condition() != null) {
      out.add(l.condition());
    }
    return out;
  }

  /**
   * Walks one iteration in execution order, tracking the candidates written in full so far on
   * every path ({@code killed}), and marks as exposed each candidate read before that.
   */
  private final class KillWalk {
    private final Set<Variable> candidates;
    private final Set<Variable> exposed;
    /**
     * Inside a counted loop that fills {@code a}: after the store {@code a[j] = ...}, reads of
     * {@code a[j]} itself are of this iteration's value.
     */
    private final Map<Variable, Expr> elementWritten = new HashMap<>();

    KillWalk(Set<Variable> candidates, Set<Variable> exposed) {
      this.candidates = candidates;
      this.exposed = exposed;
    }

    Set<Variable> list(List<Stmt> list, Set<Variable> killed) {
      for (Stmt s : list) {
        statement(s, killed);
      }
      return killed;
    }

    private void statement(Stmt s, Set<Variable> killed) {
      if (s instanceof Stmt.If i) {
        read(i.condition(), killed);
        Set<Variable> then = list(i.then(), new HashSet<>(killed));
        Set<Variable> otherwise = list(i.otherwise(), new HashSet<>(killed));
        then.retainAll(otherwise);
        killed.addAll(then);
      } else if (s instanceof Stmt.Block b) {
        list(b.body(), killed);
      } else if (s instanceof Stmt.Loop l) {
        loop(l, killed);
      } else if (s instanceof Stmt.Store st) {
        read(st.value(), killed);
        readIndices(st.target(), killed);
        if (st.op() != null) {
          read(st.target(), killed);
        }
      } else if (s instanceof Stmt.Assign a) {
        read(a.value(), killed);
        if (a.op() != null) {
          read(new Expr.Local(a.variable()), killed);
        } else {
          killed.add(a.variable());
        }
      } else {
        ownExpressions(s).forEach(e -> read(e, killed));
        if (s instanceof Stmt.Declare d && d.init() != null) {
          killed.add(d.variable());
        } else if (s instanceof Stmt.Fill f) {
          killed.add(f.array());
        }
      }
    }

    /**
     * A nested loop may run no iteration: what its body writes is not written afterwards, except
     * an array it fills element by element. Its body is walked once from the state on entry, which
     * checks the first iteration; later ones read what earlier ones of this same iteration wrote.
     */
    private void loop(Stmt.Loop l, Set<Variable> killed) {
      list(l.init(), killed);
      if (l.condition() != null) {
        read(l.condition(), killed);
      }
      Variable filled = filled(l);
      Set<Variable> inBody = new HashSet<>(killed);
      if (filled != null) {
        for (Stmt s : l.body()) {
          statement(s, inBody);
          if (s instanceof Stmt.Store st && st.array().equals(filled) && st.op() == null) {
            elementWritten.put(filled, st.target().index());
          }
        }
        elementWritten.remove(filled);
        killed.add(filled);
      } else {
        list(l.body(), inBody);
      }
      list(l.update(), new HashSet<>(killed));
    }

    /**
     * The array a counted loop {@code for (int j = 0; j < n; j++)} writes in full: a store {@code
     * a[j] = ...} at the top of its body, n the length a was allocated with (or {@code a.length}),
     * nothing in the body that changes j, n or ends an iteration early.
     */
    private Variable filled(Stmt.Loop l) {
      if (l.kind() != Stmt.LoopKind.FOR
          || l.init().size() != 1
          || !(l.init().get(0) instanceof Stmt.Declare d)
          || !(d.init() instanceof Expr.Literal zero && zero.is(0))
          || !(l.condition() instanceof Expr.Binary cond)
          || cond.op() != BinaryOp.LESS
          || !cond.left().equals(new Expr.Local(d.variable()))
          || l.update().size() != 1
          || !(l.update().get(0) instanceof Stmt.Assign step)
          || !step.variable().equals(d.variable())
          || step.op() != BinaryOp.ADD
          || !(step.value() instanceof Expr.Literal one && one.is(1))
          || leavesIteration(l.body(), true)
          || StmtScan.assigns(l.body(), d.variable())) {
        return null;
      }
      Expr counter = new Expr.Local(d.variable());
      for (Stmt s : l.body()) {
        if (s instanceof Stmt.Store st
            && st.op() == null
            && st.target().array() instanceof Expr.Local a
            && a.variable().rank() == 1
            && st.target().index().equals(counter)
            && candidates.contains(a.variable())
            && isLengthOf(cond.right(), a.variable())) {
          return a.variable();
        }
      }
      return null;
    }

    private boolean isLengthOf(Expr bound, Variable array) {
      if (bound instanceof Expr.Length len && len.array().equals(new Expr.Local(array))) {
        return true;
      }
      Expr allocated = lengths.get(array);
      if (allocated == null || !allocated.equals(bound)) {
        return false;
      }
      boolean[] stable = {true};
      ExprScan.forEachLocal(bound, v -> stable[0] &= !reassigned.contains(v));
      return stable[0] && !ExprScan.containsCall(bound);
    }

    private void readIndices(Expr target, Set<Variable> killed) {
      while (target instanceof Expr.Element el) {
        read(el.index(), killed);
        target = el.array();
      }
    }

    private void read(Expr e, Set<Variable> killed) {
      if (e instanceof Expr.Length) {
        return; // an array's length is not its contents, and arrays are never reassigned
      }
      if (e instanceof Expr.Element el
          && el.array() instanceof Expr.Local a
          && el.index().equals(elementWritten.get(a.variable()))) {
        read(el.index(), killed);
        return;
      }
      if (e instanceof Expr.Local l) {
        Variable v = l.variable();
        if (candidates.contains(v) && !killed.contains(v)) {
          exposed.add(v);
        }
        return;
      }
      for (Expr child : ExprScan.children(e)) {
        read(child, killed);
      }
    }
  }
}
