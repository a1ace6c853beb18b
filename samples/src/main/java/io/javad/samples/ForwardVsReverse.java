package io.javad.samples;

import io.javad.Differentiable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * The seeds' central claim, measured: for a function of n inputs, a full gradient costs n tangent
 * passes in forward mode, 2n evaluations by finite differences, and one adjoint pass in reverse
 * mode, whatever n is. Prints the times for n = 1, 10, 100, 1000 and draws them (log-log).
 */
public final class ForwardVsReverse {

  private ForwardVsReverse() {}

  /**
   * A chain of n coupled terms, linear in n to evaluate.
   *
   * @param x the inputs
   * @return sum of sin(x[i]) * x[i + 1] plus sum of x[i]^2 / 2
   */
  @Differentiable
  public static double chain(double[] x) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      double next = x[(i + 1) % x.length];
      s += Math.sin(x[i]) * next + 0.5 * x[i] * x[i];
    }
    return s;
  }

  public static void main(String[] args) {
    run(new int[] {1, 10, 100, 1000}, Path.of("forward-vs-reverse.png"));
  }

  /** Times each way of taking the gradient for each size, prints the table, draws the chart. */
  static void run(int[] sizes, Path file) {
    List<Double> ns = new ArrayList<>();
    List<Double> tangents = new ArrayList<>();
    List<Double> adjoints = new ArrayList<>();
    List<Double> differences = new ArrayList<>();
    System.out.println("      n   n tangent passes   one adjoint pass   finite differences   (microseconds)");
    for (int n : sizes) {
      double[] x = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = Math.sin(i + 1.0);
      }
      ChainWorkspace workspace = new ChainWorkspace();
      double forward = time(() -> byTangents(x), n);
      double reverse = time(() -> workspace.gradient(x), n);
      double fd = time(() -> byDifferences(x), n);
      ns.add((double) n);
      tangents.add(forward);
      adjoints.add(reverse);
      differences.add(fd);
      System.out.printf("%7d   %16.1f   %16.2f   %18.1f%n", n, forward, reverse, fd);
    }
    plot(ns, tangents, adjoints, differences, file);
  }

  /** The generated workspace, reused: no allocation per gradient. */
  private static final class ChainWorkspace {
    private final ForwardVsReverseDerivatives.ChainWorkspace ws =
        new ForwardVsReverseDerivatives.ChainWorkspace();

    double[] gradient(double[] x) {
      return ForwardVsReverseDerivatives.chainGradient(ws, x).x();
    }
  }

  private static double[] byTangents(double[] x) {
    double[] gradient = new double[x.length];
    double[] direction = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      direction[i] = 1;
      gradient[i] = ForwardVsReverseDerivatives.chainTangent(x, direction).tangent();
      direction[i] = 0;
    }
    return gradient;
  }

  private static double[] byDifferences(double[] x) {
    double[] gradient = new double[x.length];
    double[] probe = x.clone();
    for (int i = 0; i < x.length; i++) {
      double h = 1e-6 * (1 + Math.abs(x[i]));
      probe[i] = x[i] + h;
      double up = chain(probe);
      probe[i] = x[i] - h;
      double down = chain(probe);
      probe[i] = x[i];
      gradient[i] = (up - down) / (2 * h);
    }
    return gradient;
  }

  /** Microseconds per call, after warming up, over about 0.2 s of calls. */
  private static double time(java.util.function.Supplier<double[]> gradient, int n) {
    double sink = 0;
    for (int i = 0; i < 50; i++) {
      sink += gradient.get()[0];
    }
    int calls = Math.max(3, 200_000 / (n * n + 10 * n + 1));
    long start = System.nanoTime();
    for (int i = 0; i < calls; i++) {
      sink += gradient.get()[0];
    }
    double micros = (System.nanoTime() - start) / 1e3 / calls;
    if (sink == 42) {
      System.out.print(""); // keeps the result alive
    }
    return micros;
  }

  private static void plot(
      List<Double> n, List<Double> forward, List<Double> reverse, List<Double> fd, Path file) {
    XYChart chart =
        new XYChartBuilder()
            .width(800)
            .height(450)
            .title("A full gradient: forward passes vs one reverse pass vs finite differences")
            .xAxisTitle("inputs n")
            .yAxisTitle("microseconds per gradient")
            .build();
    chart.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    chart.addSeries("n tangent passes (forward mode)", n, forward);
    chart.addSeries("one adjoint pass (reverse mode)", n, reverse);
    chart.addSeries("finite differences", n, fd);
    Charts.save(chart, file, "chart");
  }
}
