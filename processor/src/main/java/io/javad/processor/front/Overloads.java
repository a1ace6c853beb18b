package io.javad.processor.front;

import io.javad.processor.ir.Expr;
import io.javad.processor.ir.Type;
import java.util.List;
import javax.lang.model.element.ExecutableElement;

/**
 * Chooses among overloads of a static method with primitive parameters, as Java does: the
 * applicable ones by widening conversion, then the most specific ({@code Math.abs(int)} for an int,
 * {@code Math.max(double, double)} for a double and an int).
 */
final class Overloads {

  private Overloads() {}

  static ExecutableElement choose(List<ExecutableElement> candidates, List<Expr> arguments) {
    ExecutableElement best = null;
    for (ExecutableElement m : candidates) {
      if (!applicable(m, arguments)) {
        continue;
      }
      if (best == null || moreSpecific(m, best)) {
        best = m;
      }
    }
    return best;
  }

  private static boolean applicable(ExecutableElement m, List<Expr> arguments) {
    if (m.isVarArgs() || m.getParameters().size() != arguments.size()) {
      return false;
    }
    for (int i = 0; i < arguments.size(); i++) {
      Type parameter = Types.of(m.getParameters().get(i).asType());
      if (parameter == null || !widens(arguments.get(i).type(), parameter)) {
        return false;
      }
    }
    return true;
  }

  private static boolean moreSpecific(ExecutableElement a, ExecutableElement b) {
    for (int i = 0; i < a.getParameters().size(); i++) {
      Type pa = Types.of(a.getParameters().get(i).asType());
      Type pb = Types.of(b.getParameters().get(i).asType());
      if (!widens(pa, pb)) {
        return false;
      }
    }
    return true;
  }

  /** Identity or widening primitive conversion (JLS 5.1.2). */
  static boolean widens(Type from, Type to) {
    if (from == to) {
      return true;
    }
    return switch (from) {
      case BYTE -> to == Type.SHORT || to == Type.INT || to == Type.LONG || to.isFloating();
      case SHORT, CHAR -> to == Type.INT || to == Type.LONG || to.isFloating();
      case INT -> to == Type.LONG || to.isFloating();
      case LONG -> to.isFloating();
      case FLOAT -> to == Type.DOUBLE;
      default -> false;
    };
  }
}
