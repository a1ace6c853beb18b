package io.javad.processor.lower;

import io.javad.processor.ir.Algebra;
import io.javad.processor.ir.Expr;
import io.javad.processor.ir.ExprScan;
import io.javad.processor.ir.MethodIr;
import io.javad.processor.ir.SourceLines;
import io.javad.processor.ir.Stmt;
import io.javad.processor.ir.StmtScan;
import io.javad.processor.ir.Substitution;
import io.javad.processor.ir.Type;
import io.javad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Assignments of whole arrays to array variables, lowered to copies of their contents, which is
 * what the generators know (each array variable names one array throughout): the port of pointer
 * assignment, {@code tmp = cur; cur = next; next = tmp;} swapping the buffers of a time-stepping
 * loop, {@code u = uNew;}, {@code b = a.clone();}, {@code b = new double[b.length];}.
 *
 * <p>Copying is the same as assigning the reference when nothing can tell them apart: both arrays
 * belong to the method (allocated in it, not a parameter's or a field's, whose owner would see the
 * writes), have the same length by how they were allocated, and {@code b = a} is a move: {@code a}
 * is not read again before it is itself assigned, or goes out of scope. A local declared as another
 * name of such an array ({@code double[] tmp = cur;}) that the array's variable then moves away
 * from gets a copy of it. An assignment outside these cases is a {@link Problem} at the statement.
 */
public final class ArrayMoves {

  /** An assignment of an array that is not a move of arrays of one length: {@code at} it. */
  public record Problem(Stmt at, String text) {}

  /** The method lowered, or its problem. */
  public record Result(MethodIr method, Problem problem) {}

  /** Per array variable of the method's own, the length it was allocated with. */
  private final Map<Variable, Expr> lengths = new HashMap<>();
  /** Per matrix of the method's own among them, the length of its rows ({@code new double[n][m]}'s m). */
  private final Map<Variable, Expr> columns = new HashMap<>();
  /** Array variables assigned whole arrays somewhere. */
  private final Set<Variable> reassigned = new HashSet<>();
  /** Array variables whose array is assigned to another variable somewhere ({@code b = a}: a). */
  private final Set<Variable> movedFrom = new HashSet<>();
  private final Set<Variable> assignedScalars = new HashSet<>();
  /** Locals never assigned after their declaration, with their initial values ({@code int n = u.length}). */
  private final Map<Variable, Expr> finalInits = new HashMap<>();
  /** The blocks being walked, outermost first, each with the index of the statement in it. */
  private final List<Frame> frames = new ArrayList<>();
  /** The method's parameters, which lengths hoisted to the method's start may read. */
  private final Set<Variable> parameters = new HashSet<>();
  /** Buffers declared at the method's start for copies made in loops, so that no step allocates. */
  private final List<Stmt> hoisted = new ArrayList<>();
  private Problem problem;

  private record Frame(List<Stmt> block, int index) {}

  private final io.javad.processor.ir.Namer namer;

  private ArrayMoves(MethodIr method) {
    this.namer = new io.javad.processor.ir.Namer(method.variableNames());
  }

  public static Result apply(MethodIr method) {
    ArrayMoves moves = new ArrayMoves(method);
    StmtScan.forEach(method.body(), s -> {
      if (s instanceof Stmt.Assign a && a.variable().isArray() && a.op() == null) {
        moves.reassigned.add(a.variable());
        if (a.value() instanceof Expr.Local l) {
          moves.movedFrom.add(l.variable());
        }
      } else if (s instanceof Stmt.Assign a) {
        moves.assignedScalars.add(a.variable());
      }
    });
    if (moves.reassigned.isEmpty()) {
      return new Result(method, null);
    }
    StmtScan.forEach(method.body(), s -> {
      if (s instanceof Stmt.Declare d && d.init() != null && d.variable().rank() == 0
          && !moves.assignedScalars.contains(d.variable())) {
        moves.finalInits.put(d.variable(), d.init());
      }
    });

    method.parameters().forEach(p -> moves.parameters.add(p.variable()));
    Problem before = moves.escapes(method.body());
    if (before == null) {
      before = moves.rowNamedAcrossMove(method.body());
    }
    if (before != null) {
      return new Result(method, before);
    }
    List<Stmt> body = moves.block(method.body());
    List<Stmt> all = new ArrayList<>(moves.hoisted);
    all.addAll(body);
    if (moves.problem == null) {
      // Whatever this pass did not reach (a loop's header) stays an assignment: not lowered.
      StmtScan.forEach(all, st -> {
        if (moves.problem == null && st instanceof Stmt.Assign a && a.variable().isArray() && a.op() == null) {
          moves.problem = new Problem(st, "array variable " + a.variable().name() + " is assigned a whole"
              + " array in a loop's header, which javad does not read as a copy; assign it in the loop's body");
        }
      });
    }
    return moves.problem != null
        ? new Result(method, moves.problem)
        : new Result(method.withBody(all), null);
  }

