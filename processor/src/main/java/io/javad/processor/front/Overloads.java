package io.javad.processor.front;

import io.javad.processor.ir.Expr;
import io.javad.processor.ir.Type;
import java.util.List;
import javax.lang.model.element.ExecutableElement;

/**
 * Chooses among overloads of a static method with primitive and array parameters, as Java does: the
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
      javax.lang.model.type.TypeMirror declared = m.getParameters().get(i).asType();
      Expr argument = arguments.get(i);
      if (argument.rank() > 0 || Types.rank(declared) > 0) {
        // Arrays convert to nothing else: double[] is only a double[].
        if (Types.rank(declared) != argument.rank() || Types.element(declared) != argument.type()) {
          return false;
        }
        continue;
      }
      if (argument.type() == Type.OBJECT) {
        // An object: applicable to a parameter of a class type (javac has checked which).
        if (declared.getKind() != javax.lang.model.type.TypeKind.DECLARED
            && declared.getKind() != javax.lang.model.type.TypeKind.TYPEVAR) {
          return false;
        }
        continue;
      }
      Type parameter = Types.of(declared);
      if (parameter == null || !widens(argument.type(), parameter)) {
        return false;
      }
    }
    return true;
  }

  private static boolean moreSpecific(ExecutableElement a, ExecutableElement b) {
    for (int i = 0; i < a.getParameters().size(); i++) {
      Type pa = Types.of(a.getParameters().get(i).asType());
      Type pb = Types.of(b.getParameters().get(i).asType());
      if (pa == null || pb == null) {
        continue; // arrays: applicable ones have the same type here
      }
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
