package io.javad.processor;

import static io.javad.processor.testing.DerivativeChecks.check;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javad.processor.testing.CompiledClasses;
import io.javad.processor.testing.Compiler;
import io.javad.processor.testing.Differentiated;
import io.javad.runtime.Dual;
import io.javad.runtime.GradientCheck;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A class written as Java developers write it: private final fields, private static state, private
 * helpers, private {@code @Differentiable} methods, objects held in private fields. The companion
 * reaches them through handles; both modes are checked against finite differences and the
 * dot-product test, and one case against its closed form.
 */
class PrivateMembersTest {

  private static final String SOURCE =
      """
      package t;

      import io.javad.Differentiable;

      public final class Pendulum {
        private static final double G = gravity();
        private static double scale = 1.5;
        private final double length;
        private double damping;
        private final double[] weights = {0.5, -1.25, 2.0};
        private final Pendulum next;

        Pendulum(double length, double damping, Pendulum next) {
          this.length = length;
          this.damping = damping;
          this.next = next;
        }

        private static double gravity() {
          return 9.81;
        }

        private int steps() {
          return weights.length;
        }

        private static double offset(int k) {
          return 0.25 * k;
        }

        @Differentiable
        private double spring(double x) {
          return damping * x * x + length;
        }

        @Differentiable
        private static double cube(double x) {
          return x * x * x;
        }

        @Differentiable
        double energy(double theta) {
          int n = steps();
          double e = 0;
          for (int i = 0; i < n; i++) {
            e += weights[i] * Math.cos(theta * (i + 1)) + offset(i);
          }
          return G * length * e * scale + spring(theta) + cube(theta) * damping
              + next.length * theta + next.spring(theta * 0.5);
        }

        @Differentiable
        double closed(double x) {
          return length * x * x + damping * x;
        }

        @Differentiable
        static double total(double theta, double omega) {
          return scale * cube(theta) + G * Math.sin(omega) + cube(omega * theta);
        }
      }
      """;

  private static CompiledClasses classes;
  private static Class<?> pendulum;
  private static Class<?> companion;
  private static Object p;

  @BeforeAll
  static void compile() throws Exception {
    classes = Compiler.compileAndLoad(Compiler.source("t.Pendulum", SOURCE));
    pendulum = classes.load("t.Pendulum");
    companion = classes.load("t.PendulumDerivatives");
    Constructor<?> make = pendulum.getDeclaredConstructor(double.class, double.class, pendulum);
    make.setAccessible(true);
    Object next = make.newInstance(0.75, 0.2, null);
    p = make.newInstance(1.25, 0.4, next);
  }

  @Test
  void privateFieldsAreReadThroughHandlesTheJitFolds() {
    String source = classes.generatedSource("t.PendulumDerivatives");
    assertTrue(
        source.contains(
            "private static final VarHandle LENGTH = PrivateAccess.field(MethodHandles.lookup(),"
                + " Pendulum.class, \"length\", double.class);"),
        source);
    assertTrue(source.contains("(double) LENGTH.get(self)"), source);
    assertTrue(source.contains("((t.Pendulum) NEXT.get(self))"), source);
    assertTrue(source.contains("(double[]) WEIGHTS.get(self)"), source);
  }

  @Test
  void privateHelpersAreCalledThroughBridges() {
    String source = classes.generatedSource("t.PendulumDerivatives");
    assertTrue(source.contains("private static int steps(Pendulum self) {"), source);
    assertTrue(source.contains("return (int) STEPS.invokeExact(self);"), source);
    assertTrue(source.contains("offset(i)"), source);
  }

  @Test
  void closedForm() throws Exception {
    // d/dx (length x^2 + damping x) = 2 length x + damping.
    double x = 0.7;
    Object g = companion.getMethod("closedGradient", pendulum, double.class).invoke(null, p, x);
    assertEquals(2 * 1.25 * x + 0.4, (double) component(g, "x"), 1e-15);
    checkInstance("closed", "x", x);
  }

  @Test
  void instanceMethodReadingPrivateStateAndCallingPrivateHelpers() throws Exception {
    checkInstance("energy", "theta", 0.3);
    checkInstance("energy", "theta", -1.1);
  }

  @Test
  void privateDifferentiableMethodsHaveDerivativesToo() throws Exception {
    checkInstance("spring", "x", 0.9);
    check(new Differentiated(classes, "t.Pendulum", "cube"), 0.6);
  }

  @Test
  void staticMethodReadingPrivateStaticFields() {
    check(new Differentiated(classes, "t.Pendulum", "total"), 0.4, -0.8);
  }

  private static void checkInstance(String name, String parameter, double x) throws Exception {
    Method primal = pendulum.getDeclaredMethod(name, double.class);
    primal.setAccessible(true);
    Object g = companion.getMethod(name + "Gradient", pendulum, double.class).invoke(null, p, x);
    double dx = (double) component(g, parameter);
    assertEquals((double) primal.invoke(p, x), (double) component(g, "value"), 0);
    GradientCheck.assertGradient(
        v -> {
          try {
            return (double) primal.invoke(p, v[0]);
          } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
          }
        },
        new double[] {x},
        new double[] {dx});
    Dual t =
        (Dual)
            companion
                .getMethod(name + "Tangent", pendulum, double.class, double.class)
                .invoke(null, p, x, 0.7);
    assertEquals((double) primal.invoke(p, x), t.value(), 0);
    GradientCheck.assertDotProduct(t.tangent(), new double[] {dx}, new double[] {0.7});
  }

  private static Object component(Object record, String name) throws Exception {
    return record.getClass().getMethod(name).invoke(record);
  }
}