  /**
   * Where copies would show as other than the assignments they stand for: arrays compared by
   * reference, or arrays passed to a function with whole-function rules that returns an array
   * (which javad cannot tell is not the argument itself), when they take part in moves.
   */
  private Problem escapes(List<Stmt> body) {
    Problem[] found = {null};
    StmtScan.forEach(body, s -> {
      for (Expr e : StmtScan.expressions(s)) {
        forEachExpr(e, x -> {
          if (found[0] != null) {
            return;
          }
          if (x instanceof Expr.Binary b && (b.op() == io.javad.processor.ir.BinaryOp.EQUAL
              || b.op() == io.javad.processor.ir.BinaryOp.NOT_EQUAL) && b.left().rank() > 0) {
            found[0] = new Problem(s, "arrays are compared by reference (==) in a method that assigns whole"
                + " arrays, which javad reads as copies; compare their elements, or an index");
          } else if (x instanceof Expr.Call c && c.callee() != null && c.callee().userRules() && c.rank() > 0) {
            for (Expr arg : c.arguments()) {
              if (arg instanceof Expr.Local l && (reassigned.contains(l.variable()) || movedFrom.contains(l.variable()))) {
                found[0] = new Problem(s, "array variable " + l.variable().name() + " is passed to "
                    + c.name() + ", whose array result javad cannot tell is not " + l.variable().name()
                    + " itself, and is also assigned whole, which javad reads as a copy; pass "
                    + l.variable().name() + ".clone()");
              }
            }
          }
        });
      }
    });
    return found[0];
  }

  private static void forEachExpr(Expr e, java.util.function.Consumer<Expr> action) {
    if (e == null) {
      return;
    }
    action.accept(e);
    ExprScan.children(e).forEach(c -> forEachExpr(c, action));
  }

  /** The statements of a block, each with its frame on {@link #frames} while it is lowered. */
  private List<Stmt> block(List<Stmt> statements) {
    List<Stmt> out = new ArrayList<>();
    for (int i = 0; i < statements.size() && problem == null; i++) {
      Stmt s = statements.get(i);
      frames.add(new Frame(statements, i));
      try {
        out.add(SourceLines.carry(s, statement(s, statements, i)));
      } finally {
        frames.remove(frames.size() - 1);
      }
    }
    return out;
  }

  private Stmt statement(Stmt s, List<Stmt> block, int at) {
    if (s instanceof Stmt.Declare d && d.variable().isArray()) {
      return declaration(d, block, at);
    }
    if (s instanceof Stmt.Assign a && reassigned.contains(a.variable()) && a.op() == null) {
      return assignment(a, block, at);
    }
    if (s instanceof Stmt.Block b) {
      return new Stmt.Block(block(b.body()));
    }
    if (s instanceof Stmt.If f) {
      return new Stmt.If(f.condition(), block(f.then()), block(f.otherwise()));
    }
    if (s instanceof Stmt.Loop l) {
      return new Stmt.Loop(l.label(), l.kind(), l.init(), l.condition(), l.update(), loopBody(l));
    }
    return s;
  }

  /** The loop's body, its statements scanned as the loop runs them: again from the top. */
  private List<Stmt> loopBody(Stmt.Loop l) {
    loops.add(l);
    try {
      return block(l.body());
    } finally {
      loops.remove(loops.size() - 1);
    }
  }

  private final List<Stmt.Loop> loops = new ArrayList<>();

