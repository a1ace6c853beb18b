package io.javad.runtime;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The guard at the start of each generated method of an overridable {@code @Differentiable}
 * instance method. The companion differentiates the body it was compiled from; called on an object
 * whose class overrides the method, it would return the derivative of another function. The guard
 * throws instead, naming the override and the companion to call. An object of the declaring class
 * itself costs one comparison; any other class is examined once.
 */
public final class Overrides {

  /** Per class of object seen, per method: the override found, if any. */
  private static final ClassValue<Map<String, Optional<Class<?>>>> SEEN =
      new ClassValue<>() {
        @Override
        protected Map<String, Optional<Class<?>>> computeValue(Class<?> type) {
          return new ConcurrentHashMap<>();
        }
      };

  private Overrides() {}

  /**
   * Throws if the class of {@code self} overrides the method.
   *
   * @param self the object the generated method was called with
   * @param declaring the class or interface whose body the companion differentiates
   * @param name the method's name
   * @param parameters the method's parameter types
   * @throws UnsupportedOperationException if the method is overridden for this object
   */
  public static void check(Object self, Class<?> declaring, String name, Class<?>... parameters) {
    Class<?> actual = self.getClass();
    if (actual != declaring) {
      String method = declaring.getName() + "." + name + Arrays.toString(parameters);
      Class<?> override =
          SEEN.get(actual)
              .computeIfAbsent(
                  method, k -> Optional.ofNullable(overrideOf(actual, declaring, name, parameters)))
              .orElse(null);
      if (override != null) {
        throw new UnsupportedOperationException(
            override.getName() + " overrides " + name + "(" + typeNames(parameters) + "), but "
                + "this companion differentiates " + declaring.getName() + "." + name + "; call "
                + "the companion of " + override.getName() + " for its derivatives (mark the"
                + " override @Differentiable), or make " + declaring.getSimpleName() + "." + name
                + " final");
      }
    }
  }

  /** The class or interface below {@code declaring} that declares the method, or null. */
  static Class<?> overrideOf(
      Class<?> actual, Class<?> declaring, String name, Class<?>[] parameters) {
    for (Class<?> c = actual; c != null && c != declaring; c = c.getSuperclass()) {
      if (declares(c, name, parameters)) {
        return c;
      }
    }
    if (declaring.isInterface()) {
      // A default method is overridden by a class (above) or by a subinterface's default.
      Deque<Class<?>> pending = new ArrayDeque<>();
      for (Class<?> c = actual; c != null; c = c.getSuperclass()) {
        pending.addAll(Arrays.asList(c.getInterfaces()));
      }
      while (!pending.isEmpty()) {
        Class<?> i = pending.pop();
        if (i != declaring && declaring.isAssignableFrom(i)) {
          if (declares(i, name, parameters)) {
            return i;
          }
          pending.addAll(Arrays.asList(i.getInterfaces()));
        }
      }
    }
    return null;
  }

  private static boolean declares(Class<?> c, String name, Class<?>[] parameters) {
    try {
      Method m = c.getDeclaredMethod(name, parameters);
      int modifiers = m.getModifiers();
      return !Modifier.isStatic(modifiers) && !Modifier.isPrivate(modifiers) && !m.isBridge();
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  private static String typeNames(Class<?>[] parameters) {
    StringBuilder out = new StringBuilder();
    for (Class<?> p : parameters) {
      out.append(out.length() == 0 ? "" : ", ").append(p.getSimpleName());
    }
    return out.toString();
  }
}
