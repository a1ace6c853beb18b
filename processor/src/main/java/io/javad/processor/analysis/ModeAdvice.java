package io.javad.processor.analysis;

import io.javad.processor.ir.MethodIr;
import io.javad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;

/**
 * Which mode to call for a whole derivative, from the numbers of active inputs and outputs:
 * reverse mode costs a few function evaluations per output, forward mode per input. Said as a note
 * on request ({@code -Ajavad.notes=true}).
 */
public final class ModeAdvice {

  private ModeAdvice() {}

  /** The advice for {@code method}, in words. */
  public static String of(MethodIr method) {
    List<String> terms = new ArrayList<>();
    int scalars = 0;
    for (Variable p : method.activeParameters()) {
      if (p.rank() == 0) {
        scalars++;
      } else {
        terms.add(p.rank() == 1 ? p.name() + ".length" : "the elements of " + p.name());
      }
    }
    if (scalars > 0) {
      terms.add(String.valueOf(scalars));
    }
    String inputs = terms.isEmpty() ? "no" : String.join(" + ", terms);
    String name = method.name();
    if (method.returnsVoid()) {
      return String.format(
          "@Differentiable method %s has %s active inputs and writes its results into arrays:"
              + " %sTangent gives one directional derivative of them per pass, %sAdjoint one"
              + " weighted sum of their derivatives (a row of the Jacobian for a unit seed) per pass;"
              + " use the one whose count, inputs or outputs, is the smaller",
          name, inputs, name, name);
    }
    if (method.isVectorValued()) {
      return String.format(
          "@Differentiable method %s has %s active inputs and returns an array: its Jacobian takes"
              + " one backward sweep per returned value with %sJacobian, or one tangent pass per"
              + " input with %sTangent; call %sJacobian when it returns fewer values than it has"
              + " inputs",
          name, inputs, name, name, name);
    }
    if (terms.size() == 1 && scalars == 1) {
      return String.format(
          "@Differentiable method %s has one active input and one output: %sTangent gives the"
              + " derivative in one forward pass, cheaper than %sGradient's two sweeps",
          name, name, name);
    }
    return String.format(
        "@Differentiable method %s has %s active inputs and one output: call %sGradient for the"
            + " whole gradient (one forward and one backward sweep, a few times the function's cost"
            + " however many inputs); %sTangent gives one directional derivative per pass",
        name, inputs, name, name);
  }
}
