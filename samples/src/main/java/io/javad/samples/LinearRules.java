package io.javad.samples;

import io.javad.AdjointOf;
import io.javad.Differentiable;
import io.javad.TangentOf;
import io.javad.runtime.DualArray;

/**
 * The derivatives of {@link Linear#solve}, {@code x = A⁻¹ b}, as whole-function rules: what a
 * numerical analyst writes (one more solve), instead of differentiating the elimination step by
 * step. javad checks them in {@code LinearRulesRuleChecks}.
 */
public final class LinearRules {

  private LinearRules() {}

  /**
   * Forward mode: {@code ẋ = A⁻¹ (ḃ − Ȧ x)}.
   *
   * @param a the matrix
   * @param aDot its tangent
   * @param b the right-hand side
   * @param bDot its tangent
   * @return x and its tangent
   */
  @Differentiable // javad differentiates this tangent again for order-2 callers (RidgeTuning)
  @TangentOf(target = Linear.class, method = "solve")
  public static DualArray solveTangent(double[][] a, double[][] aDot, double[] b, double[] bDot) {
    double[] x = Linear.solve(a, b);
    double[] r = bDot.clone();
    for (int i = 0; i < r.length; i++) {
      for (int j = 0; j < x.length; j++) {
        r[i] -= aDot[i][j] * x[j];
      }
    }
    return new DualArray(x, Linear.solve(a, r));
  }

  /**
   * Reverse mode: with {@code g = A⁻ᵀ x̄}, {@code b̄ += g} and {@code Ā −= g xᵀ}.
   *
   * @param a the matrix
   * @param b the right-hand side
   * @param xBar the adjoint of the solution
   * @param aBar the adjoint of the matrix, added into; null if not needed
   * @param bBar the adjoint of the right-hand side, added into; null if not needed
   */
  @AdjointOf(target = Linear.class, method = "solve")
  public static void solveAdjoint(
      double[][] a, double[] b, double[] xBar, double[][] aBar, double[] bBar) {
    double[] x = Linear.solve(a, b);
    double[] g = Linear.solveTransposed(a, xBar);
    for (int i = 0; i < g.length; i++) {
      if (bBar != null) {
        bBar[i] += g[i];
      }
      if (aBar != null) {
        for (int j = 0; j < x.length; j++) {
          aBar[i][j] -= g[i] * x[j];
        }
      }
    }
  }
}
