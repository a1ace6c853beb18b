package io.javad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javad.processor.testing.CompiledClasses;
import io.javad.processor.testing.Compiler;
import io.javad.processor.testing.DerivativeChecks;
import io.javad.processor.testing.Differentiated;
import io.javad.runtime.GradientCheck;
import java.lang.reflect.Constructor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Small value objects (a final class with final number fields set by its constructor) and records
 * built and combined inside a method: taken apart into their components, their methods inlined.
 * Checked against finite differences and the dot-product test, a closed form, and the generated
 * code's shape (no object, no call); what cannot be taken apart is an error at the node.
 */
class ValueObjectsTest {

  private static final String COMPLEX =
      """
      package t;

      public final class Complex {
        private final double re;
        private final double im;

        public Complex(double re, double im) {
          this.re = re;
          this.im = im;
        }

        public double re() { return re; }
        public double getIm() { return this.im; }
        public Complex plus(Complex o) { return new Complex(re + o.re, im + o.im); }
        public Complex times(Complex o) {
          return new Complex(re * o.re - im * o.im, re * o.im + im * o.re);
        }
        public Complex scale(double k) { return new Complex(k * re, k * im); }
        public Complex swapped() { return new Complex(im, re); }
        public double abs() { return Math.hypot(re, im); }
        public double abs2() { return re * re + im * im; }
        public double half() { return re / 2; }
      }
      """;

  private static final String VEC3 =
      """
      package t;

      public record Vec3(double x, double y, double z) {
        public double dot(Vec3 o) { return x * o.x + y * o.y + z * o.z; }
        public Vec3 cross(Vec3 o) {
          return new Vec3(y * o.z - z * o.y, z * o.x - x * o.z, x * o.y - y * o.x);
        }
        public double norm() { return Math.sqrt(dot(this)); }
        public Vec3 minus(Vec3 o) { return new Vec3(x - o.x(), y - o.y(), z - o.z()); }
      }
      """;

  private static final String SHAPES =
      """
      package t;

      import io.javad.Differentiable;

      public class Shapes {
        @Differentiable
        public static double escape(double x, double y, double cr, double ci) {
          Complex z = new Complex(x, y);
          Complex c = new Complex(cr, ci);
          for (int i = 0; i < 5; i++) {
            z = z.times(z).plus(c);
          }
          return z.abs();
        }

        @Differentiable
        public static double poly(double x, double y) {
          Complex z = new Complex(x, y);
          Complex w = z.times(z).plus(z.scale(3)).plus(new Complex(1, 0));
          return w.abs2() + w.re() * w.getIm() + z.times(z).re() + new Complex(x, 1).half();
        }

        @Differentiable
        public static double swap(double x, double y) {
          Complex z = new Complex(x, 2 * y);
          z = z.swapped();
          return z.re() * z.re() * z.getIm();
        }

        @Differentiable
        public static double area(Vec3 a, Vec3 b, Vec3 c) {
          Vec3 n = b.minus(a).cross(c.minus(a));
          return 0.5 * n.norm();
        }

        /** A copy keeps the old value when the original is assigned again. */
        @Differentiable
        public static double copies(double x, double y) {
          Complex a = new Complex(x, y);
          Complex b = a;
          a = a.times(a);
          Complex c;
          if (x > y) {
            c = a;
          } else {
            c = b.plus(a);
          }
          Complex far = a.abs() > b.abs() ? a : b;
          return b.re() + 10 * a.re() + c.getIm() * far.re();
        }

        /** A record parameter assigned again, in a loop. */
        @Differentiable
        public static double walk(Vec3 start, double step) {
          for (int i = 0; i < 3; i++) {
            start = start.minus(new Vec3(step, -step, step * start.x()));
          }
          return start.norm();
        }

        @Differentiable
        public static double tangentAngle(double t, double s) {
          Vec3 r = new Vec3(Math.cos(t), Math.sin(t), s * t);
          Vec3 v = new Vec3(-Math.sin(t), Math.cos(t), s);
          return r.dot(v) / (r.norm() * v.norm());
        }
      }
      """;

  private static final String ORBIT =
      """
      package t;

      import io.javad.Differentiable;

      public class Orbit {
        public record State(double x, double v) {}

        static State step(State s, double dt, double k) {
          return new State(s.x() + dt * s.v(), s.v() - dt * k * s.x());
        }

        static double energy(State s, double k) {
          return 0.5 * (s.v() * s.v() + k * s.x() * s.x());
        }

        /** Symplectic Euler for x'' = -k x over n steps; the energy at the end. */
        @Differentiable
        public static double simulate(double x0, double v0, double k, int n) {
          State s = new State(x0, v0);
          for (int i = 0; i < n; i++) {
            s = step(s, 0.01, k);
          }
          return energy(s, k) + Orbit.energy(new State(x0, 0), k);
        }
      }
      """;

