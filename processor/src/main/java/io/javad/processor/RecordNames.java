package io.javad.processor;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Names of the gradient records of one class: {@code loss} gets {@code LossGradient}. Overloads of
 * one name would clash, so each of them gets its parameter types spelled in: {@code f(double,
 * int)} gets {@code FDoubleIntGradient}, {@code f(double[])} gets {@code FDoubleArrayGradient}.
 */
final class RecordNames {

  private final Map<String, Integer> counts;

  private RecordNames(Map<String, Integer> counts) {
    this.counts = counts;
  }

  static RecordNames of(List<ExecutableElement> methods) {
    Map<String, Integer> counts = new HashMap<>();
    methods.forEach(m -> counts.merge(m.getSimpleName().toString(), 1, Integer::sum));
    return new RecordNames(counts);
  }

  String of(ExecutableElement method) {
    String name = method.getSimpleName().toString();
    StringBuilder record = new StringBuilder(capitalize(name));
    if (counts.get(name) > 1) {
      for (VariableElement p : method.getParameters()) {
        record.append(spell(p.asType()));
      }
    }
    return record.append("Gradient").toString();
  }

  private static String spell(TypeMirror type) {
    if (type.getKind() == TypeKind.ARRAY) {
      return spell(((ArrayType) type).getComponentType()) + "Array";
    }
    String text = type.getKind().isPrimitive() ? type.toString() : simpleName(type.toString());
    return capitalize(text);
  }

  private static String simpleName(String qualified) {
    int generic = qualified.indexOf('<');
    String raw = generic < 0 ? qualified : qualified.substring(0, generic);
    return raw.substring(raw.lastIndexOf('.') + 1);
  }

  static String capitalize(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
