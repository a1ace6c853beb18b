package io.javad.processor.reverse;

import io.javad.processor.ir.BinaryOp;
import io.javad.processor.ir.Expr;
import io.javad.processor.ir.ExprScan;
import io.javad.processor.ir.Stmt;
import io.javad.processor.ir.StmtScan;
import io.javad.processor.ir.Type;
import io.javad.processor.ir.Variable;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How many values a loop's forward sweep pushes on the tape of doubles, as an expression the
 * generated code evaluates before the loop ({@code tape.reserve(n * (2 * d + 1))}), so that the tape
 * grows once, to its size, instead of doubling step by step. Known where every push is
 * unconditional (or both branches push alike) and every nested loop is counted with bounds that
 * the loop leaves alone; unknown (null) otherwise, and the tape just grows.
 */
final class TapeSize {

  private final FlowShape shape;
  private final Recording recording;
  /** Variables the loop writes: a bound reading one is not known before the loop. */
  private final Set<Variable> written = new HashSet<>();

  private TapeSize(FlowShape shape, Recording recording) {
    this.shape = shape;
    this.recording = recording;
  }

  /** The values {@code loop} pushes on the double tape in all, or null if not known before it. */
  static Expr of(Stmt.Loop loop, FlowShape shape, Recording recording) {
    TapeSize size = new TapeSize(shape, recording);
    StmtScan.forEach(List.of(loop), s -> size.written.addAll(StmtScan.targets(s)));
    Expr total = size.loop(loop);
    return total == null || total instanceof Expr.Literal l && l.is(0) ? null : total;
  }

  private Expr loop(Stmt.Loop l) {
    FlowShape.Counted counted = shape.counted(l);
    if (counted == null) {
      return pushesIn(List.of(l)) ? null : zero();
    }
    Expr trips = trips(counted);
    if (trips == null) {
      return pushesIn(l.body()) ? null : zero();
    }
    Expr perIteration = list(l.body());
    if (perIteration == null) {
      return null;
    }
    for (Variable v : recording.snapshots.getOrDefault(l, List.of())) {
      if (!v.type().isFloating()) {
        continue;
      }
      if (v.rank() > 1) {
        return null;
      }
      perIteration = plus(perIteration, v.isArray() ? new Expr.Length(new Expr.Local(v)) : one());
    }
    return times(trips, perIteration);
  }

  private Expr list(List<Stmt> list) {
    Expr total = zero();
    for (Stmt s : list) {
      Expr n = statement(s);
      if (n == null) {
        return null;
      }
      total = plus(total, n);
    }
    return total;
  }

  private Expr statement(Stmt s) {
    if (s instanceof Stmt.Loop l) {
      return loop(l);
    }
    if (s instanceof Stmt.If i) {
      Expr then = list(i.then());
      Expr otherwise = list(i.otherwise());
      return then != null && then.equals(otherwise) ? then : null;
    }
    if (s instanceof Stmt.Block b) {
      return list(b.body());
    }
    boolean onDoubles = recording.tapeSaves.contains(s) && savedType(s).isFloating();
    return onDoubles ? one() : zero();
  }

  private static Type savedType(Stmt s) {
    return s instanceof Stmt.Store st ? st.target().type() : StmtScan.target(s).type();
  }

  /** Whether anything in {@code list} pushes on the double tape. */
  private boolean pushesIn(List<Stmt> list) {
    boolean[] any = {false};
    StmtScan.forEach(list, s -> {
      any[0] |= recording.tapeSaves.contains(s) && savedType(s).isFloating();
      if (s instanceof Stmt.Loop l) {
        any[0] |= recording.snapshots.getOrDefault(l, List.of()).stream().anyMatch(v -> v.type().isFloating());
      }
    });
    return any[0];
  }

  /** {@code to - from} (plus one for {@code <=}), if its bounds are known before the outer loop. */
  private Expr trips(FlowShape.Counted c) {
    boolean[] known = {!ExprScan.containsCall(c.from()) && !ExprScan.containsCall(c.to())};
    ExprScan.forEachLocal(c.from(), v -> known[0] &= !written.contains(v));
    ExprScan.forEachLocal(c.to(), v -> known[0] &= !written.contains(v));
    if (!known[0] || c.counter().type() != Type.INT) {
      return null;
    }
    Expr low = c.ascending() ? c.from() : c.to();
    Expr high = c.ascending() ? c.to() : c.from();
    boolean inclusive =
        c.comparison() == BinaryOp.LESS_EQUAL || c.comparison() == BinaryOp.GREATER_EQUAL;
    Expr span = minus(high, low);
    span = inclusive ? plus(span, one()) : span;
    // A loop that runs no iteration pushes nothing, whatever its bounds.
    if (span instanceof Expr.Literal l) {
      return Expr.Literal.of(Math.max(0, l.value()), Type.INT);
    }
    return span instanceof Expr.Length
        ? span
        : new Expr.Call("java.lang.Math", "max", List.of(zero(), span), Type.INT);
  }

  private static Expr zero() {
    return Expr.Literal.of(0, Type.INT);
  }

  private static Expr one() {
    return Expr.Literal.of(1, Type.INT);
  }

  private static Expr plus(Expr a, Expr b) {
    if (a instanceof Expr.Literal l && l.is(0)) {
      return b;
    }
    if (b instanceof Expr.Literal l && l.is(0)) {
      return a;
    }
    if (a instanceof Expr.Literal x && b instanceof Expr.Literal y) {
      return Expr.Literal.of(x.value() + y.value(), Type.INT);
    }
    return new Expr.Binary(BinaryOp.ADD, a, b, Type.INT);
  }

  private static Expr minus(Expr a, Expr b) {
    if (b instanceof Expr.Literal l && l.is(0)) {
      return a;
    }
    return new Expr.Binary(BinaryOp.SUBTRACT, a, b, Type.INT);
  }

  private static Expr times(Expr a, Expr b) {
    if (a instanceof Expr.Literal l && l.is(0) || b instanceof Expr.Literal m && m.is(0)) {
      return zero();
    }
    if (a instanceof Expr.Literal l && l.is(1)) {
      return b;
    }
    if (b instanceof Expr.Literal l && l.is(1)) {
      return a;
    }
    return new Expr.Binary(BinaryOp.MULTIPLY, a, b, Type.INT);
  }
}
