package io.javad.benchmarks.adbench;

/**
 * The Jacobian of {@link Ba#reprojectionError} written by hand: 2 residuals by 15 inputs, the camera's
 * eleven parameters, the point's three coordinates and the weight, in that column order.
 *
 * <p>The chain is split where the dimension is smallest. Distortion, focal length and principal point
 * give each residual's derivative with respect to the projected point p (2 numbers); dividing by the
 * depth turns that into a gradient g with respect to the rotated point Xcam (3 numbers); g is then
 * pulled back through the rotation. For Rodrigues' formula Xcam = Xo cos t + (w x Xo) sin t + w (w .
 * Xo)(1 - cos t), with t = |r| and w = r / t, the point's gradient is R^T g = g cos t - (w x g) sin t +
 * w (w . g)(1 - cos t), and the rotation's is (g . dXcam/dt) w + (I - w w^T) b / t with b = g^T
 * dXcam/dw = -(g x Xo) sin t + ((w . Xo) g + (w . g) Xo)(1 - cos t). In the small-angle branch Xcam =
 * Xo + r x Xo, the two are g - r x g and Xo x g. The centre's gradient is minus the point's.
 */
public final class BaByHand {

  private BaByHand() {}

  /** Columns of one residual's row: camera (11), point (3), weight (1). */
  public static final int COLUMNS = 15;

  /** Column of the point's first coordinate. */
  public static final int POINT = 11;

  /** Column of the weight. */
  public static final int WEIGHT = 14;

  /** The Jacobian in a fresh {@code double[2][15]}. */
  public static double[][] jacobian(double[] cam, double[] x, double w, double[] feature) {
    double[][] jac = new double[2][COLUMNS];
    jacobian(cam, x, w, feature, new double[2], jac);
    return jac;
  }

  /** Writes the residuals into {@code err[0..1]} and the Jacobian into the rows {@code jac[0..1][0..14]}. */
  public static void jacobian(
      double[] cam, double[] x, double w, double[] feature, double[] err, double[][] jac) {
    jacobian(cam, x, w, feature, err, jac[0], 0, jac[1], 0);
  }

  /**
   * Writes the residuals into {@code err[0..1]} (computed exactly as {@link Ba#reprojectionError}
   * does) and the Jacobian, row by row, into {@code jac[offset .. offset + 29]}: entry (k, j) at
   * {@code offset + 15 k + j}. Allocates nothing.
   */
  public static void jacobian(
      double[] cam, double[] x, double w, double[] feature, double[] err, double[] jac, int offset) {
    jacobian(cam, x, w, feature, err, jac, offset, jac, offset + COLUMNS);
  }

