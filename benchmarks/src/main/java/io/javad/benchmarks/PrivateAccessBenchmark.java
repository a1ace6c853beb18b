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
 * What private members cost in generated code: the gradient and the tangent of a spring chain of
 * 10^4 positions whose class has private fields and a private helper, called per element, against
 * the same class with package-private ones. The companion reaches the private members through
 * {@code static final} {@code VarHandle}/{@code MethodHandle} fields; the ratio should be 1.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class PrivateAccessBenchmark {

  static final int N = 10_000;

  Springs.Sealed sealed;
  Springs.Open open;
  double[] x;
  double[] xDot;
  double[] xBar;
  Springs_SealedDerivatives.EnergyWorkspace sealedWorkspace;
  Springs_OpenDerivatives.EnergyWorkspace openWorkspace;

  @Setup
  public void setup() {
    Random r = new Random(7);
    double[] k = r.doubles(N - 1, 0.5, 2).toArray();
    sealed = new Springs.Sealed(k, 0.1);
    open = new Springs.Open(k.clone(), 0.1);
    x = r.doubles(N, -1, 1).toArray();
    xDot = r.doubles(N, -1, 1).toArray();
    xBar = new double[N];
    sealedWorkspace = new Springs_SealedDerivatives.EnergyWorkspace();
    openWorkspace = new Springs_OpenDerivatives.EnergyWorkspace();
  }

  @Benchmark
  public double[] privateGradient() {
    return Springs_SealedDerivatives.energyGradient(sealed, x).x();
  }

  @Benchmark
  public double[] packagePrivateGradient() {
    return Springs_OpenDerivatives.energyGradient(open, x).x();
  }

  /** The training-loop form: a kept workspace and adjoint array. */
  @Benchmark
  public double privateAdjoint() {
    java.util.Arrays.fill(xBar, 0);
    return Springs_SealedDerivatives.energyAdjoint(sealedWorkspace, sealed, x, 1.0, xBar);
  }

  @Benchmark
  public double packagePrivateAdjoint() {
    java.util.Arrays.fill(xBar, 0);
    return Springs_OpenDerivatives.energyAdjoint(openWorkspace, open, x, 1.0, xBar);
  }

  @Benchmark
  public double privateTangent() {
    return Springs_SealedDerivatives.energyTangent(sealed, x, xDot).tangent();
  }

  @Benchmark
  public double packagePrivateTangent() {
    return Springs_OpenDerivatives.energyTangent(open, x, xDot).tangent();
  }
}
