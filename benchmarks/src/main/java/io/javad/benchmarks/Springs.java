package io.javad.benchmarks;

import io.javad.Differentiable;

/**
 * The same chain of springs twice, once with private fields and a private differentiable helper,
 * once with package-private ones: the companion reads the first through {@code static final} handles, the
 * second directly. {@link PrivateAccessBenchmark} compares them.
 */
final class Springs {

  private Springs() {}

  /** Encapsulated, as people write it. */
  static final class Sealed {
    private final double[] stiffness;
    private final double rest;

    Sealed(double[] stiffness, double rest) {
      this.stiffness = stiffness;
      this.rest = rest;
    }

    @Differentiable
    private double stretch(double a, double b) {
      return b - a - rest;
    }

    /** Energy of springs between consecutive positions. */
    @Differentiable
    double energy(double[] x) {
      double e = 0;
      for (int i = 0; i + 1 < x.length; i++) {
        double d = stretch(x[i], x[i + 1]);
        e += 0.5 * stiffness[i] * d * d;
      }
      return e;
    }
  }

  /** The same with package-private fields and helper. */
  static final class Open {
    final double[] stiffness;
    final double rest;

    Open(double[] stiffness, double rest) {
      this.stiffness = stiffness;
      this.rest = rest;
    }

    @Differentiable
    double stretch(double a, double b) {
      return b - a - rest;
    }

    @Differentiable
    double energy(double[] x) {
      double e = 0;
      for (int i = 0; i + 1 < x.length; i++) {
        double d = stretch(x[i], x[i + 1]);
        e += 0.5 * stiffness[i] * d * d;
      }
      return e;
    }
  }
}
