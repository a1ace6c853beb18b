package io.javad.benchmarks.adbench;

/**
 * The gradient of {@link Gmm#objective} written by hand point by point, the way ADBench's own
 * hand-written C++ derivative works and the way reverse mode runs: each point's cluster terms,
 * then at once their adjoints pushed back through Q (x - mu) into the parameters' gradients. It
 * keeps the exponentials of the point's log-sum-exp for the weights and needs no tape; unlike
 * {@link GmmByHand} it does not use that the means' adjoint is linear in the points (summing
 * them per cluster first), an algebraic rewrite rather than a derivative.
 */
public final class GmmByHandPerPoint {

  private GmmByHandPerPoint() {}

  /**
   * Overwrites {@code alphasBar}, {@code meansBar} and {@code icfBar} with the gradient and
   * returns the value. Scratch: a few arrays of k d numbers.
   */
  public static double gradientInto(
      double[] alphas, double[][] means, double[][] icf, double[][] x, double gamma, int m,
      double[] alphasBar, double[][] meansBar, double[][] icfBar) {
    int k = alphas.length;
    int d = means[0].length;
    int n = x.length;
    double[][] qdiags = new double[k][d];
    double[] sumqs = new double[k];
    for (int c = 0; c < k; c++) {
      java.util.Arrays.fill(icfBar[c], 0);
      java.util.Arrays.fill(meansBar[c], 0);
      for (int j = 0; j < d; j++) {
        sumqs[c] += icf[c][j];
        qdiags[c][j] = Math.exp(icf[c][j]);
      }
    }
    java.util.Arrays.fill(alphasBar, 0);
    double[][] xcs = new double[k][d];
    double[][] qxcs = new double[k][d];
    double[] mainTerm = new double[k];
    double[] xcBar = new double[d];
    double[] qxcBar = new double[d];
    double slse = 0;
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < k; c++) {
        double[] xc = xcs[c];
        double[] qxc = qxcs[c];
        double[] ic = icf[c];
        for (int j = 0; j < d; j++) {
          xc[j] = x[i][j] - means[c][j];
          qxc[j] = qdiags[c][j] * xc[j];
        }
        int l = d;
        for (int col = 0; col < d; col++) {
          double xcol = xc[col];
          for (int row = col + 1; row < d; row++) {
            qxc[row] += ic[l++] * xcol;
          }
        }
        double sqnorm = 0;
        for (int j = 0; j < d; j++) {
          sqnorm += qxc[j] * qxc[j];
        }
        mainTerm[c] = alphas[c] + sumqs[c] - 0.5 * sqnorm;
      }
      double max = mainTerm[0];
      for (int c = 1; c < k; c++) {
        max = Math.max(max, mainTerm[c]);
      }
      double sum = 0;
      for (int c = 0; c < k; c++) {
        mainTerm[c] = Math.exp(mainTerm[c] - max);
        sum += mainTerm[c];
      }
      slse += max + Math.log(sum);
      // Backwards through the point: d(logsumexp)/d(main_c) is the weight of cluster c.
      for (int c = 0; c < k; c++) {
        double weight = mainTerm[c] / sum;
        double[] xc = xcs[c];
        double[] qxc = qxcs[c];
        double[] ic = icf[c];
        double[] icBar = icfBar[c];
        alphasBar[c] += weight;
        for (int j = 0; j < d; j++) {
          qxcBar[j] = -weight * qxc[j]; // d(-0.5 |qxc|^2)
          icBar[j] += weight; // through sum(q)
        }
        java.util.Arrays.fill(xcBar, 0);
        int l = d;
        for (int col = 0; col < d; col++) {
          double xcol = xc[col];
          double xcolBar = 0;
          for (int row = col + 1; row < d; row++) {
            icBar[l] += qxcBar[row] * xcol;
            xcolBar += qxcBar[row] * ic[l];
            l++;
          }
          xcBar[col] += xcolBar;
        }
        double[] meanBar = meansBar[c];
        for (int j = 0; j < d; j++) {
          double q = qdiags[c][j];
          icBar[j] += qxcBar[j] * xc[j] * q; // d(exp q)/dq = exp q
          xcBar[j] += qxcBar[j] * q;
          meanBar[j] -= xcBar[j];
        }
      }
    }
    // -n logsumexp(alphas) and the Wishart prior.
    double maxAlpha = alphas[0];
    for (int c = 1; c < k; c++) {
      maxAlpha = Math.max(maxAlpha, alphas[c]);
    }
    double sumAlpha = 0;
    for (int c = 0; c < k; c++) {
      sumAlpha += Math.exp(alphas[c] - maxAlpha);
    }
    double gammaSq = gamma * gamma;
    double prior = 0;
    for (int c = 0; c < k; c++) {
      alphasBar[c] -= n * Math.exp(alphas[c] - maxAlpha) / sumAlpha;
      double frobenius = 0;
      for (int j = 0; j < d; j++) {
        double q = qdiags[c][j];
        frobenius += q * q;
        icfBar[c][j] += gammaSq * q * q - m;
      }
      for (int j = d; j < icf[c].length; j++) {
        frobenius += icf[c][j] * icf[c][j];
        icfBar[c][j] += gammaSq * icf[c][j];
      }
      prior += 0.5 * gammaSq * frobenius - m * sumqs[c];
    }
    return Gmm.constant(d, k, n, gamma, m) + slse - n * (maxAlpha + Math.log(sumAlpha)) + prior;
  }
}