  private static CompiledClasses classes;

  @BeforeAll
  static void compile() {
    classes =
        Compiler.compileAndLoad(
            Compiler.source("t.Complex", COMPLEX),
            Compiler.source("t.Vec3", VEC3),
            Compiler.source("t.Shapes", SHAPES),
            Compiler.source("t.Orbit", ORBIT));
  }

  @Test
  void complexArithmeticInALoop() {
    Differentiated escape = new Differentiated(classes, "t.Shapes", "escape");
    DerivativeChecks.check(escape, 0.3, -0.2, 0.1, 0.25);
    DerivativeChecks.check(escape, -0.5, 0.4, -0.3, 0.1);
    String source = classes.generatedCode("t.ShapesDerivatives");
    // Taken apart: no Complex object and no call of its methods in the derivative code.
    String calls = source.replace("Derivatives.times(", ""); // forward mode's zero-wins product
    assertTrue(!source.contains("new Complex") && !calls.contains(".times("), source);
    assertTrue(source.contains("double zRe = x;"), source);
  }

  @Test
  void chainedCallsGettersAndLiterals() {
    Differentiated poly = new Differentiated(classes, "t.Shapes", "poly");
    DerivativeChecks.check(poly, 0.3, -0.7);
    DerivativeChecks.check(poly, 1.1, 0.4);
    // Closed form of d/dx at (x, y): w = z^2 + 3z + 1, f = |w|^2 + Re w Im w + Re z^2 + x / 2.
    double x = 0.3;
    double y = -0.7;
    double wr = x * x - y * y + 3 * x + 1;
    double wi = 2 * x * y + 3 * y;
    double dwrDx = 2 * x + 3;
    double dwiDx = 2 * y;
    double expected = 2 * wr * dwrDx + 2 * wi * dwiDx + dwrDx * wi + wr * dwiDx + 2 * x + 0.5;
    assertEquals(expected, poly.gradient(new double[] {x, y})[1], 1e-12);
  }

  @Test
  void copiesAndAssignmentsKeepJavasValues() throws Exception {
    Differentiated copies = new Differentiated(classes, "t.Shapes", "copies");
    DerivativeChecks.check(copies, 0.7, -0.4);
    DerivativeChecks.check(copies, -0.2, 0.9);
    // The value as Java computes it: b is the old a.
    java.lang.reflect.Method m = classes.load("t.Shapes").getMethod("copies", double.class, double.class);
    assertEquals((double) m.invoke(null, 0.7, -0.4), copies.gradient(new double[] {0.7, -0.4})[0], 1e-15);
    Class<?> vec = classes.load("t.Vec3");
    Object start = vec.getConstructor(double.class, double.class, double.class).newInstance(0.3, -0.2, 0.5);
    Class<?> companion = classes.load("t.ShapesDerivatives");
    Object g = companion.getMethod("walkGradient", vec, double.class).invoke(null, start, 0.1);
    double h = 1e-6;
    java.lang.reflect.Method walk = classes.load("t.Shapes").getMethod("walk", vec, double.class);
    double fd = ((double) walk.invoke(null, start, 0.1 + h) - (double) walk.invoke(null, start, 0.1 - h)) / (2 * h);
    assertEquals(fd, (double) g.getClass().getMethod("step").invoke(g), 1e-7);
    assertEquals((double) walk.invoke(null, start, 0.1), (double) g.getClass().getMethod("value").invoke(g), 1e-15);
  }

  @Test
  void reassigningAValueThatReadsItself() {
    Differentiated swap = new Differentiated(classes, "t.Shapes", "swap");
    DerivativeChecks.check(swap, 0.6, -1.3);
    // z = (2y, x): f = 4 y^2 x, df/dx = 4 y^2, df/dy = 8 x y.
    double[] g = swap.gradient(new double[] {0.6, -1.3});
    assertEquals(4 * 1.69, g[1], 1e-12);
    assertEquals(8 * 0.6 * -1.3, g[2], 1e-12);
  }

