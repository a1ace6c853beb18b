package io.javad.benchmarks.adbench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Runs every ADBench benchmark method once, directly and on small problems, so that CI notices a
 * benchmark that throws, returns non-finite numbers, or (for the caller-owned arrays) accumulates
 * across calls, long before anyone runs JMH.
 */
class BenchmarkBodiesTest {

  @Test
  void gmm() {
    GmmBenchmark b = new GmmBenchmark();
    b.prepare(GmmData.load("gmm_d2_K5"));
    assertFinite("objective", b.objective());
    GmmDerivatives.ObjectiveGradient g = b.gradient();
    assertFinite("gradient", g.value());
    double[] fresh = FiniteDifferences.gmmParameters(g.alphas(), g.means(), g.icf());
    assertFinite("gradient", fresh);
    assertFinite("tangent", b.tangent());
    assertFinite("hand-written", b.handWritten());
    double[] byHand = FiniteDifferences.gmmParameters(b.alphasBar, b.meansBar, b.icfBar);
    assertFinite("rewritten", b.handWrittenRewritten());
    double[] rewritten = FiniteDifferences.gmmParameters(b.alphasBar, b.meansBar, b.icfBar);
    b.workspace();
    assertFinite("workspace", b.workspace()); // twice: the workspace must not accumulate
    double[] workspace =
        FiniteDifferences.gmmParameters(b.workspace.alphas(), b.workspace.means(), b.workspace.icf());
    Agreement.assertClose("GMM workspace vs hand-written", byHand, workspace, 1e-9, 1e-9, null);
    Agreement.assertClose("GMM gradient vs hand-written", byHand, fresh, 1e-9, 1e-9, null);
    Agreement.assertClose("GMM rewritten vs hand-written", byHand, rewritten, 1e-9, 1e-9, null);
  }

  @Test
  void gmmPeers() {
    GmmPeersBenchmark b = new GmmPeersBenchmark();
    b.prepare(GmmData.load("gmm_d2_K5"));
    assertFinite("objective", b.objective());
    GmmByHand.Gradient h = b.hipparchus();
    assertFinite("hipparchus", FiniteDifferences.gmmParameters(h.alphas(), h.means(), h.icf()));
    assertFinite("finite differences", b.finiteDifferences());
  }

  @Test
  void ba() {
    BaBenchmark b = new BaBenchmark();
    b.prepare(BaData.load("test"));
    assertFinite("objective", b.objective());
    assertFinite("tangent", b.tangent());
    double[][] byHand = copy(b.handWritten());
    assertFinite("hand-written", byHand);
    double[][] generated = copy(b.jacobian());
    double[][] hipparchus = copy(b.hipparchus());
    for (int i = 0; i < byHand.length; i++) {
      Agreement.assertClose("BA Jacobian vs hand-written, " + i, byHand[i], generated[i], 1e-9, 1e-9, null);
      Agreement.assertClose("BA Hipparchus vs hand-written, " + i, byHand[i], hipparchus[i], 1e-9, 1e-9, null);
    }
    assertFinite("weight errors", b.wErr);
    assertFinite("weight error derivatives", b.wErrJac);
  }

  @Test
  void lstm() {
    LstmBenchmark b = new LstmBenchmark();
    b.prepare(LstmData.load("lstm_l2_c1024").firstRows(20));
    assertFinite("objective", b.objective());
    LstmDerivatives.ObjectiveGradient g = b.gradient();
    double[] fresh = FiniteDifferences.lstmParameters(g.mainParams(), g.extraParams());
    assertFinite("gradient", fresh);
    assertFinite("tangent", b.tangent());
    assertFinite("hand-written", b.handWritten());
    double[] byHand = FiniteDifferences.lstmParameters(b.mainBar, b.extraBar);
    b.workspace();
    assertFinite("workspace", b.workspace());
    double[] workspace =
        FiniteDifferences.lstmParameters(b.workspace.mainParams(), b.workspace.extraParams());
    Agreement.assertClose("LSTM workspace vs hand-written", byHand, workspace, 1e-9, 1e-12, null);
    Agreement.assertClose("LSTM gradient vs hand-written", byHand, fresh, 1e-9, 1e-12, null);
    LstmByHand.Gradient h = b.hipparchus();
    assertFinite("hipparchus", FiniteDifferences.lstmParameters(h.mainParams(), h.extraParams()));
  }

  private static void assertFinite(String what, double v) {
    assertTrue(Double.isFinite(v), what + " is " + v);
  }

  private static void assertFinite(String what, double[] v) {
    assertTrue(Arrays.stream(v).allMatch(Double::isFinite), what + " has a non-finite entry");
  }

  private static void assertFinite(String what, double[][] v) {
    for (double[] row : v) {
      assertFinite(what, row);
    }
  }

  private static double[][] copy(double[][] a) {
    return Arrays.stream(a).map(double[]::clone).toArray(double[][]::new);
  }
}
