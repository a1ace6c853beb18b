package io.javad.samples;

import io.javad.Differentiable;
import io.javad.NoDerivative;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;

/**
 * Fits the damping ratio and frequency of a damped oscillator, {@code x'' + 2 zeta omega x' +
 * omega^2 x = 0}, to noisy observations, by differentiating through an explicit integrator loop
 * (hundreds of steps): the residuals are one plain method returning a {@code double[]}, and
 * Gauss-Newton (with Levenberg's damping) takes its Jacobian from javad's {@code
 * residualsJacobian}. Prints the fitted parameters beside the true ones and plots data and fit.
 */
public final class OscillatorFit {

  private OscillatorFit() {}

  /**
   * The model's position minus each observation: the oscillator from x = 1, v = 0, integrated with
   * semi-implicit Euler, {@code stepsPerObservation} steps of {@code dt} between observations.
   *
   * @param zeta the damping ratio
   * @param omega the natural frequency
   * @param observed the observed positions, one per interval
   * @param stepsPerObservation integrator steps between two observations
   * @param dt the integrator's step
   * @return the residuals
   */
  @Differentiable
  public static double[] residuals(
      double zeta,
      double omega,
      @NoDerivative double[] observed,
      int stepsPerObservation,
      double dt) {
    double[] r = new double[observed.length];
    double x = 1;
    double v = 0;
    for (int k = 0; k < observed.length; k++) {
      for (int s = 0; s < stepsPerObservation; s++) {
        v += dt * (-2 * zeta * omega * v - omega * omega * x);
        x += dt * v;
      }
      r[k] = x - observed[k];
    }
    return r;
  }

  public static void main(String[] args) {
    run(Path.of("oscillator-fit.png"));
  }

  /** Simulates noisy data, fits it, prints and plots; returns the fitted {zeta, omega}. */
  static double[] run(Path chart) {
    double trueZeta = 0.15;
    double trueOmega = 2.5;
    int observations = 60;
    int steps = 10;
    double dt = 0.01;
    double[] clean = new double[observations];
    double[] noisy = new double[observations];
    double[] simulated = residuals(trueZeta, trueOmega, new double[observations], steps, dt);
    Random random = new Random(2024);
    for (int k = 0; k < observations; k++) {
      clean[k] = simulated[k];
      noisy[k] = simulated[k] + 0.02 * random.nextGaussian();
    }
    double[] p = {0.5, 1.8}; // a start away from the truth
    double damping = 1e-3;
    System.out.printf("%d observations, %d integrator steps; start zeta = %.3f, omega = %.3f%n",
        observations, observations * steps, p[0], p[1]);
    for (int iteration = 1; iteration <= 30; iteration++) {
      OscillatorFitDerivatives.ResidualsJacobian j =
          OscillatorFitDerivatives.residualsJacobian(p[0], p[1], noisy, steps, dt);
      double[] r = j.value();
      // Normal equations of the damped Gauss-Newton step: (J'J + damping diag(J'J)) d = -J'r.
      double a = 0;
      double b = 0;
      double c = 0;
      double g0 = 0;
      double g1 = 0;
      for (int k = 0; k < r.length; k++) {
        a += j.zeta()[k] * j.zeta()[k];
        b += j.zeta()[k] * j.omega()[k];
        c += j.omega()[k] * j.omega()[k];
        g0 += j.zeta()[k] * r[k];
        g1 += j.omega()[k] * r[k];
      }
      a *= 1 + damping;
      c *= 1 + damping;
      double det = a * c - b * b;
      double d0 = -(c * g0 - b * g1) / det;
      double d1 = -(a * g1 - b * g0) / det;
      double before = squared(r);
      double after = squared(residuals(p[0] + d0, p[1] + d1, noisy, steps, dt));
      if (after < before) {
        p[0] += d0;
        p[1] += d1;
        damping /= 3;
      } else {
        damping *= 10;
      }
      if (iteration <= 3 || iteration % 10 == 0) {
        System.out.printf("iteration %2d  zeta %.4f  omega %.4f  sum of squares %.5f%n",
            iteration, p[0], p[1], Math.min(before, after));
      }
    }
    System.out.printf("fitted: zeta = %.4f, omega = %.4f   (true: zeta = %.4f, omega = %.4f)%n",
        p[0], p[1], trueZeta, trueOmega);
    plot(noisy, clean, residuals(p[0], p[1], new double[observations], steps, dt), steps * dt, chart);
    return p;
  }

  private static double squared(double[] r) {
    double s = 0;
    for (double v : r) {
      s += v * v;
    }
    return s;
  }

  private static void plot(double[] data, double[] truth, double[] fit, double interval, Path file) {
    List<Double> t = new ArrayList<>();
    for (int k = 0; k < data.length; k++) {
      t.add((k + 1) * interval);
    }
    XYChart chart =
        new XYChartBuilder()
            .width(800)
            .height(400)
            .title("OscillatorFit: Gauss-Newton through 600 integrator steps")
            .xAxisTitle("time")
            .yAxisTitle("position")
            .build();
    chart.addSeries("observations", t, box(data)).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    chart.addSeries("fit", t, box(fit));
    chart.addSeries("truth", t, box(truth));
    Charts.save(chart, file, "data and fit");
  }

  private static List<Double> box(double[] values) {
    List<Double> out = new ArrayList<>();
    for (double v : values) {
      out.add(v);
    }
    return out;
  }
}
