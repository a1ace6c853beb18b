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

  /** A state of an oscillator. */
  public record State(double x, double v) {}

  /** One step of symplectic Euler, clamped at a wall: returns a record. */
  @Differentiable
  static State step(State s, double dt, double k) {
    if (s.x() > 10) {
      return new State(10, 0);
    }
    return new State(s.x() + dt * s.v(), s.v() - dt * k * s.x());
  }

  /** The energy after n steps. */
  @Differentiable
  public static double energy(double x0, double v0, double k, int n) {
    State s = new State(x0, v0);
    for (int i = 0; i < n; i++) {
      s = step(s, 0.01, k);
    }
    return 0.5 * (s.v() * s.v() + k * s.x() * s.x());
  }
}
