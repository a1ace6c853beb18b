package io.javad.processor.check;

import io.javad.processor.ir.Expr;
import java.util.List;

/** What the checks ask the front end about a call: where its method is, and the rules it lacks. */
public interface CallSources {

  /** Whether the source of the method {@code call} calls is in this compilation: ours to mark. */
  boolean calleeIsSource(Expr.Call call);

  /** The {@code @DerivativeOf} rules to write for the given parameters, as source to paste. */
  String ruleHint(Expr.Call call, List<Integer> parameters);
}
