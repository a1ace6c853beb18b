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
  void theNetworkReadsDigitsAndDrawsItsCurves(@TempDir Path dir) {
    Path chart = dir.resolve("curves.png");
    double accuracy = DigitsMlp.run(20, chart);
    assertTrue(accuracy >= 0.95, "test accuracy " + accuracy);
    assertTrue(Files.exists(chart));
  }
}