  /**
   * {@code double[] b = <new array>;} records b's length; {@code double[] tmp = cur;} where cur is
   * later assigned: a copy of cur, which tmp then holds alone.
   */
  private Stmt declaration(Stmt.Declare d, List<Stmt> block, int at) {
    Expr length = lengthOf(d.init());
    Expr rows = d.variable().rank() == 2 ? columnsOf(d.init()) : null;
    if (length != null && (d.variable().rank() == 1 || rows != null)) {
      lengths.put(d.variable(), length);
      if (rows != null) {
        columns.put(d.variable(), rows);
      }
      return d;
    }
    if (!(d.init() instanceof Expr.Local l)) {
      return d;
    }
    Variable a = l.variable();
    Variable t = d.variable();
    boolean moving =
        reassigned.contains(a) || movedFrom.contains(a) || reassigned.contains(t) || movedFrom.contains(t);
    if (!moving) {
      return d; // another name for an array no assignment moves: AliasInlining reads it through
    }
    // t keeps a's array once a is assigned another: a copy of it serves, if neither changes or is
    // named again before. (No other name shares a's array: every move leaves its source unused.)
    if (reassigned.contains(a) && lengths.containsKey(a) && untouchedUntilAssigned(a, t, block, at)) {
      Expr shared = lengths.get(a);
      lengths.put(t, shared);
      if (columns.containsKey(a)) {
        columns.put(t, columns.get(a));
      }
      if (!loops.isEmpty() && readsOnlyParameters(shared)
          && (!columns.containsKey(a) || hoistable(columns.get(a)))) {
        // In a loop: one buffer for every step, declared before, copied into here.
        // Made before the loop may run: a length that may be negative is taken as 0 (the loop
        // cannot reach this copy then, its source could not have been allocated).
        List<Expr> sizes = new ArrayList<>(List.of(nonNegative(shared)));
        if (columns.containsKey(a)) {
          sizes.add(nonNegative(columns.get(a)));
        }
        hoisted.add(SourceLines.carry(d, new Stmt.Declare(t, new Expr.NewArray(t.type(), t.rank(), sizes, null))));
        return copy(a, t);
      }
      return new Stmt.Declare(t, new Expr.ArrayCopy(d.init()));
    }
    problem = new Problem(d, "array variable " + t.name() + " is another name of " + a.name() + ", and"
        + " one of them is assigned or passed on whole while the other is in use; javad reads such an"
        + " assignment as a copy, which would separate them: declare " + t.name() + " = " + a.name()
        + ".clone() where you need the values as they are, or index " + a.name() + " itself");
    return d;
  }

