package io.javad.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.javad.processor.testing.CompiledClasses;
import io.javad.processor.testing.Compiler;
import io.javad.processor.testing.Differentiated;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code Derivatives.stop(x)}: its value is x's, but no derivative flows through it, in either mode
 * (and in second order). Checked against the derivatives of the function with the stopped value
 * held constant, which finite differences of the function itself would not give.
 */
class StopGradientTest {

  private static final String SOURCE =
      """
      package t;

      import io.javad.Differentiable;
      import io.javad.runtime.Derivatives;

      public class Stop {
        /** f = c·x + y with c = x·y held constant: ∂f/∂x = x·y, ∂f/∂y = 1. */
        @Differentiable
        static double scaled(double x, double y) {
          double c = Derivatives.stop(x * y);
          return c * x + y;
        }

        /** A baseline subtracted in a loop: ∂/∂xᵢ of Σ (xᵢ − m)², with m = mean(x) held constant. */
        @Differentiable(order = 2)
        static double centered(double[] x) {
          double sum = 0;
          for (double v : x) {
            sum += v;
          }
          double m = Derivatives.stop(sum / x.length);
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            s += (x[i] - m) * (x[i] - m);
          }
          return s;
        }
      }
      """;

  private static CompiledClasses classes;

  @BeforeAll
  static void compile() {
    classes = Compiler.compileAndLoad(Compiler.source("t.Stop", SOURCE));
  }

  @Test
  void noDerivativeFlowsThroughAStoppedValue() {
    Differentiated f = new Differentiated(classes, "t.Stop", "scaled");
    double x = 1.5;
    double y = -0.8;
    double[] g = f.gradient(new double[] {x, y});
    assertEquals(x * y * x + y, g[0], 0);
    assertEquals(x * y, g[1], 1e-15);
    assertEquals(1, g[2], 1e-15);
    assertEquals(x * y, f.tangent(new double[] {x, y}, new double[] {1, 0}).tangent(), 1e-15);
    assertEquals(1, f.tangent(new double[] {x, y}, new double[] {0, 1}).tangent(), 1e-15);
  }

  @Test
  void aStoppedMeanInLoopsAndInSecondOrder() throws Exception {
    double[] x = {0.5, -1.0, 2.5};
    double m = (0.5 - 1.0 + 2.5) / 3;
    Class<?> companion = classes.load("t.StopDerivatives");
    Object gradient =
        io.javad.processor.testing.GeneratedMembers.named(companion, "centeredGradient")
            .invoke(null, (Object) x.clone());
    double[] g = (double[]) gradient.getClass().getMethod("x").invoke(gradient);
    assertArrayEquals(new double[] {2 * (x[0] - m), 2 * (x[1] - m), 2 * (x[2] - m)}, g, 1e-14);
    Object hessian =
        io.javad.processor.testing.GeneratedMembers.named(companion, "centeredHessian")
            .invoke(null, (Object) x.clone());
    double[][] h = (double[][]) hessian.getClass().getMethod("hessian").invoke(hessian);
    // 2·I: without the stop, it would be 2·I − 2/3·11ᵀ.
    assertArrayEquals(new double[] {2, 0, 0}, h[0], 1e-14);
    assertArrayEquals(new double[] {0, 2, 0}, h[1], 1e-14);
    assertArrayEquals(new double[] {0, 0, 2}, h[2], 1e-14);
  }
}