  @Test
  void recordMethodsOnRecordParameters() throws Exception {
    Class<?> vec = classes.load("t.Vec3");
    Constructor<?> make = vec.getConstructor(double.class, double.class, double.class);
    Class<?> companion = classes.load("t.ShapesDerivatives");
    double[] at = {0, 0, 0.1, 1, 0.2, 0, 0.3, 1, 0.5};
    Object g =
        companion.getMethod("areaGradient", vec, vec, vec)
            .invoke(
                null, make.newInstance(at[0], at[1], at[2]), make.newInstance(at[3], at[4], at[5]),
                make.newInstance(at[6], at[7], at[8]));
    double[] flat = new double[9];
    for (int k = 0; k < 3; k++) {
      Object part = g.getClass().getMethod(String.valueOf((char) ('a' + k))).invoke(g);
      flat[3 * k] = (double) vec.getMethod("x").invoke(part);
      flat[3 * k + 1] = (double) vec.getMethod("y").invoke(part);
      flat[3 * k + 2] = (double) vec.getMethod("z").invoke(part);
    }
    java.lang.reflect.Method area = classes.load("t.Shapes").getMethod("area", vec, vec, vec);
    GradientCheck.assertGradient(
        v -> {
          try {
            return (double)
                area.invoke(
                    null, make.newInstance(v[0], v[1], v[2]), make.newInstance(v[3], v[4], v[5]),
                    make.newInstance(v[6], v[7], v[8]));
          } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
          }
        },
        at,
        flat);
    DerivativeChecks.check(new Differentiated(classes, "t.Shapes", "tangentAngle"), 0.7, 1.3);
  }

  @Test
  void staticHelpersGivenAndReturningValues() {
    Differentiated simulate = new Differentiated(classes, "t.Orbit", "simulate");
    DerivativeChecks.check(simulate, 1.0, 0.5, 2.0, 50);
    DerivativeChecks.check(simulate, -0.3, 1.5, 0.7, 3);
    // n = 0: E = (v0^2 + k x0^2) / 2 + k x0^2 / 2, dE/dx0 = 2 k x0, dE/dv0 = v0, dE/dk = x0^2.
    double[] g = simulate.gradient(new double[] {1.5, -0.5, 3.0, 0});
    assertEquals(9.0, g[1], 1e-12);
    assertEquals(-0.5, g[2], 1e-12);
    assertEquals(2.25, g[3], 1e-12);
    String source = classes.generatedCode("t.OrbitDerivatives");
    assertTrue(!source.contains("step(") && !source.contains("new State"), source);
  }

  @Test
  void whatCannotBeTakenApartIsAnErrorAtTheNode() {
    com.google.testing.compile.Compilation compilation =
        Compiler.compile(
            Compiler.source(
                "t.Bad",
                """
                package t;
                import io.javad.Differentiable;
                final class Bad {
                  static class Open {
                    final double a;
                    Open(double a) { this.a = a; }
                  }
                  static final class Mutable {
                    double a;
                    Mutable(double a) { this.a = a; }
                  }
                  static final class Checked {
                    final double a;
                    Checked(double a) { if (a < 0) throw new IllegalArgumentException(); this.a = a; }
                  }
                  record P(double a, double b) {
                    double loop() { double s = 0; for (int i = 0; i < 2; i++) s += a; return s; }
                    P twice() { return new P(2 * a, 2 * b); }
                    double down() { return down(); }
                    double arr(double[] w) { return a * w[0]; }
                  }
                  @Differentiable static double open(double x) { Open o = new Open(x); return x; }
                  @Differentiable static double mutable(double x) { Mutable m = new Mutable(x); return x; }
                  @Differentiable static double checked(double x) { Checked c = new Checked(x); return x; }
                  @Differentiable static double loop(P p) { return p.loop(); }
                  @Differentiable static double value(P p) { return Math.abs(p.twice()); }
                  @Differentiable static double down(P p) { return p.down(); }
                  @Differentiable static double arr(P p, double[] w) { return p.arr(w); }
                  static double twoSteps(P p) { double s = p.a(); return s * p.b(); }
                  @Differentiable static double helper(double x) { P q = new P(x, x); return twoSteps(q); }
                  @Differentiable static double compared(double x) { P q = new P(x, x); return Math.abs(q) + x; }
                }
                """));
    String all =
        String.join("\n", compilation.errors().stream().map(d -> d.getMessage(null)).toList());
    assertTrue(all.contains("a Open built inside a @Differentiable method is taken apart into its fields only if its class is final, with final number fields set by a constructor that only assigns its parameters to them, but it is not final"), all);
    assertTrue(all.contains("but its field a is not final"), all);
    assertTrue(all.contains("but its constructor does more than assign its parameters to its fields"), all);
    assertTrue(all.contains("calling loop here inlines it, which javad cannot do: javad inlines methods of values, and static helpers given or returning values, whose body is one return statement"), all);
    assertTrue(all.contains("twice returns a record or value object"), all);
    assertTrue(all.contains("calling down here inlines it, which javad cannot do: it calls itself"), all);
    assertTrue(all.contains("q is an object (t.Bad.P)"), all);
    assertTrue(all.contains("calling twoSteps here inlines it, which javad cannot do: javad inlines methods of values, and static helpers given or returning values, whose body is one return statement"), all);
    assertTrue(all.contains("calling arr here inlines it, which javad cannot do: its parameter w is neither a number nor a value"), all);
  }
}
