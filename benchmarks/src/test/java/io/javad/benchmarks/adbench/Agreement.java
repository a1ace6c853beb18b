package io.javad.benchmarks.adbench;

import java.util.ArrayList;
import java.util.List;

/**
 * Entry-wise comparison of two derivative vectors with a relative and an absolute tolerance, which
 * reports every entry that fails, so that a disagreement names its parameters.
 */
final class Agreement {

  private Agreement() {}

  /** Rounding in f's value limits finite differences to about eps |f| / h, some 1e-11 |f|; with margin. */
  static double finiteDifferenceFloor(double f) {
    return 1e-9 * Math.max(1, Math.abs(f));
  }

  /**
   * Asserts {@code |expected_i - actual_i| <= rtol max(|expected_i|, |actual_i|) + atol} for every
   * i, and that both are finite; {@code names[i]} (or the index) identifies an entry in the message.
   */
  static void assertClose(
      String what, double[] expected, double[] actual, double rtol, double atol, String[] names) {
    if (expected.length != actual.length) {
      throw new AssertionError(what + ": " + actual.length + " entries, expected " + expected.length);
    }
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < expected.length; i++) {
      double e = expected[i];
      double a = actual[i];
      double tolerance = rtol * Math.max(Math.abs(e), Math.abs(a)) + atol;
      if (!Double.isFinite(e) || !Double.isFinite(a) || Math.abs(e - a) > tolerance) {
        failures.add(String.format(
            "  %s: expected %.17g, actual %.17g (difference %.3g, tolerance %.3g)",
            names == null ? "[" + i + "]" : names[i], e, a, Math.abs(e - a), tolerance));
      }
    }
    if (!failures.isEmpty()) {
      int shown = Math.min(failures.size(), 20);
      throw new AssertionError(
          what + ": " + failures.size() + " of " + expected.length + " entries differ\n"
              + String.join("\n", failures.subList(0, shown))
              + (shown < failures.size() ? "\n  ..." : ""));
    }
  }

  static void assertClose(String what, double[] expected, double[] actual, double rtol, double atol) {
    assertClose(what, expected, actual, rtol, atol, null);
  }

  static double maxAbs(double[] v) {
    double m = 0;
    for (double x : v) {
      m = Math.max(m, Math.abs(x));
    }
    return m;
  }

  /** Names of GMM's flat parameters, in the order of {@link FiniteDifferences#gmmParameters}. */
  static String[] gmmNames(int k, int d) {
    List<String> names = new ArrayList<>();
    for (int c = 0; c < k; c++) {
      names.add("alphas[" + c + "]");
    }
    for (int c = 0; c < k; c++) {
      for (int j = 0; j < d; j++) {
        names.add("means[" + c + "][" + j + "]");
      }
    }
    for (int c = 0; c < k; c++) {
      for (int j = 0; j < d * (d + 1) / 2; j++) {
        names.add("icf[" + c + "][" + j + "]");
      }
    }
    return names.toArray(String[]::new);
  }

  /** Names of LSTM's flat parameters, in the order of {@link FiniteDifferences#lstmParameters}. */
  static String[] lstmNames(int layers, int b) {
    List<String> names = new ArrayList<>();
    for (int r = 0; r < 2 * layers; r++) {
      for (int j = 0; j < 4 * b; j++) {
        names.add("mainParams[" + r + "][" + j + "]");
      }
    }
    for (int r = 0; r < 3; r++) {
      for (int j = 0; j < b; j++) {
        names.add("extraParams[" + r + "][" + j + "]");
      }
    }
    return names.toArray(String[]::new);
  }

  /** Names of one BA Jacobian row's columns, residual component {@code k}. */
  static String[] baNames(int k) {
    String[] names = new String[BaByHand.COLUMNS];
    for (int j = 0; j < 11; j++) {
      names[j] = "d err[" + k + "] / d cam[" + j + "]";
    }
    for (int j = 0; j < 3; j++) {
      names[BaByHand.POINT + j] = "d err[" + k + "] / d x[" + j + "]";
    }
    names[BaByHand.WEIGHT] = "d err[" + k + "] / d w";
    return names;
  }
}
