package io.javad.benchmarks.adbench;

import org.hipparchus.analysis.differentiation.Gradient;

/**
 * {@link Gmm#objective} in Hipparchus' first-order forward mode: every parameter is a free variable
 * of a {@link Gradient}, so each operation carries the whole gradient along (k + k d + k d(d+1)/2
 * numbers) and allocates it. This is what operator overloading costs on the JVM.
 */
public final class GmmHipparchus {

  private GmmHipparchus() {}

  public static GmmByHand.Gradient gradient(GmmData data) {
    double[] alphas = data.alphas();
    double[][] means = data.means();
    double[][] icf = data.icf();
    double[][] x = data.x();
    int k = alphas.length;
    int d = means[0].length;
    int n = x.length;
    int icfLength = icf[0].length;
    int free = k + k * d + k * icfLength;
    // Variables in ADBench's gradient order: alphas, means, icf.
    Gradient[] a = new Gradient[k];
    Gradient[][] mu = new Gradient[k][d];
    Gradient[][] ic = new Gradient[k][icfLength];
    int index = 0;
    for (int c = 0; c < k; c++) {
      a[c] = Gradient.variable(free, index++, alphas[c]);
    }
    for (int c = 0; c < k; c++) {
      for (int j = 0; j < d; j++) {
        mu[c][j] = Gradient.variable(free, index++, means[c][j]);
      }
    }
    for (int c = 0; c < k; c++) {
      for (int j = 0; j < icfLength; j++) {
        ic[c][j] = Gradient.variable(free, index++, icf[c][j]);
      }
    }

    Gradient[][] qdiags = new Gradient[k][d];
    Gradient[] sumqs = new Gradient[k];
    for (int c = 0; c < k; c++) {
      sumqs[c] = Gradient.constant(free, 0);
      for (int j = 0; j < d; j++) {
        sumqs[c] = sumqs[c].add(ic[c][j]);
        qdiags[c][j] = ic[c][j].exp();
      }
    }
    Gradient[] xc = new Gradient[d];
    Gradient[] qxc = new Gradient[d];
    Gradient[] mainTerm = new Gradient[k];
    Gradient slse = Gradient.constant(free, 0);
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < k; c++) {
        for (int j = 0; j < d; j++) {
          xc[j] = mu[c][j].negate().add(x[i][j]);
          qxc[j] = qdiags[c][j].multiply(xc[j]);
        }
        int l = d;
        for (int col = 0; col < d; col++) {
          for (int row = col + 1; row < d; row++) {
            qxc[row] = qxc[row].add(ic[c][l].multiply(xc[col]));
            l++;
          }
        }
        Gradient sqnorm = Gradient.constant(free, 0);
        for (int j = 0; j < d; j++) {
          sqnorm = sqnorm.add(qxc[j].multiply(qxc[j]));
        }
        mainTerm[c] = a[c].add(sumqs[c]).subtract(sqnorm.multiply(0.5));
      }
      slse = slse.add(logsumexp(mainTerm));
    }
    Gradient prior = Gradient.constant(free, 0);
    double halfGammaSq = 0.5 * data.gamma() * data.gamma();
    for (int c = 0; c < k; c++) {
      Gradient frobenius = Gradient.constant(free, 0);
      for (int j = 0; j < d; j++) {
        frobenius = frobenius.add(qdiags[c][j].multiply(qdiags[c][j]));
      }
      for (int j = d; j < icfLength; j++) {
        frobenius = frobenius.add(ic[c][j].multiply(ic[c][j]));
      }
      prior = prior.add(frobenius.multiply(halfGammaSq)).subtract(sumqs[c].multiply(data.m()));
    }
    Gradient value =
        slse.subtract(logsumexp(a).multiply(n)).add(prior)
            .add(Gmm.constant(d, k, n, data.gamma(), data.m()));

    double[] g = value.getGradient();
    double[] alphasBar = new double[k];
    double[][] meansBar = new double[k][d];
    double[][] icfBar = new double[k][icfLength];
    FiniteDifferences.gmmUnflatten(g, alphasBar, meansBar, icfBar);
    return new GmmByHand.Gradient(value.getValue(), alphasBar, meansBar, icfBar);
  }

  /** log(sum exp(v)), shifted by the largest entry (whose derivatives cancel out, as they should). */
  private static Gradient logsumexp(Gradient[] v) {
    Gradient max = v[0];
    for (int i = 1; i < v.length; i++) {
      if (v[i].getValue() > max.getValue()) {
        max = v[i];
      }
    }
    Gradient sum = v[0].subtract(max).exp();
    for (int i = 1; i < v.length; i++) {
      sum = sum.add(v[i].subtract(max).exp());
    }
    return max.add(sum.log());
  }
}
