package io.javad.optim;

/**
 * Limited-memory BFGS (Nocedal and Wright, Algorithm 7.5) for smooth minimization in few dozen to
 * thousands of variables: the last {@code memory} steps and gradient changes give a quasi-Newton
 * direction by the two-loop recursion, and a backtracking line search (Armijo's condition) takes
 * a step along it. Typical use: {@code objective} calls a generated gradient workspace.
 */
public final class Lbfgs {

  /** The function to minimize: its value at {@code x}, with its gradient written to {@code gradient}. */
  @FunctionalInterface
  public interface Objective {
    double valueAndGradient(double[] x, double[] gradient);
  }

  /** Where the search stopped: the point, its value, the iterations taken, whether it converged. */
  public record Result(double[] x, double value, int iterations, boolean converged) {}

  private final int memory;
  private final int maxIterations;
  private final double tolerance;

  /**
   * @param memory the number of past steps kept (5 to 20 is usual)
   * @param maxIterations the most iterations to take
   * @param tolerance the gradient's largest entry at which to stop
   */
  public Lbfgs(int memory, int maxIterations, double tolerance) {
    if (memory < 1 || maxIterations < 1 || !(tolerance > 0)) {
      throw new IllegalArgumentException("need memory >= 1, maxIterations >= 1, tolerance > 0");
    }
    this.memory = memory;
    this.maxIterations = maxIterations;
    this.tolerance = tolerance;
  }

  /** Minimizes {@code f} from {@code start} (which it does not change). */
  public Result minimize(Objective f, double[] start) {
    int n = start.length;
    double[] x = start.clone();
    double[] g = new double[n];
    double value = f.valueAndGradient(x, g);
    double[][] s = new double[memory][n];
    double[][] y = new double[memory][n];
    double[] rho = new double[memory];
    double[] alpha = new double[memory];
    double[] direction = new double[n];
    double[] next = new double[n];
    double[] nextG = new double[n];
    int stored = 0;
    int newest = -1;
    for (int iteration = 0; iteration < maxIterations; iteration++) {
      if (largest(g) <= tolerance) {
        return new Result(x, value, iteration, true);
      }
      // Two-loop recursion: direction = -H g.
      System.arraycopy(g, 0, direction, 0, n);
      for (int k = 0; k < stored; k++) {
        int i = Math.floorMod(newest - k, memory);
        alpha[i] = rho[i] * dot(s[i], direction);
        axpy(-alpha[i], y[i], direction);
      }
      double scale = stored == 0 ? 1 / Math.max(1, Math.sqrt(dot(g, g))) : dot(s[newest], y[newest]) / dot(y[newest], y[newest]);
      for (int j = 0; j < n; j++) {
        direction[j] *= scale;
      }
      for (int k = stored - 1; k >= 0; k--) {
        int i = Math.floorMod(newest - k, memory);
        double beta = rho[i] * dot(y[i], direction);
        axpy(alpha[i] - beta, s[i], direction);
      }
      for (int j = 0; j < n; j++) {
        direction[j] = -direction[j];
      }
      double slope = dot(g, direction);
      if (slope >= 0) { // not a descent direction: restart from steepest descent
        for (int j = 0; j < n; j++) {
          direction[j] = -g[j];
        }
        slope = -dot(g, g);
        stored = 0;
      }
      // Backtracking until Armijo's sufficient decrease.
      double step = 1;
      double nextValue;
      int tries = 0;
      while (true) {
        for (int j = 0; j < n; j++) {
          next[j] = x[j] + step * direction[j];
        }
        nextValue = f.valueAndGradient(next, nextG);
        if (nextValue <= value + 1e-4 * step * slope || ++tries > 50) {
          break;
        }
        step *= 0.5;
      }
      if (tries > 50) {
        return new Result(x, value, iteration, false);
      }
      double sy = 0;
      double ss = 0;
      double yy = 0;
      for (int j = 0; j < n; j++) {
        double sj = next[j] - x[j];
        double yj = nextG[j] - g[j];
        sy += sj * yj;
        ss += sj * sj;
        yy += yj * yj;
      }
      if (sy > 1e-12 * Math.sqrt(ss * yy)) { // else the curvature is too small: keep the old pairs
        newest = (newest + 1) % memory;
        for (int j = 0; j < n; j++) {
          s[newest][j] = next[j] - x[j];
          y[newest][j] = nextG[j] - g[j];
        }
        rho[newest] = 1 / sy;
        stored = Math.min(stored + 1, memory);
      }
      System.arraycopy(next, 0, x, 0, n);
      System.arraycopy(nextG, 0, g, 0, n);
      value = nextValue;
    }
    return new Result(x, value, maxIterations, largest(g) <= tolerance);
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static void axpy(double a, double[] x, double[] y) {
    for (int i = 0; i < x.length; i++) {
      y[i] += a * x[i];
    }
  }

  private static double largest(double[] g) {
    double m = 0;
    for (double v : g) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }
}
