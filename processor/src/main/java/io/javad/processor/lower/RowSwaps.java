package io.javad.processor.lower;

import io.javad.processor.ir.Algebra;
import io.javad.processor.ir.BinaryOp;
import io.javad.processor.ir.Expr;
import io.javad.processor.ir.ExprScan;
import io.javad.processor.ir.MethodIr;
import io.javad.processor.ir.Namer;
import io.javad.processor.ir.SourceLines;
import io.javad.processor.ir.Stmt;
import io.javad.processor.ir.StmtScan;
import io.javad.processor.ir.Type;
import io.javad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rows of a matrix swapped through a temporary, {@code double[] t = m[k]; m[k] = m[p]; m[p] = t;}
 * (the pivoting of an elimination; {@code t = m[k]} again for the next swap), lowered to a loop
 * swapping their elements, which is what the generators know (a matrix's rows stay where they
 * are); and a row assigned a copy, {@code m[i] = a[i].clone()}, to a loop copying into it.
 *
 * <p>Swapping the contents is the same as swapping the references when nothing can tell them
 * apart: the matrix is the method's own, allocated with both lengths ({@code new double[n][n]}, so
 * every row has its own array, of one length), never assigned whole; the temporary is read by
 * swaps only; no local naming one of its rows ({@code double[] r = m[k]}) is read after a swap
 * that moves it. The indices are read in each step of the loop, so they must not read the matrix
 * nor call. Any other assignment of a whole row is a {@link ArrayMoves.Problem} at the statement.
 */
public final class RowSwaps {

  private final Set<Variable> owned = new HashSet<>();
  private final Namer namer;
  /** The first and last statements of every swap in the method, and the swaps' temporaries. */
  private final Set<Stmt> swapEnds = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Set<Variable> temporaries = new HashSet<>();
  /** Temporaries read outside swaps, with a statement reading one. */
  private final Map<Variable, Stmt> readElsewhere = new java.util.HashMap<>();
  /** The loops this pass made, with the matrix each swaps rows of (or copies a row into). */
  private final Map<Stmt, Variable> swaps = new IdentityHashMap<>();
  /** Those of the loops that copy an array into a row. */
  private final Set<Stmt> copies = Collections.newSetFromMap(new IdentityHashMap<>());
  private ArrayMoves.Problem problem;

  private RowSwaps(MethodIr method) {
    this.namer = new Namer(method.variableNames());
  }

  /** The method with its swaps lowered, or the problem. */
  public static ArrayMoves.Result apply(MethodIr method) {
    boolean[] rows = {false};
    StmtScan.forEach(method.body(), s -> rows[0] |= isRowStore(s));
    if (!rows[0]) {
      return new ArrayMoves.Result(method, null);
    }
    RowSwaps pass = new RowSwaps(method);
    pass.survey(method.body());
    List<Stmt> body = pass.block(method.body());
    if (pass.problem == null) {
      StmtScan.forEach(body, s -> {
        if (pass.problem == null && isRowStore(s)) {
          pass.problem = new ArrayMoves.Problem(s, "a whole row of a matrix is assigned here;"
              + " javad assigns rows only to swap two rows of a matrix the method allocates with"
              + " both lengths, through a temporary, in three statements in a row (double[] t ="
              + " m[i]; m[i] = m[j]; m[j] = t;) whose indices neither assign nor call, and to copy a"
              + " new array into a row (m[i] = a.clone(), m[i] = f(m[i])): allocate"
              + " the matrix with both lengths, and copy into its rows otherwise"
              + " (System.arraycopy(a, 0, m[i], 0, n), or m[i][j] = ...); a deep copy of a matrix"
              + " is new double[a.length][] filled by c[i] = a[i].clone() in a for loop right"
              + " after it");
        }
      });
    }
    return pass.problem != null
        ? new ArrayMoves.Result(method, pass.problem)
        : new ArrayMoves.Result(method.withBody(body), null);
  }

  private static boolean isRowStore(Stmt s) {
    return s instanceof Stmt.Store st && st.target().rank() > 0;
  }

