package io.javad.benchmarks;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a call between differentiable methods costs: least squares over 10^4 rows of 16 features, calling the samples
 * library's {@code dot(w, row)} once per row, against the same loss with the inner product inline, and against a
 * hand-written gradient. Run with {@code -prof gc} for the allocation per call: the caller's gradient calls {@code
 * dotAdjoint}, which adds into the caller's {@code wBar} and a scratch array for the row's unused adjoint, so it
 * allocates no arrays per row.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CallBenchmark {

  static final int ROWS = 10_000;
  static final int FEATURES = 16;

  double[] w;
  double[][] rows;
  double[] y;

  @Setup
  public void setup() {
    Random r = new Random(42);
    w = r.doubles(FEATURES, -1, 1).toArray();
    rows = new double[ROWS][];
    y = new double[ROWS];
    for (int i = 0; i < ROWS; i++) {
      rows[i] = r.doubles(FEATURES, -1, 1).toArray();
      y[i] = r.nextGaussian();
    }
  }

  @Benchmark
  public double primal() {
    return RowKernels.leastSquares(w, rows, y);
  }

  @Benchmark
  public double[] gradient() {
    return RowKernelsDerivatives.leastSquaresGradient(w, rows, y).w();
  }

  @Benchmark
  public double[] gradientInline() {
    return RowKernelsDerivatives.leastSquaresInlineGradient(w, rows, y).w();
  }

  @Benchmark
  public double[] gradientByHand() {
    return RowKernels.leastSquaresGradientByHand(w, rows, y);
  }

  @Benchmark
  public double tangent() {
    return RowKernelsDerivatives.leastSquaresTangent(w, w, rows, y).tangent();
  }
}
