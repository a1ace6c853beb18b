package io.javad.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.javad.processor.testing.CompiledClasses;
import io.javad.processor.testing.Compiler;
import io.javad.runtime.Dual;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * float code gets float tangents and adjoints. Each float function has a double twin; the float
 * derivatives must match the twin's to float precision, and the generated members carry floats.
 */
class FloatTest {

  private static final String SOURCE =
      """
      package t;

      import io.javad.Differentiable;

      public class Fl {
        @Differentiable
        static float softplus(float x, float b) {
          float e = (float) Math.exp(b * x);
          return (float) Math.log1p(e) / b;
        }

        @Differentiable
        static double softplusTwin(double x, double b) {
          double e = Math.exp(b * x);
          return Math.log1p(e) / b;
        }

        @Differentiable
        static float dot(float[] a, float[] b) {
          float s = 0;
          for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
          }
          return s;
        }

        @Differentiable
        static float power(float x, int n) {
          float r = 1;
          for (int i = 0; i < n; i++) {
            r *= x;
          }
          return r;
        }

        @Differentiable
        static float mixed(float x, double y) {
          float t = x * x;
          t = Math.max(t, 0.5f) * 2;
          return (float) (t * y) + x;
        }
      }
      """;

  private static Class<?> companion;

  @BeforeAll
  static void compile() {
    CompiledClasses classes = Compiler.compileAndLoad(Compiler.source("t.Fl", SOURCE));
    companion = classes.load("t.FlDerivatives");
  }

  private static Object call(String name, Object... args) throws Exception {
    Method m = io.javad.processor.testing.GeneratedMembers.named(companion, name);
    if (m == null) {
      throw new AssertionError("no " + name);
    }
    return m.invoke(null, args);
  }

  private static Object component(Object record, int i) throws Exception {
    RecordComponent c = record.getClass().getRecordComponents()[i];
    c.getAccessor().setAccessible(true);
    return c.getAccessor().invoke(record);
  }

  @Test
  void floatGradientsMatchTheirDoubleTwins() throws Exception {
    Object g = call("softplusGradient", 0.7f, 1.3f);
    Object twin = call("softplusTwinGradient", 0.7, 1.3);
    assertEquals(float.class, g.getClass().getRecordComponents()[1].getType());
    assertEquals((double) component(twin, 1), (float) component(g, 1), 1e-6);
    assertEquals((double) component(twin, 2), (float) component(g, 2), 1e-6);
    Dual t = (Dual) call("softplusTangent", 0.7f, 1f, 1.3f, 0f);
    assertEquals((double) component(twin, 1), t.tangent(), 1e-6);
  }

  @Test
  void floatArraysAndLoops() throws Exception {
    float[] a = {0.5f, -1.25f, 2f};
    float[] b = {1.5f, 0.25f, -0.75f};
    Object g = call("dotGradient", a, b);
    assertArrayEquals(b, (float[]) component(g, 1));
    assertArrayEquals(a, (float[]) component(g, 2));
    Object p = call("powerGradient", 1.1f, 5);
    assertEquals(5 * Math.pow(1.1, 4), (float) component(p, 1), 1e-5);
    Dual t = (Dual) call("powerTangent", 1.1f, 1f, 5);
    assertEquals(5 * Math.pow(1.1, 4), t.tangent(), 1e-5);
  }

  @Test
  void floatAndDoubleMixed() throws Exception {
    // t = max(x^2, 0.5) * 2; f = t y + x. At x = 0.9, y = 1.5: x^2 = 0.81 wins.
    Object g = call("mixedGradient", 0.9f, 1.5);
    assertEquals(2 * 2 * 0.9 * 1.5 + 1, (float) component(g, 1), 1e-5);
    assertEquals(2 * 0.81, (double) component(g, 2), 1e-5);
    Dual t = (Dual) call("mixedTangent", 0.9f, 0f, 1.5, 1.0);
    assertEquals(2 * 0.81, t.tangent(), 1e-5);
  }
}
