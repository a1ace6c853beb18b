package golden;

import io.javad.Differentiable;

/** Springs in series: instance methods, fields as constants, a call on another object. */
public final class Springs {
  final double stiffness;
  final double rest;
  final Springs next;

  Springs(double stiffness, double rest, Springs next) {
    this.stiffness = stiffness;
    this.rest = rest;
    this.next = next;
  }

  @Differentiable
  double energy(double length) {
    double stretch = length - rest;
    return 0.5 * stiffness * stretch * stretch;
  }

  @Differentiable
  double pairEnergy(double length, double other) {
    return energy(length) + next.energy(other);
  }
}
