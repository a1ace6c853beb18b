package golden;

import io.javad.AdjointOf;
import io.javad.Differentiable;
import io.javad.TangentOf;
import io.javad.runtime.Dual;

/** Second order through a tangent rule javad differentiates again, and a vector-valued callee. */
public class SecondRules {
  static double softplus(double x) {
    return Math.log1p(Math.exp(x));
  }

  @Differentiable
  @TangentOf(target = SecondRules.class, method = "softplus")
  static Dual softplusTangent(double x, double xDot) {
    return new Dual(softplus(x), xDot / (1 + Math.exp(-x)));
  }

  @AdjointOf(target = SecondRules.class, method = "softplus")
  static double softplusAdjoint(double x, double yBar) {
    return yBar / (1 + Math.exp(-x));
  }

  @Differentiable(order = 2)
  static double[] scaled(double[] x, double s) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = s * x[i];
    }
    return y;
  }

  @Differentiable(order = 2)
  static double energy(double[] x, double s) {
    double[] y = scaled(x, s);
    double e = 0;
    for (int i = 0; i < y.length; i++) {
      e += softplus(y[i]);
    }
    return e;
  }
}
