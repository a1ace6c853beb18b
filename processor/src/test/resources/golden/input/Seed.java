package golden;

import io.javad.Differentiable;

/** The seed example of DESIGN.md: the adjoint must be the hand-written code shown there. */
public class Seed {
  @Differentiable
  public static double f(double x, double y) {
    double a = x + y;
    double b = x - y;
    return a * b;
  }
}
