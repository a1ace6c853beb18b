package io.javad.benchmarks.adbench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.NoSuchElementException;

/**
 * The numbers of one ADBench input file on the classpath, read in order. Every ADBench format is a
 * fixed sequence of numbers once its header is known, so line breaks and blank lines carry no
 * information and are skipped like any other white space.
 */
final class AdbenchInput {

  private final String name;
  private final String[] tokens;
  private int next;

  private AdbenchInput(String name, String text) {
    this.name = name;
    String trimmed = text.strip();
    this.tokens = trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
  }

  /** Opens {@code /adbench/<problem>/<file>.txt}; a {@code .txt} already in {@code file} is kept. */
  static AdbenchInput open(String problem, String file) {
    String path = "/adbench/" + problem + "/" + (file.endsWith(".txt") ? file : file + ".txt");
    try (InputStream in = AdbenchInput.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no ADBench input " + path + " on the classpath");
      }
      return new AdbenchInput(path, new String(in.readAllBytes(), StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  double nextDouble() {
    if (next == tokens.length) {
      throw new NoSuchElementException(name + ": ends after " + next + " numbers");
    }
    String token = tokens[next++];
    try {
      return Double.parseDouble(token);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": number " + next + " is '" + token + "'", e);
    }
  }

  /** An integer, which some files write with a fractional part of zero ("0" or "0.000000"). */
  int nextInt() {
    double v = nextDouble();
    if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(name + ": number " + next + " is " + v + ", not an integer");
    }
    return (int) v;
  }

  double[] nextRow(int length) {
    double[] row = new double[length];
    for (int i = 0; i < length; i++) {
      row[i] = nextDouble();
    }
    return row;
  }

  double[][] nextRows(int rows, int length) {
    double[][] matrix = new double[rows][];
    for (int r = 0; r < rows; r++) {
      matrix[r] = nextRow(length);
    }
    return matrix;
  }

  /** Fails if numbers are left over, which would mean the header and the body disagree. */
  void expectEnd() {
    if (next != tokens.length) {
      throw new IllegalArgumentException(
          name + ": " + (tokens.length - next) + " numbers left after the last expected one");
    }
  }
}
