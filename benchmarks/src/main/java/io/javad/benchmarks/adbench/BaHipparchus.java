package io.javad.benchmarks.adbench;

import org.hipparchus.analysis.differentiation.Gradient;

/**
 * {@link Ba#reprojectionError} in Hipparchus' first-order forward mode, all 15 inputs (camera,
 * point, weight) free variables: one pass gives both residuals' full rows.
 */
public final class BaHipparchus {

  private BaHipparchus() {}

  /** The Jacobian as a {@code double[2][15]}, columns as in {@link BaByHand}. */
  public static double[][] jacobian(double[] cam, double[] x, double w, double[] feature) {
    int free = BaByHand.COLUMNS;
    Gradient[] c = new Gradient[11];
    for (int j = 0; j < 11; j++) {
      c[j] = Gradient.variable(free, j, cam[j]);
    }
    Gradient[] xo = new Gradient[3];
    for (int j = 0; j < 3; j++) {
      xo[j] = Gradient.variable(free, BaByHand.POINT + j, x[j]).subtract(c[Ba.CENTRE + j]);
    }
    Gradient weight = Gradient.variable(free, BaByHand.WEIGHT, w);

    Gradient sqtheta = c[0].multiply(c[0]).add(c[1].multiply(c[1])).add(c[2].multiply(c[2]));
    Gradient[] xcam = new Gradient[3];
    if (sqtheta.getValue() != 0) {
      Gradient theta = sqtheta.sqrt();
      Gradient cos = theta.cos();
      Gradient sin = theta.sin();
      Gradient w0 = c[0].divide(theta);
      Gradient w1 = c[1].divide(theta);
      Gradient w2 = c[2].divide(theta);
      Gradient tmp =
          w0.multiply(xo[0]).add(w1.multiply(xo[1])).add(w2.multiply(xo[2]))
              .multiply(cos.negate().add(1));
      xcam[0] = xo[0].multiply(cos)
          .add(w1.multiply(xo[2]).subtract(w2.multiply(xo[1])).multiply(sin)).add(w0.multiply(tmp));
      xcam[1] = xo[1].multiply(cos)
          .add(w2.multiply(xo[0]).subtract(w0.multiply(xo[2])).multiply(sin)).add(w1.multiply(tmp));
      xcam[2] = xo[2].multiply(cos)
          .add(w0.multiply(xo[1]).subtract(w1.multiply(xo[0])).multiply(sin)).add(w2.multiply(tmp));
    } else {
      xcam[0] = xo[0].add(c[1].multiply(xo[2])).subtract(c[2].multiply(xo[1]));
      xcam[1] = xo[1].add(c[2].multiply(xo[0])).subtract(c[0].multiply(xo[2]));
      xcam[2] = xo[2].add(c[0].multiply(xo[1])).subtract(c[1].multiply(xo[0]));
    }
    Gradient px = xcam[0].divide(xcam[2]);
    Gradient py = xcam[1].divide(xcam[2]);
    Gradient rsq = px.multiply(px).add(py.multiply(py));
    Gradient distortion =
        c[Ba.DISTORTION].multiply(rsq).add(c[Ba.DISTORTION + 1].multiply(rsq).multiply(rsq)).add(1);
    Gradient errX = weight.multiply(
        px.multiply(distortion).multiply(c[Ba.FOCAL]).add(c[Ba.PRINCIPAL]).subtract(feature[0]));
    Gradient errY = weight.multiply(
        py.multiply(distortion).multiply(c[Ba.FOCAL]).add(c[Ba.PRINCIPAL + 1]).subtract(feature[1]));
    return new double[][] {errX.getGradient(), errY.getGradient()};
  }
}
