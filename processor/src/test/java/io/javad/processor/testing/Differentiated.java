package io.javad.processor.testing;

import io.javad.runtime.Dual;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;

/**
 * One {@code @Differentiable} method and its generated {@code fTangent} and {@code fGradient},
 * called reflectively with all arguments given as doubles (converted to int where the method wants
 * an int). Which parameters are active is read from the gradient record's components, so the test
 * relies on the contract, not on the processor's internals.
 */
public final class Differentiated {

  private final Method primal;
  private final Method tangent;
  private final Method gradient;
  private final Class<?>[] types;
  private final boolean[] active;
  private final String name;

  public Differentiated(CompiledClasses classes, String className, String name) {
    this.name = name;
    Class<?> model = classes.load(className);
    Class<?> companion = classes.load(companionName(className));
    this.primal = only(model, name);
    this.types = primal.getParameterTypes();
    this.tangent = findOrNull(companion, name + "Tangent");
    this.gradient = findOrNull(companion, name + "Gradient");
    this.active = new boolean[types.length];
    if (gradient != null) {
      RecordComponent[] components = gradient.getReturnType().getRecordComponents();
      for (int c = 1; c < components.length; c++) {
        String component = components[c].getName();
        for (int i = 0; i < types.length; i++) {
          if (primal.getParameters()[i].getName().equals(component)) {
            active[i] = true;
          }
        }
      }
    } else {
      // Forward only: a parameter is active when a tangent parameter follows it.
      Class<?>[] t = tangent.getParameterTypes();
      for (int i = 0, j = 0; i < types.length; i++, j++) {
        active[i] = t.length - j > types.length - i;
        if (active[i]) {
          j++;
        }
      }
    }
  }

  private static String companionName(String className) {
    int dot = className.lastIndexOf('.');
    return className.substring(0, dot + 1)
        + className.substring(dot + 1).replace('$', '_')
        + "Derivatives";
  }

  public String name() {
    return name;
  }

  public int arity() {
    return types.length;
  }

  public boolean isActive(int i) {
    return active[i];
  }

  public int activeCount() {
    int n = 0;
    for (boolean a : active) {
      n += a ? 1 : 0;
    }
    return n;
  }

  public boolean hasTangent() {
    return tangent != null;
  }

  public boolean hasGradient() {
    return gradient != null;
  }

  public double value(double[] args) {
    return (double) call(primal, convert(args));
  }

  /** The result of {@code fTangent}: {@code directions} holds one tangent per active parameter. */
  public Dual tangent(double[] args, double[] directions) {
    Object[] actual = new Object[types.length + activeCount()];
    int j = 0;
    int d = 0;
    for (int i = 0; i < types.length; i++) {
      actual[j++] = convert(args[i], types[i]);
      if (active[i]) {
        actual[j++] = directions[d++];
      }
    }
    return (Dual) call(tangent, actual);
  }

  /** The result of {@code fGradient}: the value followed by one partial per active parameter. */
  public double[] gradient(double[] args) {
    Object record = call(gradient, convert(args));
    RecordComponent[] components = record.getClass().getRecordComponents();
    double[] out = new double[components.length];
    for (int c = 0; c < components.length; c++) {
      out[c] = (double) component(components[c], record);
    }
    return out;
  }

  /** The arguments with the active ones replaced by {@code activeValues}. */
  public double[] withActive(double[] args, double[] activeValues) {
    double[] out = args.clone();
    for (int i = 0, a = 0; i < out.length; i++) {
      if (active[i]) {
        out[i] = activeValues[a++];
      }
    }
    return out;
  }

  public double[] activeOf(double[] args) {
    double[] out = new double[activeCount()];
    for (int i = 0, a = 0; i < args.length; i++) {
      if (active[i]) {
        out[a++] = args[i];
      }
    }
    return out;
  }

  private Object[] convert(double[] args) {
    if (args.length != types.length) {
      throw new IllegalArgumentException(name + " takes " + types.length + " arguments");
    }
    Object[] out = new Object[args.length];
    for (int i = 0; i < args.length; i++) {
      out[i] = convert(args[i], types[i]);
    }
    return out;
  }

  private static Object convert(double v, Class<?> type) {
    if (type == int.class) {
      return (int) v;
    }
    if (type == long.class) {
      return (long) v;
    }
    return v;
  }

  private static Object component(RecordComponent component, Object record) {
    try {
      Method accessor = component.getAccessor();
      accessor.setAccessible(true);
      return accessor.invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static Object call(Method m, Object... args) {
    try {
      return m.invoke(null, args);
    } catch (IllegalAccessException e) {
      m.setAccessible(true);
      return call(m, args);
    } catch (InvocationTargetException e) {
      throw new AssertionError(m.getName() + Arrays.toString(args) + " threw", e.getCause());
    }
  }

  private static Method only(Class<?> c, String name) {
    Method found = findOrNull(c, name);
    if (found == null) {
      throw new AssertionError("no method " + name + " in " + c.getName());
    }
    found.setAccessible(true);
    return found;
  }

  private static Method findOrNull(Class<?> c, String name) {
    return GeneratedMembers.named(c, name);
  }
}