  /** {@code b = a} and its kin, as copies of contents; else the problem. */
  private Stmt assignment(Stmt.Assign a, List<Stmt> block, int at) {
    Variable b = a.variable();
    Expr length = lengths.get(b);
    String shown = b.name();
    if (length == null) {
      problem = new Problem(a, "array variable " + shown + " is assigned another array, but it names an"
          + " array javad cannot copy into in its place (a parameter's, a field's, a callee's, a row of"
          + " a matrix, or one of"
          + " a length it cannot tell); copy the contents yourself (System.arraycopy) or declare a new"
          + " variable");
      return a;
    }
    Expr value = a.value();
    if (value instanceof Expr.NewArray n && b.rank() == 2) {
      if (n.elements() != null || !length.equals(lengthOf(n)) || !columns.get(b).equals(columnsOf(n))) {
        problem = new Problem(a, "matrix variable " + shown + " is assigned a new matrix that javad"
            + " cannot tell has " + shown + "'s shape (" + shown + " was allocated as new "
            + b.type().javaName() + "[" + io.javad.processor.emit.JavaPrinter.text(length) + "]["
            + io.javad.processor.emit.JavaPrinter.text(columns.get(b)) + "]); javad gives each array"
            + " variable one array: declare a new variable for it");
        return a;
      }
      return SourceLines.carry(a, zeros(b)); // new zeros of the same shape
    }
    if (value instanceof Expr.NewArray n) {
      if (!length.equals(lengthOf(n))) {
        problem = new Problem(a, "array variable " + shown + " is assigned a new array whose length"
            + " javad cannot tell is " + shown + "'s (" + shown + " was allocated with length "
            + io.javad.processor.emit.JavaPrinter.text(length) + "); javad gives each array variable"
            + " one array: declare a new variable for it");
        return a;
      }
      if (n.elements() == null) {
        return new Stmt.Fill(b, Algebra.constant(0, b.type())); // new zeros of the same length
      }
      if (n.elements().stream().anyMatch(e -> mentions(e, b))) {
        problem = new Problem(a, "array variable " + shown + " is assigned a new array built from its"
            + " own elements; build it in a new variable");
        return a;
      }
      List<Stmt> stores = new ArrayList<>(); // {x, y}: its elements, in order
      for (int i = 0; i < n.elements().size(); i++) {
        stores.add(SourceLines.carry(a,
            new Stmt.Store(
                new Expr.Element(new Expr.Local(b), Algebra.constant(i, Type.INT)), null, n.elements().get(i))));
      }
      return new Stmt.Block(stores);
    }
    Variable source =
        value instanceof Expr.Local l ? l.variable()
            : value instanceof Expr.ArrayCopy c && c.array() instanceof Expr.Local l ? l.variable()
            : null;
    if (source == null || source.rank() != b.rank() || source.type() != b.type()) {
      problem = new Problem(a, "array variable " + shown + " is assigned " + describe(value) + ", which"
          + " javad cannot read as a copy into it; assign another local array, its clone(), or a new"
          + " array of the same length");
      return a;
    }
    boolean copy = value instanceof Expr.ArrayCopy;
    if (!copy && !lengths.containsKey(source)) {
      problem = new Problem(a, "array variable " + shown + " is made another name of " + source.name()
          + ", an array javad does not own here (a parameter's, a field's, a callee's, a row of a matrix); assign "
          + source.name() + ".clone()");
      return a;
    }
    Expr sourceLength =
        lengths.containsKey(source)
            ? lengths.get(source)
            : canonical(new Expr.Length(new Expr.Local(source)));
    if (!length.equals(sourceLength)
        || b.rank() == 2 && !java.util.Objects.equals(columns.get(b), columns.get(source))) {
      problem = new Problem(a, "array variable " + shown + " is assigned " + source.name() + ", whose"
          + " length javad cannot tell is " + shown + "'s (" + shown + " has length "
          + io.javad.processor.emit.JavaPrinter.text(length) + ", " + source.name() + " "
          + io.javad.processor.emit.JavaPrinter.text(sourceLength) + "); allocate both with one"
          + " length, or declare a new variable");
      return a;
    }
    if (!copy && !movedAway(source, block, at)) {
      problem = new Problem(a, "array variable " + shown + " is made another name of " + source.name()
          + ", and javad cannot tell that " + source.name() + " is not used again while both name it;"
          + " javad gives each array variable an array of its own: assign " + source.name()
          + ".clone(), or assign " + source.name() + " before using it again");
      return a;
    }
    return copy(source, b);
  }

  /** A copy of {@code a}'s contents into {@code b}'s: one arraycopy, or element loops for a matrix. */
  private Stmt copy(Variable a, Variable b) {
    Expr zero = Algebra.constant(0, Type.INT);
    if (a.rank() == 1) {
      return new Stmt.Copy(a, zero, b, zero, new Expr.Length(new Expr.Local(a)));
    }
    return rowsLoop(b, (row, column) -> new Expr.Element(new Expr.Element(new Expr.Local(a), row), column));
  }

  /** {@code b = new double[n][m]} of b's shape: its elements set to zero. */
  private Stmt zeros(Variable b) {
    return rowsLoop(b, (row, column) -> Algebra.constant(0, b.type()));
  }

  /** {@code for (r) for (c) b[r][c] = element(r, c);}, over b's own rows and columns. */
  private Stmt rowsLoop(Variable b, java.util.function.BiFunction<Expr, Expr, Expr> element) {
    Variable r = Variable.temporary(namer.fresh("r"), Type.INT);
    Variable c = Variable.temporary(namer.fresh("c"), Type.INT);
    Expr.Local row = new Expr.Local(r);
    Expr.Local column = new Expr.Local(c);
    Stmt store =
        new Stmt.Store(
            new Expr.Element(new Expr.Element(new Expr.Local(b), row), column), null,
            element.apply(row, column));
    Stmt inner =
        new Stmt.Loop(
            null, Stmt.LoopKind.FOR,
            List.of(new Stmt.Declare(c, Algebra.constant(0, Type.INT))),
            new Expr.Binary(io.javad.processor.ir.BinaryOp.LESS, column,
                new Expr.Length(new Expr.Element(new Expr.Local(b), row)), Type.BOOLEAN),
            List.of(new Stmt.Assign(c, io.javad.processor.ir.BinaryOp.ADD, Algebra.constant(1, Type.INT))),
            List.of(store));
    return new Stmt.Loop(
        null, Stmt.LoopKind.FOR,
        List.of(new Stmt.Declare(r, Algebra.constant(0, Type.INT))),
        new Expr.Binary(io.javad.processor.ir.BinaryOp.LESS, row, new Expr.Length(new Expr.Local(b)), Type.BOOLEAN),
        List.of(new Stmt.Assign(r, io.javad.processor.ir.BinaryOp.ADD, Algebra.constant(1, Type.INT))),
        List.of(inner));
  }

