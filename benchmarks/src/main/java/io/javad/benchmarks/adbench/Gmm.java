package io.javad.benchmarks.adbench;

import io.javad.Differentiable;

/**
 * ADBench's Gaussian mixture model objective, written plainly from its definition: the negative
 * log-likelihood of n points under k Gaussians with a Wishart prior. Each cluster's inverse
 * covariance factor is Q = diag(exp(q)) + L, with q and the strictly lower triangle L stored in one
 * row of {@code icf} (d log-diagonal entries, then L column by column). As in ADBench's reference
 * code, the diagonals exp(q) and their sums are computed once per cluster before the point loop,
 * and two scratch vectors serve every (point, cluster) pair.
 */
public final class Gmm {

  private Gmm() {}

  @Differentiable(wrt = {"alphas", "means", "icf"})
  public static double objective(
      double[] alphas, double[][] means, double[][] icf, double[][] x, double gamma, int m) {
    int k = alphas.length;
    int d = means[0].length;
    int n = x.length;
    double[][] qdiags = new double[k][d];
    double[] sumqs = new double[k];
    for (int c = 0; c < k; c++) {
      for (int j = 0; j < d; j++) {
        sumqs[c] += icf[c][j];
        qdiags[c][j] = Math.exp(icf[c][j]);
      }
    }
    double[] xc = new double[d];
    double[] qxc = new double[d];
    double[] mainTerm = new double[k];
    double slse = 0;
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < k; c++) {
        for (int j = 0; j < d; j++) {
          xc[j] = x[i][j] - means[c][j];
        }
        for (int j = 0; j < d; j++) {
          qxc[j] = qdiags[c][j] * xc[j];
        }
        int l = d;
        for (int col = 0; col < d; col++) {
          for (int row = col + 1; row < d; row++) {
            qxc[row] += icf[c][l] * xc[col];
            l++;
          }
        }
        double sqnorm = 0;
        for (int j = 0; j < d; j++) {
          sqnorm += qxc[j] * qxc[j];
        }
        mainTerm[c] = alphas[c] + sumqs[c] - 0.5 * sqnorm;
      }
      slse += logsumexp(mainTerm);
    }
    double prior = 0;
    for (int c = 0; c < k; c++) {
      double frobenius = 0;
      for (int j = 0; j < d; j++) {
        frobenius += qdiags[c][j] * qdiags[c][j];
      }
      for (int j = d; j < icf[c].length; j++) {
        frobenius += icf[c][j] * icf[c][j];
      }
      prior += 0.5 * gamma * gamma * frobenius - m * sumqs[c];
    }
    return constant(d, k, n, gamma, m) + slse - n * logsumexp(alphas) + prior;
  }

  /** log(sum exp(v)), shifted by the maximum so that no term overflows. */
  @Differentiable
  public static double logsumexp(double[] v) {
    double max = v[0];
    for (int i = 1; i < v.length; i++) {
      max = Math.max(max, v[i]);
    }
    double sum = 0;
    for (int i = 0; i < v.length; i++) {
      sum += Math.exp(v[i] - max);
    }
    return max + Math.log(sum);
  }

  /** The terms of the objective that depend on no parameter: the Gaussians' and the prior's normalization. */
  static double constant(int d, int k, int n, double gamma, int m) {
    int bigN = d + m + 1;
    double wishart = bigN * d * (Math.log(gamma) - 0.5 * Math.log(2)) - logGammaD(0.5 * bigN, d);
    return -n * d * 0.5 * Math.log(2 * ADBENCH_PI) - k * wishart;
  }

  /** ADBench's reference code uses this value of pi in the Gaussians' normalization. */
  static final double ADBENCH_PI = 3.14159265359;

  /** The multivariate log-gamma function log Gamma_d(a). */
  static double logGammaD(double a, int d) {
    double r = 0.25 * d * (d - 1) * Math.log(Math.PI);
    for (int j = 1; j <= d; j++) {
      r += LogGamma.of(a + 0.5 * (1 - j));
    }
    return r;
  }
}
