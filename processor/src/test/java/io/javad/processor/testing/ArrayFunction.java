package io.javad.processor.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.javad.runtime.GradientCheck;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Random;

/**
 * A {@code @Differentiable double f(double[] w, ...)} whose only active parameter is its first,
 * checked through the generated contract: {@code fGradient} against central finite differences,
 * {@code fTangent} against them along a random direction, the two against each other (the
 * dot-product test), and the accumulating {@code fAdjoint}, which must add {@code seed} times the
 * gradient into the array it is given.
 */
public final class ArrayFunction {

  private final Method primal;
  private final Method tangent;
  private final Method gradient;
  private final Method adjoint;
  private final String name;
  /**
   * Whether the method writes into its array: then {@code wBar} is the adjoint of its new contents
   * on entry to {@code fAdjoint} (Tapenade's convention), not a sum to add into.
   */
  private boolean writesItsArray;

  public ArrayFunction(CompiledClasses classes, String className, String name) {
    this.name = name;
    Class<?> model = classes.load(className);
    int dot = className.lastIndexOf('.');
    Class<?> companion =
        classes.load(className.substring(0, dot + 1) + className.substring(dot + 1) + "Derivatives");
    this.primal = find(model, name);
    this.tangent = find(companion, name + "Tangent");
    this.gradient = find(companion, name + "Gradient");
    this.adjoint = find(companion, name + "Adjoint");
  }

  /** This function, for a method that writes into its array parameter. */
  public ArrayFunction writingItsArray() {
    writesItsArray = true;
    return this;
  }

  public double value(double[] w, Object... rest) {
    return (double) call(primal, prepend(w.clone(), rest));
  }

  /** The gradient from {@code fGradient}, after checking that its value is the function's. */
  public double[] gradient(double[] w, Object... rest) {
    Object record = call(gradient, prepend(w.clone(), rest));
    assertEquals(value(w, rest), (double) component(record, 0), 0, name + ": value of fGradient");
    return (double[]) component(record, 1);
  }

  /** Every check, at {@code w}; {@code rest} are the other (inactive) arguments. */
  public void check(double[] w, Object... rest) {
    checkWithin(GradientCheck.DEFAULT_RTOL, w, rest);
  }

  public void checkWithin(double rtol, double[] w, Object... rest) {
    GradientCheck.Function f = v -> value(v, rest);
    double[] g = gradient(w, rest);
    GradientCheck.assertGradient(f, w, g, rtol);
    double[] d = new Random(Arrays.hashCode(w)).doubles(w.length, -1, 1).toArray();
    Object dual = call(tangent, prepend2(w.clone(), d.clone(), rest));
    double t = (double) invoke(find(dual.getClass(), "tangent"), dual, new Object[0]);
    GradientCheck.assertDirectional(f, w, d, t, rtol);
    GradientCheck.assertDotProduct(t, g, d);
    if (adjoint != null && !writesItsArray) {
      // Accumulates: wBar holds 1 everywhere before, 1 + seed * g after.
      double seed = -0.75;
      double[] wBar = new double[w.length];
      Arrays.fill(wBar, 1);
      Object[] args = new Object[rest.length + 3];
      args[0] = w.clone();
      System.arraycopy(rest, 0, args, 1, rest.length);
      args[rest.length + 1] = seed;
      args[rest.length + 2] = wBar;
      call(adjoint, args);
      double[] expected = new double[w.length];
      for (int i = 0; i < w.length; i++) {
        expected[i] = 1 + seed * g[i];
      }
      assertArrayEquals(expected, wBar, 1e-12 * (1 + norm(g)), name + ": fAdjoint accumulates");
    }
  }

  private static double norm(double[] g) {
    double s = 0;
    for (double v : g) {
      s = Math.max(s, Math.abs(v));
    }
    return s;
  }

  private static Object[] prepend(Object first, Object[] rest) {
    Object[] out = new Object[rest.length + 1];
    out[0] = first;
    System.arraycopy(rest, 0, out, 1, rest.length);
    return out;
  }

  private static Object[] prepend2(Object first, Object second, Object[] rest) {
    Object[] out = new Object[rest.length + 2];
    out[0] = first;
    out[1] = second;
    System.arraycopy(rest, 0, out, 2, rest.length);
    return out;
  }

  private static Object component(Object record, int i) {
    RecordComponent c = record.getClass().getRecordComponents()[i];
    c.getAccessor().setAccessible(true);
    return invoke(c.getAccessor(), record, new Object[0]);
  }

  private static Object invoke(Method m, Object target, Object[] args) {
    try {
      return m.invoke(target, args);
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    } catch (InvocationTargetException e) {
      throw new AssertionError(m.getName() + " threw", e.getCause());
    }
  }

  private static Object call(Method m, Object[] args) {
    return invoke(m, null, args);
  }

  private static Method find(Class<?> c, String name) {
    return GeneratedMembers.named(c, name);
  }
}
