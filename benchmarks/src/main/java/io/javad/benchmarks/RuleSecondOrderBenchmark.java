package io.javad.benchmarks;

import io.javad.samples.RidgeTuning;
import io.javad.samples.RidgeTuningDerivatives;
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
 * What second order through whole-function rules costs: the Hessian-vector product of the
 * RidgeTuning sample's validation error through a linear solve (30 penalties, 140 validation rows,
 * random data), whose tangent rule javad differentiates again, against its gradient and its value.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class RuleSecondOrderBenchmark {

  static final int D = 30;
  static final int ROWS = 140;

  double[] theta;
  double[][] gram;
  double[] xty;
  double[][] xv;
  double[] yv;
  double[] v;

  @Setup
  public void setup() {
    Random r = new Random(5);
    double[][] x = new double[300][D];
    double[] y = new double[300];
    for (int k = 0; k < 300; k++) {
      for (int j = 0; j < D; j++) {
        x[k][j] = r.nextGaussian();
      }
      y[k] = x[k][0] - 0.5 * x[k][1] + r.nextGaussian();
    }
    gram = new double[D][D];
    xty = new double[D];
    for (int k = 0; k < 300; k++) {
      for (int i = 0; i < D; i++) {
        xty[i] += x[k][i] * y[k];
        for (int j = 0; j < D; j++) {
          gram[i][j] += x[k][i] * x[k][j];
        }
      }
    }
    xv = new double[ROWS][D];
    yv = new double[ROWS];
    for (int k = 0; k < ROWS; k++) {
      for (int j = 0; j < D; j++) {
        xv[k][j] = r.nextGaussian();
      }
      yv[k] = xv[k][0] - 0.5 * xv[k][1] + r.nextGaussian();
    }
    theta = r.doubles(D, -1, 1).toArray();
    v = r.doubles(D, -1, 1).toArray();
  }

  @Benchmark
  public double value() {
    return RidgeTuning.validationError(theta, gram, xty, xv, yv);
  }

  @Benchmark
  public double[] gradient() {
    return RidgeTuningDerivatives.validationErrorGradient(theta, gram, xty, xv, yv).logPenalty();
  }

  @Benchmark
  public double[] hvp() {
    return RidgeTuningDerivatives.validationErrorHvp(theta, gram, xty, xv, yv, v).hvp();
  }
}
