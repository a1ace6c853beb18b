package io.javad.optim;

import java.util.Random;

/**
 * What training needs around the gradient: a seeded train/test split, standardization with the
 * training rows' statistics, and mini-batches of shuffled row indices.
 */
public final class Datasets {

  private Datasets() {}

  /** Rows and labels split in two: {@code train} and {@code test}, in shuffled order. */
  public record Split(double[][] trainX, int[] trainY, double[][] testX, int[] testY) {}

  /** A split with {@code testFraction} of the rows held out, shuffled with {@code seed}. */
  public static Split split(double[][] x, int[] y, double testFraction, long seed) {
    if (x.length != y.length) {
      throw new IllegalArgumentException(x.length + " rows but " + y.length + " labels");
    }
    int[] order = permutation(x.length, new Random(seed));
    int test = (int) Math.round(x.length * testFraction);
    int train = x.length - test;
    double[][] trainX = new double[train][];
    int[] trainY = new int[train];
    double[][] testX = new double[test][];
    int[] testY = new int[test];
    for (int i = 0; i < x.length; i++) {
      int row = order[i];
      if (i < train) {
        trainX[i] = x[row].clone();
        trainY[i] = y[row];
      } else {
        testX[i - train] = x[row].clone();
        testY[i - train] = y[row];
      }
    }
    return new Split(trainX, trainY, testX, testY);
  }

  /**
   * Per column, the mean and standard deviation of {@code reference} (the training rows); {@link
   * #apply} standardizes any rows with them.
   */
  public record Standardizer(double[] mean, double[] deviation) {

    /** The statistics of {@code reference}'s columns (a constant column gets deviation 1). */
    public static Standardizer of(double[][] reference) {
      int columns = reference[0].length;
      double[] mean = new double[columns];
      double[] deviation = new double[columns];
      for (double[] row : reference) {
        for (int j = 0; j < columns; j++) {
          mean[j] += row[j] / reference.length;
        }
      }
      for (double[] row : reference) {
        for (int j = 0; j < columns; j++) {
          double d = row[j] - mean[j];
          deviation[j] += d * d / reference.length;
        }
      }
      for (int j = 0; j < columns; j++) {
        deviation[j] = deviation[j] > 0 ? Math.sqrt(deviation[j]) : 1;
      }
      return new Standardizer(mean, deviation);
    }

    /** Standardizes {@code rows} in place: (x - mean) / deviation per column. */
    public void apply(double[][] rows) {
      for (double[] row : rows) {
        for (int j = 0; j < row.length; j++) {
          row[j] = (row[j] - mean[j]) / deviation[j];
        }
      }
    }
  }

  /**
   * Mini-batches of row indices: each epoch visits every row once, in a new order from the
   * seeded generator; the last batch of an epoch may be smaller.
   */
  public static final class Batches {
    private final int rows;
    private final int size;
    private final Random random;
    private int[] order;

    public Batches(int rows, int size, long seed) {
      if (rows < 1 || size < 1) {
        throw new IllegalArgumentException("need rows >= 1 and size >= 1");
      }
      this.rows = rows;
      this.size = size;
      this.random = new Random(seed);
    }

    /** Shuffles for a new epoch; returns the number of batches in it. */
    public int shuffle() {
      order = permutation(rows, random);
      return (rows + size - 1) / size;
    }

    /** The row indices of batch {@code b} of the current epoch. */
    public int[] batch(int b) {
      if (order == null) {
        shuffle();
      }
      int from = b * size;
      int to = Math.min(rows, from + size);
      return java.util.Arrays.copyOfRange(order, from, to);
    }
  }

  private static int[] permutation(int n, Random random) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }
}
