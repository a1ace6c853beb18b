package io.javad.processor.front;

import com.sun.source.tree.MethodTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreeScanner;
import java.util.HashSet;
import java.util.Set;

/** Every parameter and local name declared in a method, which names javad invents must avoid. */
final class LocalNames {

  private LocalNames() {}

  static Set<String> of(MethodTree method) {
    Set<String> names = new HashSet<>();
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitVariable(VariableTree v, Void unused) {
        names.add(v.getName().toString());
        return super.visitVariable(v, unused);
      }
    }.scan(method, null);
    return names;
  }
}