  /** The residuals, and the Jacobian's two rows at {@code jacX[rowX ..]} and {@code jacY[rowY ..]}. */
  private static void jacobian(
      double[] cam, double[] x, double w, double[] feature, double[] err,
      double[] jacX, int rowX, double[] jacY, int rowY) {
    double xo0 = x[0] - cam[Ba.CENTRE];
    double xo1 = x[1] - cam[Ba.CENTRE + 1];
    double xo2 = x[2] - cam[Ba.CENTRE + 2];
    double r0 = cam[0];
    double r1 = cam[1];
    double r2 = cam[2];
    double sqtheta = r0 * r0 + r1 * r1 + r2 * r2;
    boolean rotates = sqtheta != 0;
    double theta = 0;
    double cos = 1;
    double sin = 0;
    double w0 = 0;
    double w1 = 0;
    double w2 = 0;
    double wDotXo = 0;
    double xc0;
    double xc1;
    double xc2;
    if (rotates) {
      theta = Math.sqrt(sqtheta);
      cos = Math.cos(theta);
      sin = Math.sin(theta);
      w0 = r0 / theta;
      w1 = r1 / theta;
      w2 = r2 / theta;
      wDotXo = w0 * xo0 + w1 * xo1 + w2 * xo2;
      double tmp = wDotXo * (1 - cos);
      xc0 = xo0 * cos + (w1 * xo2 - w2 * xo1) * sin + w0 * tmp;
      xc1 = xo1 * cos + (w2 * xo0 - w0 * xo2) * sin + w1 * tmp;
      xc2 = xo2 * cos + (w0 * xo1 - w1 * xo0) * sin + w2 * tmp;
    } else {
      xc0 = xo0 + r1 * xo2 - r2 * xo1;
      xc1 = xo1 + r2 * xo0 - r0 * xo2;
      xc2 = xo2 + r0 * xo1 - r1 * xo0;
    }
    double px = xc0 / xc2;
    double py = xc1 / xc2;
    double rsq = px * px + py * py;
    double k1 = cam[Ba.DISTORTION];
    double k2 = cam[Ba.DISTORTION + 1];
    double distortion = 1 + k1 * rsq + k2 * rsq * rsq;
    double f = cam[Ba.FOCAL];
    double projX = px * distortion * f + cam[Ba.PRINCIPAL] - feature[0];
    double projY = py * distortion * f + cam[Ba.PRINCIPAL + 1] - feature[1];
    err[0] = w * projX;
    err[1] = w * projY;

    // Residual k = w (p_k distortion(rsq) f + principal_k - feature_k): its derivatives by p.
    double wf = w * f;
    double slope = 2 * (k1 + 2 * k2 * rsq) * wf;
    double cross = slope * px * py;
    double dxdpx = wf * distortion + slope * px * px;
    double dydpy = wf * distortion + slope * py * py;
    // p = (Xcam0, Xcam1) / Xcam2.
    double inverseDepth = 1 / xc2;
    double gx0 = dxdpx * inverseDepth;
    double gx1 = cross * inverseDepth;
    double gx2 = -(gx0 * px + gx1 * py);
    double gy0 = cross * inverseDepth;
    double gy1 = dydpy * inverseDepth;
    double gy2 = -(gy0 * px + gy1 * py);

    if (rotates) {
      // dXcam/dtheta, shared by both rows.
      double a0 = -xo0 * sin + (w1 * xo2 - w2 * xo1) * cos + w0 * wDotXo * sin;
      double a1 = -xo1 * sin + (w2 * xo0 - w0 * xo2) * cos + w1 * wDotXo * sin;
      double a2 = -xo2 * sin + (w0 * xo1 - w1 * xo0) * cos + w2 * wDotXo * sin;
      double oneMinusCos = 1 - cos;
      double inverseTheta = 1 / theta;
      rotatedPullback(gx0, gx1, gx2, xo0, xo1, xo2, w0, w1, w2, wDotXo, a0, a1, a2,
          cos, sin, oneMinusCos, inverseTheta, jacX, rowX);
      rotatedPullback(gy0, gy1, gy2, xo0, xo1, xo2, w0, w1, w2, wDotXo, a0, a1, a2,
          cos, sin, oneMinusCos, inverseTheta, jacY, rowY);
    } else {
      smallAnglePullback(gx0, gx1, gx2, xo0, xo1, xo2, r0, r1, r2, jacX, rowX);
      smallAnglePullback(gy0, gy1, gy2, xo0, xo1, xo2, r0, r1, r2, jacY, rowY);
    }

    double pd = px * distortion;
    double qd = py * distortion;
    jacX[rowX + Ba.FOCAL] = w * pd;
    jacX[rowX + Ba.PRINCIPAL] = w;
    jacX[rowX + Ba.PRINCIPAL + 1] = 0;
    jacX[rowX + Ba.DISTORTION] = wf * px * rsq;
    jacX[rowX + Ba.DISTORTION + 1] = wf * px * rsq * rsq;
    jacX[rowX + WEIGHT] = projX;
    jacY[rowY + Ba.FOCAL] = w * qd;
    jacY[rowY + Ba.PRINCIPAL] = 0;
    jacY[rowY + Ba.PRINCIPAL + 1] = w;
    jacY[rowY + Ba.DISTORTION] = wf * py * rsq;
    jacY[rowY + Ba.DISTORTION + 1] = wf * py * rsq * rsq;
    jacY[rowY + WEIGHT] = projY;
  }

