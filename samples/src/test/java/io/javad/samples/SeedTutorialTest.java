package io.javad.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.javad.runtime.Dual;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Both generated modes of {@link SeedTutorial#f} against the closed form {@code grad f = (2x, -2y)}. */
class SeedTutorialTest {

  // The generated code computes (x - y) + (x + y) for 2x, which rounds twice: a few ulps of the operands' scale.
  private static double tolerance(double x, double y) {
    return 4 * Math.ulp(Math.abs(x) + Math.abs(y));
  }

  @ParameterizedTest
  @CsvSource({"3, 2", "-1.5, 0.25", "0, 7", "1e3, -2e-3", "0.1, 0.3"})
  void gradientIsTwoXMinusTwoY(double x, double y) {
    SeedTutorialDerivatives.FGradient g = SeedTutorialDerivatives.fGradient(x, y);
    assertEquals((x + y) * (x - y), g.value(), 0, "value");
    assertEquals(2 * x, g.x(), tolerance(x, y), "df/dx");
    assertEquals(-2 * y, g.y(), tolerance(x, y), "df/dy");
  }

  @ParameterizedTest
  @CsvSource({"3, 2", "-1.5, 0.25", "0, 7", "1e3, -2e-3", "0.1, 0.3"})
  void tangentsAlongTheAxesAreThePartials(double x, double y) {
    Dual alongX = SeedTutorialDerivatives.fTangent(x, 1, y, 0);
    Dual alongY = SeedTutorialDerivatives.fTangent(x, 0, y, 1);
    assertEquals(SeedTutorial.f(x, y), alongX.value(), 0, "value");
    assertEquals(SeedTutorial.f(x, y), alongY.value(), 0, "value");
    assertEquals(2 * x, alongX.tangent(), tolerance(x, y), "df/dx");
    assertEquals(-2 * y, alongY.tangent(), tolerance(x, y), "df/dy");
  }

  @ParameterizedTest
  @CsvSource({"3, 2, 0.5, -1.25", "-1.5, 0.25, 2, 3"})
  void tangentIsTheDirectionalDerivative(double x, double y, double xDot, double yDot) {
    double expected = 2 * x * xDot - 2 * y * yDot;
    double scale = Math.abs(2 * x * xDot) + Math.abs(2 * y * yDot);
    assertEquals(expected, SeedTutorialDerivatives.fTangent(x, xDot, y, yDot).tangent(), 1e-15 * scale);
  }
}