  /** The owned matrices, the swaps' statements and temporaries, and where else those are read. */
  private void survey(List<Stmt> body) {
    Set<Variable> assigned = new HashSet<>();
    StmtScan.forEach(body, s -> {
      if (s instanceof Stmt.Assign a && a.variable().rank() != 1) {
        assigned.add(a.variable());
      }
    });
    StmtScan.forEach(body, s -> {
      if (s instanceof Stmt.Declare d
          && d.variable().rank() == 2
          && !assigned.contains(d.variable())
          && d.init() instanceof Expr.NewArray n
          && n.elements() == null
          && n.sizes().size() == 2) {
        owned.add(d.variable());
      }
    });
    findSwaps(body);
    StmtScan.forEach(body, s -> {
      if (swapEnds.contains(s)) {
        return;
      }
      for (Expr e : StmtScan.expressions(s)) {
        for (Variable t : temporaries) {
          if (e != null && ExprScan.reads(e, t)) {
            readElsewhere.putIfAbsent(t, s);
          }
        }
      }
    });
  }

  /** The swaps in {@code block} and in the blocks nested in it. */
  private void findSwaps(List<Stmt> block) {
    for (int i = 0; i < block.size(); i++) {
      Shape shape = i + 2 < block.size() ? shape(block.subList(i, i + 3)) : null;
      if (shape != null) {
        swapEnds.add(block.get(i));
        swapEnds.add(block.get(i + 2));
        temporaries.add(shape.temporary());
      }
      Stmt s = block.get(i);
      if (s instanceof Stmt.Block b) {
        findSwaps(b.body());
      } else if (s instanceof Stmt.If f) {
        findSwaps(f.then());
        findSwaps(f.otherwise());
      } else if (s instanceof Stmt.Loop l) {
        findSwaps(l.body());
      }
    }
  }

  /** The parts of {@code t = m[a]; m[a] = m[b]; m[b] = t;} (declared or assigned), or null. */
  private record Shape(Variable temporary, Expr.Local matrix, Expr.Element first, Expr.Element second) {}

  private static Shape shape(List<Stmt> three) {
    Variable t;
    Expr taken;
    if (three.get(0) instanceof Stmt.Declare d) {
      t = d.variable();
      taken = d.init();
    } else if (three.get(0) instanceof Stmt.Assign a && a.op() == null) {
      t = a.variable();
      taken = a.value();
    } else {
      return null;
    }
    if (t.rank() == 1
        && taken instanceof Expr.Element first
        && first.array() instanceof Expr.Local m
        && three.get(1) instanceof Stmt.Store moved
        && moved.op() == null
        && moved.target().equals(first)
        && moved.value() instanceof Expr.Element second
        && second.array().equals(m)
        && three.get(2) instanceof Stmt.Store back
        && back.op() == null
        && back.target().equals(second)
        && back.value() instanceof Expr.Local put
        && put.variable().equals(t)) {
      return new Shape(t, m, first, second);
    }
    return null;
  }

  private List<Stmt> block(List<Stmt> statements) {
    List<Stmt> out = new ArrayList<>();
    for (int i = 0; i < statements.size() && problem == null; i++) {
      Stmt s = statements.get(i);
      Stmt swap = swapEnds.contains(s) && i + 2 < statements.size()
          ? swap(statements.subList(i, i + 3))
          : null;
      if (swap != null) {
        out.add(SourceLines.carry(s, swap));
        i += 2;
        continue;
      }
      if (s instanceof Stmt.Declare d && d.init() == null && temporaries.contains(d.variable())
          && !readElsewhere.containsKey(d.variable())) {
        continue; // double[] t; declared for swaps, which no longer need it
      }
      Stmt copied = rowCopy(s);
      if (copied != null) {
        out.add(SourceLines.carry(s, copied));
        continue;
      }
      out.add(SourceLines.carry(s, statement(s)));
    }
    checkRowNames(out);
    return out;
  }