  /**
   * Every observation's residuals and Jacobian: {@code reprojErr[i]} (2), {@code reprojJac[i]} (30,
   * row-major as in {@link #jacobian(double[], double[], double, double[], double[], double[], int)}),
   * the weight error 1 - w^2 into {@code wErr[i]} and its derivative -2 w into {@code wErrJac[i]}.
   */
  public static void jacobianAll(
      BaData data, double[][] reprojErr, double[] wErr, double[][] reprojJac, double[] wErrJac) {
    double[][] cams = data.cams();
    double[][] points = data.points();
    double[] weights = data.weights();
    double[][] features = data.features();
    int[] camIndex = data.camIndex();
    int[] pointIndex = data.pointIndex();
    for (int i = 0; i < weights.length; i++) {
      double w = weights[i];
      jacobian(cams[camIndex[i]], points[pointIndex[i]], w, features[i], reprojErr[i], reprojJac[i], 0);
      wErr[i] = 1 - w * w;
      wErrJac[i] = -2 * w;
    }
  }

  /** Writes the rotation, centre and point columns of one row, given g = d residual / d Xcam. */
  private static void rotatedPullback(
      double g0, double g1, double g2, double xo0, double xo1, double xo2,
      double w0, double w1, double w2, double wDotXo, double a0, double a1, double a2,
      double cos, double sin, double oneMinusCos, double inverseTheta, double[] jac, int row) {
    double gDotA = g0 * a0 + g1 * a1 + g2 * a2;
    double gDotW = g0 * w0 + g1 * w1 + g2 * w2;
    // b = g^T dXcam/dw, then its part orthogonal to w (the direction of r cannot change |r|).
    double b0 = -(g1 * xo2 - g2 * xo1) * sin + (wDotXo * g0 + gDotW * xo0) * oneMinusCos;
    double b1 = -(g2 * xo0 - g0 * xo2) * sin + (wDotXo * g1 + gDotW * xo1) * oneMinusCos;
    double b2 = -(g0 * xo1 - g1 * xo0) * sin + (wDotXo * g2 + gDotW * xo2) * oneMinusCos;
    double bDotW = b0 * w0 + b1 * w1 + b2 * w2;
    jac[row] = gDotA * w0 + (b0 - bDotW * w0) * inverseTheta;
    jac[row + 1] = gDotA * w1 + (b1 - bDotW * w1) * inverseTheta;
    jac[row + 2] = gDotA * w2 + (b2 - bDotW * w2) * inverseTheta;
    // R^T g
    double t = gDotW * oneMinusCos;
    double rg0 = g0 * cos - (w1 * g2 - w2 * g1) * sin + w0 * t;
    double rg1 = g1 * cos - (w2 * g0 - w0 * g2) * sin + w1 * t;
    double rg2 = g2 * cos - (w0 * g1 - w1 * g0) * sin + w2 * t;
    jac[row + Ba.CENTRE] = -rg0;
    jac[row + Ba.CENTRE + 1] = -rg1;
    jac[row + Ba.CENTRE + 2] = -rg2;
    jac[row + POINT] = rg0;
    jac[row + POINT + 1] = rg1;
    jac[row + POINT + 2] = rg2;
  }

  /** As {@link #rotatedPullback} for Xcam = Xo + r x Xo. */
  private static void smallAnglePullback(
      double g0, double g1, double g2, double xo0, double xo1, double xo2,
      double r0, double r1, double r2, double[] jac, int row) {
    jac[row] = xo1 * g2 - xo2 * g1;
    jac[row + 1] = xo2 * g0 - xo0 * g2;
    jac[row + 2] = xo0 * g1 - xo1 * g0;
    double rg0 = g0 - (r1 * g2 - r2 * g1);
    double rg1 = g1 - (r2 * g0 - r0 * g2);
    double rg2 = g2 - (r0 * g1 - r1 * g0);
    jac[row + Ba.CENTRE] = -rg0;
    jac[row + Ba.CENTRE + 1] = -rg1;
    jac[row + Ba.CENTRE + 2] = -rg2;
    jac[row + POINT] = rg0;
    jac[row + POINT + 1] = rg1;
    jac[row + POINT + 2] = rg2;
  }
}
