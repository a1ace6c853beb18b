package io.javad.benchmarks;

import io.javad.AdjointOf;
import io.javad.Differentiable;
import io.javad.NoDerivative;
import io.javad.TangentOf;
import io.javad.runtime.DualArray;

/**
 * Second order through whole-function rules: a ridge fit's validation error as a function of the
 * log-penalties, through a linear solve javad does not read, whose tangent rule is
 * {@code @Differentiable} (the RidgeTuning sample's computation, on random data).
 */
public final class RuleKernels {

  private RuleKernels() {}

  /** Gaussian elimination with partial pivoting, x = A⁻¹ b. */
  public static double[] solve(double[][] a, double[] b) {
    int n = b.length;
    double[][] m = new double[n][];
    for (int i = 0; i < n; i++) {
      m[i] = a[i].clone();
    }
    double[] x = b.clone();
    for (int k = 0; k < n; k++) {
      int p = k;
      for (int i = k + 1; i < n; i++) {
        if (Math.abs(m[i][k]) > Math.abs(m[p][k])) {
          p = i;
        }
      }
      double[] t = m[k];
      m[k] = m[p];
      m[p] = t;
      double s = x[k];
      x[k] = x[p];
      x[p] = s;
      for (int i = k + 1; i < n; i++) {
        double f = m[i][k] / m[k][k];
        for (int j = k; j < n; j++) {
          m[i][j] -= f * m[k][j];
        }
        x[i] -= f * x[k];
      }
    }
    for (int i = n - 1; i >= 0; i--) {
      double s = x[i];
      for (int j = i + 1; j < n; j++) {
        s -= m[i][j] * x[j];
      }
      x[i] = s / m[i][i];
    }
    return x;
  }

  static double[][] transpose(double[][] a) {
    double[][] t = new double[a[0].length][a.length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[0].length; j++) {
        t[j][i] = a[i][j];
      }
    }
    return t;
  }

  /** ẋ = A⁻¹ (ḃ − Ȧ x). */
  @Differentiable
  @TangentOf(target = RuleKernels.class, method = "solve")
  public static DualArray solveTangent(double[][] a, double[][] aDot, double[] b, double[] bDot) {
    double[] x = solve(a, b);
    double[] r = bDot.clone();
    for (int i = 0; i < r.length; i++) {
      for (int j = 0; j < x.length; j++) {
        r[i] -= aDot[i][j] * x[j];
      }
    }
    return new DualArray(x, solve(a, r));
  }

  /** b̄ += A⁻ᵀ x̄, Ā −= (A⁻ᵀ x̄) xᵀ. */
  @AdjointOf(target = RuleKernels.class, method = "solve")
  public static void solveAdjoint(double[][] a, double[] b, double[] xBar, double[][] aBar, double[] bBar) {
    double[] x = solve(a, b);
    double[] g = solve(transpose(a), xBar);
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

  /** The validation error of the ridge fit with penalties e^θ. */
  @Differentiable(order = 2)
  public static double validationError(
      double[] logPenalty,
      @NoDerivative double[][] gram,
      @NoDerivative double[] xty,
      @NoDerivative double[][] xv,
      @NoDerivative double[] yv) {
    int d = xty.length;
    double[][] a = new double[d][d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        a[i][j] = gram[i][j];
      }
      a[i][i] += Math.exp(logPenalty[i]);
    }
    double[] w = solve(a, xty);
    double error = 0;
    for (int k = 0; k < yv.length; k++) {
      double r = -yv[k];
      for (int j = 0; j < d; j++) {
        r += xv[k][j] * w[j];
      }
      error += r * r;
    }
    return error / yv.length;
  }
}
