package io.javad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javad.processor.testing.CompiledClasses;
import io.javad.processor.testing.Compiler;
import io.javad.runtime.Dual;
import io.javad.runtime.GradientCheck;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Instance methods: the companion takes the object first ({@code energyGradient(Spring self, double
 * length)}), fields are constants of the differentiation, and calls go to other {@code
 * @Differentiable} instance methods on {@code this} and on other objects. Checked against finite
 * differences, the dot-product test and closed forms.
 */
class InstanceMethodsTest {

  private static final String SOURCE =
      """
      package t;

      import io.javad.Differentiable;

      public final class Spring {
        final double k;
        double rest;
        double[] weights = {0.5, -1.5, 2};
        Spring left;

        Spring(double k, double rest) {
          this.k = k;
          this.rest = rest;
        }

        @Differentiable
        double energy(double length) {
          double d = length - rest;
          return 0.5 * k * d * d;
        }

        @Differentiable
        double twice(double length) {
          return 2 * energy(length) + this.energy(length * 0.5);
        }

        @Differentiable
        double chain(double length) {
          return left.energy(length) * energy(length) + weights[0] * length + this.left.k;
        }

        @Differentiable
        double weighted(double[] v) {
          double s = 0;
          for (int i = 0; i < v.length; i++) {
            s += weights[i] * v[i] * v[i] * this.k;
          }
          return s;
        }

        @Differentiable
        static double pair(Spring a, Spring b, double x) {
          double[] v = {x, x * x, 1};
          return a.energy(x) + b.twice(x * x) + a.weighted(v);
        }
      }
      """;

  private static CompiledClasses classes;
  private static Class<?> spring;
  private static Class<?> companion;
  private static Object a;
  private static Object b;

  @BeforeAll
  static void compile() throws Exception {
    classes = Compiler.compileAndLoad(Compiler.source("t.Spring", SOURCE));
    spring = classes.load("t.Spring");
    companion = classes.load("t.SpringDerivatives");
    Constructor<?> make = spring.getDeclaredConstructor(double.class, double.class);
    make.setAccessible(true);
    a = make.newInstance(3.0, 1.5);
    b = make.newInstance(0.5, -0.25);
    java.lang.reflect.Field left = spring.getDeclaredField("left");
    left.setAccessible(true);
    left.set(a, b);
  }

  private static double primal(String name, Object self, double x) throws Exception {
    Method m = spring.getDeclaredMethod(name, double.class);
    m.setAccessible(true);
    return (double) m.invoke(self, x);
  }

  private static Object gradient(String name, Object self, double x) throws Exception {
    return companion.getMethod(name + "Gradient", spring, double.class).invoke(null, self, x);
  }

  private static Dual tangent(String name, Object self, double x, double xDot) throws Exception {
    return (Dual) companion.getMethod(name + "Tangent", spring, double.class, double.class)
        .invoke(null, self, x, xDot);
  }

  private static void checkScalar(String name, Object self, double x) throws Exception {
    Object g = gradient(name, self, x);
    double dx = (double) component(g, "length");
    assertEquals(primal(name, self, x), (double) component(g, "value"), 1e-15);
    GradientCheck.assertGradient(
        v -> {
          try {
            return primal(name, self, v[0]);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        },
        new double[] {x},
        new double[] {dx});
    GradientCheck.assertDotProduct(tangent(name, self, x, 0.7).tangent(), new double[] {dx}, new double[] {0.7});
  }

  @Test
  void fieldsAreConstantsOfTheDifferentiation() throws Exception {
    // d/dl k (l - rest)^2 / 2 = k (l - rest).
    Object g = gradient("energy", a, 2.0);
    assertEquals(3.0 * (2.0 - 1.5), (double) component(g, "length"), 1e-15);
    checkScalar("energy", a, 2.0);
  }

  @Test
  void callsOnThisAndOnOtherObjects() throws Exception {
    checkScalar("twice", a, 0.8);
    checkScalar("chain", a, 1.3);
    checkScalar("chain", a, -0.4);
  }

  @Test
  void arrayParameterWithArrayField() throws Exception {
    double[] v = {0.3, -0.8, 1.1};
    Object g = companion.getMethod("weightedGradient", spring, double[].class).invoke(null, a, v);
    double[] w = {0.5, -1.5, 2};
    double[] expected = new double[3];
    for (int i = 0; i < 3; i++) {
      expected[i] = 2 * w[i] * v[i] * 3.0;
    }
    double[] actual = (double[]) component(g, "v");
    for (int i = 0; i < 3; i++) {
      assertEquals(expected[i], actual[i], 1e-14);
    }
  }

  @Test
  void staticMethodCallingInstanceMethodsOfItsParameters() throws Exception {
    Method gradient = companion.getMethod("pairGradient", spring, spring, double.class);
    Method primal = spring.getDeclaredMethod("pair", spring, spring, double.class);
    primal.setAccessible(true);
    double x = 0.9;
    double dx = (double) component(gradient.invoke(null, a, b, x), "x");
    GradientCheck.assertGradient(
        v -> {
          try {
            return (double) primal.invoke(null, a, b, v[0]);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        },
        new double[] {x},
        new double[] {dx});
    Method tangent = companion.getMethod("pairTangent", spring, spring, double.class, double.class);
    GradientCheck.assertDotProduct(
        ((Dual) tangent.invoke(null, a, b, x, 1.0)).tangent(), new double[] {dx}, new double[] {1.0});
  }

  @Test
  void companionTakesTheObjectFirst() {
    String source = classes.generatedSource("t.SpringDerivatives");
    assertTrue(source.contains("public static EnergyGradient energyGradient(Spring self, double length)"), source);
    assertTrue(source.contains("SpringDerivatives.energyTangent(self.left, length, lengthDot)"), source);
    // k is final: read once, as a local; rest is not, and is read where the source reads it.
    assertTrue(source.contains("double k = self.k;"), source);
    assertTrue(source.contains("length - self.rest"), source);
  }

  private static Object component(Object record, String name) throws Exception {
    for (RecordComponent c : record.getClass().getRecordComponents()) {
      if (c.getName().equals(name)) {
        return c.getAccessor().invoke(record);
      }
    }
    throw new AssertionError("no component " + name);
  }
}
