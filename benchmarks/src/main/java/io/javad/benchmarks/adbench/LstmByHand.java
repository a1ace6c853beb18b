package io.javad.benchmarks.adbench;

import java.util.Arrays;

/**
 * The gradient of {@link Lstm#objective} by reverse mode written by hand. The forward pass keeps
 * every step's gates, cells and hidden vectors (flat arrays indexed by step, layer and symbol); the
 * output layer's adjoint needs only the current step, so it is formed right there and only its
 * gradient with respect to the top hidden vector is kept. The backward pass then runs over time in
 * reverse, carrying each layer's hidden and cell adjoints from step t + 1 to step t.
 *
 * <p>As every weight matrix is diagonal, each symbol i is its own scalar chain: with cell = cell'
 * forget + ingate change and h = outgate tanh(cell), the adjoints are outgate' = hBar tanh(cell),
 * cellBar = cellBar(t + 1) + hBar outgate (1 - tanh^2), and through the sigmoids and the tanh to the
 * weights, biases, the layer's input x and the previous hidden vector.
 */
public final class LstmByHand {

  private LstmByHand() {}

  /** The value of the objective and its gradient, shaped like the parameters. */
  public record Gradient(double value, double[][] mainParams, double[][] extraParams) {}

  public static Gradient gradient(LstmData data) {
    return gradient(data.mainParams(), data.extraParams(), data.state(), data.sequence());
  }

  /** The value and the gradient in fresh arrays; {@code state} is not modified. */
  public static Gradient gradient(
      double[][] mainParams, double[][] extraParams, double[][] state, double[][] sequence) {
    double[][] mainBar = new double[mainParams.length][mainParams[0].length];
    double[][] extraBar = new double[extraParams.length][extraParams[0].length];
    double value = gradientInto(mainParams, extraParams, state, sequence, mainBar, extraBar);
    return new Gradient(value, mainBar, extraBar);
  }

