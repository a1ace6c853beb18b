package io.javad.processor.ir;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Where each statement of the IR came from: its line in the user's source and that line's text,
 * which the generators print as a comment ({@code // line 12: y = x * x}) above the code they
 * write for it, so that derivative code reads against the original. Kept beside the IR (by
 * identity: two equal statements on different lines are two entries) rather than in every
 * record; the front end records each statement it reads, and a stage that replaces a statement
 * carries its line over ({@link #carry}). A statement without a line gets no comment.
 */
public final class SourceLines {

  /**
   * A statement's source line: its number and its text, on one line; {@code node} and {@code unit}
   * are the front end's syntax tree of the statement and its file, where errors about the
   * statement are reported (kept as objects: the IR does not depend on javac).
   */
  public record Line(long number, String text, Object node, Object unit) {}

  /** Per thread: compilations that share the processor's classes (a build daemon) run in their own. */
  private static final ThreadLocal<Map<Stmt, Line>> TABLE = ThreadLocal.withInitial(IdentityHashMap::new);

  private SourceLines() {}

  /** The line {@code s} came from, or null. */
  public static Line of(Stmt s) {
    return TABLE.get().get(s);
  }

  /** Records {@code line} for {@code s} unless it has one (a nested statement's own comes first). */
  public static void setIfAbsent(Stmt s, Line line) {
    TABLE.get().putIfAbsent(s, line);
  }

  /** {@code to}, which replaces {@code from}, came from the same line. */
  public static <S extends Stmt> S carry(Stmt from, S to) {
    Line line = TABLE.get().get(from);
    if (line != null && to != from) {
      TABLE.get().putIfAbsent(to, line);
    }
    return to;
  }

  /** Each statement of {@code to} from index {@code from} on replaces {@code s}: its line. */
  public static void carry(Stmt s, java.util.List<Stmt> to, int from) {
    for (int i = from; i < to.size(); i++) {
      carry(s, to.get(i));
    }
  }

  /** Forgets every line: called when a class's companion is done, so that the table stays small. */
  public static void clear() {
    TABLE.get().clear();
  }
}