  /** A size as made before a loop may run: one that may be negative is taken as 0. */
  private static Expr nonNegative(Expr size) {
    if (size instanceof Expr.Length len && len.array() instanceof Expr.Element row) {
      // p[0].length where p may have no row 0 (the loop would not run then): 0.
      return new Expr.Conditional(
          new Expr.Binary(io.javad.processor.ir.BinaryOp.GREATER, new Expr.Length(row.array()), row.index(), Type.BOOLEAN),
          size, Algebra.constant(0, Type.INT), Type.INT);
    }
    return size instanceof Expr.Length || size instanceof Expr.Literal
        ? size
        : new Expr.Call("java.lang.Math", "max", List.of(Algebra.constant(0, Type.INT), size), Type.INT);
  }

  /** A matrix's row length the method's start can compute: from parameters, m[k].length at most. */
  private boolean hoistable(Expr columns) {
    if (columns instanceof Expr.Length len && len.array() instanceof Expr.Element row) {
      return row.array() instanceof Expr.Local l && parameters.contains(l.variable())
          && row.index() instanceof Expr.Literal;
    }
    return readsOnlyParameters(columns) && !containsElement(columns);
  }

  private static boolean containsElement(Expr e) {
    return e instanceof Expr.Element || ExprScan.children(e).stream().anyMatch(ArrayMoves::containsElement);
  }

  /**
   * A local naming a row of a matrix that moves ({@code double[] r = u[i];}, a for-each's row)
   * keeps the row it named in Java, but the copies javad makes change that row's contents: a
   * problem where a move of matrices follows it in its block.
   */
  private Problem rowNamedAcrossMove(List<Stmt> block) {
    for (int i = 0; i < block.size(); i++) {
      Stmt s = block.get(i);
      if (s instanceof Stmt.Declare d
          && d.variable().rank() == 1
          && d.init() instanceof Expr.Element el
          && el.array() instanceof Expr.Local m
          && (reassigned.contains(m.variable()) || movedFrom.contains(m.variable()))) {
        boolean[] moved = {false};
        StmtScan.forEach(block.subList(i + 1, block.size()), t ->
            moved[0] |= t instanceof Stmt.Assign a && a.variable().rank() == 2 && a.op() == null);
        if (moved[0]) {
          return new Problem(s, "array " + d.variable().name() + " names a row of matrix "
              + m.variable().name() + ", which is assigned another matrix while the name is in use;"
              + " javad reads that assignment as a copy, which would change the row it names:"
              + " index " + m.variable().name() + " itself");
        }
      }
      for (Stmt.Block inner : nestedBlocks(s)) {
        Problem p = rowNamedAcrossMove(inner.body());
        if (p != null) {
          return p;
        }
      }
    }
    return null;
  }

  private static List<Stmt.Block> nestedBlocks(Stmt s) {
    List<Stmt.Block> out = new ArrayList<>();
    if (s instanceof Stmt.Block b) {
      out.add(b);
    } else if (s instanceof Stmt.If f) {
      out.add(new Stmt.Block(f.then()));
      out.add(new Stmt.Block(f.otherwise()));
    } else if (s instanceof Stmt.Loop l) {
      out.add(new Stmt.Block(l.body()));
    }
    return out;
  }

