package io.javad.benchmarks.adbench;

import io.javad.Differentiable;
import io.javad.NoDerivative;

/**
 * ADBench's bundle adjustment residuals, written plainly from their definition. A camera is
 * eleven numbers: the rotation r as an angle-axis vector (3), the centre C (3), the focal length f,
 * the principal point (u0, v0) and the radial distortion (k1, k2). One observation of point X by a
 * camera has the weighted reprojection error w (proj(X) - feature), where proj rotates X - C by
 * Rodrigues' formula, divides by depth, applies the distortion 1 + k1 rsq + k2 rsq^2, then the
 * focal length and principal point.
 */
public final class Ba {

  private Ba() {}

  /** Offsets in a camera's eleven parameters. */
  static final int ROTATION = 0;
  static final int CENTRE = 3;
  static final int FOCAL = 6;
  static final int PRINCIPAL = 7;
  static final int DISTORTION = 9;

  /** The two components of one observation's weighted reprojection error. */
  @Differentiable
  public static double[] reprojectionError(
      double[] cam, double[] x, double w, @NoDerivative double[] feature) {
    double[] xo = new double[3];
    for (int i = 0; i < 3; i++) {
      xo[i] = x[i] - cam[CENTRE + i];
    }
    double[] xcam = new double[3];
    double sqtheta = cam[0] * cam[0] + cam[1] * cam[1] + cam[2] * cam[2];
    if (sqtheta != 0) {
      double theta = Math.sqrt(sqtheta);
      double cos = Math.cos(theta);
      double sin = Math.sin(theta);
      double w0 = cam[0] / theta;
      double w1 = cam[1] / theta;
      double w2 = cam[2] / theta;
      double tmp = (w0 * xo[0] + w1 * xo[1] + w2 * xo[2]) * (1 - cos);
      xcam[0] = xo[0] * cos + (w1 * xo[2] - w2 * xo[1]) * sin + w0 * tmp;
      xcam[1] = xo[1] * cos + (w2 * xo[0] - w0 * xo[2]) * sin + w1 * tmp;
      xcam[2] = xo[2] * cos + (w0 * xo[1] - w1 * xo[0]) * sin + w2 * tmp;
    } else {
      xcam[0] = xo[0] + cam[1] * xo[2] - cam[2] * xo[1];
      xcam[1] = xo[1] + cam[2] * xo[0] - cam[0] * xo[2];
      xcam[2] = xo[2] + cam[0] * xo[1] - cam[1] * xo[0];
    }
    double px = xcam[0] / xcam[2];
    double py = xcam[1] / xcam[2];
    double rsq = px * px + py * py;
    double distortion = 1 + cam[DISTORTION] * rsq + cam[DISTORTION + 1] * rsq * rsq;
    double[] err = new double[2];
    err[0] = w * (px * distortion * cam[FOCAL] + cam[PRINCIPAL] - feature[0]);
    err[1] = w * (py * distortion * cam[FOCAL] + cam[PRINCIPAL + 1] - feature[1]);
    return err;
  }

  /**
   * All residuals of a problem: for observation i, the two components of its reprojection error
   * into {@code reprojErr[i]}, and its weight error 1 - w^2 into {@code wErr[i]}.
   */
  public static void objective(BaData data, double[][] reprojErr, double[] wErr) {
    for (int i = 0; i < data.p(); i++) {
      double[] e =
          reprojectionError(
              data.cams()[data.camIndex()[i]], data.points()[data.pointIndex()[i]],
              data.weights()[i], data.features()[i]);
      reprojErr[i][0] = e[0];
      reprojErr[i][1] = e[1];
      wErr[i] = 1 - data.weights()[i] * data.weights()[i];
    }
  }
}
