package io.javad.benchmarks.adbench;

import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Derivatives by finite differences over a flat parameter vector: the oracle of the tests, since it
 * shares no code with any derivative, and the baseline that every AD method has to beat (its cost is
 * n + 1 evaluations one-sided, 2n central, for n parameters). Also the flattening of the ADBench
 * problems' parameters into such a vector and back.
 *
 * <p>The functions are called with one working copy of the point, one entry moved at a time: they
 * must neither keep nor change the array they receive.
 */
public final class FiniteDifferences {

  private FiniteDifferences() {}

  // The central difference's truncation error is h^2 f''' / 6 and its rounding error eps |f| / h:
  // the sum is smallest for h ~ eps^(1/3). The one-sided difference's is h f'' / 2 + 2 eps |f| / h,
  // smallest for h ~ eps^(1/2). Both scale with |x| so that x + h differs from x in enough digits.
  private static final double CENTRAL_STEP = Math.cbrt(Math.ulp(1.0));
  private static final double FORWARD_STEP = Math.sqrt(Math.ulp(1.0));

  /**
   * The central difference (f(x + h e_i) - f(x - h e_i)) / (2h) for every i, with h ≈ eps^(1/3)
   * max(1, |x_i|): about 2/3 of the digits of f. Costs 2 n evaluations.
   */
  public static double[] centralGradient(ToDoubleFunction<double[]> f, double[] x) {
    double[] point = x.clone();
    double[] g = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      double h = CENTRAL_STEP * Math.max(1, Math.abs(x[i]));
      double up = x[i] + h;
      double down = x[i] - h;
      point[i] = up;
      double fUp = f.applyAsDouble(point);
      point[i] = down;
      double fDown = f.applyAsDouble(point);
      point[i] = x[i];
      // up - down is exact, unlike 2h: the difference quotient uses the step actually taken.
      g[i] = (fUp - fDown) / (up - down);
    }
    return g;
  }

  /**
   * The one-sided difference (f(x + h e_i) - f(x)) / h, h ≈ eps^(1/2) max(1, |x_i|): about half the
   * digits of f, for n + 1 evaluations, the cost the ADBench paper quotes for finite differences.
   */
  public static double[] forwardGradient(ToDoubleFunction<double[]> f, double[] x) {
    double[] point = x.clone();
    double[] g = new double[x.length];
    double f0 = f.applyAsDouble(point);
    for (int i = 0; i < x.length; i++) {
      double up = x[i] + FORWARD_STEP * Math.max(1, Math.abs(x[i]));
      point[i] = up;
      g[i] = (f.applyAsDouble(point) - f0) / (up - x[i]);
      point[i] = x[i];
    }
    return g;
  }

  /** The central-difference Jacobian {@code J[output][input]} of a vector function, as {@link #centralGradient}. */
  public static double[][] centralJacobian(Function<double[], double[]> f, double[] x) {
    double[] point = x.clone();
    double[][] columns = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      double h = CENTRAL_STEP * Math.max(1, Math.abs(x[i]));
      double up = x[i] + h;
      double down = x[i] - h;
      point[i] = up;
      double[] fUp = f.apply(point).clone();
      point[i] = down;
      double[] fDown = f.apply(point);
      point[i] = x[i];
      columns[i] = new double[fUp.length];
      for (int r = 0; r < fUp.length; r++) {
        columns[i][r] = (fUp[r] - fDown[r]) / (up - down);
      }
    }
    int outputs = x.length == 0 ? f.apply(point).length : columns[0].length;
    double[][] jac = new double[outputs][x.length];
    for (int i = 0; i < x.length; i++) {
      for (int r = 0; r < outputs; r++) {
        jac[r][i] = columns[i][r];
      }
    }
    return jac;
  }

  /** The rows of the blocks one after the other; a vector v enters as the block {@code {v}}. */
  public static double[] flatten(double[][]... blocks) {
    int size = 0;
    for (double[][] block : blocks) {
      for (double[] row : block) {
        size += row.length;
      }
    }
    double[] flat = new double[size];
    int at = 0;
    for (double[][] block : blocks) {
      for (double[] row : block) {
        System.arraycopy(row, 0, flat, at, row.length);
        at += row.length;
      }
    }
    return flat;
  }

  /** The inverse of {@link #flatten}: copies {@code flat} into the rows of the blocks, in order. */
  public static void unflatten(double[] flat, double[][]... blocks) {
    int at = 0;
    for (double[][] block : blocks) {
      for (double[] row : block) {
        System.arraycopy(flat, at, row, 0, row.length);
        at += row.length;
      }
    }
    if (at != flat.length) {
      throw new IllegalArgumentException(flat.length + " numbers for blocks of " + at);
    }
  }

  /** GMM's parameters in ADBench's gradient order: alphas, then means, then icf, row by row. */
  public static double[] gmmParameters(double[] alphas, double[][] means, double[][] icf) {
    return flatten(new double[][] {alphas}, means, icf);
  }

  public static double[] gmmParameters(GmmData data) {
    return gmmParameters(data.alphas(), data.means(), data.icf());
  }

  /** Copies flat GMM parameters, as {@link #gmmParameters} orders them, into the given arrays. */
  public static void gmmUnflatten(double[] flat, double[] alphas, double[][] means, double[][] icf) {
    unflatten(flat, new double[][] {alphas}, means, icf);
  }

  /** {@link Gmm#objective} of the problem's points as a function of its flat parameters. */
  public static ToDoubleFunction<double[]> gmmObjective(GmmData data) {
    double[] alphas = data.alphas().clone();
    double[][] means = copy(data.means());
    double[][] icf = copy(data.icf());
    return flat -> {
      gmmUnflatten(flat, alphas, means, icf);
      return Gmm.objective(alphas, means, icf, data.x(), data.gamma(), data.m());
    };
  }

  /** LSTM's parameters: the main parameters row by row, then the extra parameters. */
  public static double[] lstmParameters(double[][] mainParams, double[][] extraParams) {
    return flatten(mainParams, extraParams);
  }

  public static double[] lstmParameters(LstmData data) {
    return lstmParameters(data.mainParams(), data.extraParams());
  }

  /** Copies flat LSTM parameters, as {@link #lstmParameters} orders them, into the given arrays. */
  public static void lstmUnflatten(double[] flat, double[][] mainParams, double[][] extraParams) {
    unflatten(flat, mainParams, extraParams);
  }

  /** {@link Lstm#objective} of the problem's state and sequence as a function of its flat parameters. */
  public static ToDoubleFunction<double[]> lstmObjective(LstmData data) {
    double[][] mainParams = copy(data.mainParams());
    double[][] extraParams = copy(data.extraParams());
    return flat -> {
      lstmUnflatten(flat, mainParams, extraParams);
      return Lstm.objective(mainParams, extraParams, data.state(), data.sequence());
    };
  }

  /** BA's inputs of one observation as one vector: the camera (11), the point (3), the weight. */
  public static double[] baParameters(double[] cam, double[] x, double w) {
    return flatten(new double[][] {cam, x, {w}});
  }

  /** {@link Ba#reprojectionError} of one observation as a function of {@link #baParameters}. */
  public static Function<double[], double[]> baReprojectionError(double[] feature) {
    double[] cam = new double[11];
    double[] x = new double[3];
    double[] w = new double[1];
    return flat -> {
      unflatten(flat, new double[][] {cam, x, w});
      return Ba.reprojectionError(cam, x, w[0], feature);
    };
  }

  private static double[][] copy(double[][] a) {
    double[][] c = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      c[i] = a[i].clone();
    }
    return c;
  }
}
