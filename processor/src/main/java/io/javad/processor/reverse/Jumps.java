package io.javad.processor.reverse;

import io.javad.processor.ir.Expr;
import io.javad.processor.ir.Stmt;
import io.javad.processor.ir.StmtScan;
import io.javad.processor.ir.Type;
import java.util.List;

/** Where break, continue and return go, and whether control reaches the end of a statement list. */
final class Jumps {

  private Jumps() {}

  /** Whether control can reach the end of {@code list} (javac would reject code after it otherwise). */
  static boolean completesNormally(List<Stmt> list) {
    if (list.isEmpty()) {
      return true;
    }
    Stmt last = list.get(list.size() - 1);
    if (last instanceof Stmt.Return || last instanceof Stmt.Break || last instanceof Stmt.Continue) {
      return false;
    }
    if (last instanceof Stmt.Block b) {
      return completesNormally(b.body());
    }
    if (last instanceof Stmt.If i) {
      return i.otherwise().isEmpty() || completesNormally(i.then()) || completesNormally(i.otherwise());
    }
    if (last instanceof Stmt.Loop l && (l.condition() == null || isTrue(l.condition()))) {
      return breaksOut(l);
    }
    return true;
  }

  /** The index in {@code loops} (innermost last) of the loop a break or continue with {@code label} leaves. */
  static int target(String label, List<Stmt.Loop> loops) {
    if (label == null) {
      return loops.size() - 1;
    }
    for (int i = loops.size() - 1; i >= 0; i--) {
      if (label.equals(loops.get(i).label())) {
        return i;
      }
    }
    throw new IllegalStateException("no loop labeled " + label);
  }

  private static boolean isTrue(Expr e) {
    return e instanceof Expr.Literal lit && lit.type() == Type.BOOLEAN && lit.is(1);
  }

  /** Whether some break in {@code l} targets it. */
  private static boolean breaksOut(Stmt.Loop l) {
    boolean[] found = {false};
    scanBreaks(l.body(), l, 0, found);
    return found[0];
  }

  private static void scanBreaks(List<Stmt> body, Stmt.Loop l, int depth, boolean[] found) {
    for (Stmt s : body) {
      if (s instanceof Stmt.Break b) {
        found[0] |= b.label() == null ? depth == 0 : b.label().equals(l.label());
      } else if (s instanceof Stmt.Loop inner) {
        scanBreaks(inner.body(), l, depth + 1, found);
      } else {
        scanBreaks(StmtScan.children(s), l, depth, found);
      }
    }
  }
}
