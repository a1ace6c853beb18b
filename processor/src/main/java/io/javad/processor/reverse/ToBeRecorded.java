package io.javad.processor.reverse;

import io.javad.processor.analysis.Activity;
import io.javad.processor.analysis.PrivateVariables;
import io.javad.processor.ir.Expr;
import io.javad.processor.ir.MethodIr;
import io.javad.processor.ir.Stmt;
import io.javad.processor.ir.StmtScan;
import io.javad.processor.ir.Type;
import io.javad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tapenade's to-be-recorded analysis, at statement level: which variables the backward sweep
 * reads (in partial derivatives, to address adjoint elements), and so which overwrites must be
 * recorded. An overwrite needs recording only if a statement whose reversal reads the old value
 * ran before it. A variable private to a loop's iterations ({@link PrivateVariables}) is recorded
 * once per iteration, at its end, instead: the reads of other iterations do not count.
 */
final class ToBeRecorded {

  /** Variables some derivative reads, and where: the statements whose reversal reads them. */
  private final Map<Variable, List<Stmt>> readers = new LinkedHashMap<>();
  /** Statements whose reversal reads the value they themselves stored ({@link OwnValues}). */
  private final Map<Variable, List<Stmt>> postReaders = new LinkedHashMap<>();
  /** Each statement's place in the forward order, and the loops around it. */
  private final Map<Stmt, Integer> position = new IdentityHashMap<>();
  private final Map<Stmt, List<Stmt.Loop>> enclosing = new IdentityHashMap<>();
  /** Arrays allocated inside loops, and those loops: each iteration has its own array. */
  private final Map<Variable, List<Stmt.Loop>> freshIn = new HashMap<>();

  private final Activity activity;
  private final PrivateVariables privacy;

  private ToBeRecorded(Activity activity, PrivateVariables privacy) {
    this.activity = activity;
    this.privacy = privacy;
  }

  static ToBeRecorded of(
      MethodIr method,
      Activity activity,
      PrivateVariables privacy,
      OwnValues own,
      HeldValues held,
      Propagation propagation) {
    ToBeRecorded tbr = new ToBeRecorded(activity, privacy);
    tbr.number(method.body(), new ArrayList<>());
    Variable probe = Variable.temporary("probeBar", Type.DOUBLE);
    StmtScan.forEach(method.body(), s -> {
      Set<Variable> read = new LinkedHashSet<>();
      if (s instanceof Stmt.Store st) {
        // The backward sweep addresses aBar[i] and restores a[i] with i as it was.
        Propagation.indexReads(st.target(), read);
      }
      if (s instanceof Stmt.Copy c) {
        io.javad.processor.ir.ExprScan.forEachLocal(c.sourceStart(), read::add);
        io.javad.processor.ir.ExprScan.forEachLocal(c.targetStart(), read::add);
        io.javad.processor.ir.ExprScan.forEachLocal(c.length(), read::add);
      }
      Expr stored = StmtScan.stored(s);
      Variable target = StmtScan.target(s);
      boolean activeTarget = target != null && activity.isActive(target);
      boolean writesActive =
          s instanceof Stmt.Eval e
              && StmtScan.writtenBy(e.call()).stream().anyMatch(activity::isActive);
      if (writesActive) {
        // The callee's adjoint runs again from the arguments as they were, written arrays too.
        io.javad.processor.ir.ExprScan.forEachLocal(((Stmt.Eval) s).call(), read::add);
      } else if (activeTarget && stored instanceof Expr.Call c && c.callee() != null) {
        // The callee's derivative runs on the arguments as they were: whole arrays included.
        io.javad.processor.ir.ExprScan.forEachLocal(c, read::add);
      } else if (target != null && stored != null && activity.isActive(target)) {
        Expr result = own.resultOf(s);
        propagation.reads(stored, result, probe, held.before(s)).forEach(read::add);
        if (result != null) {
          // The value this statement stored; the one before it too if its argument reads it
          // (a = tanh((x + a) / c): d/dc reads the old a, restored after tanh' took the new one).
          if (!io.javad.processor.ir.ExprScan.reads(stored, target)) {
            read.remove(target);
          }
          tbr.postReaders.computeIfAbsent(target, k -> new ArrayList<>()).add(s);
        }
      } else if (s instanceof Stmt.Return r) {
        propagation.reads(r.value(), null, probe, held.before(s)).forEach(read::add);
      }
      read.forEach(v -> tbr.readers.computeIfAbsent(v, k -> new ArrayList<>()).add(s));
    });
    return tbr;
  }

