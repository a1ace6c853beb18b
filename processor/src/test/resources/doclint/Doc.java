package demo;

import io.javad.Differentiable;
import io.javad.NoDerivative;

/** Documented functions. */
public final class Doc {
  /** Not instantiable. */
  private Doc() {}

  /**
   * A loss.
   *
   * @param w weights
   * @param b bias
   * @param x data
   * @return the loss
   */
  @Differentiable(order = 2)
  public static double loss(double[] w, double b, @NoDerivative double[][] x) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      double z = b;
      for (int j = 0; j < w.length; j++) {
        z += w[j] * x[i][j];
      }
      s += Math.log1p(Math.exp(z));
    }
    return s;
  }

  /**
   * Straight line.
   *
   * @param x x
   * @param y y
   * @return value
   */
  @Differentiable
  public static double f(double x, double y) {
    return x * Math.sin(y);
  }

  /**
   * Vector valued.
   *
   * @param x x
   * @return value
   */
  @Differentiable
  public static double[] v(double[] x) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = x[i] * x[i];
    }
    return y;
  }

  /**
   * Out-parameter.
   *
   * @param a a
   * @param x x
   * @param y y
   */
  @Differentiable
  public static void axpy(double a, double[] x, double[] y) {
    for (int i = 0; i < y.length; i++) {
      y[i] += a * x[i];
    }
  }

  /**
   * A point.
   *
   * @param px x
   * @param py y
   */
  public record P(double px, double py) {}

  /**
   * Over a record.
   *
   * @param p the point
   * @return value
   */
  @Differentiable
  public static double r(P p) {
    return p.px() * p.py();
  }
}
