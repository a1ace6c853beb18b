package io.javad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.javad.processor.testing.CompiledClasses;
import io.javad.processor.testing.Compiler;
import io.javad.processor.testing.DerivativeChecks;
import io.javad.processor.testing.Differentiated;
import java.lang.reflect.Method;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Assignments and increments inside expressions, with Java's order of evaluation: each method is
 * differentiated in both modes (finite differences, dot-product test), and the value the
 * derivative code computes is the function's own, to the last bit.
 */
class SideEffectsTest {

  private static final String SOURCE =
      """
      package t;

      import io.javad.Differentiable;

      public class Effects {
        @Differentiable
        static double countDown(double x, int n) {
          double s = 0;
          while (n-- > 0) {
            s += x * n;
          }
          return s;
        }

        @Differentiable
        static double chained(double x, double y) {
          double t;
          t = x = y * 2;
          return t * x + (x = y) / (y * y);
        }

        @Differentiable
        static double oldAndNew(double x, double y) {
          return x + (x = y * y) + x;
        }

        @Differentiable
        static double increments(double x, double y) {
          double[] a = {x, y, x * y, 0};
          int i = 0;
          a[i++] += x;
          a[i++] *= y;
          double w = (++i) * x;
          double res = 0;
          res += (a[1] *= 5);
          double[] t = {y};
          double z = ++t[0];
          return res + w + z * a[0] + a[2] * i;
        }

        @Differentiable
        static double inConditions(double x, double y) {
          int k = 0;
          double s = x;
          if (k++ == 0 && (s *= y) > 0) {
            s += k;
          }
          double c = x > 0 ? (s = s * x) : (s = s + y);
          for (int i = 0; i < 3; i += 1) {
            s += i > 0 ? x * (k += 1) : y;
          }
          return s + c + k;
        }

        /** The target's index is evaluated before the value's increments (found by a user trial). */
        @Differentiable
        static double indexFirst(double x, double y) {
          double[] a = {x, y, x * y};
          double[] b = new double[3];
          int i = 0;
          b[i] = a[i++];
          b[i] += a[++i] * 3;
          b[2] += (b[2] = x) * y;
          // insertion sort's shift
          double[] c = {y, x, 0.5};
          int j = 1;
          c[j + 1] = c[j--];
          return b[0] + 2 * b[1] + 3 * b[2] + c[2] * c[0] + j;
        }

        record P(double a, double b) {
          double dot(P o) { return a * o.a + b * o.b; }
          P scaled(double k) { return new P(a * k, b * k); }
        }

        static final class C {
          final double a;
          final double b;
          C(double p, double q) { this.b = p; this.a = q; }
        }

        static int ticks;

        static double tick() { ticks++; return 2; }

        /** Found by a review: each is Java's order, or a value read once. */
        @Differentiable
        static double orderEverywhere(double x, double y) {
          double s = x;
          double t = x * (y > 0 ? (s = y) : 1.0) + s;             // a write in a branch of ?:
          double u = x;
          u += u++;                                               // compound reads the old u
          double w = x;
          w += (w = y) * 2;
          double v = x;
          double angle = Math.atan2(v, v = y * 3);               // arguments left to right
          int i = 1;
          double[] a = {x * i, y * i++};                          // initializers too
          double[] b = new double[] {x * i, y * i++};
          double[] f = new double[4];
          int k = 1;
          java.util.Arrays.fill(f, k, ++k, x);                    // the range before the effect
          double r = x;
          double dot = new P(r, y).dot(new P(r = y * 3, 1.0));   // the receiver first
          int j = 0;
          double[] arr = {x, y, x * y};
          C c = new C(arr[j++], arr[j++]);                        // constructor arguments in order
          for (double e : new int[] {1, 3}) {
            t += x * (e / 2);                                     // the loop variable widens
          }
          P p = new P(x, y).scaled(tick());                       // tick() runs once
          return t + u + w + angle + a[0] + 10 * a[1] + b[0] + 10 * b[1] + f[1] + dot
              + c.a - 2 * c.b + p.a() + p.b() + ticks * 0;
        }

        static double next(double v) { return v * 0.5 + 1; }

        /** Assignments, increments and calls in do-while conditions; a break leaves the loop. */
        @Differentiable
        static double doWhileConditions(double x, double y) {
          double s = y;
          int n = 3;
          do {
            s = s * x + n;
          } while (--n > 0);
          int i = 0;
          double limit = 3;
          do {
            s += Math.sin(s) * x;
            if (s > 50) {
              break;
            }
          } while (i++ < 2 && (limit = next(limit)) < 4.5);
          outer:
          do {
            for (int k = 0; k < 2; k++) {
              s = s * 0.5 + x;
              if (s > 100) {
                break outer;
              }
            }
          } while ((n += 2) < 5);
          int j = 0;
          do {
            if (s > 40) {
              s *= 0.5;
              continue;                                    // to the test, which increments
            }
            s = s * x + 1;
          } while (++j < 3);
          double u = y;
          int c = 0;
          do {
            u = u * 0.75 + x;
            c++;
            if (u < 0) {
              continue;
            }
            u += 0.25;
          } while (next(c) < 2.5);
          for (double w = 0.5; w < 4; w = 2 * next(w)) {   // a call in the update
            if (w > 2) {
              continue;
            }
            s += w * x;
          }
          return s + i + limit + n + j + u;
        }

        @Differentiable
        static double forCondition(double x, double y) {
          double s = y;
          int left = 4;
          for (int i = 0; left-- > 1; i++) {
            if (i == 1) {
              continue;
            }
            s = s * x + i;
          }
          return s + left;
        }
      }
      """;

  private static CompiledClasses classes;

  @BeforeAll
  static void compile() {
    classes = Compiler.compileAndLoad(Compiler.source("t.Effects", SOURCE));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "countDown", "chained", "oldAndNew", "increments", "inConditions", "forCondition", "indexFirst",
        "orderEverywhere", "doWhileConditions"
      })
  void differentiatesAndKeepsTheValue(String name) throws Exception {
    Differentiated f = new Differentiated(classes, "t.Effects", name);
    boolean counted = name.equals("countDown");
    double[][] points = counted ? new double[][] {{0.7, 5}, {-1.2, 3}} : new double[][] {{0.7, 1.3}, {-0.4, 2.5}};
    for (double[] at : points) {
      DerivativeChecks.check(f, at);
      Method primal =
          classes.load("t.Effects")
              .getDeclaredMethod(name, double.class, counted ? int.class : double.class);
      primal.setAccessible(true);
      Object second = counted ? (Object) (int) at[1] : (Object) at[1];
      double value = (double) primal.invoke(null, at[0], second);
      assertEquals(value, f.gradient(at)[0], 0.0, name + ": the value as Java computes it");
      assertEquals(value, f.tangent(at, new double[] {1, counted ? 0 : 1}).value(), 0.0, name);
    }
  }
}
