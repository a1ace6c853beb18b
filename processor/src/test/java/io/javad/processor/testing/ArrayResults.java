package io.javad.processor.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A {@code @Differentiable} method returning an array ({@code double[]}, {@code double[][]},
 * {@code float[]}, {@code float[][]}), every parameter active (numbers and arrays of them), checked
 * through its generated members: {@code fTangent}'s value is the method's to the bit and its
 * tangent the central finite difference along a random direction; {@code fPullback} passes the
 * dot-product test against it ({@code <seed, J d> == <Jᵀ seed, d>}); and {@code fJacobian}'s
 * blocks, applied to the direction, give the tangent again.
 */
public final class ArrayResults {

  private final Class<?> model;
  private final Class<?> companion;
  private final String name;

  public ArrayResults(CompiledClasses classes, String className, String name) {
    this.model = classes.load(className);
    int dot = className.lastIndexOf('.');
    this.companion =
        classes.load(className.substring(0, dot + 1) + className.substring(dot + 1) + "Derivatives");
    this.name = name;
  }

  /** All checks at {@code args}, along a direction drawn from {@code seed}. */
  public void check(long seed, Object... args) {
    Random random = new Random(seed);
    Object[] direction = new Object[args.length];
    for (int i = 0; i < args.length; i++) {
      direction[i] = randomLike(args[i], random);
    }
    boolean single = isFloat(call(model, name, copy(args)));
    double[] value = flatten(call(model, name, copy(args)));

    Object tangent = call(companion, name + "Tangent", interleave(copy(args), copy(direction)));
    assertArrayEquals(value, flatten(component(tangent, "value")), 0, name + ": fTangent's value");
    double[] dot = flatten(component(tangent, "tangent"));
    double h = single ? 1e-2 : 1e-6;
    double[] plus = flatten(call(model, name, step(args, direction, h)));
    double[] minus = flatten(call(model, name, step(args, direction, -h)));
    for (int k = 0; k < value.length; k++) {
      double fd = (plus[k] - minus[k]) / (2 * h);
      assertEquals(fd, dot[k], (single ? 2e-2 : 1e-6) * (1 + Math.abs(fd)), name + ": tangent " + k);
    }

    Object resultSeed = randomLike(call(model, name, copy(args)), random);
    Object pullback = call(companion, name + "Pullback", append(copy(args), resultSeed));
    assertArrayEquals(value, flatten(component(pullback, "value")), 0, name + ": fPullback's value");
    double lhs = dot(flatten(resultSeed), dot);
    double rhs = 0;
    List<String> names = componentNames(pullback);
    for (int i = 0; i < args.length; i++) {
      rhs += dot(flatten(component(pullback, names.get(i + 1))), flatten(direction[i]));
    }
    assertEquals(lhs, rhs, (single ? 1e-4 : 1e-11) * (1 + Math.abs(lhs)), name + ": dot-product test");

    Object jacobian = call(companion, name + "Jacobian", copy(args));
    assertArrayEquals(value, flatten(component(jacobian, "value")), 0, name + ": fJacobian's value");
    double[] applied = new double[value.length];
    for (int i = 0; i < args.length; i++) {
      Object block = component(jacobian, names.get(i + 1));
      double[] d = flatten(direction[i]);
      double[] flat = flatten(block);
      for (int k = 0; k < value.length; k++) {
        for (int j = 0; j < d.length; j++) {
          applied[k] += flat[k * d.length + j] * d[j];
        }
      }
    }
    for (int k = 0; k < value.length; k++) {
      assertEquals(dot[k], applied[k], (single ? 1e-4 : 1e-12) * (1 + Math.abs(dot[k])), name + ": Jacobian row " + k);
    }
  }

  /** Numbers and arrays of them, in index order (a matrix row by row). */
  public static double[] flatten(Object o) {
    List<Double> out = new ArrayList<>();
    flattenInto(o, out);
    double[] a = new double[out.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = out.get(i);
    }
    return a;
  }

