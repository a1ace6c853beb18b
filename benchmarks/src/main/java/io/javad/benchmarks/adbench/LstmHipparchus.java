package io.javad.benchmarks.adbench;

import org.hipparchus.analysis.differentiation.Gradient;

/**
 * {@link Lstm#objective} in Hipparchus' first-order forward mode, every main and extra parameter a
 * free variable (8 l b + 3 b of them): each of the many elementwise operations carries and
 * allocates the whole gradient.
 */
public final class LstmHipparchus {

  private LstmHipparchus() {}

  public static LstmByHand.Gradient gradient(LstmData data) {
    double[][] mainParams = data.mainParams();
    double[][] extraParams = data.extraParams();
    double[][] sequence = data.sequence();
    int layers = data.layers();
    int b = data.b();
    int free = 2 * layers * 4 * b + 3 * b;
    // Variables in the order of FiniteDifferences.lstmParameters: main rows, then extra rows.
    Gradient[][] main = new Gradient[2 * layers][4 * b];
    Gradient[][] extra = new Gradient[3][b];
    int index = 0;
    for (int r = 0; r < main.length; r++) {
      for (int j = 0; j < 4 * b; j++) {
        main[r][j] = Gradient.variable(free, index++, mainParams[r][j]);
      }
    }
    for (int r = 0; r < 3; r++) {
      for (int j = 0; j < b; j++) {
        extra[r][j] = Gradient.variable(free, index++, extraParams[r][j]);
      }
    }
    Gradient[][] hidden = new Gradient[layers][b];
    Gradient[][] cell = new Gradient[layers][b];
    for (int layer = 0; layer < layers; layer++) {
      for (int i = 0; i < b; i++) {
        hidden[layer][i] = Gradient.constant(free, data.state()[2 * layer][i]);
        cell[layer][i] = Gradient.constant(free, data.state()[2 * layer + 1][i]);
      }
    }
    Gradient[] x = new Gradient[b];
    Gradient[] ypred = new Gradient[b];
    Gradient total = Gradient.constant(free, 0);
    for (int t = 0; t < sequence.length - 1; t++) {
      for (int i = 0; i < b; i++) {
        x[i] = extra[0][i].multiply(sequence[t][i]);
      }
      for (int layer = 0; layer < layers; layer++) {
        Gradient[] weight = main[2 * layer];
        Gradient[] bias = main[2 * layer + 1];
        for (int i = 0; i < b; i++) {
          Gradient h = hidden[layer][i];
          Gradient forget = sigmoid(x[i].multiply(weight[i]).add(bias[i]));
          Gradient ingate = sigmoid(h.multiply(weight[b + i]).add(bias[b + i]));
          Gradient outgate = sigmoid(x[i].multiply(weight[2 * b + i]).add(bias[2 * b + i]));
          Gradient change = h.multiply(weight[3 * b + i]).add(bias[3 * b + i]).tanh();
          cell[layer][i] = cell[layer][i].multiply(forget).add(ingate.multiply(change));
          hidden[layer][i] = outgate.multiply(cell[layer][i].tanh());
        }
        System.arraycopy(hidden[layer], 0, x, 0, b);
      }
      Gradient sumExp = Gradient.constant(free, 0);
      for (int i = 0; i < b; i++) {
        ypred[i] = x[i].multiply(extra[1][i]).add(extra[2][i]);
        sumExp = sumExp.add(ypred[i].exp());
      }
      Gradient lse = sumExp.add(2).log();
      for (int i = 0; i < b; i++) {
        total = total.add(ypred[i].subtract(lse).multiply(sequence[t + 1][i]));
      }
    }
    Gradient loss = total.divide(-(sequence.length - 1) * b);
    double[] g = loss.getGradient();
    double[][] mainBar = new double[2 * layers][4 * b];
    double[][] extraBar = new double[3][b];
    FiniteDifferences.lstmUnflatten(g, mainBar, extraBar);
    return new LstmByHand.Gradient(loss.getValue(), mainBar, extraBar);
  }

  private static Gradient sigmoid(Gradient z) {
    return z.negate().exp().add(1).reciprocal();
  }
}
