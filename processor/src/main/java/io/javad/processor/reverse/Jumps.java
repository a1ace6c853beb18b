package io.javad.processor.reverse;

import io.javad.processor.ir.Expr;
import io.javad.processor.ir.Stmt;
import io.javad.processor.ir.StmtScan;
import io.javad.processor.ir.Type;
import java.util.List;

/** Where break, continue and return go. */
final class Jumps {

  private Jumps() {}

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
}
