package io.javad.benchmarks.adbench;

import io.javad.runtime.DualArray;
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
 * ADBench's bundle adjustment: every observation's residuals, and the Jacobian's blocks, one
 * {@code [2][15]} block per observation (camera, point, weight) plus the weight errors' diagonal,
 * written into preallocated arrays as {@link BaByHand#jacobianAll} does, so that all the ways of
 * computing them do the same copying. {@code tangent} is one Jacobian-vector product per
 * observation along a fixed random direction.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BaBenchmark {

  @Param({"ba1", "ba2", "ba3"})
  String dataset;

  BaData data;
  BaDerivatives.ReprojectionErrorWorkspace workspace;
  double[][] reprojErr;
  double[] wErr;
  /** Observation i's block, row-major: entry (k, j) at {@code 15 k + j}. */
  double[][] reprojJac;
  double[] wErrJac;
  double[][] jvp;
  double[] camDot;
  double[] xDot;
  double wDot;

  @Setup
  public void setup() {
    prepare(BaData.load(dataset));
  }

  void prepare(BaData problem) {
    data = problem;
    workspace = new BaDerivatives.ReprojectionErrorWorkspace();
    int p = data.p();
    reprojErr = new double[p][2];
    wErr = new double[p];
    reprojJac = new double[p][2 * BaByHand.COLUMNS];
    wErrJac = new double[p];
    jvp = new double[p][2];
    Random random = new Random(42);
    camDot = GmmBenchmark.direction(random, 1, 11)[0];
    xDot = GmmBenchmark.direction(random, 1, 3)[0];
    wDot = random.nextDouble() * 2 - 1;
  }

  @Benchmark
  public double[][] objective() {
    Ba.objective(data, reprojErr, wErr);
    return reprojErr;
  }

  /** One generated Jacobian per observation, through one workspace, blocks copied out. */
  @Benchmark
  public double[][] jacobian() {
    for (int i = 0; i < data.p(); i++) {
      double w = data.weights()[i];
      BaDerivatives.ReprojectionErrorWorkspace j =
          BaDerivatives.reprojectionErrorJacobian(
              workspace, data.cams()[data.camIndex()[i]], data.points()[data.pointIndex()[i]], w,
              data.features()[i]);
      double[] block = reprojJac[i];
      for (int k = 0; k < 2; k++) {
        int row = k * BaByHand.COLUMNS;
        System.arraycopy(j.cam()[k], 0, block, row, 11);
        System.arraycopy(j.x()[k], 0, block, row + BaByHand.POINT, 3);
        block[row + BaByHand.WEIGHT] = j.w()[k];
        reprojErr[i][k] = j.value()[k];
      }
      wErr[i] = 1 - w * w;
      wErrJac[i] = -2 * w;
    }
    return reprojJac;
  }

  @Benchmark
  public double[][] handWritten() {
    BaByHand.jacobianAll(data, reprojErr, wErr, reprojJac, wErrJac);
    return reprojJac;
  }

  @Benchmark
  public double[][] tangent() {
    for (int i = 0; i < data.p(); i++) {
      DualArray t =
          BaDerivatives.reprojectionErrorTangent(
              data.cams()[data.camIndex()[i]], camDot, data.points()[data.pointIndex()[i]], xDot,
              data.weights()[i], wDot, data.features()[i]);
      jvp[i][0] = t.tangent()[0];
      jvp[i][1] = t.tangent()[1];
    }
    return jvp;
  }

  @Benchmark
  public double[][] hipparchus() {
    for (int i = 0; i < data.p(); i++) {
      double w = data.weights()[i];
      double[][] j =
          BaHipparchus.jacobian(
              data.cams()[data.camIndex()[i]], data.points()[data.pointIndex()[i]], w,
              data.features()[i]);
      System.arraycopy(j[0], 0, reprojJac[i], 0, BaByHand.COLUMNS);
      System.arraycopy(j[1], 0, reprojJac[i], BaByHand.COLUMNS, BaByHand.COLUMNS);
      wErrJac[i] = -2 * w;
    }
    return reprojJac;
  }
}
