package io.javad.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.javad.runtime.GradientCheck;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link LinearModels}: a differentiable method calling another, against closed forms and finite differences. */
class LinearModelsTest {

  @Test
  void squaredErrorGradientIsTheResidualTimesTheFeatures() {
    Random random = new Random(7);
    double[] w = random.doubles(5, -1, 1).toArray();
    double[] x = random.doubles(5, -2, 2).toArray();
    double b = 0.3;
    double y = 1.7;
    LinearModelsDerivatives.SquaredErrorGradient g = LinearModelsDerivatives.squaredErrorGradient(w, b, x, y);
    double r = LinearModels.dot(w, x) + b - y;
    assertEquals(0.5 * r * r, g.value(), 1e-15);
    double[] expected = new double[5];
    for (int i = 0; i < 5; i++) {
      expected[i] = r * x[i];
    }
    assertArrayEquals(expected, g.w(), 1e-14);
    assertEquals(r, g.b(), 1e-14);
    GradientCheck.assertGradient(v -> LinearModels.squaredError(v, b, x, y), w, g.w());
  }

  @Test
  void tangentAgreesWithTheGradient() {
    double[] w = {0.5, -1, 2};
    double[] x = {1, 3, -0.5};
    double[] direction = {0.3, 0.1, -0.7};
    var t = LinearModelsDerivatives.squaredErrorTangent(w, direction, 0.2, 1.5, x, 0.4);
    var g = LinearModelsDerivatives.squaredErrorGradient(w, 0.2, x, 0.4);
    double expected = g.b() * 1.5;
    for (int i = 0; i < 3; i++) {
      expected += g.w()[i] * direction[i];
    }
    assertEquals(expected, t.tangent(), 1e-14);
  }
}
