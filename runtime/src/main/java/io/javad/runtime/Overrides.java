package io.javad.runtime;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * The check at the start of each generated method of an overridable {@code @Differentiable}
 * instance method. The companion differentiates the body it was compiled from; called on an object
 * whose class overrides the method, it would return the derivative of another function. The check
 * throws instead, naming the override and the companion to call. The companion keeps one {@link
 * Guard} per method in a {@code static final} field: an object of the declaring class costs one
 * comparison, any other class is examined once and remembered, and no call allocates.
 */
public final class Overrides {

  private Overrides() {}

  /**
   * The guard of one method.
   *
   * @param declaring the class or interface whose body the companion differentiates
   * @param name the method's name
   * @param parameters the method's parameter types
   * @return a guard to call at the start of each generated method
   */
  public static Guard guard(Class<?> declaring, String name, Class<?>... parameters) {
    return new Guard(declaring, name, parameters.clone());
  }

  /** Checks objects against one method: {@link #check(Object)}. */
  public static final class Guard {
    private final Class<?> declaring;
    private final String name;
    private final Class<?>[] parameters;
    /** Per class of object seen: the class that overrides the method, or this guard's class. */
    private final ClassValue<Class<?>> overrides =
        new ClassValue<>() {
          @Override
          protected Class<?> computeValue(Class<?> type) {
            Class<?> override = overrideOf(type, declaring, name, parameters);
            return override != null ? override : declaring;
          }
        };

    private Guard(Class<?> declaring, String name, Class<?>[] parameters) {
      this.declaring = declaring;
      this.name = name;
      this.parameters = parameters;
    }

    /**
     * Throws if the class of {@code self} overrides the method.
     *
     * @param self the object the generated method was called with
     * @throws UnsupportedOperationException if the method is overridden for this object
     */
    public void check(Object self) {
      Class<?> actual = self.getClass();
      if (actual != declaring) {
        Class<?> override = overrides.get(actual);
        if (override != declaring) {
          throw new UnsupportedOperationException(message(override, declaring, name, parameters));
        }
      }
    }
  }

  private static String message(
      Class<?> override, Class<?> declaring, String name, Class<?>[] parameters) {
    String companion = companionOf(override);
    boolean generated = differentiates(companion, override.getClassLoader(), name);
    String fix =
        generated
            ? "call " + companion + " for its derivatives"
            : "mark the override @Differentiable and call " + companion + " for its derivatives";
    if (!declaring.isInterface()) {
      fix += ", or make " + declaring.getSimpleName() + "." + name + " final";
    }
    return override.getName() + " overrides " + name + "(" + typeNames(parameters) + "), but this"
        + " companion differentiates the body of " + declaring.getName() + "." + name + "; " + fix;
  }

  /** {@code p.Outer_InnerDerivatives} for {@code p.Outer$Inner}, as javad names companions. */
  private static String companionOf(Class<?> type) {
    return type.getName().replace('$', '_') + "Derivatives";
  }

  /** Whether {@code className} exists and has derivatives of a method {@code name}. */
  private static boolean differentiates(String className, ClassLoader loader, String name) {
    try {
      Class<?> companion = Class.forName(className, false, loader);
      return Arrays.stream(companion.getMethods())
          .anyMatch(m -> m.getName().equals(name + "Tangent") || m.getName().equals(name + "Gradient"));
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** The class or interface below {@code declaring} that declares the method, or null. */
  static Class<?> overrideOf(
      Class<?> actual, Class<?> declaring, String name, Class<?>[] parameters) {
    for (Class<?> c = actual; c != null && c != declaring; c = c.getSuperclass()) {
      if (declares(c, declaring, name, parameters)) {
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
          if (declares(i, declaring, name, parameters)) {
            return i;
          }
          pending.addAll(Arrays.asList(i.getInterfaces()));
        }
      }
    }
    return null;
  }

  /**
   * Whether {@code c} declares a method that overrides the one of {@code declaring}: with its
   * parameters (or a bridge to a generic override, which has them erased), not static or private,
   * and, if the overridden method is package-private, in the same package (a method of another
   * package with the same signature does not override it). A bridge that only widens visibility
   * (javac's, in a public subclass of a package-private class) calls the same body: not counted.
   */
  private static boolean declares(
      Class<?> c, Class<?> declaring, String name, Class<?>[] parameters) {
    Method m;
    try {
      m = c.getDeclaredMethod(name, parameters);
    } catch (NoSuchMethodException e) {
      return false;
    }
    int modifiers = m.getModifiers();
    if (Modifier.isStatic(modifiers) || Modifier.isPrivate(modifiers)) {
      return false;
    }
    if (m.isBridge()) {
      return Arrays.stream(c.getDeclaredMethods())
          .anyMatch(o -> !o.isBridge() && o.getName().equals(name)
              && o.getParameterCount() == parameters.length);
    }
    Method original = overridden(declaring, name, parameters);
    boolean packagePrivate =
        original != null
            && !Modifier.isPublic(original.getModifiers())
            && !Modifier.isProtected(original.getModifiers());
    return !packagePrivate || samePackage(c, declaring);
  }

  private static Method overridden(Class<?> declaring, String name, Class<?>[] parameters) {
    try {
      return declaring.getDeclaredMethod(name, parameters);
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  private static boolean samePackage(Class<?> a, Class<?> b) {
    return a.getPackageName().equals(b.getPackageName()) && a.getClassLoader() == b.getClassLoader();
  }

  private static String typeNames(Class<?>[] parameters) {
    StringBuilder out = new StringBuilder();
    for (Class<?> p : parameters) {
      out.append(out.length() == 0 ? "" : ", ").append(p.getSimpleName());
    }
    return out.toString();
  }
}
