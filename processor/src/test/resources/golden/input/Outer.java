package golden;

import io.javad.Differentiable;

/** A nested class: its companion is Outer_SpringDerivatives. */
public class Outer {
  public static class Spring {
    static final double STIFFNESS = 40;

    @Differentiable
    public static double energy(double length, double rest) {
      double stretch = length - rest;
      return 0.5 * STIFFNESS * stretch * stretch;
    }
  }
}