  /**
   * Whether the backward sweep has anything to do for {@code s}: it or a statement in it stores an
   * active variable or one some derivative reads, or returns an active value.
   */
  boolean matters(Stmt s) {
    boolean[] any = {false};
    StmtScan.forEach(List.of(s), t -> {
      for (Variable v : StmtScan.targets(t)) {
        any[0] |= activity.isActive(v) || isRead(v);
      }
      if (any[0]) {
        return;
      } else if (t instanceof Stmt.Return r && activity.isActive(r.value())) {
        any[0] = true;
      }
    });
    return any[0];
  }

  /** Whether some derivative reads {@code v}. */
  boolean isRead(Variable v) {
    return readers.containsKey(v) || postReaders.containsKey(v);
  }

  /**
   * Whether the value of {@code v} that {@code s} overwrites is read by the backward sweep: by the
   * reversal of {@code s} itself or of a statement that ran before it, earlier in the method or in
   * another iteration of a loop around both (unless v is private to that loop's iterations, which
   * are recorded whole).
   */
  boolean needsSave(Stmt s, Variable v) {
    for (Stmt reader : postReaders.getOrDefault(v, List.of())) {
      // It reads what it stored: a later overwrite needs recording, its own one does not.
      if (position.get(reader) < position.get(s) || acrossIterations(s, reader, v)) {
        return true;
      }
    }
    for (Stmt reader : readers.getOrDefault(v, List.of())) {
      // The statement itself counts: y = y * x needs the old y for d/dx.
      if (position.get(reader) <= position.get(s)) {
        return true;
      }
      if (acrossIterations(s, reader, v)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code reader} may run in an earlier iteration of a loop around {@code s}, reading the
   * value of {@code v} that {@code s} overwrites in a later one.
   */
  private boolean acrossIterations(Stmt s, Stmt reader, Variable v) {
    for (Stmt.Loop l : enclosing.get(s)) {
      // An array allocated inside l is a new array in each iteration of l: another
      // iteration's reads see another array.
      boolean fresh = freshIn.getOrDefault(v, List.of()).contains(l);
      if (!fresh && !privacy.isPrivate(v, l) && enclosing.get(reader).contains(l)) {
        return true;
      }
    }
    return false;
  }

  /** The statements whose reversal reads {@code v}. */
  List<Stmt> readersOf(Variable v) {
    List<Stmt> all = new ArrayList<>(readers.getOrDefault(v, List.of()));
    all.addAll(postReaders.getOrDefault(v, List.of()));
    return all;
  }

  /** The loops around {@code s}, outermost first. */
  List<Stmt.Loop> loopsAround(Stmt s) {
    return enclosing.get(s);
  }

  /** Each statement's place in the forward order (loop headers before bodies). */
  int position(Stmt s) {
    return position.get(s);
  }

  private void number(List<Stmt> body, List<Stmt.Loop> loops) {
    for (Stmt s : body) {
      position.put(s, position.size());
      enclosing.put(s, List.copyOf(loops));
      if (s instanceof Stmt.Declare d && d.variable().isArray() && !loops.isEmpty()) {
        freshIn.put(d.variable(), List.copyOf(loops));
      }
      if (s instanceof Stmt.Loop l) {
        loops.add(l);
        number(l.init(), loops);
        number(l.body(), loops);
        number(l.update(), loops);
        loops.remove(loops.size() - 1);
      } else {
        number(StmtScan.children(s), loops);
      }
    }
  }
}
