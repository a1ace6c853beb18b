package io.javad.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class GradientCheckTest {

  // f(x) = 3 x0^3 x1 - 2 x1^2 + x0 x1 x2 - 5 x2^4
  static final GradientCheck.Function POLY =
      x -> 3 * x[0] * x[0] * x[0] * x[1] - 2 * x[1] * x[1] + x[0] * x[1] * x[2] - 5 * Math.pow(x[2], 4);

  static double[] polyGradient(double[] x) {
    return new double[] {
      9 * x[0] * x[0] * x[1] + x[1] * x[2],
      3 * x[0] * x[0] * x[0] - 4 * x[1] + x[0] * x[2],
      x[0] * x[1] - 20 * Math.pow(x[2], 3)
    };
  }

  // f(x) = exp(x0) sin(x1) x2 + cos(x0 x1)
  static final GradientCheck.Function EXP_SIN = x -> Math.exp(x[0]) * Math.sin(x[1]) * x[2] + Math.cos(x[0] * x[1]);

  static double[] expSinGradient(double[] x) {
    double e = Math.exp(x[0]);
    double s = Math.sin(x[0] * x[1]);
    return new double[] {
      e * Math.sin(x[1]) * x[2] - x[1] * s,
      e * Math.cos(x[1]) * x[2] - x[0] * s,
      e * Math.sin(x[1])
    };
  }

  // Inputs of very different magnitude: f(x) = exp(x0) sqrt(x1) + x0 x1 + 1e-6 x2^2
  static final GradientCheck.Function WIDE = x -> Math.exp(x[0]) * Math.sqrt(x[1]) + x[0] * x[1] + 1e-6 * x[2] * x[2];

  static double[] wideGradient(double[] x) {
    return new double[] {
      Math.exp(x[0]) * Math.sqrt(x[1]) + x[1],
      Math.exp(x[0]) / (2 * Math.sqrt(x[1])) + x[0],
      2e-6 * x[2]
    };
  }

  static final double[] X_POLY = {1.5, -2.0, 0.7};
  static final double[] X_EXP_SIN = {0.3, 1.2, -0.8};
  static final double[] X_WIDE = {1e-8, 1e6, -4e5};

  /** Component-wise relative comparison, so a small component cannot hide behind a large one. */
  static void assertRelativelyClose(double[] expected, double[] actual, double rtol) {
    assertEquals(expected.length, actual.length, "length");
    for (int i = 0; i < expected.length; i++) {
      double error = Math.abs(expected[i] - actual[i]);
      assertTrue(error <= rtol * Math.abs(expected[i]),
          "component " + i + ": expected " + expected[i] + ", got " + actual[i] + ", relative error "
              + error / Math.abs(expected[i]));
    }
  }

  @Nested
  class FiniteDifferences {

    @Test
    void gradientOfPolynomial() {
      assertRelativelyClose(polyGradient(X_POLY), GradientCheck.gradient(POLY, X_POLY), 1e-9);
    }

    @Test
    void gradientOfExpSinProduct() {
      assertRelativelyClose(expSinGradient(X_EXP_SIN), GradientCheck.gradient(EXP_SIN, X_EXP_SIN), 1e-9);
    }

    @Test
    void gradientWithInputsOfVeryDifferentMagnitude() {
      assertRelativelyClose(wideGradient(X_WIDE), GradientCheck.gradient(WIDE, X_WIDE), 1e-9);
    }

    @Test
    void stencilIsFourthOrder() {
      // With h ~ 7e-4 a second-order central difference would be off by about h^2 / 6 ~ 1e-7 here.
      double[] g = GradientCheck.gradient(x -> Math.exp(x[0]), new double[] {1.0});
      assertEquals(Math.E, g[0], 1e-11 * Math.E);
    }

    @Test
    void directionalDerivative() {
      double[] d = {0.3, -1.1, 2.0};
      double[] g = expSinGradient(X_EXP_SIN);
      double expected = g[0] * d[0] + g[1] * d[1] + g[2] * d[2];
      assertEquals(expected, GradientCheck.directional(EXP_SIN, X_EXP_SIN, d), 1e-9 * Math.abs(expected));
    }

    @Test
    void directionalDerivativeAlongZeroDirectionIsZero() {
      assertEquals(0.0, GradientCheck.directional(EXP_SIN, X_EXP_SIN, new double[3]));
    }

    @Test
    void jacobianOfVectorFunction() {
      // F(x) = (x0 x1, sin(x0) + x2^2, exp(x1 - x2)), two inputs per row are exercised plus exact zeros.
      GradientCheck.VectorFunction f =
          x -> new double[] {x[0] * x[1], Math.sin(x[0]) + x[2] * x[2], Math.exp(x[1] - x[2])};
      double[] x = {0.4, -1.3, 2.2};
      double e = Math.exp(x[1] - x[2]);
      double[][] expected = {
        {x[1], x[0], 0},
        {Math.cos(x[0]), 0, 2 * x[2]},
        {0, e, -e}
      };
      double[][] jac = GradientCheck.jacobian(f, x);
      assertEquals(3, jac.length);
      for (int r = 0; r < 3; r++) {
        assertEquals(3, jac[r].length);
        for (int c = 0; c < 3; c++) {
          assertEquals(expected[r][c], jac[r][c], 1e-9 * Math.max(1e-3, Math.abs(expected[r][c])),
              "J[" + r + "][" + c + "]");
        }
      }
    }

    @Test
    void jacobianRowsAreOutputs() {
      GradientCheck.VectorFunction f = x -> new double[] {x[0] + 2 * x[1] + 3 * x[2], 4 * x[0] - x[2]};
      double[][] jac = GradientCheck.jacobian(f, new double[] {1, 2, 3});
      assertEquals(2, jac.length);
      assertArrayEquals(new double[] {1, 2, 3}, jac[0], 1e-10);
      assertArrayEquals(new double[] {4, 0, -1}, jac[1], 1e-10);
    }

    @Test
    void jacobianRejectsChangingOutputLength() {
      int[] calls = {0};
      GradientCheck.VectorFunction f = x -> new double[++calls[0] == 3 ? 1 : 2];
      assertThrows(IllegalArgumentException.class, () -> GradientCheck.jacobian(f, new double[] {1, 2}));
    }

    @Test
    void rejectsNonFinitePoint() {
      assertThrows(IllegalArgumentException.class,
          () -> GradientCheck.gradient(POLY, new double[] {1, Double.NaN, 0}));
      assertThrows(IllegalArgumentException.class,
          () -> GradientCheck.directional(POLY, X_POLY, new double[] {1, Double.POSITIVE_INFINITY, 0}));
    }
  }

  @Nested
  class CallerArrays {

    // Reads its input, then scribbles over it: a checker reusing one work array would then see garbage.
    final GradientCheck.Function mutating = x -> {
      double r = x[0] * x[0] + 3 * x[1];
      x[0] = 1e9;
      x[1] = -1e9;
      return r;
    };

    @Test
    void pointIsNotModifiedEvenByAMutatingFunction() {
      double[] x = {0.5, 2.0};
      double[] d = {1.0, -1.0};
      double[] g = {1.0, 3.0};
      GradientCheck.gradient(mutating, x);
      GradientCheck.directional(mutating, x, d);
      GradientCheck.assertGradient(mutating, x, g);
      GradientCheck.assertDirectional(mutating, x, d, -2.0);
      GradientCheck.jacobian(v -> {
        v[0] = 7;
        return new double[] {v[1]};
      }, x);
      assertArrayEquals(new double[] {0.5, 2.0}, x);
      assertArrayEquals(new double[] {1.0, -1.0}, d);
      assertArrayEquals(new double[] {1.0, 3.0}, g);
    }

    @Test
    void eachEvaluationSeesAFreshCopy() {
      assertRelativelyClose(new double[] {1.0, 3.0}, GradientCheck.gradient(mutating, new double[] {0.5, 2.0}), 1e-10);
    }
  }

  @Nested
  class AssertGradient {

    @Test
    void passesForCorrectGradients() {
      assertDoesNotThrow(() -> GradientCheck.assertGradient(POLY, X_POLY, polyGradient(X_POLY)));
      assertDoesNotThrow(() -> GradientCheck.assertGradient(EXP_SIN, X_EXP_SIN, expSinGradient(X_EXP_SIN)));
      assertDoesNotThrow(() -> GradientCheck.assertGradient(WIDE, X_WIDE, wideGradient(X_WIDE)));
    }

    @Test
    void failsAndNamesTheWrongComponent() {
      double[] g = polyGradient(X_POLY);
      g[1] *= 1 + 1e-3;
      AssertionError e = assertThrows(AssertionError.class, () -> GradientCheck.assertGradient(POLY, X_POLY, g));
      String message = e.getMessage();
      assertTrue(message.contains("component 1"), message);
      assertFalse(message.contains("component 0"), message);
      assertFalse(message.contains("component 2"), message);
      assertTrue(message.contains("1 of 3"), message);
      assertTrue(message.contains(Double.toString(g[1])), message);
      assertTrue(message.contains("[1.5, -2.0, 0.7]"), message);
    }

    @Test
    void failsForASmallComponentThatIsWrongOnTheGradientScale() {
      // Component 1 of the wide function is ~5e-4 next to ~1e6; it is still checked at rtol = 1e-6 of 1e6.
      double[] g = wideGradient(X_WIDE);
      g[1] += 10;
      AssertionError e = assertThrows(AssertionError.class, () -> GradientCheck.assertGradient(WIDE, X_WIDE, g));
      assertTrue(e.getMessage().contains("component 1"), e.getMessage());
    }

    @Test
    void comparesTinyComponentsOnTheGradientScale() {
      // df/dx1 = 3e-10 is noise next to df/dx0 = 1000, so atol = 1e-6 * 1000 applies to it.
      GradientCheck.Function f = x -> 1000 * x[0] + x[1] * x[1] * x[1];
      double[] x = {0.37, 1e-5};
      assertDoesNotThrow(() -> GradientCheck.assertGradient(f, x, new double[] {1000, 3e-10}));
      assertDoesNotThrow(() -> GradientCheck.assertGradient(f, x, new double[] {1000, 0}));
      assertThrows(AssertionError.class, () -> GradientCheck.assertGradient(f, x, new double[] {1000, 2e-3}));
    }

    @Test
    void failsForNaNComponent() {
      double[] g = polyGradient(X_POLY);
      g[2] = Double.NaN;
      AssertionError e = assertThrows(AssertionError.class, () -> GradientCheck.assertGradient(POLY, X_POLY, g));
      assertTrue(e.getMessage().contains("component 2"), e.getMessage());
      assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    }

    @Test
    void failsForInfiniteComponent() {
      double[] g = polyGradient(X_POLY);
      g[0] = Double.POSITIVE_INFINITY;
      AssertionError e = assertThrows(AssertionError.class, () -> GradientCheck.assertGradient(POLY, X_POLY, g));
      assertTrue(e.getMessage().contains("component 0"), e.getMessage());
    }

    @Test
    void failsForLengthMismatch() {
      AssertionError e = assertThrows(AssertionError.class,
          () -> GradientCheck.assertGradient(POLY, X_POLY, new double[] {1, 2}));
      assertTrue(e.getMessage().contains("length 2"), e.getMessage());
      assertTrue(e.getMessage().contains("length 3"), e.getMessage());
    }

    @Test
    void failsWhenTheFiniteDifferenceIsNotFinite() {
      // sqrt is evaluated left of 0 by the stencil, so nothing can be verified there.
      double[] x = {1e-4};
      AssertionError e = assertThrows(AssertionError.class,
          () -> GradientCheck.assertGradient(v -> Math.sqrt(v[0]), x, new double[] {0.5 / Math.sqrt(x[0])}));
      assertTrue(e.getMessage().contains("not finite"), e.getMessage());
    }

    @Test
    void toleranceOverload() {
      double[] g = polyGradient(X_POLY);
      g[0] *= 1 + 1e-5;
      assertThrows(AssertionError.class, () -> GradientCheck.assertGradient(POLY, X_POLY, g));
      assertDoesNotThrow(() -> GradientCheck.assertGradient(POLY, X_POLY, g, 1e-4));
      assertThrows(IllegalArgumentException.class, () -> GradientCheck.assertGradient(POLY, X_POLY, g, -1));
    }

    @Test
    void gradientErrorIsTheSmallestPassingTolerance() {
      assertTrue(GradientCheck.gradientError(POLY, X_POLY, polyGradient(X_POLY)) < 1e-10);
      double[] g = polyGradient(X_POLY);
      g[2] *= 1 + 1e-3;
      double error = GradientCheck.gradientError(POLY, X_POLY, g);
      assertTrue(error > 1e-4 && error < 1e-3, "error " + error);
      assertDoesNotThrow(() -> GradientCheck.assertGradient(POLY, X_POLY, g, error * 1.01));
      assertThrows(AssertionError.class, () -> GradientCheck.assertGradient(POLY, X_POLY, g, error * 0.99));
      g[1] = Double.NaN;
      assertEquals(Double.POSITIVE_INFINITY, GradientCheck.gradientError(POLY, X_POLY, g));
    }
  }

  @Nested
  class AssertDirectional {

    final double[] direction = {0.3, -1.1, 2.0};

    double tangent() {
      double[] g = expSinGradient(X_EXP_SIN);
      return g[0] * direction[0] + g[1] * direction[1] + g[2] * direction[2];
    }

    @Test
    void passesForCorrectTangent() {
      assertDoesNotThrow(() -> GradientCheck.assertDirectional(EXP_SIN, X_EXP_SIN, direction, tangent()));
    }

    @Test
    void failsForWrongTangent() {
      AssertionError e = assertThrows(AssertionError.class,
          () -> GradientCheck.assertDirectional(EXP_SIN, X_EXP_SIN, direction, tangent() * (1 + 1e-3)));
      assertTrue(e.getMessage().contains("Directional"), e.getMessage());
      assertTrue(e.getMessage().contains("direction = [0.3, -1.1, 2.0]"), e.getMessage());
    }

    @Test
    void failsForNaNTangent() {
      assertThrows(AssertionError.class,
          () -> GradientCheck.assertDirectional(EXP_SIN, X_EXP_SIN, direction, Double.NaN));
    }

    @Test
    void toleranceOverload() {
      double slightlyOff = tangent() * (1 + 1e-5);
      assertThrows(AssertionError.class,
          () -> GradientCheck.assertDirectional(EXP_SIN, X_EXP_SIN, direction, slightlyOff));
      assertDoesNotThrow(() -> GradientCheck.assertDirectional(EXP_SIN, X_EXP_SIN, direction, slightlyOff, 1e-4));
    }
  }

  @Nested
  class AssertDotProduct {

    final Random random = new Random(20240611L);
    final double[][] jac = randomMatrix(4, 3);
    final double[] direction = randomVector(3);
    final double[] seed = randomVector(4);

    double[] randomVector(int n) {
      double[] v = new double[n];
      for (int i = 0; i < n; i++) {
        v[i] = random.nextGaussian();
      }
      return v;
    }

    double[][] randomMatrix(int rows, int cols) {
      double[][] m = new double[rows][];
      for (int r = 0; r < rows; r++) {
        m[r] = randomVector(cols);
      }
      return m;
    }

    double[] times(double[][] m, double[] v) {
      double[] out = new double[m.length];
      for (int r = 0; r < m.length; r++) {
        for (int c = 0; c < v.length; c++) {
          out[r] += m[r][c] * v[c];
        }
      }
      return out;
    }

    double[] transposeTimes(double[][] m, double[] v) {
      double[] out = new double[m[0].length];
      for (int r = 0; r < m.length; r++) {
        for (int c = 0; c < out.length; c++) {
          out[c] += m[r][c] * v[r];
        }
      }
      return out;
    }

    @Test
    void passesForConsistentLinearMap() {
      double[] tangentOut = times(jac, direction);
      double[] adjointIn = transposeTimes(jac, seed);
      assertDoesNotThrow(() -> GradientCheck.assertDotProduct(seed, tangentOut, direction, adjointIn));
    }

    @Test
    void passesWhenBothSidesCancelToNearlyZero() {
      // Make the seed orthogonal to J d: both sides are rounding noise, judged against the scale of the terms.
      double[] tangentOut = times(jac, direction);
      double[] s = seed.clone();
      double along = dot(s, tangentOut) / dot(tangentOut, tangentOut);
      for (int i = 0; i < s.length; i++) {
        s[i] -= along * tangentOut[i];
      }
      double[] adjointIn = transposeTimes(jac, s);
      assertDoesNotThrow(() -> GradientCheck.assertDotProduct(s, tangentOut, direction, adjointIn));
    }

    @Test
    void failsWhenAdjointIsPerturbed() {
      double[] tangentOut = times(jac, direction);
      double[] adjointIn = transposeTimes(jac, seed);
      adjointIn[1] *= 1 + 1e-8;
      AssertionError e = assertThrows(AssertionError.class,
          () -> GradientCheck.assertDotProduct(seed, tangentOut, direction, adjointIn));
      assertTrue(e.getMessage().contains("<adjointIn, direction>"), e.getMessage());
    }

    @Test
    void failsWhenTangentIsTransposedWrongly() {
      // A classic generator bug: using J^T where J belongs (here on a square block).
      double[][] square = {jac[0], jac[1], jac[2]};
      double[] s = {seed[0], seed[1], seed[2]};
      double[] tangentOut = transposeTimes(square, direction);
      double[] adjointIn = transposeTimes(square, s);
      assertThrows(AssertionError.class, () -> GradientCheck.assertDotProduct(s, tangentOut, direction, adjointIn));
    }

    @Test
    void failsForLengthMismatchOrNaN() {
      double[] tangentOut = times(jac, direction);
      double[] adjointIn = transposeTimes(jac, seed);
      assertThrows(AssertionError.class,
          () -> GradientCheck.assertDotProduct(seed, new double[3], direction, adjointIn));
      assertThrows(AssertionError.class,
          () -> GradientCheck.assertDotProduct(seed, tangentOut, direction, new double[4]));
      adjointIn[0] = Double.NaN;
      assertThrows(AssertionError.class,
          () -> GradientCheck.assertDotProduct(seed, tangentOut, direction, adjointIn));
    }

    @Test
    void scalarVariant() {
      double[] gradient = jac[0];
      double tangent = dot(gradient, direction);
      assertDoesNotThrow(() -> GradientCheck.assertDotProduct(tangent, gradient, direction));
      AssertionError e = assertThrows(AssertionError.class,
          () -> GradientCheck.assertDotProduct(tangent * (1 + 1e-9), gradient, direction));
      assertTrue(e.getMessage().contains("tangent"), e.getMessage());
      assertDoesNotThrow(() -> GradientCheck.assertDotProduct(tangent * (1 + 1e-9), gradient, direction, 1e-8));
      assertThrows(AssertionError.class, () -> GradientCheck.assertDotProduct(tangent, new double[2], direction));
    }

    double dot(double[] a, double[] b) {
      double sum = 0;
      for (int i = 0; i < a.length; i++) {
        sum += a[i] * b[i];
      }
      return sum;
    }
  }
}
