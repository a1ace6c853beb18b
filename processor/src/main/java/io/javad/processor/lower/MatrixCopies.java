package io.javad.processor.lower;

import io.javad.processor.ir.BinaryOp;
import io.javad.processor.ir.Expr;
import io.javad.processor.ir.MethodIr;
import io.javad.processor.ir.SourceLines;
import io.javad.processor.ir.Stmt;
import io.javad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;

/**
 * The deep copy of a matrix, a new matrix of rows filled at once by the copies of another's,
 *
 * <pre>{@code
 * double[][] c = new double[a.length][];
 * for (int i = 0; i < a.length; i++) {   // or i < c.length; n for a.length after int n = a.length;
 *   c[i] = a[i].clone();
 * }
 * }</pre>
 *
 * as one copy, {@code double[][] c = ArrayShapes.copy(a)} (an {@link Expr.ArrayCopy} of a matrix),
 * which the generators know as they know the copy of a vector: its tangent is the copy of the
 * tangent, its adjoint is added back. The rows may differ in length. The loop must follow the
 * declaration at once and do nothing else, so that no statement sees the matrix half filled.
 */
final class MatrixCopies {

  private MatrixCopies() {}

  /** Int locals declared as an array's length and never assigned again: {@code int n = a.length;}. */
  private final java.util.Map<Variable, Expr.Length> lengths = new java.util.HashMap<>();

  private MatrixCopies(MethodIr method) {
    io.javad.processor.ir.StmtScan.forEach(method.body(), s -> {
      if (s instanceof Stmt.Declare d
          && d.init() instanceof Expr.Length l
          && l.array() instanceof Expr.Local
          && !io.javad.processor.ir.StmtScan.assigns(method.body(), d.variable())) {
        lengths.put(d.variable(), l);
      }
    });
  }

  static MethodIr apply(MethodIr method) {
    List<Stmt> body = new MatrixCopies(method).block(method.body());
    return body.equals(method.body()) ? method : method.withBody(body);
  }

  /** {@code a.length}, or a local holding it ({@code n} after {@code int n = a.length;}). */
  private Expr.Length length(Expr e) {
    if (e instanceof Expr.Length l) {
      return l;
    }
    return e instanceof Expr.Local n ? lengths.get(n.variable()) : null;
  }

  private List<Stmt> block(List<Stmt> block) {
    List<Stmt> out = new ArrayList<>();
    for (int i = 0; i < block.size(); i++) {
      Stmt s = block.get(i);
      Expr source = i + 1 < block.size() ? copied(s, block.get(i + 1)) : null;
      if (source != null) {
        Stmt.Declare d = (Stmt.Declare) s;
        out.add(SourceLines.carry(s, new Stmt.Declare(d.variable(), new Expr.ArrayCopy(source))));
        i++; // the loop is the copy
      } else {
        out.add(nested(s));
      }
    }
    return out;
  }

  private Stmt nested(Stmt s) {
    if (s instanceof Stmt.Block b) {
      return SourceLines.carry(s, new Stmt.Block(block(b.body())));
    }
    if (s instanceof Stmt.If f) {
      return SourceLines.carry(s, new Stmt.If(f.condition(), block(f.then()), block(f.otherwise())));
    }
    if (s instanceof Stmt.Loop l) {
      return SourceLines.carry(
          s, new Stmt.Loop(l.label(), l.kind(), l.init(), l.condition(), l.update(), block(l.body())));
    }
    return s;
  }

  /** The matrix {@code declaration} and {@code loop} copy, or null where they are not the idiom. */
  private Expr copied(Stmt declaration, Stmt loop) {
    Expr.Length length =
        declaration instanceof Stmt.Declare decl
                && decl.init() instanceof Expr.NewArray n
                && n.elements() == null
                && n.sizes().size() == 1
            ? length(n.sizes().get(0))
            : null;
    if (!(declaration instanceof Stmt.Declare d
        && d.variable().rank() == 2
        && length != null
        && length.array() instanceof Expr.Local source
        && source.variable().rank() == 2
        && source.variable().type() == d.variable().type()
        && !source.variable().equals(d.variable()))) {
      return null;
    }
    Variable c = d.variable();
    if (!(loop instanceof Stmt.Loop l
        && l.kind() == Stmt.LoopKind.FOR
        && l.label() == null
        && l.init().size() == 1
        && l.init().get(0) instanceof Stmt.Declare counter
        && counter.init() instanceof Expr.Literal zero
        && zero.is(0)
        && l.condition() instanceof Expr.Binary test
        && test.op() == BinaryOp.LESS
        && test.left().equals(new Expr.Local(counter.variable()))
        && (length.equals(length(test.right())) || test.right().equals(new Expr.Length(new Expr.Local(c))))
        && l.update().size() == 1
        && l.update().get(0) instanceof Stmt.Assign step
        && step.variable().equals(counter.variable())
        && step.op() == BinaryOp.ADD
        && step.value() instanceof Expr.Literal one
        && one.is(1)
        && l.body().size() == 1
        && l.body().get(0) instanceof Stmt.Store store
        && store.op() == null
        && store.target().equals(new Expr.Element(new Expr.Local(c), new Expr.Local(counter.variable())))
        && store.value() instanceof Expr.ArrayCopy copy
        && copy.array().equals(new Expr.Element(source, new Expr.Local(counter.variable()))))) {
      return null;
    }
    return source;
  }
}
