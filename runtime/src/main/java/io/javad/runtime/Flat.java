package io.javad.runtime;

/**
 * The active inputs of a method flattened into one vector, as the second-order members take and
 * return them ({@code fHvp}, {@code fHessian}): parameters in order, a scalar as one entry, an
 * array as its elements in index order, a matrix row by row. Each method takes or puts at an offset
 * and returns the offset after.
 */
public final class Flat {

  private Flat() {}

  /**
   * The number of entries of a matrix: the sum of its rows' lengths.
   *
   * @param m the matrix
   * @return its number of elements
   */
  public static int size(double[][] m) {
    int n = 0;
    for (double[] row : m) {
      n += row.length;
    }
    return n;
  }

  /**
   * Puts {@code value} at {@code at}.
   *
   * @param into the flat vector
   * @param at where
   * @param value the entry
   * @return the offset after it
   */
  public static int put(double[] into, int at, double value) {
    into[at] = value;
    return at + 1;
  }

  /**
   * Puts the elements of {@code a} from {@code at}.
   *
   * @param into the flat vector
   * @param at where the first goes
   * @param a the array
   * @return the offset after its last element
   */
  public static int put(double[] into, int at, double[] a) {
    System.arraycopy(a, 0, into, at, a.length);
    return at + a.length;
  }

  /**
   * Puts the rows of {@code m} from {@code at}, one after the other.
   *
   * @param into the flat vector
   * @param at where the first element goes
   * @param m the matrix
   * @return the offset after its last element
   */
  public static int put(double[] into, int at, double[][] m) {
    for (double[] row : m) {
      at = put(into, at, row);
    }
    return at;
  }

  /**
   * Takes {@code into.length} entries from {@code at} into {@code into}.
   *
   * @param from the flat vector
   * @param at where the first is
   * @param into the array to fill
   * @return the offset after the last taken
   */
  public static int take(double[] from, int at, double[] into) {
    System.arraycopy(from, at, into, 0, into.length);
    return at + into.length;
  }

  /**
   * Takes one row of {@code into} after the other from {@code at}.
   *
   * @param from the flat vector
   * @param at where the first is
   * @param into the matrix to fill, shaped already
   * @return the offset after the last taken
   */
  public static int take(double[] from, int at, double[][] into) {
    for (double[] row : into) {
      at = take(from, at, row);
    }
    return at;
  }

  /**
   * Checks that a direction has one entry per active input.
   *
   * @param v the direction
   * @param n the number of active inputs
   * @param method the method, for the message
   * @throws IllegalArgumentException if {@code v.length != n}
   */
  public static void requireLength(double[] v, int n, String method) {
    if (v.length != n) {
      throw new IllegalArgumentException(
          method + ": the direction has " + v.length + " entries, but the active inputs flatten to " + n);
    }
  }
}
