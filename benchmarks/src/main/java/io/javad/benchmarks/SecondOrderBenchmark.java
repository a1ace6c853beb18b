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
 * What second order costs: a Hessian-vector product ({@code fHvp}, reverse over forward) against
 * the gradient it extends (target: at most 4 times), and the dense Hessian of a 100-input function
 * ({@code fHessian}, 100 HVPs) against central finite differences of the gradient (200 gradients).
 * And vector mode: 8 tangents in one {@code fTangents} pass against 8 {@code fTangent} passes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class SecondOrderBenchmark {

  static final int N = 100;
  static final int ROWS = 200;
  static final int DIRECTIONS = 8;

  double[] w;
  double[][] x;
  double[] y;
  double[] v;
  double[] rosenbrockPoint;
  double[][] directions;
  SecondOrderKernelsDerivatives.LogisticWorkspace workspace;

  @Setup
  public void setup() {
    Random r = new Random(11);
    w = r.doubles(N, -0.1, 0.1).toArray();
    x = new double[ROWS][];
    for (int i = 0; i < ROWS; i++) {
      x[i] = r.doubles(N, -1, 1).toArray();
    }
    y = r.ints(ROWS, 0, 2).mapToDouble(k -> 2 * k - 1).toArray();
    v = r.doubles(N, -1, 1).toArray();
    rosenbrockPoint = r.doubles(N, -1.2, 1.2).toArray();
    directions = new double[DIRECTIONS][];
    for (int d = 0; d < DIRECTIONS; d++) {
      directions[d] = r.doubles(N, -1, 1).toArray();
    }
    workspace = new SecondOrderKernelsDerivatives.LogisticWorkspace();
  }

  @Benchmark
  public double logisticValue() {
    return SecondOrderKernels.logistic(w, x, y);
  }

  @Benchmark
  public double[] logisticGradient() {
    return SecondOrderKernelsDerivatives.logisticGradient(workspace, w, x, y).w();
  }

  @Benchmark
  public double[] logisticHvp() {
    return SecondOrderKernelsDerivatives.logisticHvp(w, x, y, v).hvp();
  }

  /** k = 8 directions in one vector-mode pass ({@code fTangents}). */
  @Benchmark
  public double[] logisticTangentsInOnePass() {
    return SecondOrderKernelsDerivatives.logisticTangents(w, directions, x, y).tangents();
  }

  /** The same 8 directions, one {@code fTangent} pass each. */
  @Benchmark
  public double[] logisticTangentsInEightPasses() {
    double[] out = new double[DIRECTIONS];
    for (int d = 0; d < DIRECTIONS; d++) {
      out[d] = SecondOrderKernelsDerivatives.logisticTangent(w, directions[d], x, y).tangent();
    }
    return out;
  }

  @Benchmark
  public double[] wavesTangentsInOnePass() {
    return SecondOrderKernelsDerivatives.wavesTangents(w, directions).tangents();
  }

  @Benchmark
  public double[] wavesTangentsInEightPasses() {
    double[] out = new double[DIRECTIONS];
    for (int d = 0; d < DIRECTIONS; d++) {
      out[d] = SecondOrderKernelsDerivatives.wavesTangent(w, directions[d]).tangent();
    }
    return out;
  }

  @Benchmark
  public double[][] rosenbrockHessian() {
    return SecondOrderKernelsDerivatives.rosenbrockHessian(rosenbrockPoint).hessian();
  }

  @Benchmark
  public double[][] rosenbrockHessianByFiniteDifferences() {
    double h = 1e-6;
    double[][] hessian = new double[N][];
    double[] p = rosenbrockPoint.clone();
    for (int j = 0; j < N; j++) {
      double keep = p[j];
      p[j] = keep + h;
      double[] plus = SecondOrderKernelsDerivatives.rosenbrockGradient(p).v();
      p[j] = keep - h;
      double[] minus = SecondOrderKernelsDerivatives.rosenbrockGradient(p).v();
      p[j] = keep;
      double[] column = new double[N];
      for (int i = 0; i < N; i++) {
        column[i] = (plus[i] - minus[i]) / (2 * h);
      }
      hessian[j] = column;
    }
    return hessian;
  }
}
