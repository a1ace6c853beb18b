package io.javad.benchmarks.adbench;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * ADBench's GMM: the objective and every way of getting its gradient that is fast enough for all
 * sizes, in one class so that each ratio's two times come from the same run and fork settings
 * ({@link AdbenchReport} sets those; the annotations are only modest defaults for a run by hand).
 * {@code workspace} and {@code handWritten} both clear gradient arrays they own and fill them, so
 * they do the same work; {@code gradient} also allocates its result, as a plain caller would.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GmmBenchmark {

  @Param({"gmm_d2_K5", "gmm_d10_K5", "gmm_d10_K25", "gmm_d20_K10", "gmm_d64_K10"})
  String dataset;

  GmmData data;
  GmmDerivatives.ObjectiveWorkspace workspace;
  double[] alphasBar;
  double[][] meansBar;
  double[][] icfBar;
  /** A fixed random direction for the tangent. */
  double[] alphasDot;
  double[][] meansDot;
  double[][] icfDot;

  @Setup
  public void setup() {
    prepare(GmmData.load(dataset));
  }

  /** Everything but the loading, so that tests can run the bodies on a smaller problem. */
  void prepare(GmmData problem) {
    data = problem;
    workspace = new GmmDerivatives.ObjectiveWorkspace();
    alphasBar = new double[data.k()];
    meansBar = new double[data.k()][data.d()];
    icfBar = new double[data.k()][data.icf()[0].length];
    Random random = new Random(42);
    alphasDot = direction(random, 1, data.k())[0];
    meansDot = direction(random, data.k(), data.d());
    icfDot = direction(random, data.k(), data.icf()[0].length);
  }

  @Benchmark
  public double objective() {
    return Gmm.objective(data.alphas(), data.means(), data.icf(), data.x(), data.gamma(), data.m());
  }

  @Benchmark
  public GmmDerivatives.ObjectiveGradient gradient() {
    return GmmDerivatives.objectiveGradient(
        data.alphas(), data.means(), data.icf(), data.x(), data.gamma(), data.m());
  }

  /** The form a training loop uses: the workspace's gradient arrays, cleared and filled. */
  @Benchmark
  public double workspace() {
    return GmmDerivatives.objectiveGradient(
            workspace, data.alphas(), data.means(), data.icf(), data.x(), data.gamma(), data.m())
        .value();
  }

  /** Point by point, as reverse mode and ADBench's hand-written C++ derivative work. */
  @Benchmark
  public double handWritten() {
    zeroGradient();
    return GmmByHandPerPoint.gradientInto(
        data.alphas(), data.means(), data.icf(), data.x(), data.gamma(), data.m(),
        alphasBar, meansBar, icfBar);
  }

  /** With the means' adjoint summed per cluster first: an algebraic rewrite no AD tool makes. */
  @Benchmark
  public double handWrittenRewritten() {
    zeroGradient();
    return GmmByHand.gradientInto(data, alphasBar, meansBar, icfBar);
  }

  @Benchmark
  public double tangent() {
    return GmmDerivatives.objectiveTangent(
            data.alphas(), alphasDot, data.means(), meansDot, data.icf(), icfDot,
            data.x(), data.gamma(), data.m())
        .tangent();
  }

  private void zeroGradient() {
    Arrays.fill(alphasBar, 0);
    for (double[] row : meansBar) {
      Arrays.fill(row, 0);
    }
    for (double[] row : icfBar) {
      Arrays.fill(row, 0);
    }
  }

  /** Uniform entries in [-1, 1): a direction with no special structure. */
  static double[][] direction(Random random, int rows, int columns) {
    double[][] v = new double[rows][columns];
    for (double[] row : v) {
      for (int j = 0; j < columns; j++) {
        row[j] = random.nextDouble() * 2 - 1;
      }
    }
    return v;
  }
}