  private static void flattenInto(Object o, List<Double> out) {
    if (o instanceof Number n) {
      out.add(n.doubleValue());
    } else {
      for (int i = 0; i < Array.getLength(o); i++) {
        flattenInto(Array.get(o, i), out);
      }
    }
  }

  private static boolean isFloat(Object o) {
    Class<?> c = o.getClass();
    while (c.isArray()) {
      c = c.getComponentType();
    }
    return c == float.class || c == Float.class;
  }

  private static Object randomLike(Object o, Random random) {
    if (o instanceof Double) {
      return random.nextDouble() * 2 - 1;
    }
    if (o instanceof Float) {
      return (float) (random.nextDouble() * 2 - 1);
    }
    Object a = Array.newInstance(o.getClass().getComponentType(), Array.getLength(o));
    for (int i = 0; i < Array.getLength(o); i++) {
      Array.set(a, i, randomLike(Array.get(o, i), random));
    }
    return a;
  }

  private static Object copy(Object o) {
    if (o instanceof Number) {
      return o;
    }
    Object a = Array.newInstance(o.getClass().getComponentType(), Array.getLength(o));
    for (int i = 0; i < Array.getLength(o); i++) {
      Array.set(a, i, copy(Array.get(o, i)));
    }
    return a;
  }

  private static Object[] copy(Object[] args) {
    Object[] out = new Object[args.length];
    for (int i = 0; i < args.length; i++) {
      out[i] = copy(args[i]);
    }
    return out;
  }

  /** {@code x + h d}, in x's own type. */
  private static Object step(Object x, Object d, double h) {
    if (x instanceof Double v) {
      return v + h * (Double) d;
    }
    if (x instanceof Float v) {
      return (float) (v + h * (Float) d);
    }
    Object a = Array.newInstance(x.getClass().getComponentType(), Array.getLength(x));
    for (int i = 0; i < Array.getLength(x); i++) {
      Array.set(a, i, step(Array.get(x, i), Array.get(d, i), h));
    }
    return a;
  }

  private static Object[] step(Object[] x, Object[] d, double h) {
    Object[] out = new Object[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = step(x[i], d[i], h);
    }
    return out;
  }

  private static Object[] interleave(Object[] args, Object[] tangents) {
    Object[] out = new Object[args.length * 2];
    for (int i = 0; i < args.length; i++) {
      out[2 * i] = args[i];
      out[2 * i + 1] = tangents[i];
    }
    return out;
  }

  private static Object[] append(Object[] args, Object last) {
    Object[] out = java.util.Arrays.copyOf(args, args.length + 1);
    out[args.length] = last;
    return out;
  }

  private static double dot(double[] a, double[] b) {
    assertEquals(a.length, b.length, "lengths");
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static Object call(Class<?> c, String method, Object... args) {
    Method m = GeneratedMembers.named(c, method);
    if (m == null) {
      throw new AssertionError("no " + method + " in " + c.getName());
    }
    try {
      m.setAccessible(true);
      return m.invoke(null, args);
    } catch (InvocationTargetException e) {
      throw new AssertionError(method + " threw", e.getCause());
    } catch (IllegalAccessException | IllegalArgumentException e) {
      throw new AssertionError(method + java.util.Arrays.toString(m.getParameterTypes()) + " given " + args.length, e);
    }
  }

  private static List<String> componentNames(Object record) {
    List<String> names = new ArrayList<>();
    for (RecordComponent c : record.getClass().getRecordComponents()) {
      names.add(c.getName());
    }
    return names;
  }

  private static Object component(Object record, String component) {
    for (RecordComponent c : record.getClass().getRecordComponents()) {
      if (c.getName().equals(component)) {
        try {
          c.getAccessor().setAccessible(true);
          return c.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
          throw new AssertionError(e);
        }
      }
    }
    throw new AssertionError("no component " + component);
  }
}
