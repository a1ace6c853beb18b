package io.javad.processor;

import static io.javad.processor.testing.DerivativeChecks.check;
import static io.javad.processor.testing.DerivativeChecks.checkWithin;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javad.processor.testing.CompiledClasses;
import io.javad.processor.testing.Compiler;
import io.javad.processor.testing.Differentiated;
import io.javad.runtime.Dual;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Arithmetic, locals, reassignment, compound assignment, promotion, casts and constants, in both
 * modes, checked against finite differences and the dot-product test at several points, and
 * against closed forms where they are short.
 */
class StraightLineDerivativesTest {

  private static final String SOURCE =
      """
      package t;

      import io.javad.Differentiable;

      public class Ops {
        private static class Hidden {
          static final double CONSTANT = 0.125; // private class: copied by value into the companion
        }
        static final double K = 2.5;
        static final int N = 3;
        private static final double HIDDEN = 0.25;
        public static double scale = 1.5;

        @Differentiable
        public static double seed(double x, double y) {
          double a = x + y;
          double b = x - y;
          return a * b;
        }

        @Differentiable
        static double arithmetic(double x, double y, double z) {
          return x * y - z / x + (y - z) * (x + 1) - -y / 2 + +z;
        }

        @Differentiable
        static double quotient(double x, double y) {
          return (x - y) / (x * y + 1.5) / y;
        }

        @Differentiable
        static double reassigned(double x, double y) {
          double t = x * y;
          t = t * t + x;
          x = t / y;
          t = x - t * y;
          return t * x;
        }

        @Differentiable
        static double compound(double x, double y) {
          double r = x;
          r += y * x;
          r -= 0.5 * y;
          r *= x - y;
          r /= 1 + y * y;
          r %= 5.5;
          y *= r;
          return r + y;
        }

        @Differentiable
        static double integers(double x, int n) {
          int m = n * 2 + 1;
          m += 3;
          m++;
          long big = 1L * 4;
          double s = x * m + n / 2 + big;
          return s * n + (double) m / 4 + x / N;
        }

        @Differentiable
        static double casts(double x, double y) {
          int whole = (int) (x * 10);
          double d = (double) whole + (float) y;
          return d * x + (double) y * whole + (float) (x * y);
        }

        @Differentiable
        static double constants(double x) {
          return K * x * x + Math.PI * x + HIDDEN / x + scale + N * Math.E + Hidden.CONSTANT * x;
        }

        @Differentiable
        static double uninitialized(double x, double y) {
          double a;
          double b;
          a = x * y;
          b = a + y;
          a = b * x;
          return a - b;
        }

        @Differentiable
        static double remainder(double x, double y) {
          return x % y * 3 + x;
        }

        @Differentiable
        static double unused(double x, double y) {
          double notUseful = Math.exp(y) * x;
          return x * x;
        }

        @Differentiable
        static double constantResult(double x) {
          double t = x * 0;
          return 4.0;
        }

        @Differentiable
        static double nameClashes(double x, double xDot, double xBar) {
          double value = x * xDot;
          double tBar = value * xBar;
          return value + tBar;
        }

        private static final long BIG = 123456789012345679L;
        private static final double FOREVER = Double.POSITIVE_INFINITY;

        @Differentiable
        static double integerFactors(double x, int n, int m) {
          double a = x / 4;
          return 2 * (x / 4) + 3 * a + n * (x / m) + x * n * n + Math.atan2(x, 50000 * n);
        }

        @Differentiable
        static double privateConstants(double x) {
          long k = BIG % 10;
          return x * k + Math.min(x, FOREVER);
        }

        @Differentiable
        static double zeroPartials(double x) {
          return Math.pow(x, 0) + Math.atan2(x, 0) + Math.atan2(0, x) + Math.hypot(x, 0)
              + Math.hypot(0, x);
        }

        @Differentiable
        static double horner6(double u) {
          return 1 + u * (2 + u * (3 + u * (4 + u * (5 + u * (6 + u * 7)))));
        }

        @Differentiable
        static double horner12(double u) {
          return 1 + u * (2 + u * (3 + u * (4 + u * (5 + u * (6 + u * (7 + u * (8 + u * (9 + u
              * (10 + u * (11 + u * (12 + u * 13)))))))))));
        }

        @Differentiable
        static double longSum(double x, double y) {
          double a = x * y;
          double b = x / y;
          double c = x - y;
          double d = x * x;
          return a + b + c + d + a * b;
        }
      }
      """;

  private static CompiledClasses classes;

  @BeforeAll
  static void compile() {
    classes = Compiler.compileAndLoad(Compiler.source("t.Ops", SOURCE));
  }

  private static Differentiated f(String name) {
    return new Differentiated(classes, "t.Ops", name);
  }

  private static final double[][] THREE_POINTS = {{1.3, -0.7, 2.1}, {-2.2, 0.4, 0.9}, {0.6, 1.7, -1.1}};

  @Test
  void seedMatchesClosedForm() {
    Differentiated f = f("seed");
    for (double[] p : THREE_POINTS) {
      double x = p[0];
      double y = p[1];
      check(f, x, y);
      assertArrayEquals(new double[] {x * x - y * y, 2 * x, -2 * y}, f.gradient(new double[] {x, y}), 1e-14);
      Dual dx = f.tangent(new double[] {x, y}, new double[] {1, 0});
      Dual dy = f.tangent(new double[] {x, y}, new double[] {0, 1});
      assertEquals(2 * x, dx.tangent(), 1e-14);
      assertEquals(-2 * y, dy.tangent(), 1e-14);
    }
  }

  @Test
  void arithmeticOperators() {
    for (double[] p : THREE_POINTS) {
      check(f("arithmetic"), p);
    }
  }

