package io.javad.processor.front;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.Trees;
import io.javad.processor.ir.SourceLines;
import java.io.IOException;

/**
 * A statement's line in the source and its text as the generated code's comment shows it: the
 * whole statement on one line, or the header of a compound one ({@code for (int i = 0; i < n;
 * i++)}), cut at 90 characters.
 */
final class StatementLines {

  private static final int WIDTH = 90;

  private final SourcePositions positions;
  private final CompilationUnitTree unit;
  private CharSequence source;
  private int[] lineStarts;

  StatementLines(Trees trees, CompilationUnitTree unit) {
    this.positions = trees.getSourcePositions();
    this.unit = unit;
  }

  /** The line of {@code tree}, or null where the source is not at hand. */
  SourceLines.Line of(StatementTree tree) {
    long start = positions.getStartPosition(unit, tree);
    long end = positions.getEndPosition(unit, tree);
    CharSequence text = source();
    if (start < 0 || end <= start || text == null || end > text.length()) {
      return null;
    }
    String statement = text.subSequence((int) start, (int) end).toString();
    if (compound(tree) && statement.indexOf('{') > 0) {
      statement = statement.substring(0, statement.indexOf('{'));
    }
    // Backslashes doubled: javac reads unicode escapes in comments too, and one cut short, or one
    // standing for a line break, would break the generated comment.
    statement = statement.replaceAll("\\s+", " ").trim().replace("\\", "\\\\");
    if (statement.length() > WIDTH) {
      statement = statement.substring(0, WIDTH - 3) + "...";
    }
    return new SourceLines.Line(lineOf((int) start), statement, tree, unit);
  }

  /** Counted from the text: javac keeps no line map when it compiles without debug lines (-g:none). */
  private long lineOf(int offset) {
    if (lineStarts == null) {
      CharSequence text = source();
      java.util.List<Integer> starts = new java.util.ArrayList<>(java.util.List.of(0));
      for (int i = 0; i < text.length(); i++) {
        if (text.charAt(i) == '\n') {
          starts.add(i + 1);
        }
      }
      lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
    }
    int found = java.util.Arrays.binarySearch(lineStarts, offset);
    return (found >= 0 ? found : -found - 2) + 1;
  }

  private static boolean compound(Tree tree) {
    return switch (tree.getKind()) {
      case IF, FOR_LOOP, ENHANCED_FOR_LOOP, WHILE_LOOP, DO_WHILE_LOOP, SWITCH, BLOCK, LABELED_STATEMENT,
          SYNCHRONIZED, TRY -> true;
      default -> false;
    };
  }

  private CharSequence source() {
    if (source == null) {
      try {
        source = unit.getSourceFile().getCharContent(true);
      } catch (IOException | UnsupportedOperationException e) {
        source = "";
      }
    }
    return source;
  }
}
