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
import io.javad.processor.ir.UnaryOp;
import io.javad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Gives every call a statement of its own where it runs only sometimes or more than once per
 * statement, so that derivative code can name its value and evaluate it exactly once, as the
 * function does (see {@code OpaqueValues}):
 *
 * <ul>
 *   <li>a call in a branch of {@code ?:} or right of {@code &&}/{@code ||}: the expression becomes
 *       an {@code if} assigning a temporary ({@code double t; if (c) { t = f(x); } else { t = 0; }});
 *       the calls the statement makes before it are named first, so that they keep their order;
 *   <li>a call in a loop's condition: {@code while (next(i) < n) body} becomes {@code for (;;) {
 *       if (!(next(i) < n)) break; body }}, and {@code do body while (next(i) < n)} {@code for
 *       (;;) { body if (!(next(i) < n)) break; }};
 *   <li>a call in a {@code for} loop's initialization: that runs once, before the loop; in its
 *       update: the end of the body, where each {@code continue} goes too ({@link EarlyExits});
 *   <li>a call in the index of a row alias ({@code double[] row = m[pick(i)]}): the index is named
 *       before the alias, which is read again at every use.
 * </ul>
 */
public final class ConditionalCalls {

  private final Predicate<Expr.Call> isCall;
  private final Namer namer;

  private ConditionalCalls(Predicate<Expr.Call> isCall, Namer namer) {
    this.isCall = isCall;
    this.namer = namer;
  }

  /** {@code method} with the calls {@code isCall} selects placed as above. */
  public static MethodIr apply(MethodIr method, Predicate<Expr.Call> isCall) {
    ConditionalCalls pass = new ConditionalCalls(isCall, new Namer(method.variableNames()));
    List<Stmt> body = pass.block(method.body());
    return method.withBody(body);
  }

