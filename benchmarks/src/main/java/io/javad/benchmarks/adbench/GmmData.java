package io.javad.benchmarks.adbench;

import java.util.Arrays;

/**
 * A Gaussian mixture problem of ADBench: k clusters in d dimensions (weights {@code alphas[k]},
 * {@code means[k][d]}, inverse covariance factors {@code icf[k][d(d+1)/2]}), n points
 * {@code x[n][d]} and the Wishart prior's (gamma, m).
 */
public record GmmData(
    double[] alphas, double[][] means, double[][] icf, double[][] x, double gamma, int m) {

  public int d() {
    return means[0].length;
  }

  public int k() {
    return alphas.length;
  }

  public int n() {
    return x.length;
  }

  /**
   * Reads {@code /adbench/gmm/<name>.txt} from the classpath, e.g. {@code "gmm_d10_K5"} or
   * {@code "test"}: a line {@code d k n}, then the alphas, means, icf and points row by row, and
   * last {@code gamma m}.
   */
  public static GmmData load(String name) {
    AdbenchInput in = AdbenchInput.open("gmm", name);
    int d = in.nextInt();
    int k = in.nextInt();
    int n = in.nextInt();
    double[] alphas = in.nextRow(k);
    double[][] means = in.nextRows(k, d);
    double[][] icf = in.nextRows(k, d * (d + 1) / 2);
    double[][] x = in.nextRows(n, d);
    double gamma = in.nextDouble();
    int m = in.nextInt();
    in.expectEnd();
    return new GmmData(alphas, means, icf, x, gamma, m);
  }

  /** The same mixture with only the first {@code count} points: for tests that evaluate it often. */
  public GmmData firstPoints(int count) {
    return new GmmData(alphas, means, icf, Arrays.copyOf(x, Math.min(count, x.length)), gamma, m);
  }

  /** {@link Gmm#objective} of this problem. */
  public double objective() {
    return Gmm.objective(alphas, means, icf, x, gamma, m);
  }
}
