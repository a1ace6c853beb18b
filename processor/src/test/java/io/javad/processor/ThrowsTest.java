package io.javad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javad.processor.testing.ArrayResults;
import io.javad.processor.testing.CompiledClasses;
import io.javad.processor.testing.Compiler;
import io.javad.processor.testing.DerivativeChecks;
import io.javad.processor.testing.Differentiated;
import io.javad.processor.testing.GeneratedMembers;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * {@code throw new E(...)}: where the function throws, each derivative member throws the same
 * exception with the same message (from the forward sweep: the backward sweep is never reached);
 * elsewhere the derivatives are right (finite differences), in both modes.
 */
class ThrowsTest {

  private static final String SOURCE =
      """
      package t;

      import static java.util.Objects.requireNonNull;

      import io.javad.Differentiable;

      public class Checked {
        enum Kind { L1, L2, HUBER }

        static final String NAME = "dot";

        /** A package-private exception of the user's own. */
        static class Diverged extends RuntimeException {
          Diverged(String message, int steps) {
            super(message + " after " + steps);
          }
        }

        /** Guard lines as careful code writes them. */
        @Differentiable
        static double guarded(double[] w, double lambda, Kind kind) {
          java.util.Objects.requireNonNull(w, "weights");
          requireNonNull(kind);
          if (lambda < 0) {
            throw new IllegalArgumentException(String.format("lambda = %.3f < 0 for %d weights", lambda, w.length));
          }
          double s = 0;
          for (double v : w) {
            s += v * v;
          }
          return lambda * s;
        }

        @Differentiable
        static double dot(double[] a, double[] b) {
          if (a.length != b.length) {
            throw new IllegalArgumentException(NAME + ": lengths " + a.length + " and " + b.length + " differ");
          }
          double s = 0;
          for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
          }
          return s;
        }

        @Differentiable
        static double loss(double r, Kind kind) {
          return switch (kind) {
            case L1 -> Math.abs(r);
            case L2 -> r * r;
            default -> throw new UnsupportedOperationException("kind " + kind);
          };
        }

        @Differentiable
        static double iterate(double x, int n) {
          double y = x;
          for (int i = 0; i < n; i++) {
            y = Math.sin(y) * 3 + x;
            if (Math.abs(y) > 10) {
              throw new Diverged("y = " + y + ", " + (i + 1) + 'x', i + 1);
            }
          }
          return y;
        }

        /** Asserts: checked where assertions are on, as in Java, with their messages. */
        @Differentiable(wrt = "z")
        static double asserted(double[] z, double t) {
          assert z.length > 1 : "too short: " + z.length + ", t = " + t;
          double s = 0;
          for (double v : z) {
            assert !Double.isNaN(v);
            s += v * v * t;
          }
          return s;
        }

        @Differentiable
        static double[] scaled(double[] a, double s) {
          double[] r = new double[a.length];
          for (int i = 0; i < a.length; i++) {
            if (a[i] < -5) {
              throw new IllegalStateException("a[" + i + "] = " + a[i] + " is below -5");
            }
            r[i] = a[i] * s;
          }
          return r;
        }
      }
      """;

  private static CompiledClasses classes;

  @BeforeAll
  static void compile() {
    classes = Compiler.compileAndLoad(Compiler.source("t.Checked", SOURCE));
  }

  @Test
  void whereTheFunctionDoesNotThrowTheDerivativesAreRight() throws Exception {
    Object dot = call("dotGradient", new double[] {0.5, -1, 2}, new double[] {1, 2, 3});
    org.junit.jupiter.api.Assertions.assertArrayEquals(
        new double[] {1, 2, 3}, (double[]) dot.getClass().getMethod("a").invoke(dot), 0);
    org.junit.jupiter.api.Assertions.assertArrayEquals(
        new double[] {0.5, -1, 2}, (double[]) dot.getClass().getMethod("b").invoke(dot), 0);
    Differentiated iterate = new Differentiated(classes, "t.Checked", "iterate");
    DerivativeChecks.check(iterate, 0.3, 4);
    new ArrayResults(classes, "t.Checked", "scaled").check(1, new double[] {0.5, -1, 2}, 1.5);
    Class<?> kind = classes.load("t.Checked$Kind");
    Object l2 = kind.getEnumConstants()[1];
    Object g = call("lossGradient", -1.5, l2);
    assertEquals(-3.0, (double) g.getClass().getMethod("r").invoke(g), 0);
  }

