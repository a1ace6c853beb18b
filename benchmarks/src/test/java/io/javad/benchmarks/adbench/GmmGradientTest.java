package io.javad.benchmarks.adbench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hand-written GMM gradient against central finite differences, and Hipparchus' forward mode
 * and javad's generated reverse and forward modes against the hand-written gradient.
 */
class GmmGradientTest {

  /** Finite differences cost 2 (k + k d + k d(d+1)/2) objectives: a few points keep that fast. */
  private static GmmData problem(String name, int points) {
    return GmmData.load(name).firstPoints(points);
  }

  private static double[] flat(GmmByHand.Gradient g) {
    return FiniteDifferences.gmmParameters(g.alphas(), g.means(), g.icf());
  }

  private static double[] flat(GmmDerivatives.ObjectiveGradient g) {
    return FiniteDifferences.gmmParameters(g.alphas(), g.means(), g.icf());
  }

  private static String[] names(GmmData data) {
    return Agreement.gmmNames(data.k(), data.d());
  }

  @ParameterizedTest
  @ValueSource(strings = {"test", "gmm_d2_K5", "gmm_d10_K5"})
  void handWrittenGradientMatchesFiniteDifferences(String name) {
    GmmData data = problem(name, 20);
    GmmByHand.Gradient g = GmmByHand.gradient(data);
    assertEquals(data.objective(), g.value(), 1e-13 * Math.abs(g.value()));
    double[] fd =
        FiniteDifferences.centralGradient(
            FiniteDifferences.gmmObjective(data), FiniteDifferences.gmmParameters(data));
    Agreement.assertClose(
        name + ", hand-written vs finite differences", fd, flat(g), 1e-6,
        Agreement.finiteDifferenceFloor(g.value()), names(data));
  }

  /** Every shipped file has m = 0 and gamma = 1: this exercises the prior's other terms. */
  @Test
  void priorTermsWithADegreeOfFreedom() {
    GmmData file = problem("gmm_d10_K5", 10);
    GmmData data = new GmmData(file.alphas(), file.means(), file.icf(), file.x(), 0.7, 3);
    GmmByHand.Gradient g = GmmByHand.gradient(data);
    assertEquals(data.objective(), g.value(), 1e-13 * Math.abs(g.value()));
    double[] fd =
        FiniteDifferences.centralGradient(
            FiniteDifferences.gmmObjective(data), FiniteDifferences.gmmParameters(data));
    Agreement.assertClose(
        "gamma 0.7, m 3, hand-written vs finite differences", fd, flat(g), 1e-6,
        Agreement.finiteDifferenceFloor(g.value()), names(data));
    GmmDerivatives.ObjectiveGradient generated =
        GmmDerivatives.objectiveGradient(
            data.alphas(), data.means(), data.icf(), data.x(), data.gamma(), data.m());
    Agreement.assertClose(
        "gamma 0.7, m 3, generated vs hand-written", flat(g), flat(generated), 1e-10,
        1e-13 * Agreement.maxAbs(flat(g)), names(data));
  }

  @ParameterizedTest
  @ValueSource(strings = {"test", "gmm_d2_K5", "gmm_d10_K5"})
  void hipparchusMatchesTheHandWrittenGradient(String name) {
    GmmData data = problem(name, 20);
    double[] expected = flat(GmmByHand.gradient(data));
    GmmByHand.Gradient h = GmmHipparchus.gradient(data);
    assertEquals(data.objective(), h.value(), 1e-12 * Math.abs(h.value()));
    Agreement.assertClose(
        name + ", Hipparchus vs hand-written", expected, flat(h), 1e-10,
        1e-13 * Agreement.maxAbs(expected), names(data));
  }

  @ParameterizedTest
  @ValueSource(strings = {"test", "gmm_d2_K5", "gmm_d10_K5", "gmm_d20_K10"})
  void generatedGradientMatchesTheHandWrittenOne(String name) {
    GmmData data = GmmData.load(name);
    double[] expected = flat(GmmByHand.gradient(data));
    GmmDerivatives.ObjectiveGradient g =
        GmmDerivatives.objectiveGradient(
            data.alphas(), data.means(), data.icf(), data.x(), data.gamma(), data.m());
    double value = Gmm.objective(data.alphas(), data.means(), data.icf(), data.x(), data.gamma(), data.m());
    assertEquals(value, g.value(), 1e-13 * Math.abs(value));
    Agreement.assertClose(
        name + ", generated vs hand-written", expected, flat(g), 1e-10,
        1e-13 * Agreement.maxAbs(expected), names(data));
  }

