package io.javad.processor;

import io.javad.processor.testing.CompiledClasses;
import io.javad.processor.testing.Compiler;
import io.javad.processor.testing.DerivativeChecks;
import io.javad.processor.testing.Differentiated;
import org.junit.jupiter.api.Test;

/** Wrong numbers found by the random programs, kept as small cases. */
class RegressionsTest {

  /**
   * {@code a = tanh((x + a) / c)} outside loops, with branches elsewhere (the structured adjoint):
   * tanh' reads the new a, the argument's partials the old one, which must be kept. Found with
   * seed 112 of the random programs; the adjoint read the new a for d/dc.
   */
  @Test
  void anOverwriteWhoseArgumentReadsTheOldValue() {
    CompiledClasses classes =
        Compiler.compileAndLoad(
            Compiler.source(
                "t.T",
                """
                package t;
                import io.javad.Differentiable;
                public class T {
                  @Differentiable static double f(double x, double y, int n) {
                    double a = x * y + 0.5;
                    a = Math.tanh((x + a) / (1.5 + Math.cos(1.5 - y)));
                    if (n > 2) {
                      x = x * 2;
                    }
                    return a * x;
                  }
                }
                """));
    Differentiated f = new Differentiated(classes, "t.T", "f");
    DerivativeChecks.check(f, 0.84, -0.17, 3);
    DerivativeChecks.check(f, -0.5, 1.3, 1);
  }

  /**
   * An element read in one branch of ?: whose index is out of range in the other: the adjoint
   * addressed it unconditionally (kBar[s - 1] += s == 0 ? 0 : tBar) and threw. Found by a user trial.
   */
  @Test
  void anElementInOneBranchOfAConditionalIsAddressedOnlyThere() throws Exception {
    CompiledClasses classes =
        Compiler.compileAndLoad(
            Compiler.source(
                "t.K",
                """
                package t;
                import io.javad.Differentiable;
                public class K {
                  @Differentiable static double f(double[] k, int s) {
                    double t = s == 0 ? 1 : k[s - 1];
                    return t * t;
                  }
                }
                """));
    io.javad.processor.testing.ArrayFunction f =
        new io.javad.processor.testing.ArrayFunction(classes, "t.K", "f");
    f.check(new double[] {2, 3}, 0);
    f.check(new double[] {2, 3}, 2);
  }
}