  @Test
  void whereTheFunctionThrowsEveryMemberThrowsTheSame() throws Exception {
    double[] a = {1, 2};
    double[] b = {1, 2, 3};
    expectSame(
        () -> call("dot", classes.load("t.Checked"), a, b),
        () -> call("dotTangent", a, new double[2], b, new double[3]),
        () -> call("dotGradient", a, b),
        () -> call("dotAdjoint", a, b, 1.0, new double[2], new double[3]));
    Object huber = classes.load("t.Checked$Kind").getEnumConstants()[2];
    expectSame(
        () -> call("loss", classes.load("t.Checked"), 0.5, huber),
        () -> call("lossTangent", 0.5, 1.0, huber),
        () -> call("lossGradient", 0.5, huber));
    expectSame(
        () -> call("iterate", classes.load("t.Checked"), 8.0, 10),
        () -> call("iterateTangent", 8.0, 1.0, 10),
        () -> call("iterateGradient", 8.0, 10));
    expectSame(
        () -> call("guarded", classes.load("t.Checked"), null, 0.5, null),
        () -> call("guardedTangent", null, null, 0.5, 1.0, null),
        () -> call("guardedGradient", null, 0.5, null));
    Object l2 = classes.load("t.Checked$Kind").getEnumConstants()[1];
    double[] two = {1, 2};
    expectSame(
        () -> call("guarded", classes.load("t.Checked"), two, -0.5, l2),
        () -> call("guardedTangent", two, new double[2], -0.5, 1.0, l2),
        () -> call("guardedGradient", two, -0.5, l2));
    Object g = call("guardedGradient", new double[] {1, 2}, 0.5, l2);
    org.junit.jupiter.api.Assertions.assertArrayEquals(
        new double[] {1, 2}, (double[]) g.getClass().getMethod("w").invoke(g), 0);
    double[] low = {1, -6};
    expectSame(
        () -> call("scaled", classes.load("t.Checked"), low, 2.0),
        () -> call("scaledTangent", low, new double[2], 2.0, 1.0),
        () -> call("scaledPullback", low, 2.0, new double[2]),
        () -> call("scaledJacobian", low, 2.0));
  }

  @Test
  void assertsRunWhereJavaRunsThem() throws Exception {
    new io.javad.processor.testing.ArrayFunction(classes, "t.Checked", "asserted").check(new double[] {0.5, -1.5}, 0.7);
    boolean on = classes.load("t.Checked").desiredAssertionStatus();
    double[] one = {0.5};
    if (on) {
      expectSame(
          () -> call("asserted", classes.load("t.Checked"), one, 0.7),
          () -> call("assertedTangent", one, new double[1], 0.7),
          () -> call("assertedGradient", one, 0.7));
    } else {
      // Off: nothing is checked, in the function and in its derivatives alike.
      assertEquals(0.5 * 0.5 * 0.7, (double) call("asserted", classes.load("t.Checked"), one, 0.7), 0);
      Object g = call("assertedGradient", one, 0.7);
      assertEquals(0.7, ((double[]) g.getClass().getMethod("z").invoke(g))[0], 1e-15);
    }
  }

  /** Each call throws, the function's exception first: the same class and message for all. */
  private static void expectSame(Executable primal, Executable... derivatives) {
    Throwable expected = assertThrows(Throwable.class, primal);
    assertTrue(expected.getMessage() != null && !expected.getMessage().isEmpty(), "a message");
    assertTrue(expected instanceof RuntimeException || expected instanceof AssertionError, "an unchecked one");
    for (Executable d : derivatives) {
      Throwable got = assertThrows(Throwable.class, d);
      assertEquals(expected.getClass(), got.getClass());
      assertEquals(expected.getMessage(), got.getMessage());
    }
  }

  /** A member of the companion, or with a class first, of that class; its exception unwrapped. */
  private static Object call(String name, Object... args) throws Exception {
    Class<?> owner = classes.load("t.CheckedDerivatives");
    Object[] rest = args;
    if (args.length > 0 && args[0] instanceof Class<?> c) {
      owner = c;
      rest = java.util.Arrays.copyOfRange(args, 1, args.length);
    }
    Method m = null;
    for (Method candidate : owner.getDeclaredMethods()) {
      if (candidate.getName().equals(name)
          && candidate.getParameterCount() == rest.length
          && (rest.length == 0 || !candidate.getParameterTypes()[0].getSimpleName().endsWith("Workspace"))) {
        m = candidate;
      }
    }
    if (m == null) {
      m = GeneratedMembers.named(owner, name);
    }
    m.setAccessible(true);
    try {
      return m.invoke(null, rest);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      if (e.getCause() instanceof Error error) {
        throw error; // an assert's
      }
      throw e;
    }
  }
}