  /**
   * Overwrites {@code mainParamsBar} and {@code extraParamsBar} (shaped like the parameters) with
   * the gradient and returns the value. The forward values are recorded in arrays of (c - 1) l b
   * numbers, allocated once per call.
   */
  public static double gradientInto(
      double[][] mainParams, double[][] extraParams, double[][] state, double[][] sequence,
      double[][] mainParamsBar, double[][] extraParamsBar) {
    int layers = state.length / 2;
    int b = sequence[0].length;
    int steps = sequence.length - 1;
    int slot = layers * b;
    // Gates of step t, layer, symbol i at (t layers + layer) b + i.
    double[] forgets = new double[steps * slot];
    double[] ingates = new double[steps * slot];
    double[] outgates = new double[steps * slot];
    double[] changes = new double[steps * slot];
    double[] tanhCells = new double[steps * slot];
    // Hidden and cell vectors after step t at slot t + 1; slot 0 holds the initial state.
    double[] hiddens = new double[(steps + 1) * slot];
    double[] cells = new double[(steps + 1) * slot];
    // The top layer's hidden adjoint coming from the output layer at step t.
    double[] topBars = new double[Math.max(steps, 0) * b];
    for (int layer = 0; layer < layers; layer++) {
      System.arraycopy(state[2 * layer], 0, hiddens, layer * b, b);
      System.arraycopy(state[2 * layer + 1], 0, cells, layer * b, b);
    }
    double[] inWeight = extraParams[0];
    double[] outWeight = extraParams[1];
    double[] outBias = extraParams[2];
    double[] outWeightBar = extraParamsBar[1];
    double[] outBiasBar = extraParamsBar[2];
    for (double[] row : mainParamsBar) {
      Arrays.fill(row, 0);
    }
    for (double[] row : extraParamsBar) {
      Arrays.fill(row, 0);
    }
    double[] exps = new double[b];
    double totalBar = -1.0 / ((sequence.length - 1) * b);
    double total = 0;

    for (int t = 0; t < steps; t++) {
      double[] input = sequence[t];
      int previous = t * slot;
      int current = (t + 1) * slot;
      int gate = t * slot;
      for (int layer = 0; layer < layers; layer++) {
        double[] weight = mainParams[2 * layer];
        double[] bias = mainParams[2 * layer + 1];
        int lo = layer * b;
        for (int i = 0; i < b; i++) {
          double x = layer == 0 ? input[i] * inWeight[i] : hiddens[current + lo - b + i];
          double h = hiddens[previous + lo + i];
          double forget = sigmoid(x * weight[i] + bias[i]);
          double ingate = sigmoid(h * weight[b + i] + bias[b + i]);
          double outgate = sigmoid(x * weight[2 * b + i] + bias[2 * b + i]);
          double change = Math.tanh(h * weight[3 * b + i] + bias[3 * b + i]);
          double cell = cells[previous + lo + i] * forget + ingate * change;
          double tanhCell = Math.tanh(cell);
          cells[current + lo + i] = cell;
          hiddens[current + lo + i] = outgate * tanhCell;
          forgets[gate + lo + i] = forget;
          ingates[gate + lo + i] = ingate;
          outgates[gate + lo + i] = outgate;
          changes[gate + lo + i] = change;
          tanhCells[gate + lo + i] = tanhCell;
        }
      }
      // Output layer and log-likelihood of the next symbol, and at once their adjoints.
      int top = current + (layers - 1) * b;
      double sumExp = 0;
      for (int i = 0; i < b; i++) {
        double e = Math.exp(hiddens[top + i] * outWeight[i] + outBias[i]);
        exps[i] = e;
        sumExp += e;
      }
      double lse = Math.log(sumExp + 2);
      double[] next = sequence[t + 1];
      double nextSum = 0;
      for (int i = 0; i < b; i++) {
        double ypred = hiddens[top + i] * outWeight[i] + outBias[i];
        total += next[i] * (ypred - lse);
        nextSum += next[i];
      }
      double softmaxScale = nextSum / (sumExp + 2);
      for (int i = 0; i < b; i++) {
        double ypredBar = totalBar * (next[i] - softmaxScale * exps[i]);
        outWeightBar[i] += ypredBar * hiddens[top + i];
        outBiasBar[i] += ypredBar;
        topBars[t * b + i] = ypredBar * outWeight[i];
      }
    }

    double[] inWeightBar = extraParamsBar[0];
    double[] hiddenCarry = new double[slot];
    double[] cellCarry = new double[slot];
    double[] xBar = new double[b];
    for (int t = steps - 1; t >= 0; t--) {
      double[] input = sequence[t];
      int previous = t * slot;
      int current = (t + 1) * slot;
      int gate = t * slot;
      System.arraycopy(topBars, t * b, xBar, 0, b);
      for (int layer = layers - 1; layer >= 0; layer--) {
        double[] weight = mainParams[2 * layer];
        double[] weightBar = mainParamsBar[2 * layer];
        double[] biasBar = mainParamsBar[2 * layer + 1];
        int lo = layer * b;
        for (int i = 0; i < b; i++) {
          double x = layer == 0 ? input[i] * inWeight[i] : hiddens[current + lo - b + i];
          double h = hiddens[previous + lo + i];
          double forget = forgets[gate + lo + i];
          double ingate = ingates[gate + lo + i];
          double outgate = outgates[gate + lo + i];
          double change = changes[gate + lo + i];
          double tanhCell = tanhCells[gate + lo + i];
          double hBar = xBar[i] + hiddenCarry[lo + i];
          double cellBar = cellCarry[lo + i] + hBar * outgate * (1 - tanhCell * tanhCell);
          double forgetZ = cellBar * cells[previous + lo + i] * forget * (1 - forget);
          double ingateZ = cellBar * change * ingate * (1 - ingate);
          double outgateZ = hBar * tanhCell * outgate * (1 - outgate);
          double changeZ = cellBar * ingate * (1 - change * change);
          weightBar[i] += forgetZ * x;
          weightBar[b + i] += ingateZ * h;
          weightBar[2 * b + i] += outgateZ * x;
          weightBar[3 * b + i] += changeZ * h;
          biasBar[i] += forgetZ;
          biasBar[b + i] += ingateZ;
          biasBar[2 * b + i] += outgateZ;
          biasBar[3 * b + i] += changeZ;
          cellCarry[lo + i] = cellBar * forget;
          hiddenCarry[lo + i] = ingateZ * weight[b + i] + changeZ * weight[3 * b + i];
          xBar[i] = forgetZ * weight[i] + outgateZ * weight[2 * b + i];
        }
      }
      for (int i = 0; i < b; i++) {
        inWeightBar[i] += xBar[i] * input[i];
      }
    }
    return -total / ((sequence.length - 1) * b);
  }

  /** As {@link Lstm#sigmoid}. */
  private static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }
}
