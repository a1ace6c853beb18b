package io.javad.processor.testing;

import java.lang.reflect.Method;

/**
 * Finds generated members by name for tests that call them reflectively. A name can have two
 * overloads, the contract's form and the one taking a reusable workspace first ({@code
 * fGradient(FWorkspace ws, ...)}); tests of the contract want the former.
 */
public final class GeneratedMembers {

  private GeneratedMembers() {}

  /** The method named {@code name} that does not take a workspace, made accessible; or null. */
  public static Method named(Class<?> c, String name) {
    for (Method m : c.getDeclaredMethods()) {
      if (m.getName().equals(name) && !takesWorkspace(m)) {
        m.setAccessible(true);
        return m;
      }
    }
    return null;
  }

  /** The overload of {@code name} that takes a workspace first, or null. */
  public static Method withWorkspace(Class<?> c, String name) {
    for (Method m : c.getDeclaredMethods()) {
      if (m.getName().equals(name) && takesWorkspace(m)) {
        m.setAccessible(true);
        return m;
      }
    }
    return null;
  }

  private static boolean takesWorkspace(Method m) {
    return m.getParameterCount() > 0 && m.getParameterTypes()[0].getSimpleName().endsWith("Workspace");
  }
}
