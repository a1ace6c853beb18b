package io.javad.processor;

import static io.javad.processor.testing.DerivativeChecks.check;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.javad.processor.testing.CompiledClasses;
import io.javad.processor.testing.Compiler;
import io.javad.processor.testing.Differentiated;
import io.javad.runtime.Dual;
import java.lang.reflect.Field;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Calls to methods javad does not differentiate, taking only values that do not depend on the
 * active inputs: evaluated once, in the forward pass, exactly as the function evaluates them
 * (their values feed the backward sweep from there, never from a second call).
 */
class OpaqueCallsTest {

  private static final String SOURCE =
      """
      package t;

      import io.javad.Differentiable;
      import io.javad.Mode;

      class Base {
        static double pick(long i) {
          return 100;
        }
      }

      public class Calls extends Base {
        static int calls;
        static double noted;

        static int steps(int n) {
          calls++;
          return 2 * n + 1;
        }

        /** A different value on every call: it must be read once, as the primal reads it. */
        static double weight(int k) {
          calls++;
          return 1.0 / (k + 1) + calls;
        }

        static void note(double v) {
          noted = v;
        }

        static String log = "";

        static void tag(int v) {
          log += "i";
        }

        static void tag(long v) {
          log += "L";
        }

        static int bucket(double v) {
          return (int) Math.floor(v);
        }

        static double pick(int i) {
          return 2;
        }

        /** pick(int) is this class's, pick(long) the superclass's: the call must not change. */
        @Differentiable
        static double inherited(double x, int i) {
          return x * pick(i);
        }

        /** A long constant stays long in the generated code: 3 * 10^9 would overflow an int. */
        @Differentiable
        static double longConstant(double x) {
          final long k = 3;
          return x * (k * 1_000_000_000);
        }

        /** Constants keep their type (the long overload); an int-valued helper may take x. */
        @Differentiable
        static double typed(double x) {
          final long k = 3;
          tag(k);
          return x * x * bucket(3 * x);
        }

        @Differentiable
        static double series(double x, int n) {
          double s = 0;
          int m = steps(n);
          for (int i = 0; i < m; i++) {
            s = s * x + Math.sin(x * i) * weight(i);
          }
          return s;
        }

        @Differentiable
        static double bound(double x, int n) {
          double s = 0;
          int m = steps(n);
          for (int i = 0; i < m; i++) {
            double w = weight(i);
            if (w > 2) {
              double v = weight(i);
              s += v * x;
            }
            s = s * x + Math.sin(x * i) * w;
            note(s);
          }
          return s;
        }

        static int wrap(int i, int n) {
          return (i + 1) % n;
        }

        static boolean even(int i) {
          return i % 2 == 0;
        }

        /** Helpers in indices, in a branch condition, and a log call inside a branch. */
        @Differentiable
        static double ring(double a0, double a1, double a2, double a3, double a4) {
          double[] a = {a0, a1, a2, a3, a4};
          double[] b = new double[a.length];
          double s = 0;
          for (int i = 0; i < a.length; i++) {
            b[wrap(i, a.length)] += a[i] * a[wrap(i + 1, a.length)];
            if (even(i)) {
              s += Math.exp(b[wrap(i, a.length)]) * Nested.scale(i);
              note(s);
            } else {
              s = s * a[i];
            }
          }
          boolean halve = even(steps(0) - 1);
          while (halve && s > 100) {
            s = s / 2;
          }
          return s;
        }

        /** Tangent code tests a loop condition as the function does; pow's partial needs w again. */
        @Differentiable(modes = Mode.FORWARD)
        static double powers(double x, int n) {
          double s = 0;
          for (int i = 0; i < steps(n); i++) {
            s += Math.pow(x, 0.1 * weight(i));
          }
          return s;
        }

        @Differentiable
        static double logged(double x, double y) {
          double r = x * Math.exp(y);
          note(r);
          return r * r;
        }

        @Differentiable
        static double scaled(double x) {
          return x * Nested.scale(3) + x * x * lowercase.factor();
        }

        static class Nested {
          static double scale(int k) {
            return 0.5 * k;
          }
        }

        static class lowercase {
          static double factor() {
            return 0.25;
          }
        }
      }
      """;

  private static CompiledClasses classes;

  @BeforeAll
  static void compile() {
    classes = Compiler.compileAndLoad(Compiler.source("t.Calls", SOURCE));
  }

  private static Differentiated f(String name) {
    return new Differentiated(classes, "t.Calls", name);
  }

  private static Field field(String name) throws ReflectiveOperationException {
    Field field = classes.load("t.Calls").getDeclaredField(name);
    field.setAccessible(true);
    return field;
  }

  @Test
  void eachCallIsMadeOnceInEveryMode() throws Exception {
    Differentiated f = f("series");
    Field calls = field("calls");
    calls.setInt(null, 0);
    f.value(new double[] {0.7, 2});
    int perEvaluation = calls.getInt(null);
    // steps(2) = 5 iterations: 1 + 5 weights.
    assertEquals(6, perEvaluation);

    calls.setInt(null, 0);
    double[] tangentAndGradientValues = new double[2];
    tangentAndGradientValues[0] = f.tangent(new double[] {0.7, 2}, new double[] {1}).value();
    assertEquals(perEvaluation, calls.getInt(null), "the tangent calls each helper as f does");
    calls.setInt(null, 0);
    double expected = f.value(new double[] {0.7, 2});
    calls.setInt(null, 0);
    tangentAndGradientValues[1] = f.gradient(new double[] {0.7, 2})[0];
    assertEquals(perEvaluation, calls.getInt(null), "the gradient calls each helper once");
    assertEquals(expected, tangentAndGradientValues[0], 0);
    assertEquals(expected, tangentAndGradientValues[1], 0);
  }

