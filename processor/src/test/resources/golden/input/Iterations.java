package golden;

import io.javad.Differentiable;
import io.javad.NoDerivative;

/**
 * What reverse mode records per iteration: scratch vectors private to an iteration recorded once
 * at its end, an index stepped back instead of taped, a sum over points reversed point by point,
 * an adjoint element summed in a local, an element read once before a reversed loop, values kept
 * for their derivatives, small arrays as scalars, a call run once in its adjoint.
 */
public class Iterations {
  /** A Gaussian mixture's shape: scratch vectors declared once, rewritten per (point, cluster). */
  @Differentiable
  public static double mixture(double[] w, @NoDerivative double[][] x, int k) {
    int d = x[0].length;
    double[] xc = new double[d];
    double[] qxc = new double[d];
    double[] main = new double[k];
    double total = 0;
    for (int i = 0; i < x.length; i++) {
      for (int c = 0; c < k; c++) {
        for (int j = 0; j < d; j++) {
          xc[j] = x[i][j] - w[c * d + j];
        }
        for (int j = 0; j < d; j++) {
          qxc[j] = xc[j];
        }
        int l = k * d;
        for (int col = 0; col < d; col++) {
          for (int row = col + 1; row < d; row++) {
            qxc[row] += w[l] * xc[col];
            l++;
          }
        }
        double sq = 0;
        for (int j = 0; j < d; j++) {
          sq += qxc[j] * qxc[j];
        }
        main[c] = -0.5 * sq;
      }
      double se = 0;
      for (int c = 0; c < k; c++) {
        se += Math.exp(main[c]);
      }
      total += Math.log(se);
    }
    return -total / x.length;
  }

  /** A recurrence: tanh's value kept for its derivative, the old value restored after. */
  @Differentiable
  public static double recurrence(double[] w, int n) {
    double h = 0;
    for (int t = 0; t < n; t++) {
      h = Math.tanh(h * w[0] + w[1]);
    }
    return h;
  }

  /** A rotation about z by a small array: scalars, cos and sin read from where they are held. */
  @Differentiable
  public static double[] rotate(double[] p, double angle) {
    double[] r = new double[3];
    double cos = Math.cos(angle);
    double sin = Math.sin(angle);
    r[0] = cos * p[0] - sin * p[1];
    r[1] = sin * p[0] + cos * p[1];
    r[2] = p[2];
    return new double[] {r[0] / r[2], r[1] / r[2]};
  }

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

  /** Softmax cross-entropy: each point's logsumexp runs once, in its adjoint. */
  @Differentiable
  public static double crossEntropy(
      double[] w, @NoDerivative double[][] x, @NoDerivative int[] labels, int k) {
    int d = x[0].length;
    double[] z = new double[k];
    double loss = 0;
    for (int i = 0; i < x.length; i++) {
      for (int c = 0; c < k; c++) {
        double s = 0;
        for (int j = 0; j < d; j++) {
          s += w[c * d + j] * x[i][j];
        }
        z[c] = s;
      }
      loss += logsumexp(z) - z[labels[i]];
    }
    return loss / x.length;
  }
}