  @ParameterizedTest
  @ValueSource(strings = {"test", "gmm_d2_K5", "gmm_d10_K5"})
  void generatedTangentIsTheGradientAlongADirection(String name) {
    GmmData data = GmmData.load(name);
    Random random = new Random(name.hashCode());
    double[] alphasDot = random.doubles(data.k(), -1, 1).toArray();
    double[][] meansDot = new double[data.k()][];
    double[][] icfDot = new double[data.k()][];
    for (int c = 0; c < data.k(); c++) {
      meansDot[c] = random.doubles(data.d(), -1, 1).toArray();
      icfDot[c] = random.doubles(data.icf()[c].length, -1, 1).toArray();
    }
    double tangent =
        GmmDerivatives.objectiveTangent(
                data.alphas(), alphasDot, data.means(), meansDot, data.icf(), icfDot, data.x(),
                data.gamma(), data.m())
            .tangent();
    double[] g = flat(GmmByHand.gradient(data));
    double[] direction = FiniteDifferences.gmmParameters(alphasDot, meansDot, icfDot);
    double dot = 0;
    double size = 0;
    for (int i = 0; i < g.length; i++) {
      dot += g[i] * direction[i];
      size += Math.abs(g[i] * direction[i]);
    }
    assertEquals(dot, tangent, 1e-10 * size, name + ": tangent vs <gradient, direction>");
  }

  @ParameterizedTest
  @ValueSource(strings = {"test", "gmm_d2_K5", "gmm_d10_K5", "gmm_d20_K10"})
  void handWrittenPointByPointMatchesTheOtherHandWrittenGradient(String name) {
    GmmData data = GmmData.load(name);
    GmmByHand.Gradient expected = GmmByHand.gradient(data);
    double[] alphasBar = new double[data.k()];
    double[][] meansBar = new double[data.k()][data.d()];
    double[][] icfBar = new double[data.k()][data.icf()[0].length];
    for (int call = 0; call < 2; call++) { // overwrites, not adds
      double value =
          GmmByHandPerPoint.gradientInto(
              data.alphas(), data.means(), data.icf(), data.x(), 0.7, 3, alphasBar, meansBar, icfBar);
      GmmData prior = new GmmData(data.alphas(), data.means(), data.icf(), data.x(), 0.7, 3);
      GmmByHand.Gradient withPrior = GmmByHand.gradient(prior);
      assertEquals(withPrior.value(), value, 1e-13 * Math.abs(value));
      Agreement.assertClose(
          name + ", point by point vs hand-written", flat(withPrior),
          FiniteDifferences.gmmParameters(alphasBar, meansBar, icfBar), 1e-10,
          1e-13 * Agreement.maxAbs(flat(expected)), names(data));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"test", "gmm_d10_K5"})
  void gradientIntoOverwritesTheCallersArrays(String name) {
    GmmData data = GmmData.load(name);
    GmmByHand.Gradient fresh = GmmByHand.gradient(data);
    double[] alphasBar = new double[data.k()];
    double[][] meansBar = new double[data.k()][data.d()];
    double[][] icfBar = new double[data.k()][data.icf()[0].length];
    Arrays.fill(alphasBar, Double.NaN);
    for (int c = 0; c < data.k(); c++) {
      Arrays.fill(meansBar[c], 7);
      Arrays.fill(icfBar[c], -3);
    }
    for (int call = 0; call < 2; call++) {
      double value = GmmByHand.gradientInto(data, alphasBar, meansBar, icfBar);
      assertEquals(fresh.value(), value, 0);
      Agreement.assertClose(
          name + ", call " + call, flat(fresh),
          FiniteDifferences.gmmParameters(alphasBar, meansBar, icfBar), 0, 0);
    }
    double objective =
        GmmByHand.objective(data.alphas(), data.means(), data.icf(), data.x(), data.gamma(), data.m());
    assertEquals(data.objective(), objective, 1e-13 * Math.abs(objective));
  }
}
