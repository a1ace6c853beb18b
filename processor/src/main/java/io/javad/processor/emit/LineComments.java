package io.javad.processor.emit;

import com.palantir.javapoet.CodeBlock;
import io.javad.processor.ir.SourceLines;
import io.javad.processor.ir.Stmt;

/**
 * Writes {@code // line 12: y = x * x} above the code generated for a statement, once per group
 * of statements from the same source line, so that a reader (and a stack trace into generated
 * code) finds the original.
 */
public final class LineComments {

  private long last = -1;

  /** The comment for {@code s}, unless the code before already came from its line. */
  public void before(CodeBlock.Builder out, Stmt s) {
    SourceLines.Line line = SourceLines.of(s);
    if (line != null && line.number() != last) {
      out.add("// line $L: $L\n", line.number(), line.text());
      last = line.number();
    }
  }

  /**
   * Starts a nested list of statements (a branch, a loop's body): its first statement gets its
   * comment even if the code before came from the same line, as a copy of a statement in another
   * branch does.
   */
  public void enterBlock() {
    last = -1;
  }

  /** The comment for {@code s} as a block of its own, empty where none is due. */
  public CodeBlock before(Stmt s) {
    CodeBlock.Builder out = CodeBlock.builder();
    before(out, s);
    return out.build();
  }
}
