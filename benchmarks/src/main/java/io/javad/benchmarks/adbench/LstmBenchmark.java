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
 * ADBench's LSTM: the objective, its gradient by javad (fresh arrays, and accumulated into
 * caller-owned arrays), by hand and by Hipparchus' forward mode, and one directional derivative,
 * in one class so that every ratio to the objective comes from one run. As for GMM, {@code
 * adjoint} and {@code handWritten} both zero caller-owned arrays before filling them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LstmBenchmark {

  @Param("lstm_l2_c1024")
  String dataset;

  LstmData data;
  LstmDerivatives.ObjectiveWorkspace workspace;
  double[][] mainBar;
  double[][] extraBar;
  double[][] mainDot;
  double[][] extraDot;

  @Setup
  public void setup() {
    prepare(LstmData.load(dataset));
  }

  void prepare(LstmData problem) {
    data = problem;
    workspace = new LstmDerivatives.ObjectiveWorkspace();
    mainBar = new double[data.mainParams().length][data.mainParams()[0].length];
    extraBar = new double[data.extraParams().length][data.b()];
    Random random = new Random(42);
    mainDot = GmmBenchmark.direction(random, mainBar.length, mainBar[0].length);
    extraDot = GmmBenchmark.direction(random, extraBar.length, data.b());
  }

  @Benchmark
  public double objective() {
    return Lstm.objective(data.mainParams(), data.extraParams(), data.state(), data.sequence());
  }

  @Benchmark
  public LstmDerivatives.ObjectiveGradient gradient() {
    return LstmDerivatives.objectiveGradient(
        data.mainParams(), data.extraParams(), data.state(), data.sequence());
  }

  /** The form a training loop uses: the workspace's gradient arrays, cleared and filled. */
  @Benchmark
  public double workspace() {
    return LstmDerivatives.objectiveGradient(
            workspace, data.mainParams(), data.extraParams(), data.state(), data.sequence())
        .value();
  }

  @Benchmark
  public double handWritten() {
    zeroGradient();
    return LstmByHand.gradientInto(
        data.mainParams(), data.extraParams(), data.state(), data.sequence(), mainBar, extraBar);
  }

  @Benchmark
  public double tangent() {
    return LstmDerivatives.objectiveTangent(
            data.mainParams(), mainDot, data.extraParams(), extraDot, data.state(), data.sequence())
        .tangent();
  }

  @Benchmark
  public LstmByHand.Gradient hipparchus() {
    return LstmHipparchus.gradient(data);
  }

  private void zeroGradient() {
    for (double[] row : mainBar) {
      Arrays.fill(row, 0);
    }
    for (double[] row : extraBar) {
      Arrays.fill(row, 0);
    }
  }
}
