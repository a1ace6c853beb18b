package io.javad.samples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The samples train real models to the accuracy the README promises. */
class TrainingTest {

  @Test
  void logisticRegressionDiagnosesBreastCancer() {
    double accuracy = LogisticRegression.run(30);
    assertTrue(accuracy >= 0.95, "test accuracy " + accuracy);
  }

  @Test
  void gaussNewtonFindsTheOscillatorsParameters(@TempDir Path dir) {
    double[] fitted = OscillatorFit.run(dir.resolve("fit.png"));
    assertTrue(Math.abs(fitted[0] - 0.15) < 0.01 && Math.abs(fitted[1] - 2.5) < 0.02,
        java.util.Arrays.toString(fitted));
  }

  @Test
  void forwardReverseAndDifferencesAgree() {
    double[] x = {0.3, -1.2, 0.8, 2.0, -0.5};
    double[] gradient = ForwardVsReverseDerivatives.chainGradient(x).x();
    for (int i = 0; i < x.length; i++) {
      double[] d = new double[x.length];
      d[i] = 1;
      double tangent = ForwardVsReverseDerivatives.chainTangent(x, d).tangent();
      org.junit.jupiter.api.Assertions.assertEquals(tangent, gradient[i], 1e-13);
    }
    io.javad.runtime.GradientCheck.assertGradient(ForwardVsReverse::chain, x, gradient);
  }

  @Test
  void theNetworkReadsDigitsAndDrawsItsCurves(@TempDir Path dir) {
    Path chart = dir.resolve("curves.png");
    double accuracy = DigitsMlp.run(20, chart);
    assertTrue(accuracy >= 0.95, "test accuracy " + accuracy);
    assertTrue(Files.exists(chart));
  }
}
