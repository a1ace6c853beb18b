package io.javad.benchmarks.adbench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The hand-written BA Jacobian against central finite differences of {@link Ba#reprojectionError},
 * in both branches of the rotation, and Hipparchus and javad's generated Jacobian against it.
 */
class BaJacobianTest {

  private static final BaData TEST = BaData.load("test");
  private static final double[] X = TEST.points()[0];
  private static final double W = TEST.weights()[0];
  private static final double[] FEATURE = TEST.features()[0];

  /** One observation: the camera, the point, the weight, the feature. */
  record Observation(String name, double[] cam, double[] x, double w, double[] feature) {}

  /**
   * The test file's observation; the same with no rotation at all (the small-angle branch); and
   * random cameras with rotations of up to about 3 radians, kept only if the point projects within
   * twice the focal length, since a point near the camera plane makes every derivative ill-conditioned.
   */
  static List<Observation> observations() {
    List<Observation> list = new ArrayList<>();
    list.add(new Observation("ba/test.txt", TEST.cams()[0], X, W, FEATURE));
    double[] still = TEST.cams()[0].clone();
    still[0] = 0;
    still[1] = 0;
    still[2] = 0;
    list.add(new Observation("ba/test.txt, zero rotation", still, X, W, FEATURE));
    list.add(
        new Observation(
            "zero rotation, distortion", new double[] {0, 0, 0, 1, 2, -8, 300, 1, -2, 0.05, 0.01},
            new double[] {0.4, 2.5, 1}, 0.8, new double[] {-3, 7}));
    Random random = new Random(20180717);
    while (list.size() < 9) {
      double[] cam = new double[11];
      for (int j = 0; j < 3; j++) {
        cam[j] = random.nextDouble(-1.8, 1.8);
      }
      for (int j = 3; j < 6; j++) {
        cam[j] = random.nextDouble(-5, 5);
      }
      cam[Ba.FOCAL] = random.nextDouble(100, 500);
      cam[Ba.PRINCIPAL] = random.nextDouble(-10, 10);
      cam[Ba.PRINCIPAL + 1] = random.nextDouble(-10, 10);
      cam[Ba.DISTORTION] = random.nextDouble(-0.1, 0.1);
      cam[Ba.DISTORTION + 1] = random.nextDouble(-0.02, 0.02);
      double[] x = {random.nextDouble(-3, 3), random.nextDouble(-3, 3), random.nextDouble(-3, 3)};
      double[] feature = {random.nextDouble(-100, 100), random.nextDouble(-100, 100)};
      double[] unit = cam.clone();
      unit[Ba.FOCAL] = 1;
      unit[Ba.PRINCIPAL] = 0;
      unit[Ba.PRINCIPAL + 1] = 0;
      unit[Ba.DISTORTION] = 0;
      unit[Ba.DISTORTION + 1] = 0;
      double[] p = Ba.reprojectionError(unit, x, 1, new double[2]);
      if (Math.hypot(p[0], p[1]) < 2) {
        list.add(new Observation("random " + list.size(), cam, x, random.nextDouble(0.2, 1.5), feature));
      }
    }
    return list;
  }

  private static double[][] generated(Observation o) {
    var g = BaDerivatives.reprojectionErrorJacobian(o.cam(), o.x(), o.w(), o.feature());
    double[][] jac = new double[2][BaByHand.COLUMNS];
    for (int k = 0; k < 2; k++) {
      System.arraycopy(g.cam()[k], 0, jac[k], 0, 11);
      System.arraycopy(g.x()[k], 0, jac[k], BaByHand.POINT, 3);
      jac[k][BaByHand.WEIGHT] = g.w()[k];
    }
    return jac;
  }

  @Test
  void handWrittenJacobianMatchesFiniteDifferences() {
    for (Observation o : observations()) {
      double[] err = new double[2];
      double[][] jac = new double[2][BaByHand.COLUMNS];
      BaByHand.jacobian(o.cam(), o.x(), o.w(), o.feature(), err, jac);
      assertArrayEquals(Ba.reprojectionError(o.cam(), o.x(), o.w(), o.feature()), err, 0, o.name());
      double[][] fd =
          FiniteDifferences.centralJacobian(
              FiniteDifferences.baReprojectionError(o.feature()),
              FiniteDifferences.baParameters(o.cam(), o.x(), o.w()));
      for (int k = 0; k < 2; k++) {
        Agreement.assertClose(
            o.name() + ", hand-written vs finite differences", fd[k], jac[k], 1e-6,
            Agreement.finiteDifferenceFloor(err[k]), Agreement.baNames(k));
      }
    }
  }

  @Test
  void generatedJacobianMatchesTheHandWrittenOne() {
    for (Observation o : observations()) {
      double[][] expected = BaByHand.jacobian(o.cam(), o.x(), o.w(), o.feature());
      double[][] actual = generated(o);
      assertArrayEquals(
          Ba.reprojectionError(o.cam(), o.x(), o.w(), o.feature()),
          BaDerivatives.reprojectionErrorJacobian(o.cam(), o.x(), o.w(), o.feature()).value(), 0);
      for (int k = 0; k < 2; k++) {
        Agreement.assertClose(
            o.name() + ", generated vs hand-written", expected[k], actual[k], 1e-10,
            1e-13 * Agreement.maxAbs(expected[k]), Agreement.baNames(k));
      }
    }
  }

  @Test
  void hipparchusMatchesTheHandWrittenJacobian() {
    for (Observation o : observations()) {
      double[][] expected = BaByHand.jacobian(o.cam(), o.x(), o.w(), o.feature());
      double[][] actual = BaHipparchus.jacobian(o.cam(), o.x(), o.w(), o.feature());
      for (int k = 0; k < 2; k++) {
        Agreement.assertClose(
            o.name() + ", Hipparchus vs hand-written", expected[k], actual[k], 1e-10,
            1e-13 * Agreement.maxAbs(expected[k]), Agreement.baNames(k));
      }
    }
  }

  @Test
  void jacobianAllCoversEveryObservation() {
    BaData data = BaData.load("ba1");
    int p = data.p();
    double[][] reprojErr = new double[p][2];
    double[] wErr = new double[p];
    double[][] reprojJac = new double[p][2 * BaByHand.COLUMNS];
    double[] wErrJac = new double[p];
    BaByHand.jacobianAll(data, reprojErr, wErr, reprojJac, wErrJac);
    double[][] expectedErr = new double[p][2];
    double[] expectedWErr = new double[p];
    Ba.objective(data, expectedErr, expectedWErr);
    for (int i = 0; i < p; i += 997) {
      assertArrayEquals(expectedErr[i], reprojErr[i], 0);
      assertEquals(expectedWErr[i], wErr[i], 0);
      assertEquals(-2 * data.weights()[i], wErrJac[i], 0);
      double[][] single =
          BaByHand.jacobian(
              data.cams()[data.camIndex()[i]], data.points()[data.pointIndex()[i]],
              data.weights()[i], data.features()[i]);
      assertArrayEquals(FiniteDifferences.flatten(single), reprojJac[i], 0);
    }
  }
}