  /**
   * Whether {@code a} is not read after statement {@code at} of {@code block} before it is itself
   * assigned or goes out of scope: the next mention of it, in the block or, in a loop body, from
   * the loop's top again, assigns it whole.
   */
  private boolean movedAway(Variable a, List<Stmt> block, int at) {
    // Declared in this block, it ends with the block however control leaves it.
    boolean local = declaresIn(block, a);
    Boolean after = firstMention(a, block.subList(at + 1, block.size()), !local);
    if (after != null) {
      return after;
    }
    if (local) {
      return true;
    }
    if (!loops.isEmpty() && loops.get(loops.size() - 1).body() == block) {
      Stmt.Loop loop = loops.get(loops.size() - 1);
      if (mentions(loop.condition(), a) || loop.update().stream().anyMatch(s -> mentionsIn(s, a))) {
        return false;
      }
      Boolean again = firstMention(a, block.subList(0, at), true);
      // The next iteration assigns it first; and when the loop ends (or breaks) here, the code
      // after the loop must not read it either.
      return again != null && again && deadAfter(a, loop);
    }
    return false;
  }

  /**
   * Whether {@code a} is not read after {@code loop} ends before it is assigned whole or goes out
   * of scope: the statements after the loop in each enclosing block, innermost first.
   */
  private boolean deadAfter(Variable a, Stmt.Loop loop) {
    int i = frames.size() - 1;
    while (i >= 0 && frames.get(i).block().get(frames.get(i).index()) != loop) {
      i--;
    }
    for (; i >= 0; i--) {
      Frame f = frames.get(i);
      Boolean next = firstMention(a, f.block().subList(f.index() + 1, f.block().size()), true);
      if (next != null) {
        return next;
      }
      if (declaresIn(f.block(), a)) {
        return true;
      }
      Stmt enclosing = i > 0 ? frames.get(i - 1).block().get(frames.get(i - 1).index()) : null;
      if (enclosing instanceof Stmt.Loop) {
        return false; // an outer loop runs its body again: read again, unless assigned first
      }
    }
    return true; // the method ends
  }

  /**
   * True if the first statement mentioning {@code a} assigns it whole, false if it reads it (or,
   * with {@code jumpsMatter}, a jump may leave before), null if none does.
   */
  private static Boolean firstMention(Variable a, List<Stmt> statements, boolean jumpsMatter) {
    for (Stmt s : statements) {
      if (s instanceof Stmt.Assign assign && assign.variable().equals(a) && assign.op() == null
          && !mentions(assign.value(), a)) {
        return true;
      }
      if (mentionsIn(s, a) || jumpsMatter && jumps(s)) {
        return false; // read; or control may leave before the assignment
      }
    }
    return null;
  }

  private static boolean jumps(Stmt s) {
    boolean[] found = {false};
    StmtScan.forEach(List.of(s), inner -> found[0] |= inner instanceof Stmt.Break || inner instanceof Stmt.Continue);
    return found[0];
  }

  /** {@code double[] tmp = cur;}: neither name is written or passed on before cur is assigned. */
  private static boolean untouchedUntilAssigned(Variable cur, Variable tmp, List<Stmt> block, int at) {
    for (Stmt s : block.subList(at + 1, block.size())) {
      if (s instanceof Stmt.Assign a && a.variable().equals(cur) && a.op() == null) {
        return true;
      }
      boolean[] touched = {false};
      StmtScan.forEach(List.of(s), inner -> {
        // Written, assigned, passed to a callee, or named again: the two might differ.
        touched[0] |= StmtScan.writtenArrays(List.of(inner)).contains(cur)
            || StmtScan.writtenArrays(List.of(inner)).contains(tmp)
            || inner instanceof Stmt.Assign as && (as.variable().equals(cur) || as.variable().equals(tmp)
                || as.variable().rank() == 1 && (mentions(as.value(), cur) || mentions(as.value(), tmp)))
            || inner instanceof Stmt.Declare d && d.init() instanceof Expr.Local l
                && (l.variable().equals(cur) || l.variable().equals(tmp))
            || inner instanceof Stmt.Eval e && (mentions(e.call(), cur) || mentions(e.call(), tmp));
      });
      if (touched[0]) {
        return false;
      }
    }
    return false;
  }

  /**
   * The length an array expression is allocated with, in terms that do not change: {@code new
   * double[n]}'s n, {@code a.clone()}'s length; null if javad cannot tell.
   */
  private Expr lengthOf(Expr init) {
    if (init instanceof Expr.NewArray n
        && (n.rank() == 1 || n.rank() == 2 && n.elements() == null && n.sizes().size() == 2)) {
      Expr size = canonical(n.elements() != null ? Algebra.constant(n.elements().size(), Type.INT) : n.sizes().get(0));
      return invariant(size) ? size : null;
    }
    if (init instanceof Expr.ArrayCopy c && c.array() instanceof Expr.Local l) {
      return lengths.containsKey(l.variable()) ? lengths.get(l.variable()) : canonical(new Expr.Length(c.array()));
    }
    return null;
  }

