package io.javad.benchmarks.adbench;

import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
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
 * The GMM gradient by the methods whose cost grows with the number of parameters, Hipparchus'
 * forward mode and one-sided finite differences (n + 1 objectives), on the two small sizes only.
 * The objective is measured again here, so that their cost relative to it comes from one run;
 * {@link AdbenchReport} relates them to the generated gradient through that objective.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GmmPeersBenchmark {

  @Param({"gmm_d2_K5", "gmm_d10_K5"})
  String dataset;

  GmmData data;
  ToDoubleFunction<double[]> objectiveOfParameters;
  double[] parameters;

  @Setup
  public void setup() {
    prepare(GmmData.load(dataset));
  }

  void prepare(GmmData problem) {
    data = problem;
    objectiveOfParameters = FiniteDifferences.gmmObjective(data);
    parameters = FiniteDifferences.gmmParameters(data);
  }

  @Benchmark
  public double objective() {
    return Gmm.objective(data.alphas(), data.means(), data.icf(), data.x(), data.gamma(), data.m());
  }

  @Benchmark
  public GmmByHand.Gradient hipparchus() {
    return GmmHipparchus.gradient(data);
  }

  @Benchmark
  public double[] finiteDifferences() {
    return FiniteDifferences.forwardGradient(objectiveOfParameters, parameters);
  }
}
