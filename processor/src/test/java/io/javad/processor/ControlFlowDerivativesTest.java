package io.javad.processor;

import static io.javad.processor.testing.DerivativeChecks.check;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javad.processor.testing.CompiledClasses;
import io.javad.processor.testing.Compiler;
import io.javad.processor.testing.Differentiated;
import io.javad.runtime.Dual;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Branches, loops, early returns, break and continue: every construct against finite differences
 * (and the dot-product test where both modes exist), at points on each side of every branch, and
 * against closed forms (x^(2^n) by repeated squaring, Newton's square root, exp by its series).
 */
class ControlFlowDerivativesTest {

  /** The annotation every method gets: both modes. */
  static final String ANNOTATION = "@Differentiable";

  private static final String SOURCE =
      """
      package t;

      import io.javad.Differentiable;
      import io.javad.Mode;

      public class Flow {
        ANNOTATION
        static double piecewise(double x, double y) {
          double r;
          if (x > y) {
            r = x * x - y;
          } else if (x > 0) {
            r = Math.sin(x) * y;
          } else {
            r = -x * y * y;
          }
          return r * x;
        }

        ANNOTATION
        static double guardedSqrt(double x) {
          return x > 0 ? Math.sqrt(x) : 0;
        }

        ANNOTATION
        static double conditionalMix(double x, double y) {
          double m = x < y && y < 3 ? x * y : (!(x > 1) ? y : Math.exp(x));
          boolean big = m > 2;
          return big ? m * m : m + x;
        }

        ANNOTATION
        static double repeatedSquaring(double x, int n) {
          double r = x;
          for (int i = 0; i < n; i++) {
            r = r * r;
          }
          return r;
        }

        ANNOTATION
        static double power(double x, int n) {
          double r = 1;
          for (int i = 0; i < n; i++) {
            r *= x;
          }
          return r;
        }

        ANNOTATION
        static double newtonSqrt(double a) {
          double x = a > 1 ? a : 1;
          double dx = 1;
          while (Math.abs(dx) > 1e-15 * x) {
            dx = (x * x - a) / (2 * x);
            x -= dx;
          }
          return x;
        }

        ANNOTATION
        static double expSeries(double x) {
          double sum = 1;
          double term = 1;
          for (int k = 1; k < 200; k++) {
            term *= x / k;
            sum += term;
            if (Math.abs(term) < 1e-17 * Math.abs(sum)) {
              break;
            }
          }
          return sum;
        }

        ANNOTATION
        static double doWhile(double x) {
          double s = 0;
          int k = 0;
          do {
            s = s * x + k;
            k++;
          } while (k < 5);
          return s;
        }

        ANNOTATION
        static double earlyReturns(double x, double y) {
          if (x < -1) {
            return y * x;
          }
          double t = x * y;
          for (int i = 0; i < 10; i++) {
            t = Math.sin(t) + x;
            if (t > 1.5) {
              return t * y;
            }
          }
          return t;
        }

        ANNOTATION
        static double nestedWithLabels(double x, int n) {
          double s = 0;
          outer:
          for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
              if (j > i) {
                continue outer;
              }
              if (i + j == 7) {
                break outer;
              }
              if ((i + j) % 3 == 0) {
                continue;
              }
              s += Math.cos(x * i) * j;
            }
            s *= 0.9;
          }
          return s * x;
        }

        ANNOTATION
        static double switched(double x, int k) {
          double r = x;
          switch (k % 4) {
            case 0:
              r = r * r;
              break;
            case 1:
            case 2:
              r = Math.exp(r);
              break;
            default:
              return -r;
          }
          switch (k) {
            case 5 -> r += x;
            case 6 -> {
              r *= x;
              r -= 1;
            }
            default -> r = r / 2;
          }
          return r;
        }

        ANNOTATION
        static double longCounter(double x) {
          double s = 0;
          for (long i = 3_000_000_000L; i < 3_000_000_004L; i++) {
            s = s * x + (i - 3_000_000_000L);
          }
          return s;
        }

        ANNOTATION
        static double blockScopes(double x) {
          double s = 0;
          {
            double t = x * x;
            s += t;
          }
          {
            double t = Math.exp(x);
            s *= t;
          }
          int i = 0;
          while (true) {
            double t = s * i;
            s = s + t * 0.1;
            i++;
            if (i == 3) {
              break;
            }
          }
          return s;
        }

        ANNOTATION
        static double clipped(double x, int n) {
          double s = 0;
          for (int i = 0; i < n; i++) {
            double t = x * i;
            if (t > 1) {
              s += Math.log(t);
            } else {
              s += t * t;
            }
          }
          return s;
        }

        ANNOTATION
        static double reflect(double x, double y) {
          if (x < 0) {
            x = -x;
            y = y * x;
          }
          return x * y;
        }

        ANNOTATION
        static double triangular(double x, int n) {
          double s = 0;
          for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
              s = s * x + Math.sin(x * j) / (i + 1);
            }
          }
          return s;
        }

        ANNOTATION
        static double returnFromWhileTrue(double x) {
          double y = x;
          int k = 0;
          while (true) {
            y = y * 0.5 + Math.cos(y);
            k++;
            if (k > 3 && y > 0.8) {
              return y * x;
            }
            if (k > 50) {
              return -y;
            }
          }
        }

        ANNOTATION
        static double doWhileWithContinue(double x) {
          double s = x;
          int k = 0;
          do {
            k++;
            if (k % 2 == 0) {
              continue;
            }
            s = s * s * 0.5 + x;
          } while (k < 6);
          return s;
        }

        ANNOTATION
        static double activeLoopVariable(double x) {
          double s = 0;
          for (double t = x; t < 10; t = t * 2 + 1) {
            s += t * t;
          }
          return s;
        }
      }
      """;

  private static CompiledClasses classes;

  @BeforeAll
  static void compile() {
    classes =
        Compiler.compileAndLoad(Compiler.source("t.Flow", SOURCE.replace("ANNOTATION", ANNOTATION)));
  }

  private static Differentiated f(String name) {
    return new Differentiated(classes, "t.Flow", name);
  }

  @Test
  void ifElseChainsOnEachSide() {
    for (double[] p : new double[][] {{2, 1}, {0.5, 1}, {-0.5, 1}, {-2, -3}}) {
      check(f("piecewise"), p);
    }
  }

  @Test
  void untakenBranchContributesNoNaN() {
    Differentiated f = f("guardedSqrt");
    check(f, 2.0);
    Dual below = f.tangent(new double[] {-1}, new double[] {1});
    assertEquals(0, below.tangent(), 0);
    if (f.hasGradient()) {
      assertEquals(0, f.gradient(new double[] {-1})[1], 0);
    }
  }

  @Test
  void conditionalsAndBooleanLogic() {
    for (double[] p : new double[][] {{0.5, 2}, {0.5, 4}, {2, 1}, {1.5, 0.2}, {-1, -2}}) {
      check(f("conditionalMix"), p);
    }
  }

  @Test
  void repeatedSquaringIsAPowerOfTwo() {
    Differentiated f = f("repeatedSquaring");
    for (int n = 0; n <= 4; n++) {
      double x = 1.07;
      check(f, x, n);
      double k = Math.pow(2, n);
      double expected = k * Math.pow(x, k - 1);
      assertEquals(expected, f.tangent(new double[] {x, n}, new double[] {1}).tangent(), 1e-12 * expected);
    }
  }

  @Test
  void powerByRepeatedMultiplication() {
    Differentiated f = f("power");
    for (int n : new int[] {0, 1, 5}) {
      check(f, 1.3, n);
      assertEquals(n * Math.pow(1.3, n - 1), f.tangent(new double[] {1.3, n}, new double[] {1}).tangent(), 1e-12);
    }
  }

  @Test
  void newtonsSquareRootConvergesWithItsDerivative() {
    Differentiated f = f("newtonSqrt");
    for (double a : new double[] {0.3, 2, 50}) {
      check(f, a);
      // d sqrt(a)/da = 1 / (2 sqrt(a)): the iteration's derivative converges with it.
      assertEquals(0.5 / Math.sqrt(a), f.tangent(new double[] {a}, new double[] {1}).tangent(), 1e-12);
    }
  }

  @Test
  void seriesWithBreakDifferentiatesToItself() {
    Differentiated f = f("expSeries");
    for (double x : new double[] {-2, 0.3, 3}) {
      check(f, x);
      assertEquals(Math.exp(x), f.tangent(new double[] {x}, new double[] {1}).tangent(), 1e-13 * Math.exp(x));
    }
  }

  @Test
  void doWhileLoops() {
    for (double x : new double[] {-1.3, 0.4, 2}) {
      check(f("doWhile"), x);
    }
  }

  @Test
  void returnsFromBranchesAndLoops() {
    for (double[] p : new double[][] {{-2, 0.5}, {0.2, 0.3}, {0.9, 1.2}, {0.05, -0.4}}) {
      check(f("earlyReturns"), p);
    }
  }

  @Test
  void labeledBreakAndContinueInNestedLoops() {
    for (int n : new int[] {0, 3, 6}) {
      check(f("nestedWithLabels"), 0.7, n);
    }
  }

  @Test
  void switchStatements() {
    for (int k = 0; k < 8; k++) {
      check(f("switched"), 0.8, k);
    }
  }

  @Test
  void longCounters() {
    check(f("longCounter"), 1.7);
  }

  @Test
  void blockScopedLocalsAndWhileTrue() {
    for (double x : new double[] {-0.5, 1.2}) {
      check(f("blockScopes"), x);
    }
  }

  @Test
  void branchesInsideLoopsAndFlagsOutside() {
    for (double x : new double[] {0.05, 0.4, 2.5}) {
      check(f("clipped"), x, 6);
    }
    for (double[] p : new double[][] {{-1.5, 0.7}, {1.5, 0.7}}) {
      check(f("reflect"), p);
    }
  }

  @Test
  void innerBoundsFromOuterCounters() {
    for (double x : new double[] {0.3, 0.9}) {
      check(f("triangular"), x, 5);
    }
    assertTrue(classes.generatedSource("t.FlowDerivatives").contains("for (int j = i - 1; j >= 0; j--)"));
  }

  @Test
  void returnsFromInfiniteLoops() {
    for (double x : new double[] {-0.3, 0.6, 2}) {
      check(f("returnFromWhileTrue"), x);
    }
  }

  @Test
  void doWhileWithContinue() {
    for (double x : new double[] {-0.4, 0.3}) {
      check(f("doWhileWithContinue"), x);
    }
  }

  @Test
  void activeLoopVariableInForHeader() {
    Differentiated f = f("activeLoopVariable");
    for (double x : new double[] {0.5, 2.2, 4.2}) { // 4.5 would hit a jump: t reaches exactly 10
      check(f, x);
    }
    assertTrue(classes.generatedSource("t.FlowDerivatives").contains("tDot"));
  }
}
