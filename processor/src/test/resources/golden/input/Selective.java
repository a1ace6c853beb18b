package golden;

import io.javad.Differentiable;
import io.javad.Mode;

/** wrt, modes and inactive data: no tangent or adjoint for what does not need one. */
public class Selective {
  @Differentiable(wrt = "rate", modes = Mode.REVERSE)
  public static double discount(double amount, double rate, int years) {
    double factor = Math.pow(1 + rate, years);
    int periods = years * 12;
    double fee = amount * 0.001 * periods;
    return amount / factor - fee;
  }

  @Differentiable(modes = Mode.FORWARD)
  public static double polar(double r, double theta) {
    return r * Math.cos(theta) + Math.hypot(r, theta) * Math.max(r, theta);
  }
}
