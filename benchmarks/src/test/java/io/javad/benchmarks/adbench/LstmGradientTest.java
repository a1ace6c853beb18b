package io.javad.benchmarks.adbench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The hand-written LSTM gradient against central finite differences on a prefix of the sequence,
 * and javad's generated gradient and Hipparchus against it; none of them may change the state.
 */
class LstmGradientTest {

  private static final LstmData FULL = LstmData.load("lstm_l2_c1024");

  private static double[] flat(LstmByHand.Gradient g) {
    return FiniteDifferences.lstmParameters(g.mainParams(), g.extraParams());
  }

  private static String[] names() {
    return Agreement.lstmNames(FULL.layers(), FULL.b());
  }

  @Test
  void handWrittenGradientMatchesFiniteDifferences() {
    LstmData data = FULL.firstRows(5);
    LstmByHand.Gradient g = LstmByHand.gradient(data);
    assertEquals(data.objective(), g.value(), 0);
    double[] fd =
        FiniteDifferences.centralGradient(
            FiniteDifferences.lstmObjective(data), FiniteDifferences.lstmParameters(data));
    Agreement.assertClose(
        "first 5 rows, hand-written vs finite differences", fd, flat(g), 1e-6,
        Agreement.finiteDifferenceFloor(g.value()), names());
  }

  @Test
  void generatedGradientMatchesTheHandWrittenOne() {
    for (LstmData data : new LstmData[] {FULL.firstRows(5), FULL}) {
      double[] expected = flat(LstmByHand.gradient(data));
      var g =
          LstmDerivatives.objectiveGradient(
              data.mainParams(), data.extraParams(), data.state(), data.sequence());
      assertEquals(data.objective(), g.value(), 1e-13 * Math.abs(g.value()));
      Agreement.assertClose(
          data.c() + " rows, generated vs hand-written", expected,
          FiniteDifferences.lstmParameters(g.mainParams(), g.extraParams()), 1e-10,
          1e-13 * Agreement.maxAbs(expected), names());
    }
  }

  @Test
  void generatedTangentIsTheGradientAlongADirection() {
    LstmData data = FULL.firstRows(100);
    Random random = new Random(1024);
    double[][] mainDot = new double[data.mainParams().length][];
    for (int r = 0; r < mainDot.length; r++) {
      mainDot[r] = random.doubles(data.mainParams()[r].length, -1, 1).toArray();
    }
    double[][] extraDot = new double[3][];
    for (int r = 0; r < 3; r++) {
      extraDot[r] = random.doubles(data.b(), -1, 1).toArray();
    }
    double tangent =
        LstmDerivatives.objectiveTangent(
                data.mainParams(), mainDot, data.extraParams(), extraDot, data.state(), data.sequence())
            .tangent();
    double[] g = flat(LstmByHand.gradient(data));
    double[] direction = FiniteDifferences.lstmParameters(mainDot, extraDot);
    double dot = 0;
    double size = 0;
    for (int i = 0; i < g.length; i++) {
      dot += g[i] * direction[i];
      size += Math.abs(g[i] * direction[i]);
    }
    assertEquals(dot, tangent, 1e-10 * size);
  }

  @Test
  void hipparchusMatchesTheHandWrittenGradient() {
    LstmData data = FULL.firstRows(20);
    double[] expected = flat(LstmByHand.gradient(data));
    LstmByHand.Gradient h = LstmHipparchus.gradient(data);
    assertEquals(data.objective(), h.value(), 1e-12 * Math.abs(h.value()));
    Agreement.assertClose(
        "20 rows, Hipparchus vs hand-written", expected, flat(h), 1e-10,
        1e-13 * Agreement.maxAbs(expected), names());
  }

  @Test
  void nothingChangesTheState() {
    LstmData data = FULL.firstRows(50);
    double[] state = FiniteDifferences.flatten(data.state());
    double[] params = FiniteDifferences.lstmParameters(data);
    double first = data.objective();
    LstmByHand.gradient(data);
    LstmDerivatives.objectiveGradient(
        data.mainParams(), data.extraParams(), data.state(), data.sequence());
    LstmDerivatives.objectiveTangent(
        data.mainParams(), new double[4][56], data.extraParams(), new double[3][14], data.state(),
        data.sequence());
    assertArrayEquals(state, FiniteDifferences.flatten(data.state()), 0);
    assertArrayEquals(params, FiniteDifferences.lstmParameters(data), 0);
    assertEquals(first, data.objective(), 0);
  }
}
