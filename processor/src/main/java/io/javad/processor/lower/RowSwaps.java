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
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rows of a matrix swapped through a temporary, {@code double[] t = m[k]; m[k] = m[p]; m[p] = t;}
 * (the pivoting of an elimination), lowered to a loop swapping their elements, which is what the
 * generators know (a matrix's rows stay where they are).
 *
 * <p>Swapping the contents is the same as swapping the references when nothing can tell them
 * apart: the matrix is the method's own, allocated with both lengths ({@code new double[n][n]}, so
 * every row has its own array, of one length), never assigned whole, the temporary is read nowhere
 * else, and no other local names one of its rows across the swap ({@code double[] r = m[k]} before
 * a swap that moves it). The indices are read in each step of the loop, so they must not read the
 * matrix nor call. Any other assignment of a whole row is a {@link ArrayMoves.Problem} at the
 * statement.
 */
public final class RowSwaps {

  private final Set<Variable> owned = new HashSet<>();
  private final Namer namer;
  private final List<Stmt> all;
  /** The loops this pass made, with the matrix each swaps rows of. */
  private final Map<Stmt, Variable> swaps = new IdentityHashMap<>();
  private ArrayMoves.Problem problem;

  private RowSwaps(MethodIr method) {
    this.namer = new Namer(method.variableNames());
    this.all = method.body();
  }

  /** The method with its swaps lowered, or the problem. */
  public static ArrayMoves.Result apply(MethodIr method) {
    boolean[] rows = {false};
    StmtScan.forEach(method.body(), s -> rows[0] |= isRowStore(s));
    if (!rows[0]) {
      return new ArrayMoves.Result(method, null);
    }
    RowSwaps pass = new RowSwaps(method);
    Set<Variable> assigned = new HashSet<>();
    StmtScan.forEach(method.body(), s -> {
      if (s instanceof Stmt.Assign a) {
        assigned.add(a.variable());
      }
    });
    StmtScan.forEach(method.body(), s -> {
      if (s instanceof Stmt.Declare d
          && d.variable().rank() == 2
          && !assigned.contains(d.variable())
          && d.init() instanceof Expr.NewArray n
          && n.elements() == null
          && n.sizes().size() == 2) {
        pass.owned.add(d.variable());
      }
    });
    List<Stmt> body = pass.block(method.body());
    if (pass.problem == null) {
      StmtScan.forEach(body, s -> {
        if (pass.problem == null && isRowStore(s)) {
          pass.problem = new ArrayMoves.Problem(s, "a whole row of a matrix is assigned here;"
              + " javad assigns rows only to swap two rows of a matrix the method allocates with"
              + " both lengths, through a temporary (double[] t = m[i]; m[i] = m[j]; m[j] = t;):"
              + " assign the row's elements m[i][j] otherwise");
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

  private List<Stmt> block(List<Stmt> statements) {
    List<Stmt> out = new ArrayList<>();
    for (int i = 0; i < statements.size() && problem == null; i++) {
      Stmt s = statements.get(i);
      Stmt swap = i + 2 < statements.size() ? swap(statements.subList(i, i + 3)) : null;
      if (swap != null) {
        out.add(SourceLines.carry(s, swap));
        i += 2;
        continue;
      }
      out.add(SourceLines.carry(s, statement(s)));
    }
    // A local naming a row, declared here, while a later swap moves that row.
    for (int i = 0; i < out.size() && problem == null; i++) {
      if (out.get(i) instanceof Stmt.Declare d
          && d.variable().rank() == 1
          && d.init() instanceof Expr.Element row
          && row.array() instanceof Expr.Local m) {
        List<Stmt> rest = out.subList(i + 1, out.size());
        StmtScan.forEach(rest, s -> {
          if (problem == null && m.variable().equals(swaps.get(s))) {
            problem = new ArrayMoves.Problem(d, "local " + d.variable().name() + " names a row of "
                + m.variable().name() + " while a swap of its rows (line comment below) moves the"
                + " rows; declare " + d.variable().name() + " after the swap, or index "
                + m.variable().name() + " itself");
          }
        });
      }
    }
    return out;
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
   * {@code double[] t = m[a]; m[a] = m[b]; m[b] = t;} as {@code for (int j = 0; j < m[a].length;
   * j++) { double s = m[a][j]; m[a][j] = m[b][j]; m[b][j] = s; }}, or null if the three statements
   * are not such a swap.
   */
  private Stmt swap(List<Stmt> three) {
    if (!(three.get(0) instanceof Stmt.Declare d
        && d.variable().rank() == 1
        && d.init() instanceof Expr.Element first
        && first.array() instanceof Expr.Local m
        && three.get(1) instanceof Stmt.Store moved
        && moved.op() == null
        && moved.target().equals(first)
        && moved.value() instanceof Expr.Element second
        && second.array().equals(m)
        && three.get(2) instanceof Stmt.Store back
        && back.op() == null
        && back.target().equals(second)
        && back.value() instanceof Expr.Local t
        && t.variable().equals(d.variable()))) {
      return null;
    }
    Variable matrix = m.variable();
    if (!owned.contains(matrix)) {
      problem = new ArrayMoves.Problem(d, "rows of " + matrix.name() + " are swapped, which javad"
          + " does (by swapping their elements) only in a matrix the method allocates with both"
          + " lengths, new double[n][m], and never assigns whole: copy " + matrix.name()
          + " into such a matrix first");
      return three.get(0);
    }
    Expr a = first.index();
    Expr b = second.index();
    if (!simpleIndex(a, matrix) || !simpleIndex(b, matrix) || readElsewhere(t.variable(), three)) {
      problem = new ArrayMoves.Problem(d, "rows of " + matrix.name() + " are swapped here, which"
          + " javad does by swapping their elements when the indices neither call nor read "
          + matrix.name() + ", and " + t.variable().name() + " is used for the swap only: store the"
          + " indices in locals first, and use a temporary of its own");
      return three.get(0);
    }
    Variable j = Variable.temporary(namer.fresh("j"), Type.INT);
    Variable held = Variable.temporary(namer.fresh("swapped"), matrix.type());
    Expr.Local at = new Expr.Local(j);
    Expr.Element fromA = new Expr.Element(first, at);
    Expr.Element fromB = new Expr.Element(second, at);
    List<Stmt> body =
        List.of(
            new Stmt.Declare(held, fromA),
            new Stmt.Store(fromA, null, fromB),
            new Stmt.Store(fromB, null, new Expr.Local(held)));
    Stmt loop =
        new Stmt.Loop(
            null,
            Stmt.LoopKind.FOR,
            List.of(new Stmt.Declare(j, Algebra.constant(0, Type.INT))),
            new Expr.Binary(BinaryOp.LESS, at, new Expr.Length(first), Type.BOOLEAN),
            List.of(new Stmt.Assign(j, BinaryOp.ADD, Algebra.constant(1, Type.INT))),
            body);
    swaps.put(loop, matrix);
    return loop;
  }

  /** An index the swap's loop may read in every step: no call, no element of the matrix. */
  private static boolean simpleIndex(Expr index, Variable matrix) {
    return !ExprScan.containsCall(index) && !ExprScan.reads(index, matrix);
  }

  /** Whether {@code t} is read anywhere but in the swap {@code three}. */
  private boolean readElsewhere(Variable t, List<Stmt> three) {
    boolean[] found = {false};
    StmtScan.forEach(all, s -> {
      if (s == three.get(0) || s == three.get(2)) {
        return;
      }
      for (Expr e : StmtScan.expressions(s)) {
        found[0] |= e != null && ExprScan.reads(e, t);
      }
    });
    return found[0];
  }
}
