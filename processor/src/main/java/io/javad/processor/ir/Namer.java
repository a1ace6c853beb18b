package io.javad.processor.ir;

import java.util.HashSet;
import java.util.Set;
import javax.lang.model.SourceVersion;

/**
 * Hands out identifiers for generated locals that clash neither with the user's names nor with each
 * other: {@code xBar}, then {@code xBar2} if the user already has an {@code xBar}.
 */
public final class Namer {

  private final Set<String> taken = new HashSet<>();

  public Namer(Iterable<String> reserved) {
    reserved.forEach(taken::add);
  }

  /** Marks a name as used without allocating it (a user name, a generated member). */
  public void reserve(String name) {
    taken.add(name);
  }

  public String fresh(String base) {
    String name = base;
    for (int i = 2; taken.contains(name) || SourceVersion.isKeyword(name); i++) {
      name = base + i;
    }
    taken.add(name);
    return name;
  }
}
