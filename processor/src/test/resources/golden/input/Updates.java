package golden;

import io.javad.Differentiable;

/** Reassignment and compound assignment: SSA versions in the adjoint, in-place tangents. */
public class Updates {
  @Differentiable
  public static double cube(double x) {
    double r = x;
    r *= x;
    r *= x;
    return r;
  }

  @Differentiable
  public static double relax(double x, double y) {
    double t = x * y;
    t = t * t + x;
    x = t / y;
    return x - y;
  }
}
