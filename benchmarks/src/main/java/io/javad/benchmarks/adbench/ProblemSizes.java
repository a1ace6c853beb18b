package io.javad.benchmarks.adbench;

/** The sizes the report states beside each dataset, read from the dataset itself. */
final class ProblemSizes {

  private ProblemSizes() {}

  /** GMM's parameter count k + k d + k d(d+1)/2: alphas, means and inverse covariance factors. */
  static int gmmParameters(int d, int k) {
    return k + k * d + k * d * (d + 1) / 2;
  }

  static int gmmParameters(String dataset) {
    GmmData data = GmmData.load(dataset);
    return gmmParameters(data.d(), data.k());
  }

  /** LSTM's parameter count: 2 l rows of 4 b main parameters and 3 rows of b extra ones. */
  static int lstmParameters(String dataset) {
    LstmData data = LstmData.load(dataset);
    return 8 * data.layers() * data.b() + 3 * data.b();
  }

  /** BA's cameras, points and observations, as "n / m / p". */
  static String baShape(String dataset) {
    BaData data = BaData.load(dataset);
    return String.format("%,d / %,d / %,d", data.n(), data.m(), data.p());
  }
}
