package io.javad.benchmarks.adbench;

import java.util.Map;

/**
 * A bundle adjustment problem: n cameras (11 parameters each), m points, p observations; observation i
 * sees point {@code pointIndex[i]} from camera {@code camIndex[i]} with weight {@code weights[i]} at
 * {@code features[i]}.
 */
public record BaData(
    double[][] cams,
    double[][] points,
    double[] weights,
    double[][] features,
    int[] camIndex,
    int[] pointIndex) {

  public int n() {
    return cams.length;
  }

  public int m() {
    return points.length;
  }

  public int p() {
    return weights.length;
  }

  /** ADBench's file names also state n, m and p; these are the short names of the ones we ship. */
  private static final Map<String, String> FILES =
      Map.of(
          "ba1", "ba1_n49_m7776_p31843",
          "ba2", "ba2_n21_m11315_p36455",
          "ba3", "ba3_n161_m48126_p182072");

  /**
   * Reads {@code /adbench/ba/<name>.txt} from the classpath ({@code "test"}, {@code "ba1"} to {@code
   * "ba3"}, or a full file name). The file holds a line {@code n m p}, then one camera, one point, one
   * weight and one feature, which ADBench replicates to n cameras, m points and p observations;
   * observation i sees point i mod m from camera i mod n. Every replica is its own array, so that an
   * optimizer may change one camera without moving the others.
   */
  public static BaData load(String name) {
    AdbenchInput in = AdbenchInput.open("ba", FILES.getOrDefault(name, name));
    int n = in.nextInt();
    int m = in.nextInt();
    int p = in.nextInt();
    double[] cam = in.nextRow(11);
    double[] point = in.nextRow(3);
    double weight = in.nextDouble();
    double[] feature = in.nextRow(2);
    in.expectEnd();
    double[][] cams = new double[n][];
    for (int i = 0; i < n; i++) {
      cams[i] = cam.clone();
    }
    double[][] points = new double[m][];
    for (int i = 0; i < m; i++) {
      points[i] = point.clone();
    }
    double[] weights = new double[p];
    double[][] features = new double[p][];
    int[] camIndex = new int[p];
    int[] pointIndex = new int[p];
    for (int i = 0; i < p; i++) {
      weights[i] = weight;
      features[i] = feature.clone();
      camIndex[i] = i % n;
      pointIndex[i] = i % m;
    }
    return new BaData(cams, points, weights, features, camIndex, pointIndex);
  }
}
