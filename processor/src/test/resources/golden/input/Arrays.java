package golden;

import io.javad.Differentiable;
import io.javad.NoDerivative;

/** Arrays: adjoint arrays allocated once, element stores taped only where needed. */
public class Arrays {
  @Differentiable
  public static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /** Softmax cross-entropy of a linear classifier: z[k] += ... needs no tape, max does. */
  @Differentiable
  public static double softmaxLoss(double[][] w, @NoDerivative double[] x, int label) {
    double[] z = new double[w.length];
    for (int k = 0; k < w.length; k++) {
      for (int j = 0; j < x.length; j++) {
        z[k] += w[k][j] * x[j];
      }
    }
    double max = z[0];
    for (int k = 1; k < z.length; k++) {
      max = Math.max(max, z[k]);
    }
    double sum = 0;
    for (int k = 0; k < z.length; k++) {
      sum += Math.exp(z[k] - max);
    }
    return max + Math.log(sum) - z[label];
  }

  /** One explicit Euler step of the damped pendulum: a vector-valued method. */
  @Differentiable
  public static double[] pendulumStep(double[] state, double damping, @NoDerivative double h) {
    double[] next = new double[2];
    next[0] = state[0] + h * state[1];
    next[1] = state[1] + h * (-Math.sin(state[0]) - damping * state[1]);
    return next;
  }

  /** A matrix-valued method: the outer product scaled, a * bᵀ * s. */
  @Differentiable
  public static double[][] scaledOuter(double[] a, double[] b, double s) {
    double[][] r = new double[a.length][b.length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < b.length; j++) {
        r[i][j] = s * a[i] * b[j];
      }
    }
    return r;
  }
}
