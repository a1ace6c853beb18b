package io.javad.processor.lower;

import io.javad.processor.ir.Expr;
import io.javad.processor.ir.SourceLines;
import io.javad.processor.ir.Stmt;
import io.javad.processor.ir.StmtScan;
import io.javad.processor.ir.Type;
import io.javad.processor.ir.UnaryOp;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes jumps that leave a block early: a break out of a switch from inside a case ({@code if (x
 * > 1) break;}), a return of an inlined lambda, a continue that would skip a loop's update. The
 * statements after such a jump run only on the paths that did not take it, so they move into the
 * branches of the if that complete normally, as one writes the block without the jump. Each jump is
 * a {@link Stmt.Break} with a label of the lowering's own.
 */
public final class EarlyExits {

  /** Statements (nested ones counted) that may be copied into both branches of an if. */
  private static final int MAX_COPIED = 12;

  private final String label;

  private EarlyExits(String label) {
    this.label = label;
  }

  /**
   * {@code body} without the breaks labeled {@code label}; null if that would copy too much code
   * into both branches of an if.
   */
  public static List<Stmt> structure(List<Stmt> body, String label) {
    try {
      return new EarlyExits(label).within(body, List.of());
    } catch (NotStructured e) {
      return null;
    }
  }

  /**
   * A loop's body (the loop labeled {@code label}, or null) followed by {@code after} on every path
   * that reaches its end or continues the loop ({@code after}: the update, a do-while's test),
   * the continues removed; null where a continue from a nested loop, or too much copying, stands
   * in the way.
   */
  public static List<Stmt> beforeNextIteration(List<Stmt> body, String label, List<Stmt> after) {
    String exit = "continue$" + System.identityHashCode(body);
    boolean[] nested = {false};
    List<Stmt> marked = continuesAsExits(body, label, exit, true, nested);
    if (nested[0]) {
      return null;
    }
    List<Stmt> structured = structure(marked, exit);
    if (structured == null) {
      return null;
    }
    if (!StmtScan.completesNormally(structured)) {
      return structured; // each path breaks or returns: the update or test is never reached
    }
    List<Stmt> out = new ArrayList<>(structured);
    out.addAll(after);
    return out;
  }

  private static List<Stmt> continuesAsExits(
      List<Stmt> body, String label, String exit, boolean direct, boolean[] nested) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : body) {
      if (s instanceof Stmt.Continue c && (c.label() == null ? direct : c.label().equals(label))) {
        nested[0] |= !direct;
        out.add(SourceLines.carry(s, new Stmt.Break(exit)));
      } else if (s instanceof Stmt.Block b) {
        out.add(SourceLines.carry(s, new Stmt.Block(continuesAsExits(b.body(), label, exit, direct, nested))));
      } else if (s instanceof Stmt.If f) {
        out.add(SourceLines.carry(s, new Stmt.If(
            f.condition(),
            continuesAsExits(f.then(), label, exit, direct, nested),
            continuesAsExits(f.otherwise(), label, exit, direct, nested))));
      } else if (s instanceof Stmt.Loop l) {
        continuesAsExits(l.body(), label, exit, false, nested); // only to see nested ones
        out.add(s);
      } else {
        out.add(s);
      }
    }
    return out;
  }

  private static final class NotStructured extends Exception {
    NotStructured() {
      super(null, null, false, false);
    }
  }

  /** {@code list} followed by {@code after} where control reaches its end, without the exits. */
  private List<Stmt> within(List<Stmt> list, List<Stmt> after) throws NotStructured {
    List<Stmt> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      Stmt s = list.get(i);
      if (isExit(s)) {
        return out; // what follows is skipped
      }
      if (!hasExit(s)) {
        out.add(s);
        continue;
      }
      List<Stmt> rest = within(list.subList(i + 1, list.size()), after);
      if (s instanceof Stmt.Block b) {
        out.add(SourceLines.carry(b, new Stmt.Block(within(b.body(), rest))));
      } else if (s instanceof Stmt.If f) {
        boolean both =
            StmtScan.completesNormally(f.then()) && StmtScan.completesNormally(f.otherwise());
        if (both && size(rest) > MAX_COPIED) {
          throw new NotStructured();
        }
        List<Stmt> then = within(f.then(), rest);
        List<Stmt> otherwise = within(f.otherwise(), rest);
        Stmt.If structured =
            then.isEmpty()
                ? new Stmt.If(
                    new Expr.Unary(UnaryOp.NOT, f.condition(), Type.BOOLEAN), otherwise, List.of())
                : new Stmt.If(f.condition(), then, otherwise);
        out.add(SourceLines.carry(f, structured));
      } else {
        throw new NotStructured(); // not met: an unlabeled break in a loop is the loop's
      }
      return out;
    }
    if (StmtScan.completesNormally(out)) {
      out.addAll(after);
    }
    return out;
  }

  private boolean isExit(Stmt s) {
    return s instanceof Stmt.Break b && label.equals(b.label());
  }

  private boolean hasExit(Stmt s) {
    boolean[] found = {false};
    StmtScan.forEach(List.of(s), t -> found[0] |= isExit(t));
    return found[0];
  }

  private static int size(List<Stmt> list) {
    int[] n = {0};
    StmtScan.forEach(list, s -> n[0]++);
    return n[0];
  }
}
