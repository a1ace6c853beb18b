package io.javad.benchmarks.adbench;

import io.javad.Differentiable;

/**
 * ADBench's LSTM objective ("D-LSTM": every weight matrix is diagonal), written plainly from its
 * definition. {@code mainParams} has two rows per layer, its weights and its biases, each four
 * blocks of b for the forget, input and output gates and the change; {@code extraParams} holds the
 * input weight, output weight and output bias; {@code state} holds each layer's hidden and cell
 * vectors and is left as it is (the objective works on a copy). The loss is the negative mean
 * log-likelihood of each symbol of the sequence given the ones before it.
 */
public final class Lstm {

  private Lstm() {}

  @Differentiable(wrt = {"mainParams", "extraParams"})
  public static double objective(
      double[][] mainParams, double[][] extraParams, double[][] state, double[][] sequence) {
    int layers = state.length / 2;
    int b = sequence[0].length;
    double[][] hidden = new double[layers][b];
    double[][] cell = new double[layers][b];
    for (int layer = 0; layer < layers; layer++) {
      for (int i = 0; i < b; i++) {
        hidden[layer][i] = state[2 * layer][i];
        cell[layer][i] = state[2 * layer + 1][i];
      }
    }
    double[] x = new double[b];
    double[] ypred = new double[b];
    double total = 0;
    for (int t = 0; t < sequence.length - 1; t++) {
      // predict: the input through every layer, then the output layer
      for (int i = 0; i < b; i++) {
        x[i] = sequence[t][i] * extraParams[0][i];
      }
      for (int layer = 0; layer < layers; layer++) {
        for (int i = 0; i < b; i++) {
          double forget = sigmoid(x[i] * mainParams[2 * layer][i] + mainParams[2 * layer + 1][i]);
          double ingate =
              sigmoid(hidden[layer][i] * mainParams[2 * layer][b + i] + mainParams[2 * layer + 1][b + i]);
          double outgate =
              sigmoid(x[i] * mainParams[2 * layer][2 * b + i] + mainParams[2 * layer + 1][2 * b + i]);
          double change =
              Math.tanh(hidden[layer][i] * mainParams[2 * layer][3 * b + i] + mainParams[2 * layer + 1][3 * b + i]);
          cell[layer][i] = cell[layer][i] * forget + ingate * change;
          hidden[layer][i] = outgate * Math.tanh(cell[layer][i]);
        }
        for (int i = 0; i < b; i++) {
          x[i] = hidden[layer][i];
        }
      }
      for (int i = 0; i < b; i++) {
        ypred[i] = x[i] * extraParams[1][i] + extraParams[2][i];
      }
      // the log-likelihood of the next symbol (ADBench adds 2 inside the logarithm)
      double sumExp = 0;
      for (int i = 0; i < b; i++) {
        sumExp += Math.exp(ypred[i]);
      }
      double lse = Math.log(sumExp + 2);
      for (int i = 0; i < b; i++) {
        total += sequence[t + 1][i] * (ypred[i] - lse);
      }
    }
    return -total / ((sequence.length - 1) * b);
  }

  @Differentiable
  public static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }
}
