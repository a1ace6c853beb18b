package io.javad.benchmarks.adbench;

import java.util.Arrays;

/**
 * The gradient of {@link Gmm#objective} as a careful programmer writes it by hand: one pass over
 * the points that computes each point's cluster terms, turns them into the posterior weights
 * softmax_k(main_ik) (the adjoint of logsumexp) and at once pushes those weights back through
 * ||Q (x - mu)||^2; the terms that do not depend on the points are differentiated once at the end.
 *
 * <p>With v = w_ik Q_k (x_i - mu_k), the posterior-weighted residual, the point terms contribute
 * {@code d/dalpha_k = w_ik}, {@code d/dmu_k = Q_k^T v}, {@code d/dq_kj = w_ik - exp(q_kj) v_j
 * (x_i - mu_k)_j} and {@code d/dL_k[r][c] = -v_r (x_i - mu_k)_c}; the prior adds {@code gamma^2
 * exp(2 q) - m} and {@code gamma^2 L}, and {@code -n logsumexp(alpha)} adds {@code -n
 * softmax(alpha)}. As Q_k is the same for every point, the means' adjoint is Q_k^T (sum_i v_i),
 * one triangular product per cluster rather than per point: the backward work per point is then
 * the outer product v (x - mu)^T, about as much as the forward Q (x - mu).
 *
 * <p>The value's sums are formed in the same order as in {@link Gmm#objective}, so it is the same
 * double. Scratch is a few arrays of k d numbers per call, allocated before the loops.
 */
public final class GmmByHand {

  private GmmByHand() {}

  /** The value of the objective and its gradient, shaped like the parameters. */
  public record Gradient(double value, double[] alphas, double[][] means, double[][] icf) {}

  /** {@link Gmm#objective}, with the scratch layout of {@link #gradientInto}: the primal cost to compare with. */
  public static double objective(
      double[] alphas, double[][] means, double[][] icf, double[][] x, double gamma, int m) {
    int k = alphas.length;
    int d = means[0].length;
    int n = x.length;
    double[] qdiags = new double[k * d];
    double[] sumqs = new double[k];
    diagonals(icf, d, qdiags, sumqs);
    double[] xc = new double[d];
    double[] qxc = new double[d];
    double[] mainTerm = new double[k];
    double slse = 0;
    for (int i = 0; i < n; i++) {
      double[] xi = x[i];
      for (int c = 0; c < k; c++) {
        double sqnorm = residual(xi, means[c], icf[c], qdiags, c * d, d, xc, 0, qxc, 0);
        mainTerm[c] = alphas[c] + sumqs[c] - 0.5 * sqnorm;
      }
      slse += Gmm.logsumexp(mainTerm);
    }
    double prior = 0;
    for (int c = 0; c < k; c++) {
      prior += priorTerm(icf[c], qdiags, c * d, d, sumqs[c], gamma, m);
    }
    return Gmm.constant(d, k, n, gamma, m) + slse - n * Gmm.logsumexp(alphas) + prior;
  }

  /** The value and the gradient in fresh arrays. */
  public static Gradient gradient(
      double[] alphas, double[][] means, double[][] icf, double[][] x, double gamma, int m) {
    double[] alphasBar = new double[alphas.length];
    double[][] meansBar = new double[means.length][means[0].length];
    double[][] icfBar = new double[icf.length][icf[0].length];
    double value = gradientInto(alphas, means, icf, x, gamma, m, alphasBar, meansBar, icfBar);
    return new Gradient(value, alphasBar, meansBar, icfBar);
  }

  public static Gradient gradient(GmmData data) {
    return gradient(data.alphas(), data.means(), data.icf(), data.x(), data.gamma(), data.m());
  }

  public static double gradientInto(
      GmmData data, double[] alphasBar, double[][] meansBar, double[][] icfBar) {
    return gradientInto(
        data.alphas(), data.means(), data.icf(), data.x(), data.gamma(), data.m(),
        alphasBar, meansBar, icfBar);
  }