  @Test
  void quotients() {
    for (double[] p : THREE_POINTS) {
      check(f("quotient"), p[0], p[1]);
    }
  }

  @Test
  void reassignedLocalsAndParameters() {
    for (double[] p : THREE_POINTS) {
      check(f("reassigned"), p[0], p[1]);
    }
  }

  @Test
  void compoundAssignments() {
    for (double[] p : THREE_POINTS) {
      check(f("compound"), p[0], p[1]);
    }
  }

  @Test
  void integerLocalsArePromotedAndInactive() {
    Differentiated f = f("integers");
    assertEquals(1, f.activeCount());
    for (double n : new double[] {-3, 1, 4}) {
      check(f, 1.7, n);
      int m = (int) n * 2 + 1 + 3 + 1;
      // d/dx of s * n + ... with s = x * m + ...: m * n + 1 / 3.
      assertEquals(m * n + 1.0 / 3, f.gradient(new double[] {1.7, n})[1], 1e-12);
    }
  }

  @Test
  void castsToIntegerCutTheDerivative() {
    Differentiated f = f("casts");
    // Away from the jumps of (int) (x * 10): x = 1.34 gives whole = 13. The (float) casts make the
    // function a staircase with steps of float precision (6e-8 relative), which finite
    // differences see as noise of about 1e-5 relative: hence the looser tolerance.
    checkWithin(1e-4, f, 1.34, 0.77);
    checkWithin(1e-4, f, -0.55, 2.3);
    double x = 1.34;
    double y = 0.77;
    double[] g = f.gradient(new double[] {x, y});
    double d = 13 + (float) y;
    // The float round-trip of y and x * y has derivative one wherever it is smooth.
    assertEquals(d + y, g[1], 1e-6);
    assertEquals(x + 13 + x, g[2], 1e-6);
  }

  @Test
  void staticConstantsAreConstants() {
    Differentiated f = f("constants");
    for (double x : new double[] {0.3, 1.9, -2.5}) {
      check(f, x);
      double expected = 2 * 2.5 * x + Math.PI - 0.25 / (x * x) + 0.125;
      assertEquals(expected, f.gradient(new double[] {x})[1], 1e-12);
    }
  }

  @Test
  void declarationsWithoutInitializer() {
    for (double[] p : THREE_POINTS) {
      check(f("uninitialized"), p[0], p[1]);
    }
  }

  @Test
  void floatingRemainder() {
    check(f("remainder"), 5.3, 1.7);
    check(f("remainder"), -4.1, 1.3);
  }

  @Test
  void parameterWithoutInfluenceHasZeroGradient() {
    Differentiated f = f("unused");
    double[] g = f.gradient(new double[] {1.5, 0.5});
    assertArrayEquals(new double[] {2.25, 3.0, 0.0}, g, 0);
    check(f, 1.5, 0.5);
  }

  @Test
  void constantResultHasZeroDerivatives() {
    Differentiated f = f("constantResult");
    assertArrayEquals(new double[] {4, 0}, f.gradient(new double[] {3}), 0);
    assertEquals(0, f.tangent(new double[] {3}, new double[] {1}).tangent(), 0);
  }

  @Test
  void userNamesThatLookGeneratedDoNotClash() {
    for (double[] p : THREE_POINTS) {
      check(f("nameClashes"), p);
    }
  }

  @Test
  void integerFactorsAreNotComputedInIntegerArithmetic() {
    Differentiated f = f("integerFactors");
    double x = 0.7;
    int n = 100000;
    int m = 3;
    check(f, x, n, m);
    double atan = 50000.0 * n / ((double) x * x + 50000.0 * n * 50000.0 * n);
    double expected = 0.5 + 0.75 + (double) n / m + (double) n * n + atan;
    assertEquals(expected, f.gradient(new double[] {x, n, m})[1], 1e-12 * expected);
    assertEquals(expected, f.tangent(new double[] {x, n, m}, new double[] {1}).tangent(), 1e-12 * expected);
  }

  @Test
  void privateConstantsKeepTheirExactValue() {
    Differentiated f = f("privateConstants");
    // 123456789012345679 % 10 = 9, which a double copy of the constant would lose.
    assertArrayEquals(new double[] {2 * 9 + 2, 9 + 1}, f.gradient(new double[] {2}), 0);
  }

  @Test
  void structurallyZeroPartialsOfMathFunctions() {
    for (double x : new double[] {0.5, 2}) {
      check(f("zeroPartials"), x);
    }
  }

  @Test
  void nestedPolynomialsDifferentiateInLinearSize() {
    for (double u : new double[] {-0.9, 0.3, 1.1}) {
      check(f("horner6"), u);
      check(f("horner12"), u);
      double expected = 0;
      for (int k = 1; k <= 12; k++) {
        expected += k * (k + 1) * Math.pow(u, k - 1);
      }
      assertEquals(expected, f("horner12").gradient(new double[] {u})[1], 1e-12 * Math.abs(expected));
    }
    // Twice the degree, about twice the code: a derivative that repeated every inner polynomial
    // would be four times as long.
    String source = classes.generatedSource("t.OpsDerivatives");
    double ratio = (double) methodLength(source, "horner12Gradient") / methodLength(source, "horner6Gradient");
    assertTrue(ratio < 2.6, "size ratio " + ratio);
    ratio = (double) methodLength(source, "horner12Tangent") / methodLength(source, "horner6Tangent");
    assertTrue(ratio < 2.6, "size ratio " + ratio);
  }

  private static int methodLength(String source, String method) {
    int start = source.indexOf(" " + method + "(");
    return source.indexOf("\n  }\n", start) - start;
  }

  @Test
  void longSumsOfContributions() {
    for (double[] p : THREE_POINTS) {
      check(f("longSum"), p[0], p[1]);
    }
  }
}
