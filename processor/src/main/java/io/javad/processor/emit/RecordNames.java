package io.javad.processor.emit;

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
public final class RecordNames {

  private final Map<ExecutableElement, String> names = new HashMap<>();

  private RecordNames() {}

  public static RecordNames of(List<ExecutableElement> methods) {
    RecordNames result = new RecordNames();
    Map<String, Integer> counts = new HashMap<>();
    methods.forEach(m -> counts.merge(capitalize(m.getSimpleName().toString()), 1, Integer::sum));
    Map<String, Integer> used = new HashMap<>();
    for (ExecutableElement m : methods) {
      String base = capitalize(m.getSimpleName().toString());
      StringBuilder record = new StringBuilder(base);
      if (counts.get(base) > 1) {
        for (VariableElement p : m.getParameters()) {
          record.append(spell(p.asType()));
        }
      }
      String name = record.append("Gradient").toString();
      // f(double) and F(double) still meet: the later one is numbered.
      int seen = used.merge(name, 1, Integer::sum);
      result.names.put(m, seen == 1 ? name : name + seen);
    }
    return result;
  }

  public String of(ExecutableElement method) {
    return names.get(method);
  }

  private static String spell(TypeMirror type) {
    if (type.getKind() == TypeKind.ARRAY) {
      return spell(((ArrayType) type).getComponentType()) + "Array";
    }
    String text =
        type.getKind().isPrimitive() ? type.getKind().toString().toLowerCase() : simpleName(type.toString());
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
