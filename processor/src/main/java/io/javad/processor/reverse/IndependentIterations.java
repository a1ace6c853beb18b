package io.javad.processor.reverse;

import io.javad.processor.analysis.Activity;
import io.javad.processor.analysis.PrivateVariables;
import io.javad.processor.ir.Algebra;
import io.javad.processor.ir.BinaryOp;
import io.javad.processor.ir.Expr;
import io.javad.processor.ir.ExprScan;
import io.javad.processor.ir.MethodIr;
import io.javad.processor.ir.Stmt;
import io.javad.processor.ir.StmtScan;
import io.javad.processor.ir.Type;
import io.javad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loops whose iterations can be reversed right after they run, in the forward sweep, so that the
 * tape never holds more than one iteration (Tapenade's treatment of independent iterations). A
 * loss summed over data points is the typical case:
 *
 * <pre>{@code
 * for (int i = 0; i < n; i++) {
 *   ... scratch arrays and locals, rewritten in each iteration ...
 *   total += loss_i;
 * }
 * return total / n;
 * }</pre>
 *
 * A top-level counted loop qualifies when what its iterations write is private to them ({@link
 * PrivateVariables}), a sum they add to ({@code total += e}, read nowhere else in the loop), or an
 * inactive value that no derivative of the loop reads; when the adjoint of each sum at the loop's
 * end is known before the loop runs (it depends only on the seed and on values the loop and what
 * follows leave alone: {@code totalBar = seed / n} above); and when nothing after the loop
 * overwrites a value whose adjoint the iterations add to. The backward sweep then skips the loop.
 */
final class IndependentIterations {

  /**
   * A loop to reverse iteration by iteration, with the known adjoint of each sum it adds to (at the
   * loop's end); {@code settled} are the sums whose adjoint nothing else needs: no statement after
   * the loop but the final return involves them, and none before it gives them an active value
   * (for the others the backward sweep starts their adjoints again from the return); {@code
   * carried} are inactive scalars that iterations hand on
   * to the next (an index stepping on) and that the reversal restores as it goes: they are set back
   * to their end-of-iteration value once it is done. {@code fusedCall}, if not null, is the
   * iteration's last call {@code v = f(...)} whose adjoint is known where f is called ({@link
   * #fusedCall(Stmt.Loop, Set)}).
   */
  record Plan(
      Stmt.Loop loop,
      Map<Variable, Expr> sums,
      Set<Variable> settled,
      Set<Variable> carried,
      Stmt fusedCall) {

    /** The position of {@link #fusedCall} in the loop's body, or -1. */
    int fusedAt() {
      return fusedCall == null ? -1 : loop.body().indexOf(fusedCall);
    }
  }

  private final MethodIr method;
  private final Activity activity;
  private final PrivateVariables privacy;
  private final FlowShape shape;
  private final ToBeRecorded tbr;
  private final Propagation dry;
  /** The adjoint of the result: the seed parameter, or 1. */
  private final Expr seed;
  private final boolean workspaces;

  private IndependentIterations(
      MethodIr method, Activity activity, PrivateVariables privacy, FlowShape shape,
      ToBeRecorded tbr, Expr seed, boolean workspaces) {
    this.workspaces = workspaces;
    this.method = method;
    this.activity = activity;
    this.privacy = privacy;
    this.shape = shape;
    this.tbr = tbr;
    this.seed = seed;
    this.dry = new Propagation(activity::isActive, (base, value) -> {
      throw new GiveUp(); // an adjoint that needs a name of its own is not known early
    });
  }

  /**
   * The plans for the top-level loops that qualify, keyed by loop; {@code workspaces}: the
   * adjoint keeps its callees' workspaces, whose adjoints return the value (for fused calls).
   */
  static Map<Stmt.Loop, Plan> of(
      MethodIr method, Activity activity, PrivateVariables privacy, FlowShape shape,
      ToBeRecorded tbr, Expr seed, boolean workspaces) {
    Map<Stmt.Loop, Plan> plans = new IdentityHashMap<>();
    if (method.isVectorValued() || shape.hasNestedReturn()) {
      return plans;
    }
    IndependentIterations finder =
        new IndependentIterations(method, activity, privacy, shape, tbr, seed, workspaces);
    List<Stmt> body = method.body();
    for (int i = 0; i < body.size(); i++) {
      if (body.get(i) instanceof Stmt.Loop l) {
        Plan plan = finder.plan(l, body.subList(i + 1, body.size()));
        if (plan != null) {
          plans.put(l, plan);
        }
      }
    }
    return plans;
  }

  private Plan plan(Stmt.Loop loop, List<Stmt> after) {
    FlowShape.Counted counted = shape.counted(loop);
    if (counted == null || shape.exits(loop).any() || !tbr.matters(loop)) {
      return null;
    }
    List<Stmt> inside = new ArrayList<>();
    StmtScan.forEach(loop.body(), inside::add);
    Set<Variable> sums = new LinkedHashSet<>();
    Set<Variable> written = new LinkedHashSet<>();
    for (Stmt s : inside) {
      written.addAll(StmtScan.targets(s));
    }
    Set<Variable> carried = new LinkedHashSet<>();
    for (Variable w : written) {
      if (privacy.isPrivate(w, loop)) {
        continue;
      }
      // Anything else flows on to the next iteration and past the loop, which the backward sweep
      // then skips: no derivative before the loop may read it, and the reversal must leave it as
      // the iteration left it.
      if (readBefore(w, loop)) {
        return null;
      }
      for (Stmt s : inside) {
        if (StmtScan.targets(s).contains(w) && tbr.needsSave(s, w)) {
          if (w.isArray() || activity.isActive(w)) {
            return null;
          }
          carried.add(w);
        }
      }
      if (activity.isActive(w)) {
        if (!isSum(w, inside)) {
          return null; // its adjoint would flow from one iteration to the one before
        }
        sums.add(w);
      }
    }
    Set<Variable> changed = new HashSet<>(written);
    changed.add(counted.counter());
    StmtScan.forEach(after, s -> changed.addAll(StmtScan.targets(s)));
    // The adjoints the iterations add to must be final: what they read before the loop is not
    // overwritten after it.
    Set<Variable> read = new HashSet<>();
    for (Stmt s : inside) {
      PrivateVariables.ownExpressions(s).forEach(e -> ExprScan.forEachLocal(e, read::add));
    }
    Set<Variable> writtenAfter = new HashSet<>();
    StmtScan.forEach(after, s -> writtenAfter.addAll(StmtScan.targets(s)));
    for (Variable u : read) {
      if (activity.isActive(u) && !written.contains(u) && writtenAfter.contains(u)) {
        return null;
      }
    }
    Map<Variable, Expr> adjoints = new LinkedHashMap<>();
    for (Variable sum : sums) {
      Expr adjoint = adjointAfter(sum, after, changed);
      if (adjoint == null) {
        return null;
      }
      adjoints.put(sum, adjoint);
    }
    Set<Variable> settled = new HashSet<>(sums);
    int at = tbr.position(loop);
    StmtScan.forEach(method.body(), s -> {
      Variable target = StmtScan.target(s);
      if (sums.contains(target) && tbr.position(s) < at && activity.isActive(StmtScan.stored(s))) {
        settled.remove(target); // an active value before the loop, whose adjoint comes back
      }
    });
    for (Stmt s : after.subList(0, after.size() - 1)) {
      settled.removeIf(sum -> readsAny(s, Set.of(sum)) || writesAny(s, Set.of(sum)));
    }
    return new Plan(loop, adjoints, settled, carried, fusedCall(loop, sums));
  }

  /**
   * {@code v = f(...)}, a call of a {@code @Differentiable} f with a workspace and an accumulating
   * adjoint, if it is a top-level statement of the iteration after which the iteration only adds
   * into its sums, with partials that read neither v nor a differentiable call: {@code lse =
   * logsumexp(z); total += lse;}. The adjoint of v is then known where f is called, from the
   * sums' known adjoints; calling f's adjoint there, which returns f's value too, saves running f
   * twice (once for the value, once more inside its adjoint).
   */
  private Stmt fusedCall(Stmt.Loop loop, Set<Variable> sums) {
    List<Stmt> body = loop.body();
    for (int t = body.size() - 1; t >= 0; t--) {
      Stmt s = body.get(t);
      if (StmtScan.stored(s) instanceof Expr.Call c
          && c.callee() != null
          && (s instanceof Stmt.Declare || s instanceof Stmt.Assign a && a.op() == null)) {
        Variable v = StmtScan.target(s);
        boolean fusable =
            workspaces
                && c.callee().rank() == 0
                && c.callee().workspace()
                && c.callee().accumulates()
                && activity.isActive(v)
                && !tbr.needsSave(s, v)
                && addsOnlyIntoSums(body.subList(t + 1, body.size()), sums, v);
        return fusable ? s : null;
      }
      if (!(s instanceof Stmt.Assign)) {
        return null;
      }
    }
    return null;
  }

  /** Whether every statement of {@code tail} adds into a sum, its partials reading neither v nor a call of ours. */
  private boolean addsOnlyIntoSums(List<Stmt> tail, Set<Variable> sums, Variable v) {
    Variable probe = Variable.temporary("probeBar", Type.DOUBLE);
    try {
      for (Stmt s : tail) {
        if (!(s instanceof Stmt.Assign a) || !sums.contains(a.variable())) {
          return false;
        }
        if (ExprScan.firstCall(a.value(), c -> c.callee() != null) != null) {
          return false;
        }
        for (List<Expr> terms : dry.of(a.value(), new Expr.Local(probe), null).values()) {
          for (Expr term : terms) {
            if (ExprScan.reads(term, v)) {
              return false;
            }
          }
        }
      }
      return true;
    } catch (GiveUp e) {
      return false;
    }
  }

  /**
   * Whether {@code w} is a sum the iterations add to: a floating-point scalar that the loop only
   * updates with {@code w += e} or {@code w -= e} (e not reading w), and reads nowhere else.
   */
  private boolean isSum(Variable w, List<Stmt> inside) {
    if (w.isArray() || !w.type().isFloating()) {
      return false;
    }
    for (Stmt s : inside) {
      if (w.equals(StmtScan.target(s))) {
        if (!(s instanceof Stmt.Assign a)
            || (a.op() != BinaryOp.ADD && a.op() != BinaryOp.SUBTRACT)
            || ExprScan.reads(a.value(), w)) {
          return false;
        }
      } else {
        for (Expr e : PrivateVariables.ownExpressions(s)) {
          if (ExprScan.reads(e, w)) {
            return false;
          }
        }
      }
    }
    return true;
  }

  /** Whether a derivative of a statement before {@code loop} reads {@code w}. */
  private boolean readBefore(Variable w, Stmt.Loop loop) {
    int at = tbr.position(loop);
    return tbr.readersOf(w).stream().anyMatch(r -> tbr.position(r) < at);
  }

  /**
   * The adjoint of {@code sum} at the end of the loop, as an expression of values known before the
   * loop (the seed, literals, variables neither the loop nor what follows it writes), or null.
   * Found by the chain rule, backwards from the final return, through the top-level assignments
   * after the loop that depend on the sum; any other statement that depends on it ends the search.
   */
  private Expr adjointAfter(Variable sum, List<Stmt> after, Set<Variable> changed) {
    if (after.isEmpty() || !(after.get(after.size() - 1) instanceof Stmt.Return r)) {
      return null;
    }
    // Forwards: the variables computed from the sum after the loop.
    Set<Variable> dependent = new HashSet<>(Set.of(sum));
    for (Stmt s : after) {
      Variable target = StmtScan.target(s);
      if (target != null && readsAny(s, dependent)) {
        dependent.add(target);
      }
    }
    try {
      Map<Variable, List<Expr>> adjoints = new LinkedHashMap<>();
      add(adjoints, dry.of(r.value(), seed, null));
      for (int i = after.size() - 2; i >= 0; i--) {
        Stmt s = after.get(i);
        Variable target = StmtScan.target(s);
        // (A branch or loop that reads or writes one, s *= 2 in an if, ends the search below.)
        boolean involved = readsAny(s, dependent) || writesAny(s, dependent);
        if (!involved) {
          continue;
        }
        if (!(s instanceof Stmt.Declare || s instanceof Stmt.Assign)
            || target.isArray()
            || StmtScan.stored(s) instanceof Expr.Call c && c.callee() != null) {
          return null;
        }
        Expr rhs = StmtScan.stored(s);
        List<Expr> own = adjoints.remove(target);
        Expr bar = Algebra.sum(own == null ? List.of() : own);
        if (bar != null && rhs != null) {
          add(adjoints, dry.of(rhs, bar, null));
        }
      }
      Expr adjoint = Algebra.sum(adjoints.getOrDefault(sum, List.of()));
      if (adjoint == null) {
        return Algebra.constant(0, sum.type());
      }
      boolean[] known = {true};
      ExprScan.forEachLocal(adjoint, v -> known[0] &= !changed.contains(v));
      return known[0] && !ExprScan.containsCall(adjoint) ? adjoint : null;
    } catch (GiveUp e) {
      return null;
    }
  }

  /** Whether {@code s}, or a statement in it, reads one of {@code variables} (v op= e reads v). */
  private static boolean readsAny(Stmt s, Set<Variable> variables) {
    Set<Variable> read = new HashSet<>();
    StmtScan.forEach(List.of(s), t -> {
      PrivateVariables.ownExpressions(t).forEach(e -> ExprScan.forEachLocal(e, read::add));
      if (t instanceof Stmt.Assign a && a.op() != null) {
        read.add(a.variable());
      }
    });
    read.retainAll(variables);
    return !read.isEmpty();
  }

  /** Whether {@code s}, or a statement in it, assigns one of {@code variables}. */
  private static boolean writesAny(Stmt s, Set<Variable> variables) {
    boolean[] found = {false};
    StmtScan.forEach(List.of(s), t -> found[0] |= StmtScan.targets(t).stream().anyMatch(variables::contains));
    return found[0];
  }

  private static void add(Map<Variable, List<Expr>> into, Map<Expr, List<Expr>> terms) {
    terms.forEach((target, list) -> {
      if (target instanceof Expr.Local l) {
        into.computeIfAbsent(l.variable(), k -> new ArrayList<>()).addAll(list);
      }
    });
  }

  /** Thrown by the dry propagation when an adjoint would need a temporary. */
  private static final class GiveUp extends RuntimeException {
    GiveUp() {
      super(null, null, false, false);
    }
  }
}
