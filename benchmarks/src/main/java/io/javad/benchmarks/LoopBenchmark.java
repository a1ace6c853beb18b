package io.javad.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Gradient against the function itself for a loop of 10^6 iterations with one overwritten double
 * ({@link LoopKernels#recurrence}): the cost of reverse mode through a loop, tape included. The
 * ratio of {@code gradient} to {@code primal} is the figure; {@code tangent} is the forward mode.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LoopBenchmark {

  @Param("1000000")
  int n;

  double x = 0.7;
  double h = 1e-6;

  @Benchmark
  public double primal() {
    return LoopKernels.recurrence(x, h, n);
  }

  @Benchmark
  public double tangent() {
    return LoopKernelsDerivatives.recurrenceTangent(x, 1, h, 0, n).tangent();
  }

  @Benchmark
  public double gradient() {
    return LoopKernelsDerivatives.recurrenceGradient(x, h, n).x();
  }
}