  @Test
  void tangentCallsAsOftenAsTheFunctionWithALoopConditionCall() throws Exception {
    Differentiated f = f("powers");
    Field calls = field("calls");
    calls.setInt(null, 0);
    double value = f.value(new double[] {1.3, 1});
    assertEquals(7, calls.getInt(null), "3 iterations: 4 loop tests and 3 weights");
    calls.setInt(null, 0);
    Dual dual = f.tangent(new double[] {1.3, 1}, new double[] {1});
    assertEquals(7, calls.getInt(null));
    assertEquals(value, dual.value(), 0);
    // Weights w_i = 1/(i+1) + calls so far: 1 + 2, 1/2 + 4, 1/3 + 6.
    double expected = 0;
    for (double w : new double[] {3, 4.5, 6 + 1.0 / 3}) {
      double p = 0.1 * w;
      expected += p * Math.pow(1.3, p - 1);
    }
    assertEquals(expected, dual.tangent(), 1e-13 * expected);
  }

  @Test
  void derivativesTreatTheCallsAsConstants() throws Exception {
    // weight() depends on the call count, so every evaluation starts from the same count.
    Field calls = field("calls");
    Differentiated f = f("series");
    double x = 0.7;
    calls.setInt(null, 0);
    double[] gradient = f.gradient(new double[] {x, 2});
    calls.setInt(null, 0);
    Dual dual = f.tangent(new double[] {x, 2}, new double[] {1});
    // Closed form with the same weights: s_{i+1} = s_i x + sin(x i) w_i, w_i = 1/(i+1) + (i + 2).
    double s = 0;
    double ds = 0;
    for (int i = 0; i < 5; i++) {
      double w = 1.0 / (i + 1) + (i + 2);
      ds = ds * x + s + Math.cos(x * i) * i * w;
      s = s * x + Math.sin(x * i) * w;
    }
    assertEquals(s, gradient[0], 1e-12 * Math.abs(s));
    assertEquals(ds, gradient[1], 1e-12 * Math.abs(ds));
    assertEquals(ds, dual.tangent(), 1e-12 * Math.abs(ds));
  }

  @Test
  void callsInsideBranchesOfALoopAreTapedNotRepeated() throws Exception {
    Differentiated f = f("bound");
    Field calls = field("calls");
    Field noted = field("noted");
    double[] point = {0.9, 3};
    calls.setInt(null, 0);
    double value = f.value(point);
    int perEvaluation = calls.getInt(null);
    calls.setInt(null, 0);
    double[] gradient = f.gradient(point);
    assertEquals(perEvaluation, calls.getInt(null));
    assertEquals(value, gradient[0], 0);
    assertEquals(value, noted.getDouble(null), 0, "the log call saw the last s");
    calls.setInt(null, 0);
    Dual dual = f.tangent(point, new double[] {1});
    assertEquals(perEvaluation, calls.getInt(null));
    assertEquals(dual.tangent(), gradient[1], 1e-12 * Math.abs(gradient[1]));
  }

  @Test
  void helpersInIndicesAndConditions() {
    Differentiated f = f("ring");
    check(f, 0.3, -0.2, 0.5, 0.1, 0.7);
    check(f, 1.3, 1.2, 1.5, 1.1, 1.7);
  }

  @Test
  void anOverloadFromTheRightClass() {
    assertEquals(2, f("inherited").gradient(new double[] {1.5, 1})[1], 0);
    assertEquals(2, f("inherited").tangent(new double[] {1.5, 1}, new double[] {1}).tangent(), 0);
  }

  @Test
  void longConstantsKeepLongArithmetic() {
    assertEquals(3e9, f("longConstant").gradient(new double[] {2})[1], 0);
    assertEquals(3e9, f("longConstant").tangent(new double[] {2}, new double[] {1}).tangent(), 0);
  }

  @Test
  void overloadsAndIntegerResults() throws Exception {
    Differentiated f = f("typed");
    Field log = field("log");
    log.set(null, "");
    double x = 1.2;
    f.tangent(new double[] {x}, new double[] {1});
    f.gradient(new double[] {x});
    assertEquals("LL", log.get(null), "the long overload, as in the function");
    // bucket(3x) = 3 near 1.2: piecewise constant, no derivative of its own.
    assertEquals(6 * x, f.gradient(new double[] {x})[1], 1e-14);
    assertEquals(6 * x, f.tangent(new double[] {x}, new double[] {1}).tangent(), 1e-14);
  }

  @Test
  void aCallForItsEffectSeesThePrimalValue() throws Exception {
    Differentiated f = f("logged");
    Field noted = field("noted");
    check(f, 0.3, -0.4);
    f.gradient(new double[] {0.3, -0.4});
    assertEquals(0.3 * Math.exp(-0.4), noted.getDouble(null), 1e-15);
    f.tangent(new double[] {1.5, 0.2}, new double[] {1, 0});
    assertEquals(1.5 * Math.exp(0.2), noted.getDouble(null), 1e-15);
  }

  @Test
  void helpersInNestedClassesWhateverTheirNames() {
    Differentiated f = f("scaled");
    check(f, 1.3);
    double x = 1.3;
    assertEquals(1.5 + 0.5 * x, f.tangent(new double[] {x}, new double[] {1}).tangent(), 1e-15);
  }
}