  private List<Stmt> block(List<Stmt> statements) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : statements) {
      int from = out.size();
      statement(s, out);
      SourceLines.carry(s, out, from);
    }
    return out;
  }

  private void statement(Stmt s, List<Stmt> out) {
    if (s instanceof Stmt.Block b) {
      out.add(new Stmt.Block(block(b.body())));
    } else if (s instanceof Stmt.If i) {
      Expr condition = placed(i.condition(), out);
      out.add(new Stmt.If(condition, block(i.then()), block(i.otherwise())));
    } else if (s instanceof Stmt.Loop l) {
      loop(l, out);
    } else if (s instanceof Stmt.Declare d && d.init() != null) {
      Expr init =
          d.variable().rank() > 0 && d.init() instanceof Expr.Element el
              ? rowAlias(el, out)
              : placed(d.init(), out);
      out.add(new Stmt.Declare(d.variable(), init));
    } else if (s instanceof Stmt.Assign a) {
      out.add(new Stmt.Assign(a.variable(), a.op(), placed(a.value(), out)));
    } else if (s instanceof Stmt.Store st && (needsPlaces(st.target()) || needsPlaces(st.value()))) {
      // Java evaluates the target's array and index, then the value.
      List<Stmt> before = new ArrayList<>();
      Expr.Element target = (Expr.Element) Substitution.rebuild(st.target(), e -> anf(e, before));
      Expr value = anf(st.value(), before);
      out.addAll(before);
      out.add(new Stmt.Store(target, st.op(), value));
    } else if (s instanceof Stmt.Return r && r.value() != null) {
      out.add(new Stmt.Return(placed(r.value(), out)));
    } else {
      out.add(s);
    }
  }

  /** {@code e}, or its lowered form with the statements it needs added to {@code out}. */
  private Expr placed(Expr e, List<Stmt> out) {
    return needsPlaces(e) ? anf(e, out) : e;
  }

  /** Whether a call in {@code e} runs only sometimes: in a branch or right of {@code &&}. */
  private boolean needsPlaces(Expr e) {
    if (e instanceof Expr.Conditional c) {
      return needsPlaces(c.condition()) || hasCall(c.whenTrue()) || hasCall(c.whenFalse());
    }
    if (e instanceof Expr.Binary b && isShortCircuit(b)) {
      return needsPlaces(b.left()) || hasCall(b.right());
    }
    return ExprScan.children(e).stream().anyMatch(this::needsPlaces);
  }

  private boolean hasCall(Expr e) {
    return ExprScan.firstCall(e, isCall) != null;
  }

  /**
   * {@code e} with its calls named in evaluation order and its conditional parts that hold calls
   * turned into statements, all added to {@code out}.
   */
  private Expr anf(Expr e, List<Stmt> out) {
    if (e instanceof Expr.Conditional c && (hasCall(c.whenTrue()) || hasCall(c.whenFalse()))) {
      Expr condition = anf(c.condition(), out);
      Variable t = Variable.temporary(namer.fresh("chosen"), c.type(), c.rank());
      out.add(new Stmt.Declare(t, null));
      List<Stmt> then = new ArrayList<>();
      Expr whenTrue = anf(c.whenTrue(), then);
      then.add(new Stmt.Assign(t, null, whenTrue));
      List<Stmt> otherwise = new ArrayList<>();
      Expr whenFalse = anf(c.whenFalse(), otherwise);
      otherwise.add(new Stmt.Assign(t, null, whenFalse));
      out.add(new Stmt.If(condition, then, otherwise));
      return new Expr.Local(t);
    }
    if (e instanceof Expr.Binary b && isShortCircuit(b) && hasCall(b.right())) {
      Variable t = Variable.temporary(namer.fresh("test"), Type.BOOLEAN);
      out.add(new Stmt.Declare(t, anf(b.left(), out)));
      List<Stmt> right = new ArrayList<>();
      Expr value = anf(b.right(), right);
      right.add(new Stmt.Assign(t, null, value));
      Expr test =
          b.op() == BinaryOp.AND
              ? new Expr.Local(t)
              : new Expr.Unary(UnaryOp.NOT, new Expr.Local(t), Type.BOOLEAN);
      out.add(new Stmt.If(test, right, List.of()));
      return new Expr.Local(t);
    }
    Expr rebuilt = Substitution.rebuild(e, child -> anf(child, out));
    return rebuilt instanceof Expr.Call c && isCall.test(c) ? named(c, out) : rebuilt;
  }

  /** {@code e} named by a local declared in {@code out} if it is a call; else {@code e}. */
  private Expr named(Expr e, List<Stmt> out) {
    if (!(e instanceof Expr.Call c) || !isCall.test(c)) {
      return Substitution.rebuild(e, child -> named(child, out));
    }
    Expr.Call call = c.withArguments(c.arguments().stream().map(a -> named(a, out)).toList());
    Variable t = Variable.temporary(namer.fresh(c.name()), c.type(), c.rank());
    out.add(new Stmt.Declare(t, call));
    return new Expr.Local(t);
  }

  /** {@code m[pick(i)]} as a row alias's target: its index named first. */
  private Expr rowAlias(Expr.Element row, List<Stmt> out) {
    if (!hasCall(row)) {
      return row;
    }
    return Substitution.rebuild(row, e -> named(e, out));
  }

  private void loop(Stmt.Loop l, List<Stmt> out) {
    List<Stmt> body = block(l.body());
    boolean callInCondition = l.condition() != null && hasCall(l.condition());
    boolean callInInit = l.init().stream().anyMatch(this::statementHasCall);
    boolean callInUpdate = l.update().stream().anyMatch(this::statementHasCall);
    if (l.kind() == Stmt.LoopKind.DO_WHILE && callInCondition) {
      // do { body } while (condition): for (;;) { body; if (!condition) break; }, a continue
      // going to the test (EarlyExits)
      List<Stmt> test = new ArrayList<>();
      Expr placedCondition = anf(l.condition(), test);
      test.add(Stmt.breakUnless(placedCondition));
      List<Stmt> tested = EarlyExits.beforeNextIteration(body, l.label(), test);
      if (tested != null) {
        out.add(new Stmt.Loop(l.label(), Stmt.LoopKind.FOR, List.of(), null, List.of(), tested));
        return;
      }
    }
    if (l.kind() == Stmt.LoopKind.DO_WHILE || !(callInCondition || callInInit || callInUpdate)) {
      out.add(new Stmt.Loop(l.label(), l.kind(), l.init(), l.condition(), l.update(), body));
      return;
    }
    List<Stmt> before = new ArrayList<>();
    List<Stmt> init = l.init();
    if (callInInit) {
      before.addAll(block(init)); // runs once, before the first test
      init = List.of();
    }
    List<Stmt> update = l.update();
    List<Stmt> withUpdate =
        callInUpdate ? EarlyExits.beforeNextIteration(body, l.label(), block(update)) : null;
    if (withUpdate != null) {
      body = withUpdate; // a continue goes to the update: the rest of the body is skipped
      update = List.of();
    }
    Expr condition = l.condition();
    if (callInCondition) {
      // for (init; ; update) { if (!condition) break; body }
      List<Stmt> test = new ArrayList<>();
      Expr placedCondition = anf(condition, test);
      test.add(Stmt.breakUnless(placedCondition));
      test.addAll(body);
      body = test;
      condition = null;
    }
    Stmt.Loop lowered = new Stmt.Loop(l.label(), Stmt.LoopKind.FOR, init, condition, update, body);
    if (before.isEmpty()) {
      out.add(lowered);
    } else {
      before.add(lowered);
      out.add(new Stmt.Block(before));
    }
  }

  private boolean statementHasCall(Stmt s) {
    if (s instanceof Stmt.Eval) {
      return true;
    }
    Expr stored = StmtScan.stored(s);
    return stored != null && hasCall(stored);
  }

  private static boolean isShortCircuit(Expr.Binary b) {
    return b.op() == BinaryOp.AND || b.op() == BinaryOp.OR;
  }
}