  /** A local naming a row, declared in {@code out}, must not be read after a swap of its matrix. */
  private void checkRowNames(List<Stmt> out) {
    for (int i = 0; i < out.size() && problem == null; i++) {
      if (!(out.get(i) instanceof Stmt.Declare d
          && d.variable().rank() == 1
          && d.init() instanceof Expr.Element row
          && row.array() instanceof Expr.Local m)) {
        continue;
      }
      for (int j = i + 1; j < out.size() && problem == null; j++) {
        Stmt swap = swapIn(out.get(j), m.variable());
        if (swap == null) {
          continue;
        }
        // Read after the swap: in what follows, or anywhere in a statement (a loop) holding it.
        boolean readAfter = out.get(j) != swap && reads(List.of(out.get(j)), d.variable());
        readAfter |= reads(out.subList(j + 1, out.size()), d.variable());
        if (readAfter) {
          SourceLines.Line line = SourceLines.of(swap);
          // A for-each's row has no line of its own: the error goes to the swap.
          Stmt at = SourceLines.of(d) != null ? d : swap;
          problem = new ArrayMoves.Problem(at, "local " + d.variable().name() + " names a row of "
              + m.variable().name() + ", and is read after the "
              + (copies.contains(swap) ? "copy into one of its rows" : "swap of its rows")
              + (line == null ? "" : " at line " + line.number()) + ", which javad does by"
              + " writing the rows' elements, so that " + d.variable().name() + " would see the"
              + " new values: read " + m.variable().name() + "[i] itself after it,"
              + " or name the row again there");
        }
      }
    }
  }

  /** A swap of {@code matrix}'s rows that this pass made, in {@code s} or {@code s} itself, or null. */
  private Stmt swapIn(Stmt s, Variable matrix) {
    Stmt[] found = {null};
    StmtScan.forEach(List.of(s), t -> {
      if (found[0] == null && matrix.equals(swaps.get(t))) {
        found[0] = t;
      }
    });
    return found[0];
  }

  private static boolean reads(List<Stmt> statements, Variable v) {
    boolean[] found = {false};
    StmtScan.forEach(statements, s -> {
      for (Expr e : StmtScan.expressions(s)) {
        found[0] |= e != null && ExprScan.reads(e, v);
      }
    });
    return found[0];
  }

  private Stmt statement(Stmt s) {
    if (s instanceof Stmt.Block b) {
      return new Stmt.Block(block(b.body()));
    }
    if (s instanceof Stmt.If f) {
      return new Stmt.If(f.condition(), block(f.then()), block(f.otherwise()));
    }
    if (s instanceof Stmt.Loop l) {
      return new Stmt.Loop(l.label(), l.kind(), l.init(), l.condition(), l.update(), block(l.body()));
    }
    return s;
  }

  /**
   * {@code t = m[a]; m[a] = m[b]; m[b] = t;} as {@code for (int j = 0; j < m[a].length; j++) {
   * double s = m[a][j]; m[a][j] = m[b][j]; m[b][j] = s; }}, or null if the three statements are
   * not such a swap (then the problem, if they nearly are).
   */
  private Stmt swap(List<Stmt> three) {
    Shape shape = shape(three);
    if (shape == null) {
      return null;
    }
    Variable matrix = shape.matrix().variable();
    Variable t = shape.temporary();
    Stmt at = three.get(0);
    if (!owned.contains(matrix)) {
      problem = new ArrayMoves.Problem(at, "rows of " + matrix.name() + " are swapped, which javad"
          + " does (by swapping their elements) only in a matrix the method allocates with both"
          + " lengths, new double[n][m], and never assigns whole: copy " + matrix.name()
          + " into such a matrix first");
      return null;
    }
    if (readElsewhere.containsKey(t)) {
      problem = new ArrayMoves.Problem(at, "the temporary " + t.name() + " of this swap of rows"
          + " is read outside swaps; javad swaps the rows' elements, so " + t.name() + " would"
          + " not name the old row: use a temporary for the swap only, and "
          + matrix.name() + "[i].clone() where you need the row's values kept");
      return null;
    }
    Expr a = shape.first().index();
    Expr b = shape.second().index();
    if (!simpleIndex(a, matrix) || !simpleIndex(b, matrix)) {
      problem = new ArrayMoves.Problem(at, "the indices of this swap of rows of " + matrix.name()
          + " call a method or read " + matrix.name() + ", and javad reads them at each element"
          + " it swaps: store them in locals first");
      return null;
    }
    Variable j = Variable.temporary(namer.fresh("j"), Type.INT);
    Variable held = Variable.temporary(namer.fresh("swapped"), matrix.type());
    Expr.Local step = new Expr.Local(j);
    Expr.Element fromA = new Expr.Element(shape.first(), step);
    Expr.Element fromB = new Expr.Element(shape.second(), step);
    List<Stmt> body =
        List.of(
            new Stmt.Declare(held, fromA),
            new Stmt.Store(fromA, null, fromB),
            new Stmt.Store(fromB, null, new Expr.Local(held)));
    Stmt loop = overRow(j, shape.first(), body);
    swaps.put(loop, matrix);
    return loop;
  }

