package io.javad.processor.lower;

import io.javad.processor.check.OpaqueCalls;
import io.javad.processor.diag.Message;
import io.javad.processor.ir.Expr;
import io.javad.processor.ir.MethodIr;
import io.javad.processor.ir.Namer;
import io.javad.processor.ir.Stmt;
import java.util.List;

/**
 * The normalizing stage between the front end and the checks, in order: the deep copy of a
 * matrix as one copy ({@link MatrixCopies}), a local naming one of
 * two arrays read through the choice ({@link ChosenArrays}), swaps of rows as swaps of their
 * elements ({@link RowSwaps}), whole-array assignments read as copies ({@link
 * ArrayMoves}), final fields read once
 * into locals ({@link FieldReads}), calls given a statement of their own where they run ({@link
 * ConditionalCalls}), locals naming rows replaced by what they name ({@link AliasInlining}), small
 * arrays indexed by constants taken apart ({@link SmallArrays}), a returned call's array held in a
 * local ({@link ReturnedArrays}). What it cannot lower is its
 * {@link Problem}, reported at the call concerned or at the method.
 */
public final class Lowering {

  /**
   * A construct lowering cannot handle: {@code at} the call concerned, or else {@code statement}
   * (null for the method).
   */
  public record Problem(Expr.Call at, Stmt statement, Message message, Object... arguments) {}

  /**
   * {@code normalized}: after the first two passes, the IR callers and reports read; {@code ir}:
   * fully lowered, for the checks, the analyses and the generators; or a {@code problem}.
   */
  public record Result(MethodIr normalized, MethodIr ir, Problem problem) {}

  private Lowering() {}

  /** The front end's IR, normalized: fields, then calls; what the later passes need first. */
  public static MethodIr normalize(MethodIr read) {
    // Choices between arrays, swaps of rows, then whole-array assignments as copies; where one
    // fails, the method stays as read, for apply to report.
    ArrayMoves.Result chosen = ChosenArrays.apply(MatrixCopies.apply(read));
    MethodIr choices = chosen.problem() == null ? chosen.method() : MatrixCopies.apply(read);
    ArrayMoves.Result swapped = RowSwaps.apply(choices);
    MethodIr rows = swapped.problem() == null ? swapped.method() : choices;
    ArrayMoves.Result moved = ArrayMoves.apply(rows);
    MethodIr copies = moved.problem() == null ? moved.method() : rows;
    return ConditionalCalls.apply(
        FieldReads.apply(copies, new Namer(copies.variableNames())), OpaqueCalls::isOpaque);
  }

  public static Result apply(MethodIr normalized) {
    for (ArrayMoves.Result moved :
        List.of(
            ChosenArrays.apply(normalized), RowSwaps.apply(normalized),
            ArrayMoves.apply(normalized))) {
      if (moved.problem() != null) {
        return failed(
            normalized,
            new Problem(
                null, moved.problem().at(), Message.ALIAS, normalized.name(), moved.problem().text()));
      }
    }
    // Both modes read a row through the matrix itself: row[j] is m[i][j].
    Expr.Call inAlias = OpaqueValues.inRowAlias(normalized, OpaqueCalls::isOpaque);
    if (inAlias != null) {
      return failed(
          normalized,
          new Problem(
              inAlias, null, Message.CALL_UNPLACEABLE, normalized.name(), OpaqueCalls.shown(inAlias),
              normalized.name()));
    }
    MethodIr aliasFree = AliasInlining.apply(normalized);
    AliasInlining.Remaining alias = AliasInlining.remaining(aliasFree);
    if (alias != null) {
      return failed(
          normalized, new Problem(null, alias.at(), Message.ALIAS, normalized.name(), alias.text()));
    }
    MethodIr small = SmallArrays.apply(aliasFree, new Namer(normalized.variableNames()));
    MethodIr ir = ReturnedArrays.apply(small, new Namer(small.variableNames()));
    return new Result(normalized, ir, null);
  }

  private static Result failed(MethodIr normalized, Problem problem) {
    return new Result(normalized, null, problem);
  }
}
