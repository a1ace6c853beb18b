package io.javad.processor.lower;

import io.javad.processor.ir.Expr;
import io.javad.processor.ir.ExprScan;
import io.javad.processor.ir.MethodIr;
import io.javad.processor.ir.SourceLines;
import io.javad.processor.ir.Stmt;
import io.javad.processor.ir.StmtScan;
import io.javad.processor.ir.Substitution;
import io.javad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Replaces a local that names another array, {@code double[] row = m[i];}, by what it names:
 * {@code row[j]} becomes {@code m[i][j]}. Exact where nothing in the alias's scope assigns a
 * variable that {@code m[i]} reads (array variables are never reassigned). Reverse mode runs on
 * the result, so an alias needs no adjoint of its own and no record of which row it was.
 */
public final class AliasInlining {

  private AliasInlining() {}

  public static MethodIr apply(MethodIr method) {
    List<Stmt> body = block(method.body(), new HashMap<>());
    return method.withBody(body);
  }

  private static List<Stmt> block(List<Stmt> statements, Map<Variable, Expr> outer) {
    Map<Variable, Expr> aliases = new HashMap<>(outer);
    List<Stmt> out = new ArrayList<>();
    for (int i = 0; i < statements.size(); i++) {
      Stmt s = statements.get(i);
      if (s instanceof Stmt.Declare d
          && d.variable().isArray()
          && (d.init() instanceof Expr.Local || d.init() instanceof Expr.Element)) {
        Expr named = substitute(d.init(), aliases);
        if (unchangedAfter(named, statements.subList(i + 1, statements.size()))) {
          aliases.put(d.variable(), named);
          continue;
        }
      }
      out.add(SourceLines.carry(s, statement(s, aliases)));
    }
    return out;
  }

  /** Whether no statement in {@code rest} assigns a variable that {@code e} reads. */
  private static boolean unchangedAfter(Expr e, List<Stmt> rest) {
    boolean[] changed = {false};
    StmtScan.forEach(rest, s -> {
      if (s instanceof Stmt.Assign a && ExprScan.reads(e, a.variable())) {
        changed[0] = true;
      }
    });
    return !changed[0];
  }

  private static Stmt statement(Stmt s, Map<Variable, Expr> aliases) {
    if (s instanceof Stmt.Declare d) {
      return new Stmt.Declare(d.variable(), sub(d.init(), aliases));
    }
    if (s instanceof Stmt.Assign a) {
      return new Stmt.Assign(a.variable(), a.op(), sub(a.value(), aliases));
    }
    if (s instanceof Stmt.Store st) {
      return new Stmt.Store((Expr.Element) sub(st.target(), aliases), st.op(), sub(st.value(), aliases));
    }
    if (s instanceof Stmt.Return r) {
      return new Stmt.Return(sub(r.value(), aliases));
    }
    if (s instanceof Stmt.Eval e) {
      return new Stmt.Eval((Expr.Call) sub(e.call(), aliases));
    }
    if (s instanceof Stmt.Fill f) {
      return new Stmt.Fill(f.array(), sub(f.value(), aliases));
    }
    if (s instanceof Stmt.Block b) {
      return new Stmt.Block(block(b.body(), aliases));
    }
    if (s instanceof Stmt.If f) {
      return new Stmt.If(sub(f.condition(), aliases), block(f.then(), aliases), block(f.otherwise(), aliases));
    }
    if (s instanceof Stmt.Loop l) {
      return new Stmt.Loop(
          l.label(),
          l.kind(),
          block(l.init(), aliases),
          sub(l.condition(), aliases),
          block(l.update(), aliases),
          block(l.body(), aliases));
    }
    return s;
  }

  private static Expr sub(Expr e, Map<Variable, Expr> aliases) {
    return e == null ? null : substitute(e, aliases);
  }

  /** {@code e} with every read of an alias replaced by what it names. */
  static Expr substitute(Expr e, Map<Variable, Expr> aliases) {
    return Substitution.apply(e, v -> aliases.get(v));
  }

  /**
   * Null if every local naming another array was replaced by what it names, else which one could
   * not be, in words. Neither mode follows writes through a second name for one array.
   */
  /** An alias lowering could not remove, in words, {@code at} its declaration. */
  public record Remaining(Stmt at, String text) {}

  /** Whether any of {@code expressions} holds a matrix initializer with an existing array as a row. */
  private static boolean builtOfRows(List<Expr> expressions) {
    for (Expr e : expressions) {
      if (e == null) {
        continue;
      }
      if (e instanceof Expr.NewArray n && n.elements() != null
          && n.elements().stream().anyMatch(x -> x.rank() > 0 && !(x instanceof Expr.NewArray))) {
        return true;
      }
      if (builtOfRows(ExprScan.children(e))) {
        return true;
      }
    }
    return false;
  }

  public static Remaining remaining(MethodIr method) {
    Remaining[] problem = {null};
    StmtScan.forEach(method.body(), s -> {
      if (problem[0] == null && s instanceof Stmt.Return && builtOfRows(StmtScan.expressions(s))) {
        // return new double[][] {a, b};
        problem[0] = new Remaining(s, "the matrix returned is built of existing arrays as rows;"
            + " copy their elements instead");
      }
      if (problem[0] == null && s instanceof Stmt.Declare d && d.variable().isArray()) {
        if (d.init() instanceof Expr.NewArray n && n.elements() != null
            && n.elements().stream().anyMatch(e -> e.rank() > 0 && !(e instanceof Expr.NewArray))) {
          problem[0] = new Remaining(s, "matrix " + d.variable().name() + " is initialized with"
              + " existing arrays as rows; copy their elements instead");
        } else if (d.init() != null
            && !(d.init() instanceof Expr.NewArray
                || d.init() instanceof Expr.ArrayCopy
                || d.init() instanceof Expr.Call // a callee's result is a new array
                || isReadOnlyField(d, method))) {
          problem[0] = new Remaining(s, "array " + d.variable().name() + " names another array whose"
              + " index changes while the name is in scope; index that array directly, or name the"
              + " row in a block of its own");
        }
      }
    });
    return problem[0];
  }

  /** {@code double[] w = self.weights;} never written through: a name for data. */
  private static boolean isReadOnlyField(Stmt.Declare d, MethodIr method) {
    return (d.init() instanceof Expr.InstanceField || d.init() instanceof Expr.StaticField)
        && !StmtScan.writtenArrays(method.body()).contains(d.variable());
  }
}