  /**
   * Overwrites {@code alphasBar}, {@code meansBar} and {@code icfBar} (shaped like the parameters)
   * with the gradient and returns the value: the form for benchmarks, which allocates only scratch.
   */
  public static double gradientInto(
      double[] alphas, double[][] means, double[][] icf, double[][] x, double gamma, int m,
      double[] alphasBar, double[][] meansBar, double[][] icfBar) {
    int k = alphas.length;
    int d = means[0].length;
    int n = x.length;
    double[] qdiags = new double[k * d];
    double[] sumqs = new double[k];
    diagonals(icf, d, qdiags, sumqs);
    // Per point, every cluster's x - mu and Q (x - mu), kept until the weights are known.
    double[] xcs = new double[k * d];
    double[] qxcs = new double[k * d];
    double[] mainTerm = new double[k];
    double[] weightSums = new double[k];
    // Q_k is the same for every point, so sum_i Q_k^T v_i = Q_k^T sum_i v_i: one product per cluster.
    double[] vSums = new double[k * d];
    for (int c = 0; c < k; c++) {
      // Until the end, the diagonal entries accumulate sum_i v_j (x_i - mu_k)_j.
      Arrays.fill(icfBar[c], 0);
    }
    double slse = 0;
    for (int i = 0; i < n; i++) {
      double[] xi = x[i];
      for (int c = 0; c < k; c++) {
        double sqnorm = residual(xi, means[c], icf[c], qdiags, c * d, d, xcs, c * d, qxcs, c * d);
        mainTerm[c] = alphas[c] + sumqs[c] - 0.5 * sqnorm;
      }
      // logsumexp as in Gmm.logsumexp, keeping the exponentials for the weights.
      double max = mainTerm[0];
      for (int c = 1; c < k; c++) {
        max = Math.max(max, mainTerm[c]);
      }
      double sum = 0;
      for (int c = 0; c < k; c++) {
        double e = Math.exp(mainTerm[c] - max);
        mainTerm[c] = e;
        sum += e;
      }
      slse += max + Math.log(sum);
      double inverseSum = 1 / sum;
      for (int c = 0; c < k; c++) {
        double weight = mainTerm[c] * inverseSum;
        weightSums[c] += weight;
        int o = c * d;
        double[] icBar = icfBar[c];
        // v = weight Q (x - mu); the diagonal's and L's adjoints are v (x - mu)^T, the means' Q^T v.
        for (int j = 0; j < d; j++) {
          double v = weight * qxcs[o + j];
          qxcs[o + j] = v;
          vSums[o + j] += v;
          icBar[j] += v * xcs[o + j];
        }
        int base = d - 1;
        for (int col = 0; col < d; col++) {
          double xcol = xcs[o + col];
          for (int row = col + 1; row < d; row++) {
            icBar[base + row] -= qxcs[o + row] * xcol;
          }
          base += d - col - 2;
        }
      }
    }
    // -n logsumexp(alphas), as in Gmm.logsumexp.
    double maxAlpha = alphas[0];
    for (int c = 1; c < k; c++) {
      maxAlpha = Math.max(maxAlpha, alphas[c]);
    }
    double sumAlpha = 0;
    for (int c = 0; c < k; c++) {
      sumAlpha += Math.exp(alphas[c] - maxAlpha);
    }
    double lseAlpha = maxAlpha + Math.log(sumAlpha);
    double gammaSq = gamma * gamma;
    double prior = 0;
    for (int c = 0; c < k; c++) {
      alphasBar[c] = weightSums[c] - n * (Math.exp(alphas[c] - maxAlpha) / sumAlpha);
      int o = c * d;
      double[] ic = icf[c];
      double[] icBar = icfBar[c];
      for (int j = 0; j < d; j++) {
        double q = qdiags[o + j];
        icBar[j] = weightSums[c] - q * icBar[j] + gammaSq * q * q - m;
      }
      for (int l = d; l < ic.length; l++) {
        icBar[l] += gammaSq * ic[l];
      }
      double[] meanBar = meansBar[c];
      for (int j = 0; j < d; j++) {
        meanBar[j] = qdiags[o + j] * vSums[o + j];
      }
      int base = d - 1;
      for (int col = 0; col < d; col++) {
        double lTv = 0;
        for (int row = col + 1; row < d; row++) {
          lTv += ic[base + row] * vSums[o + row];
        }
        meanBar[col] += lTv;
        base += d - col - 2;
      }
      prior += priorTerm(ic, qdiags, o, d, sumqs[c], gamma, m);
    }
    return Gmm.constant(d, k, n, gamma, m) + slse - n * lseAlpha + prior;
  }

  /** exp(q) of every cluster into {@code qdiags[c d + j]} and sum(q) into {@code sumqs[c]}. */
  private static void diagonals(double[][] icf, int d, double[] qdiags, double[] sumqs) {
    for (int c = 0; c < icf.length; c++) {
      double sum = 0;
      for (int j = 0; j < d; j++) {
        sum += icf[c][j];
        qdiags[c * d + j] = Math.exp(icf[c][j]);
      }
      sumqs[c] = sum;
    }
  }

  /**
   * Writes x - mu and Q (x - mu) of one (point, cluster) pair at the given offsets and returns
   * ||Q (x - mu)||^2, in the order of {@link Gmm#objective}.
   */
  private static double residual(
      double[] xi, double[] mean, double[] ic, double[] qdiags, int qo, int d,
      double[] xc, int xo, double[] qxc, int o) {
    for (int j = 0; j < d; j++) {
      xc[xo + j] = xi[j] - mean[j];
    }
    for (int j = 0; j < d; j++) {
      qxc[o + j] = qdiags[qo + j] * xc[xo + j];
    }
    int base = d - 1;
    for (int col = 0; col < d; col++) {
      double xcol = xc[xo + col];
      for (int row = col + 1; row < d; row++) {
        qxc[o + row] += ic[base + row] * xcol;
      }
      base += d - col - 2;
    }
    double sqnorm = 0;
    for (int j = 0; j < d; j++) {
      sqnorm += qxc[o + j] * qxc[o + j];
    }
    return sqnorm;
  }

  /** One cluster's Wishart prior term, 0.5 gamma^2 (||exp(q)||^2 + ||L||^2) - m sum(q). */
  private static double priorTerm(
      double[] ic, double[] qdiags, int o, int d, double sumq, double gamma, int m) {
    double frobenius = 0;
    for (int j = 0; j < d; j++) {
      frobenius += qdiags[o + j] * qdiags[o + j];
    }
    for (int j = d; j < ic.length; j++) {
      frobenius += ic[j] * ic[j];
    }
    return 0.5 * gamma * gamma * frobenius - m * sumq;
  }
}
