package golden;

import io.javad.Differentiable;
import io.javad.Mode;

/** Loops and branches: what the forward sweep records, and how the backward sweep uses it. */
public class Loops {
  /** x^n by repeated multiplication: r is overwritten, so its old values go on the tape. */
  @Differentiable
  public static double power(double x, int n) {
    double r = 1;
    for (int i = 0; i < n; i++) {
      r *= x;
    }
    return r;
  }

  /** Newton's method for the square root: runs until it converges; its trip count is kept. */
  @Differentiable(modes = Mode.REVERSE)
  public static double newtonSqrt(double a) {
    double x = a > 1 ? a : 1;
    double dx = 1;
    while (Math.abs(dx) > 1e-15 * x) {
      dx = (x * x - a) / (2 * x);
      x -= dx;
    }
    return x;
  }

  /** A branch inside a loop on an active value: the branch taken goes on a bit stack. */
  @Differentiable
  public static double clipped(double x, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      double t = x * i;
      if (t > 1) {
        s += Math.log(t);
      } else {
        s += t * t;
      }
    }
    return s;
  }

  /** A branch outside loops whose condition changes inside it: a local flag, no tape. */
  @Differentiable(modes = Mode.REVERSE)
  public static double reflect(double x, double y) {
    if (x < 0) {
      x = -x;
      y = y * x;
    }
    return x * y;
  }
}