  /**
   * {@code m[a] = b.clone();} (or a new array: {@code m[a] = f(m[a])}, {@code m[a] = new double[]
   * {x, y}}) into a matrix of the method's own, of rows of one length: a copy of the elements into
   * the row, after checking that {@code b} has the row's length (else
   * Java's matrix would get a row of another length, which the derivatives cannot follow: they
   * throw); null for any other statement.
   */
  private Stmt rowCopy(Stmt s) {
    if (!(s instanceof Stmt.Store st
        && st.op() == null
        && st.target().rank() == 1
        && st.target().array() instanceof Expr.Local m
        && owned.contains(m.variable())
        && simpleIndex(st.target().index(), m.variable()))) {
      return null;
    }
    List<Stmt> out = new ArrayList<>();
    Expr source;
    if (st.value() instanceof Expr.ArrayCopy copy
        && copy.array().rank() == 1
        && !ExprScan.containsCall(copy.array())) {
      source = copy.array();
    } else if ((st.value() instanceof Expr.Call || st.value() instanceof Expr.NewArray)
        && st.value().rank() == 1) {
      // m[i] = f(m[i]), m[i] = new double[] {x, y}: a new array, held, then copied into the row.
      Variable fresh = Variable.temporary(namer.fresh("row"), st.value().type(), 1);
      out.add(SourceLines.carry(s, new Stmt.Declare(fresh, st.value())));
      source = new Expr.Local(fresh);
    } else {
      return null;
    }
    Expr row = st.target();
    Expr length = new Expr.Length(row);
    Stmt check =
        new Stmt.Eval(
            new Expr.Call(
                "io.javad.runtime.ArrayShapes", "checkRowLength",
                List.of(new Expr.Length(source), length), Type.VOID));
    Variable j = Variable.temporary(namer.fresh("j"), Type.INT);
    Expr.Local step = new Expr.Local(j);
    // Read into the row in place; a source that is a row of the same matrix is another array.
    Stmt loop =
        overRow(
            j, row,
            List.of(
                new Stmt.Store(
                    new Expr.Element(row, step), null, new Expr.Element(source, step))));
    swaps.put(loop, m.variable()); // a row's local read after it would see the new values
    copies.add(loop);
    out.add(check);
    out.add(loop);
    return new Stmt.Block(out);
  }

  /** {@code for (int j = 0; j < row.length; j++) body}. */
  private static Stmt overRow(Variable j, Expr row, List<Stmt> body) {
    return new Stmt.Loop(
        null,
        Stmt.LoopKind.FOR,
        List.of(new Stmt.Declare(j, Algebra.constant(0, Type.INT))),
        new Expr.Binary(BinaryOp.LESS, new Expr.Local(j), new Expr.Length(row), Type.BOOLEAN),
        List.of(new Stmt.Assign(j, BinaryOp.ADD, Algebra.constant(1, Type.INT))),
        body);
  }

  /** An index the swap's loop may read in every step: no call, no element of the matrix. */
  private static boolean simpleIndex(Expr index, Variable matrix) {
    return !ExprScan.containsCall(index) && !ExprScan.reads(index, matrix);
  }
}
