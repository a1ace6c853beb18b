package io.javad.benchmarks.adbench;

import java.util.Arrays;

/**
 * ADBench's LSTM problem: l layers over symbols of width b and a sequence of c rows. {@code
 * mainParams[2l][4b]} holds each layer's weights and biases, {@code extraParams[3][b]} the input
 * weight, output weight and output bias, {@code state[2l][b]} each layer's initial hidden and cell
 * vectors, {@code sequence[c][b]} the input.
 */
public record LstmData(
    double[][] mainParams, double[][] extraParams, double[][] state, double[][] sequence) {

  public int layers() {
    return state.length / 2;
  }

  public int b() {
    return sequence[0].length;
  }

  public int c() {
    return sequence.length;
  }

  /**
   * Reads {@code /adbench/lstm/<name>.txt} from the classpath, e.g. {@code "lstm_l2_c1024"}: a line
   * {@code l c b}, then the main parameters, extra parameters, state and sequence as rows.
   */
  public static LstmData load(String name) {
    AdbenchInput in = AdbenchInput.open("lstm", name);
    int layers = in.nextInt();
    int c = in.nextInt();
    int b = in.nextInt();
    double[][] mainParams = in.nextRows(2 * layers, 4 * b);
    double[][] extraParams = in.nextRows(3, b);
    double[][] state = in.nextRows(2 * layers, b);
    double[][] sequence = in.nextRows(c, b);
    in.expectEnd();
    return new LstmData(mainParams, extraParams, state, sequence);
  }

  /** The same network on the first {@code count} rows of the sequence: for tests that evaluate it often. */
  public LstmData firstRows(int count) {
    return new LstmData(
        mainParams, extraParams, state, Arrays.copyOf(sequence, Math.min(count, sequence.length)));
  }

  /** {@link Lstm#objective} of this problem. */
  public double objective() {
    return Lstm.objective(mainParams, extraParams, state, sequence);
  }
}
