package io.javad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.javad.processor.testing.CompiledClasses;
import io.javad.processor.testing.Compiler;
import io.javad.processor.testing.Differentiated;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The conventions at points where a partial derivative is undefined or infinite (the README's
 * table), in both modes: the same number from fTangent along a direction as from fGradient.
 */
class SpecialValuesTest {

  private static final String SOURCE =
      """
      package t;

      import io.javad.Differentiable;

      public class Special {
        @Differentiable
        static double hypot(double x, double y) {
          return Math.hypot(x, y);
        }

        @Differentiable
        static double power(double x, int n) {
          return Math.pow(x, n);
        }

        @Differentiable
        static double powerLiteral(double x) {
          return Math.pow(x, 0);
        }

        @Differentiable
        static double generalPower(double x, double y) {
          return Math.pow(x, y);
        }

        @Differentiable
        static double root(double x, double y) {
          return Math.sqrt(x) + y;
        }
      }
      """;

  private static CompiledClasses classes;

  @BeforeAll
  static void compile() {
    classes = Compiler.compileAndLoad(Compiler.source("t.Special", SOURCE));
  }

  @Test
  void hypotAtTheOriginHasTheSubgradientZero() {
    Differentiated f = new Differentiated(classes, "t.Special", "hypot");
    double[] g = f.gradient(new double[] {0, 0});
    assertEquals(0, g[1], 0);
    assertEquals(0, g[2], 0);
    assertEquals(0, f.tangent(new double[] {0, 0}, new double[] {1, 1}).tangent(), 0);
    // Away from the origin: x / r.
    assertEquals(0.6, f.gradient(new double[] {3, 4})[1], 1e-15);
  }

  @Test
  void aZeroExponentHasDerivativeZeroAtZeroTheLiteralAndTheVariableAlike() {
    Differentiated variable = new Differentiated(classes, "t.Special", "power");
    assertEquals(0, variable.gradient(new double[] {0, 0})[1], 0);
    assertEquals(0, variable.tangent(new double[] {0, 0}, new double[] {1, 0}).tangent(), 0);
    Differentiated literal = new Differentiated(classes, "t.Special", "powerLiteral");
    assertEquals(0, literal.gradient(new double[] {0})[1], 0);
    // n = 3 at x = 2: 3 x².
    assertEquals(12, variable.gradient(new double[] {2, 3})[1], 1e-13);
  }

  @Test
  void aDirectionThatLeavesAnInputWithAnInfinitePartialUnmovedGivesNoNaN() {
    // pow(x, y) at (0, 0.5): ∂/∂x is infinite, ∂/∂y is 0 by convention (x <= 0).
    Differentiated pow = new Differentiated(classes, "t.Special", "generalPower");
    double[] at = {0, 0.5};
    assertEquals(0, pow.tangent(at, new double[] {0, 1}).tangent(), 0, "along y, forward");
    assertEquals(0, pow.gradient(at)[2], 0, "∂/∂y, reverse");
    assertEquals(Double.POSITIVE_INFINITY, pow.gradient(at)[1], 0, "∂/∂x, reverse");
    assertEquals(Double.POSITIVE_INFINITY, pow.tangent(at, new double[] {1, 0}).tangent(), 0);
    Differentiated root = new Differentiated(classes, "t.Special", "root");
    assertEquals(1, root.tangent(new double[] {0, 2}, new double[] {0, 1}).tangent(), 0);
    assertEquals(1, root.gradient(new double[] {0, 2})[2], 0);
  }
}
