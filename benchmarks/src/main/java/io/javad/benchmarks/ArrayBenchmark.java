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
 * Gradient against the function itself for array code: {@code dot} with n = 10^6 and the softmax
 * classifier with 10 classes of 64 features (the digits data's shape). The gradient allocates its
 * result arrays, as the contract says (a fresh array per array input).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ArrayBenchmark {

  double[] a;
  double[] b;
  double[][] w;
  double[] x;

  @Setup
  public void setup() {
    Random r = new Random(42);
    a = r.doubles(1_000_000).toArray();
    b = r.doubles(1_000_000).toArray();
    w = new double[10][64];
    for (double[] row : w) {
      for (int j = 0; j < row.length; j++) {
        row[j] = r.nextGaussian() * 0.1;
      }
    }
    x = r.doubles(64, 0, 16).toArray();
  }

  @Benchmark
  public double dotPrimal() {
    return ArrayKernels.dot(a, b);
  }

  @Benchmark
  public double[] dotGradient() {
    return ArrayKernelsDerivatives.dotGradient(a, b).a();
  }

  @Benchmark
  public double softmaxPrimal() {
    return ArrayKernels.softmaxLoss(w, x, 3);
  }

  @Benchmark
  public double[][] softmaxGradient() {
    return ArrayKernelsDerivatives.softmaxLossGradient(w, x, 3).w();
  }
}