  /** The length of a new matrix's rows, {@code new double[n][m]}'s m, in terms that do not change. */
  private Expr columnsOf(Expr init) {
    if (init instanceof Expr.NewArray n && n.rank() == 2 && n.elements() == null && n.sizes().size() == 2) {
      Expr size = canonical(n.sizes().get(1));
      return invariant(size) ? size : null;
    }
    if (init instanceof Expr.ArrayCopy c && c.array() instanceof Expr.Local l) {
      return columns.get(l.variable());
    }
    return null;
  }

  /**
   * {@code e} in terms of what does not change: {@code u.length} of a local whose length is known
   * as that length, a local never assigned after its declaration as its initial value.
   */
  private Expr canonical(Expr e) {
    if (e instanceof Expr.Length len && len.array() instanceof Expr.Local l && lengths.containsKey(l.variable())) {
      return lengths.get(l.variable());
    }
    if (e instanceof Expr.Length len
        && len.array() instanceof Expr.Element row
        && row.array() instanceof Expr.Local l
        && columns.containsKey(l.variable())) {
      return columns.get(l.variable()); // u[i].length of a matrix of rows of one length
    }
    if (e instanceof Expr.Local l && finalInits.containsKey(l.variable())) {
      return canonical(finalInits.get(l.variable()));
    }
    return Substitution.rebuild(e, this::canonical);
  }

  /**
   * Whether {@code e}'s value is the same wherever it is read: literals, arithmetic, and locals and
   * lengths of arrays no statement assigns; no element, field or call, which may change.
   */
  private boolean invariant(Expr e) {
    if (e instanceof Expr.Length len
        && len.array() instanceof Expr.Element row
        && row.array() instanceof Expr.Local
        && invariant(row.index())) {
      return true; // m[0].length: javad assigns no row but in swaps of rows of one length
    }
    if (e instanceof Expr.Element || e instanceof Expr.Call || e instanceof Expr.InstanceField
        || e instanceof Expr.StaticField) {
      return false;
    }
    if (e instanceof Expr.Local l) {
      return !assignedScalars.contains(l.variable()) && !reassigned.contains(l.variable());
    }
    return ExprScan.children(e).stream().allMatch(this::invariant);
  }

  private boolean readsOnlyParameters(Expr e) {
    boolean[] others = {false};
    ExprScan.forEachLocal(e, v -> others[0] |= !parameters.contains(v));
    return !others[0];
  }

  private static boolean declaresIn(List<Stmt> block, Variable v) {
    return block.stream().anyMatch(s -> s instanceof Stmt.Declare d && d.variable().equals(v));
  }

  /** Whether {@code s}, or a statement in it, reads or writes {@code v}. */
  private static boolean mentionsIn(Stmt s, Variable v) {
    boolean[] found = {false};
    StmtScan.forEach(List.of(s), inner -> {
      found[0] |= StmtScan.targets(inner).contains(v) || inner instanceof Stmt.Copy c && c.source().equals(v);
      found[0] |= inner instanceof Stmt.Loop l && mentions(l.condition(), v);
      found[0] |= inner instanceof Stmt.If f && mentions(f.condition(), v);
      found[0] |= StmtScan.stored(inner) != null && mentions(StmtScan.stored(inner), v);
      found[0] |= inner instanceof Stmt.Store st && mentions(st.target(), v);
      found[0] |= inner instanceof Stmt.Eval e && mentions(e.call(), v);
      found[0] |= inner instanceof Stmt.Return r && r.value() != null && mentions(r.value(), v);
      found[0] |= inner instanceof Stmt.Throw t && StmtScan.expressions(t).stream().anyMatch(e -> mentions(e, v));
      found[0] |= inner instanceof Stmt.Copy c
          && (mentions(c.sourceStart(), v) || mentions(c.targetStart(), v) || mentions(c.length(), v));
    });
    return found[0];
  }

  private static boolean mentions(Expr e, Variable v) {
    return e != null && ExprScan.reads(e, v);
  }

  private static String describe(Expr value) {
    return value instanceof Expr.Call ? "a method's result" : "an array expression";
  }
}
