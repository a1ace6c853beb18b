package io.javad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javad.processor.testing.CompiledClasses;
import io.javad.processor.testing.Compiler;
import io.javad.runtime.Dual;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A {@code @Differentiable} method a subclass can override: its companion differentiates the body
 * it was compiled from, so for an object whose class overrides the method it must throw, naming
 * the override, never return the derivative of another function. Objects whose classes do not
 * override it get their derivatives as usual.
 */
class OverridesTest {

  private static final String SOURCE =
      """
      package t;

      import io.javad.Differentiable;

      public class Shape {
        double scale = 2;

        @Differentiable
        double area(double r) {
          return scale * r * r;
        }

        @Differentiable
        double twice(double r) {
          return 2 * area(r);
        }
      }

      class Circle extends Shape {
        @Override
        double area(double r) {
          return Math.PI * r * r;
        }
      }

      class Square extends Shape {}

      class Ring extends Shape {
        @Override
        double area(double r) {
          return 3 * r * r;
        }

        @Differentiable
        double perimeter(double r) {
          return 6 * r;
        }
      }

      class Gen<T> {
        double scale = 1.5;

        @Differentiable
        double f(double x, T tag) {
          return scale * x * x;
        }
      }

      class Tagged extends Gen<String> {
        @Override
        double f(double x, String tag) {
          return x;
        }
      }

      class Plain extends Gen<String> {}

      interface Scaled {
        @Differentiable
        default double scaled(double x) {
          return 3 * x * x;
        }
      }

      class Tripled implements Scaled {}

      class Custom implements Scaled {
        @Override
        public double scaled(double x) {
          return x;
        }
      }
      """;

  private static CompiledClasses classes;

  /** In another package: its f(double) has Shape's name and parameters, but does not override it. */
  private static final String OTHER_PACKAGE =
      """
      package u;

      public class Lookalike extends t.Shape {
        double area(double r) {
          return 1000 * r;
        }
      }
      """;

  @BeforeAll
  static void compile() {
    classes =
        Compiler.compileAndLoad(
            Compiler.source("t.Shape", SOURCE), Compiler.source("u.Lookalike", OTHER_PACKAGE));
  }

  @Test
  void aPackagePrivateMethodOfAnotherPackageIsNoOverride() throws Throwable {
    // u.Lookalike.area does not override t.Shape.area (package-private): Java calls Shape's.
    assertEquals(4 * 1.5, partial("ShapeDerivatives", "areaGradient", "u.Lookalike", "Shape", 1.5), 1e-15);
  }

  @Test
  void aGenericOverrideIsFoundThroughItsBridge() throws Throwable {
    Class<?> gen = classes.load("t.Gen");
    Method gradient = classes.load("t.GenDerivatives").getMethod("fGradient", gen, double.class, Object.class);
    Object plain = instance("t.Plain");
    Object g = gradient.invoke(null, plain, 2.0, "tag");
    assertEquals(6.0, (double) g.getClass().getMethod("x").invoke(g), 1e-15);
    InvocationTargetException thrown =
        assertThrows(InvocationTargetException.class, () -> gradient.invoke(null, instance("t.Tagged"), 2.0, "tag"));
    assertTrue(thrown.getCause().getMessage().startsWith("t.Tagged overrides f(double, Object)"), thrown.getCause().getMessage());
    assertTrue(thrown.getCause().getMessage().contains("mark the override @Differentiable and call t.TaggedDerivatives"), thrown.getCause().getMessage());
  }

  private static Object instance(String className) throws Exception {
    Constructor<?> make = classes.load(className).getDeclaredConstructor();
    make.setAccessible(true);
    return make.newInstance();
  }

  @Test
  void objectsOfClassesThatDoNotOverrideGetTheDerivative() throws Throwable {
    // d/dr (2 r^2) = 4 r; twice: 8 r.
    assertEquals(4 * 1.5, partial("ShapeDerivatives", "areaGradient", "t.Shape", "Shape", 1.5), 1e-15);
    assertEquals(4 * 1.5, partial("ShapeDerivatives", "areaGradient", "t.Square", "Shape", 1.5), 1e-15);
    assertEquals(8 * 1.5, partial("ShapeDerivatives", "twiceGradient", "t.Square", "Shape", 1.5), 1e-15);
    assertEquals(6 * 0.5, partial("ScaledDerivatives", "scaledGradient", "t.Tripled", "Scaled", 0.5), 1e-15);
  }

  @Test
  void anOverrideIsNamedNotDifferentiatedAsTheBaseBody() {
    for (String member : new String[] {"areaGradient", "twiceGradient", "areaTangent"}) {
      Throwable thrown =
          assertThrows(
              UnsupportedOperationException.class,
              () -> partial("ShapeDerivatives", member, "t.Circle", "Shape", 1.5));
      assertTrue(thrown.getMessage().startsWith("t.Circle overrides area(double)"), thrown.getMessage());
    }
    Throwable thrown =
        assertThrows(
            UnsupportedOperationException.class,
            () -> partial("ScaledDerivatives", "scaledGradient", "t.Custom", "Scaled", 0.5));
    assertTrue(thrown.getMessage().startsWith("t.Custom overrides scaled(double)"), thrown.getMessage());
    // An interface's default method cannot be made final: not suggested.
    assertTrue(!thrown.getMessage().contains("final"), thrown.getMessage());
  }

  @Test
  void theMessageSaysWhetherTheOverrideHasDerivatives() {
    // Ring has a companion, for perimeter only: area's override must still be marked.
    Throwable thrown =
        assertThrows(
            UnsupportedOperationException.class,
            () -> partial("ShapeDerivatives", "areaGradient", "t.Ring", "Shape", 1.5));
    assertTrue(
        thrown.getMessage().contains("mark the override @Differentiable and call t.RingDerivatives"),
        thrown.getMessage());
  }

  @Test
  void theGuardComesFirst() {
    String source = classes.generatedSource("t.ShapeDerivatives");
    assertTrue(
        source.contains(
            "private static final Overrides.Guard AREA_GUARD = Overrides.guard(Shape.class, \"area\","
                + " double.class);"),
        source);
    assertTrue(source.contains("{\n    AREA_GUARD.check(self);\n"), source);
    String sealed = classes.generatedSource("t.ScaledDerivatives");
    assertTrue(sealed.contains("SCALED_GUARD.check(self);"), sealed);
  }

  /** The partial of {@code companion.member(object, x)}: a gradient's or a tangent's along 1. */
  private static double partial(
      String companion, String member, String objectClass, String selfType, double x)
      throws Throwable {
    Class<?> self = classes.load("t." + selfType);
    Constructor<?> make = classes.load(objectClass).getDeclaredConstructor();
    make.setAccessible(true);
    Object object = make.newInstance();
    Class<?> c = classes.load("t." + companion);
    try {
      if (member.endsWith("Tangent")) {
        Method m = c.getMethod(member, self, double.class, double.class);
        return ((Dual) m.invoke(null, object, x, 1.0)).tangent();
      }
      Object g = c.getMethod(member, self, double.class).invoke(null, object, x);
      String parameter = selfType.equals("Scaled") ? "x" : "r";
      return (double) g.getClass().getMethod(parameter).invoke(g);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
