package golden;

import io.javad.Differentiable;
import io.javad.NoDerivative;

/** A linear model whose parameters are a record: the gradient is a record of the same type. */
public final class Records {
  public record Params(double[] w, double b) {}

  @Differentiable
  public static double loss(Params p, @NoDerivative double[][] x, @NoDerivative double[] y) {
    double total = 0;
    for (int i = 0; i < x.length; i++) {
      double r = p.b() - y[i];
      for (int j = 0; j < p.w().length; j++) {
        r += p.w()[j] * x[i][j];
      }
      total += r * r;
    }
    return total / x.length;
  }
}
