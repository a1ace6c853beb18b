package io.javad.runtime;

/**
 * Zero arrays shaped like given ones: the adjoints of array inputs, which generated reverse-mode
 * code allocates once per call and returns as the gradient's components.
 */
public final class ArrayShapes {

  private ArrayShapes() {}

  /**
   * A zero array of the length of {@code a}.
   *
   * @param a an array, or null
   * @return a new zero array as long as {@code a}, or null if {@code a} is
   */
  public static double[] zerosLike(double[] a) {
    return a == null ? null : new double[a.length];
  }

  /**
   * A zero matrix of the shape of {@code m}, row by row (rows may differ in length).
   *
   * @param m a matrix, or null
   * @return a new zero matrix shaped like {@code m}, or null if {@code m} is
   */
  public static double[][] zerosLike(double[][] m) {
    if (m == null) {
      return null;
    }
    double[][] z = new double[m.length][];
    for (int i = 0; i < m.length; i++) {
      z[i] = zerosLike(m[i]);
    }
    return z;
  }

  /**
   * A copy of {@code a}.
   *
   * @param a an array, or null
   * @return a new array with the same values, or null
   */
  public static double[] copy(double[] a) {
    return a == null ? null : a.clone();
  }

  /**
   * A deep copy of {@code m}, row by row.
   *
   * @param m a matrix, or null
   * @return a new matrix with the same values, or null
   */
  public static double[][] copy(double[][] m) {
    if (m == null) {
      return null;
    }
    double[][] c = new double[m.length][];
    for (int i = 0; i < m.length; i++) {
      c[i] = copy(m[i]);
    }
    return c;
  }

  /**
   * {@code bar} cleared for reuse as the adjoint of {@code like}: filled with zeros where the
   * shapes agree, a new zero array where they do not (or where {@code bar} is null).
   *
   * @param bar an adjoint array to reuse, or null
   * @param like the array it is the adjoint of, or null
   * @return zeros shaped like {@code like}, or null if {@code like} is
   */
  public static double[] zeroed(double[] bar, double[] like) {
    if (like == null) {
      return null;
    }
    if (bar == null || bar.length != like.length) {
      return new double[like.length];
    }
    java.util.Arrays.fill(bar, 0.0);
    return bar;
  }

  /**
   * As {@link #zeroed(double[], double[])}, row by row.
   *
   * @param bar an adjoint matrix to reuse, or null
   * @param like the matrix it is the adjoint of, or null
   * @return zeros shaped like {@code like}, or null if {@code like} is
   */
  public static double[][] zeroed(double[][] bar, double[][] like) {
    if (like == null) {
      return null;
    }
    if (bar == null || bar.length != like.length) {
      return zerosLike(like);
    }
    for (int i = 0; i < like.length; i++) {
      bar[i] = zeroed(bar[i], like[i]);
    }
    return bar;
  }

  /** As {@link #zerosLike(double[])}, for float arrays. */
  public static float[] zerosLike(float[] a) {
    return a == null ? null : new float[a.length];
  }

  /** As {@link #zerosLike(double[][])}, for float matrices. */
  public static float[][] zerosLike(float[][] m) {
    if (m == null) {
      return null;
    }
    float[][] z = new float[m.length][];
    for (int i = 0; i < m.length; i++) {
      z[i] = zerosLike(m[i]);
    }
    return z;
  }

  /** As {@link #copy(double[])}, for float arrays. */
  public static float[] copy(float[] a) {
    return a == null ? null : a.clone();
  }

  /** As {@link #copy(double[][])}, for float matrices. */
  public static float[][] copy(float[][] m) {
    if (m == null) {
      return null;
    }
    float[][] c = new float[m.length][];
    for (int i = 0; i < m.length; i++) {
      c[i] = copy(m[i]);
    }
    return c;
  }

  /** As {@link #zeroed(double[], double[])}, for float arrays. */
  public static float[] zeroed(float[] bar, float[] like) {
    if (like == null) {
      return null;
    }
    if (bar == null || bar.length != like.length) {
      return new float[like.length];
    }
    java.util.Arrays.fill(bar, 0f);
    return bar;
  }

  /** As {@link #zeroed(double[][], double[][])}, for float matrices. */
  public static float[][] zeroed(float[][] bar, float[][] like) {
    if (like == null) {
      return null;
    }
    if (bar == null || bar.length != like.length) {
      return zerosLike(like);
    }
    for (int i = 0; i < like.length; i++) {
      bar[i] = zeroed(bar[i], like[i]);
    }
    return bar;
  }

  /**
   * Zeros at least as large as {@code like}: the tangent of data a caller passes for a parameter a
   * callee differentiates for. Callees only read tangents, so one such array stays zero and serves
   * every call; it is reallocated only when {@code like} is longer than any array before.
   *
   * @param zeros the previous array of zeros, or null
   * @param like the argument whose tangent is zero
   */
  public static double[] zeros(double[] zeros, double[] like) {
    // A grown array is new, so zero.
    return zeros != null && zeros.length >= like.length ? zeros : new double[like.length];
  }

  /** As {@link #zeros(double[], double[])}, for matrices (possibly ragged): every row large enough. */
  public static double[][] zeros(double[][] zeros, double[][] like) {
    double[][] z = zeros;
    if (z == null || z.length < like.length) {
      z = new double[like.length][];
      if (zeros != null) {
        System.arraycopy(zeros, 0, z, 0, zeros.length);
      }
    }
    for (int i = 0; i < like.length; i++) {
      z[i] = zeros(z[i], like[i]);
    }
    return z;
  }

  /** As {@link #zeros(double[], double[])}, for float arrays. */
  public static float[] zeros(float[] zeros, float[] like) {
    return zeros != null && zeros.length >= like.length ? zeros : new float[like.length];
  }

  /** As {@link #zeros(double[][], double[][])}, for float matrices. */
  public static float[][] zeros(float[][] zeros, float[][] like) {
    float[][] z = zeros;
    if (z == null || z.length < like.length) {
      z = new float[like.length][];
      if (zeros != null) {
        System.arraycopy(zeros, 0, z, 0, zeros.length);
      }
    }
    for (int i = 0; i < like.length; i++) {
      z[i] = zeros(z[i], like[i]);
    }
    return z;
  }

  /**
   * Adds {@code source} into {@code target}, element by element: the adjoint of a copy flowing
   * back into the adjoint of what was copied.
   *
   * @param target the adjoint of the original, or null where nobody wants it (nothing is added)
   * @param source the adjoint of the copy, of the same shape
   */
  public static void addTo(double[] target, double[] source) {
    if (target == null) {
      return;
    }
    for (int i = 0; i < source.length; i++) {
      target[i] += source[i];
    }
  }

  /** As {@link #addTo(double[], double[])}, row by row. */
  public static void addTo(double[][] target, double[][] source) {
    if (target == null) {
      return;
    }
    for (int i = 0; i < source.length; i++) {
      addTo(target[i], source[i]);
    }
  }

  /** As {@link #addTo(double[], double[])}, for float arrays. */
  public static void addTo(float[] target, float[] source) {
    if (target == null) {
      return;
    }
    for (int i = 0; i < source.length; i++) {
      target[i] += source[i];
    }
  }

  /** As {@link #addTo(double[], double[])}, for float matrices. */
  public static void addTo(float[][] target, float[][] source) {
    if (target == null) {
      return;
    }
    for (int i = 0; i < source.length; i++) {
      addTo(target[i], source[i]);
    }
  }

  /**
   * The sum of {@code bar}'s elements, which are then set to zero: the adjoint of the value that
   * {@code Arrays.fill} stored into every element.
   *
   * @param bar the adjoint of the filled array
   * @return the sum of its elements before clearing
   */
  public static double sumAndClear(double[] bar) {
    double sum = 0;
    for (int i = 0; i < bar.length; i++) {
      sum += bar[i];
      bar[i] = 0;
    }
    return sum;
  }

  /** As {@link #sumAndClear(double[])}, for float arrays. */
  public static float sumAndClear(float[] bar) {
    float sum = 0;
    for (int i = 0; i < bar.length; i++) {
      sum += bar[i];
      bar[i] = 0;
    }
    return sum;
  }

  /**
   * The adjoint of {@code System.arraycopy(source, sourceStart, target, targetStart, length)}:
   * the target range's adjoint is added onto the source range's and then cleared. Correct when
   * the ranges overlap in one array.
   *
   * @param sourceBar the adjoint of the copy's source, or null where nobody wants it (the target's
   *     range is only cleared)
   * @param sourceStart where the copied range starts in the source
   * @param targetBar the adjoint of the copy's target
   * @param targetStart where the copied range starts in the target
   * @param length the number of elements copied
   */
  public static void moveBack(
      double[] sourceBar, int sourceStart, double[] targetBar, int targetStart, int length) {
    if (sourceBar == targetBar) {
      // Within one array, the ranges may overlap: the target's adjoints are read before cleared.
      double[] moved = java.util.Arrays.copyOfRange(targetBar, targetStart, targetStart + length);
      java.util.Arrays.fill(targetBar, targetStart, targetStart + length, 0);
      for (int k = 0; k < length; k++) {
        sourceBar[sourceStart + k] += moved[k];
      }
      return;
    }
    for (int k = 0; k < length; k++) {
      if (sourceBar != null) {
        sourceBar[sourceStart + k] += targetBar[targetStart + k];
      }
      targetBar[targetStart + k] = 0;
    }
  }

  /** As {@link #moveBack(double[], int, double[], int, int)}, for float arrays. */
  public static void moveBack(
      float[] sourceBar, int sourceStart, float[] targetBar, int targetStart, int length) {
    if (sourceBar == targetBar) {
      float[] moved = java.util.Arrays.copyOfRange(targetBar, targetStart, targetStart + length);
      java.util.Arrays.fill(targetBar, targetStart, targetStart + length, 0);
      for (int k = 0; k < length; k++) {
        sourceBar[sourceStart + k] += moved[k];
      }
      return;
    }
    for (int k = 0; k < length; k++) {
      if (sourceBar != null) {
        sourceBar[sourceStart + k] += targetBar[targetStart + k];
      }
      targetBar[targetStart + k] = 0;
    }
  }

  /**
   * A unit vector: {@code reuse} cleared (or a new array if its length differs) with 1 at {@code k};
   * the seed of one row of a Jacobian.
   *
   * @param reuse an array to reuse, or null
   * @param length the vector's length
   * @param k the index of the 1
   * @return zeros but for {@code 1} at {@code k}
   */
  public static double[] unit(double[] reuse, int length, int k) {
    double[] e = reuse != null && reuse.length == length ? reuse : new double[length];
    java.util.Arrays.fill(e, 0.0);
    e[k] = 1;
    return e;
  }

  /**
   * Copies {@code from} into {@code to}, which has its shape: puts back an array's state.
   *
   * @param to the array to overwrite
   * @param from the values to put there
   */
  public static void assign(double[] to, double[] from) {
    System.arraycopy(from, 0, to, 0, to.length);
  }

  /**
   * Copies {@code from} into {@code to}, row by row.
   *
   * @param to the matrix to overwrite
   * @param from the values to put there
   */
  public static void assign(double[][] to, double[][] from) {
    for (int r = 0; r < to.length; r++) {
      System.arraycopy(from[r], 0, to[r], 0, to[r].length);
    }
  }

  /**
   * Copies {@code from} into {@code to}, which has its shape: puts back an array's state.
   *
   * @param to the array to overwrite
   * @param from the values to put there
   */
  public static void assign(float[] to, float[] from) {
    System.arraycopy(from, 0, to, 0, to.length);
  }

  /**
   * Copies {@code from} into {@code to}, row by row.
   *
   * @param to the matrix to overwrite
   * @param from the values to put there
   */
  public static void assign(float[][] to, float[][] from) {
    for (int r = 0; r < to.length; r++) {
      System.arraycopy(from[r], 0, to[r], 0, to[r].length);
    }
  }

  /**
   * Copies {@code from} into {@code to}, which has its shape: puts back an array's state.
   *
   * @param to the array to overwrite
   * @param from the values to put there
   */
  public static void assign(int[] to, int[] from) {
    System.arraycopy(from, 0, to, 0, to.length);
  }

  /**
   * Copies {@code from} into {@code to}, row by row.
   *
   * @param to the matrix to overwrite
   * @param from the values to put there
   */
  public static void assign(int[][] to, int[][] from) {
    for (int r = 0; r < to.length; r++) {
      System.arraycopy(from[r], 0, to[r], 0, to[r].length);
    }
  }

  /**
   * Copies {@code from} into {@code to}, which has its shape: puts back an array's state.
   *
   * @param to the array to overwrite
   * @param from the values to put there
   */
  public static void assign(long[] to, long[] from) {
    System.arraycopy(from, 0, to, 0, to.length);
  }

  /**
   * Copies {@code from} into {@code to}, row by row.
   *
   * @param to the matrix to overwrite
   * @param from the values to put there
   */
  public static void assign(long[][] to, long[][] from) {
    for (int r = 0; r < to.length; r++) {
      System.arraycopy(from[r], 0, to[r], 0, to[r].length);
    }
  }

  /**
   * A copy of {@code a}.
   *
   * @param a an array, or null
   * @return a new array with the same values, or null
   */
  public static int[] copy(int[] a) {
    return a == null ? null : a.clone();
  }

  /**
   * A deep copy of {@code m}, row by row.
   *
   * @param m a matrix, or null
   * @return a new matrix with the same values, or null
   */
  public static int[][] copy(int[][] m) {
    if (m == null) {
      return null;
    }
    int[][] c = new int[m.length][];
    for (int i = 0; i < m.length; i++) {
      c[i] = copy(m[i]);
    }
    return c;
  }

  /**
   * A copy of {@code a}.
   *
   * @param a an array, or null
   * @return a new array with the same values, or null
   */
  public static long[] copy(long[] a) {
    return a == null ? null : a.clone();
  }

  /**
   * A deep copy of {@code m}, row by row.
   *
   * @param m a matrix, or null
   * @return a new matrix with the same values, or null
   */
  public static long[][] copy(long[][] m) {
    if (m == null) {
      return null;
    }
    long[][] c = new long[m.length][];
    for (int i = 0; i < m.length; i++) {
      c[i] = copy(m[i]);
    }
    return c;
  }

  /**
   * {@code reuse} cleared, or a new zero array if its length is not {@code length}.
   *
   * @param reuse an array to reuse, or null
   * @param length the length wanted
   * @return zeros of that length
   */
  public static double[] zeroed(double[] reuse, int length) {
    if (reuse == null || reuse.length != length) {
      return new double[length];
    }
    java.util.Arrays.fill(reuse, 0.0);
    return reuse;
  }

  /**
   * A copy of {@code from} in {@code reuse} if it has the same length, else in a new array.
   *
   * @param reuse an array to reuse, or null
   * @param from the values to copy
   * @return an array holding them
   */
  public static double[] copied(double[] reuse, double[] from) {
    double[] to = reuse != null && reuse.length == from.length ? reuse : new double[from.length];
    System.arraycopy(from, 0, to, 0, from.length);
    return to;
  }

  /**
   * As {@link #copied(double[], double[])}, row by row.
   *
   * @param reuse a matrix to reuse, or null
   * @param from the values to copy
   * @return a matrix holding them
   */
  public static double[][] copied(double[][] reuse, double[][] from) {
    double[][] to = reuse != null && reuse.length == from.length ? reuse : new double[from.length][];
    for (int r = 0; r < from.length; r++) {
      to[r] = copied(to[r], from[r]);
    }
    return to;
  }

  /**
   * {@code rows} zero arrays shaped like {@code like}, reusing {@code reuse}'s memory where the
   * shapes agree: the blocks of a Jacobian, one row per returned value.
   *
   * @param reuse a block to reuse, or null
   * @param rows the number of rows
   * @param like the array each row is shaped like
   * @return the cleared block
   */
  public static double[][] zeroedRows(double[][] reuse, int rows, double[] like) {
    double[][] block = reuse != null && reuse.length == rows ? reuse : new double[rows][];
    for (int r = 0; r < rows; r++) {
      block[r] = zeroed(block[r], like);
    }
    return block;
  }

  /**
   * As {@link #zeroedRows(double[][], int, double[])} for a matrix parameter.
   *
   * @param reuse a block to reuse, or null
   * @param rows the number of rows
   * @param like the matrix each row is shaped like
   * @return the cleared block
   */
  public static double[][][] zeroedRows(double[][][] reuse, int rows, double[][] like) {
    double[][][] block = reuse != null && reuse.length == rows ? reuse : new double[rows][][];
    for (int r = 0; r < rows; r++) {
      block[r] = zeroed(block[r], like);
    }
    return block;
  }

  /**
   * {@code rows} arrays shaped like {@code like}, {@code reuse}'s where the shapes agree, new ones
   * elsewhere; the caller clears each row before use (a Jacobian's block, row by row).
   *
   * @param reuse a block to reuse, or null
   * @param rows the number of rows
   * @param like the array each row is shaped like
   * @return the block, its rows' contents unspecified
   */
  public static double[][] rowsLike(double[][] reuse, int rows, double[] like) {
    double[][] block = reuse != null && reuse.length == rows ? reuse : new double[rows][];
    for (int r = 0; r < rows; r++) {
      if (block[r] == null || block[r].length != like.length) {
        block[r] = new double[like.length];
      }
    }
    return block;
  }

  /**
   * As {@link #rowsLike(double[][], int, double[])} for a matrix parameter.
   *
   * @param reuse a block to reuse, or null
   * @param rows the number of rows
   * @param like the matrix each row is shaped like
   * @return the block, its rows' contents unspecified
   */
  public static double[][][] rowsLike(double[][][] reuse, int rows, double[][] like) {
    double[][][] block = reuse != null && reuse.length == rows ? reuse : new double[rows][][];
    for (int r = 0; r < rows; r++) {
      block[r] = zeroed(block[r], like);
    }
    return block;
  }

  /**
   * Sets every element of {@code m} to zero, row by row.
   *
   * @param m a matrix
   */
  public static void clear(double[][] m) {
    for (double[] row : m) {
      java.util.Arrays.fill(row, 0.0);
    }
  }

  /**
   * The checks {@code System.arraycopy} makes before it copies, for a copy generated code makes
   * element by element (where a row of a matrix takes part): it throws where Java would, before
   * anything is written.
   *
   * @param sourceLength the source array's length
   * @param sourceStart where the copy starts in the source
   * @param targetLength the target array's length
   * @param targetStart where the copy starts in the target
   * @param length how many elements are copied
   * @throws ArrayIndexOutOfBoundsException as {@code System.arraycopy} does
   */
  public static void checkCopy(
      int sourceLength, int sourceStart, int targetLength, int targetStart, int length) {
    if (length < 0) {
      throw new ArrayIndexOutOfBoundsException("arraycopy: length " + length + " is negative");
    }
    if (sourceStart < 0 || (long) sourceStart + length > sourceLength) {
      throw new ArrayIndexOutOfBoundsException(
          "arraycopy: last source index " + ((long) sourceStart + length)
              + " out of bounds for length " + sourceLength);
    }
    if (targetStart < 0 || (long) targetStart + length > targetLength) {
      throw new ArrayIndexOutOfBoundsException(
          "arraycopy: last destination index " + ((long) targetStart + length)
              + " out of bounds for length " + targetLength);
    }
  }

  /**
   * The checks {@code Arrays.copyOfRange(a, from, to)} makes, for a copy of a row that generated
   * code makes element by element.
   *
   * @param length the copied array's length
   * @param from the first index copied
   * @param to the end of the range
   * @throws IllegalArgumentException if {@code from > to}
   * @throws ArrayIndexOutOfBoundsException if {@code from} is outside the array
   */
  public static void checkRange(int length, int from, int to) {
    if (from > to) {
      throw new IllegalArgumentException(from + " > " + to);
    }
    if (from < 0 || from > length) {
      throw new ArrayIndexOutOfBoundsException(
          "Array index out of range: " + from + " for length " + length);
    }
  }

  /**
   * Checks that an array copied into a row of a matrix ({@code m[i] = b.clone()}, which generated
   * code copies element by element) has the row's length, as the derivatives assume.
   *
   * @param length the copied array's length
   * @param rowLength the row's length
   * @throws IllegalArgumentException if they differ (Java would give the matrix a row of another
   *     length)
   */
  public static void checkRowLength(int length, int rowLength) {
    if (length != rowLength) {
      throw new IllegalArgumentException(
          "javad: a row of length " + rowLength + " is assigned a copy of an array of length "
              + length + ", which javad copies into the row: give the matrix rows of that length");
    }
  }

  /**
   * Checks that two rows a generated derivative passes to a callee that writes one of them are
   * different arrays, as its derivative assumes ({@code axpy(a, m[k], m[r])} with {@code k != r}
   * at run time).
   *
   * @param a one row
   * @param b the other
   * @param call the call, for the message
   * @param read the row read, for the message
   * @throws IllegalArgumentException if they are one array
   */
  public static void requireDistinct(Object a, Object b, String call, String read) {
    if (a == b) {
      throw new IllegalArgumentException(
          "javad: " + call + " is passed one row of a matrix for two parameters, and writes one"
              + " of them, where its derivative assumes two arrays: pass a copy of the row it"
              + " reads (" + read + ".clone())");
    }
  }
  /**
   * The seed of a pullback: zeros for null, else the seed itself once it is found shaped like the
   * value it weighs.
   *
   * @param seed the seed given, or null
   * @param value the method's value
   * @param method the method's name, for the message
   * @return the seed, or zeros shaped like {@code value}
   * @throws IllegalArgumentException if the seed's length differs from the value's
   */
  public static double[] seed(double[] seed, double[] value, String method) {
    if (seed == null) {
      return new double[value.length];
    }
    checkSeed(seed.length, value.length, method, "");
    return seed;
  }

  /**
   * As {@link #seed(double[], double[], String)}, for a matrix: row by row.
   *
   * @param seed the seed given, or null
   * @param value the method's value
   * @param method the method's name, for the message
   * @return the seed, or zeros shaped like {@code value}
   * @throws IllegalArgumentException if the seed's shape differs from the value's
   */
  public static double[][] seed(double[][] seed, double[][] value, String method) {
    if (seed == null) {
      return zerosLike(value);
    }
    checkSeed(seed.length, value.length, method, "");
    for (int i = 0; i < seed.length; i++) {
      if (seed[i] == null) {
        throw new IllegalArgumentException("seed has no row " + i + ", " + method + " returns one");
      }
      checkSeed(seed[i].length, value[i].length, method, " in row " + i);
    }
    return seed;
  }

  /**
   * As {@link #seed(double[], double[], String)}, for float arrays.
   *
   * @param seed the seed given, or null
   * @param value the method's value
   * @param method the method's name, for the message
   * @return the seed, or zeros shaped like {@code value}
   * @throws IllegalArgumentException if the seed's length differs from the value's
   */
  public static float[] seed(float[] seed, float[] value, String method) {
    if (seed == null) {
      return new float[value.length];
    }
    checkSeed(seed.length, value.length, method, "");
    return seed;
  }

  /**
   * As {@link #seed(double[][], double[][], String)}, for float matrices.
   *
   * @param seed the seed given, or null
   * @param value the method's value
   * @param method the method's name, for the message
   * @return the seed, or zeros shaped like {@code value}
   * @throws IllegalArgumentException if the seed's shape differs from the value's
   */
  public static float[][] seed(float[][] seed, float[][] value, String method) {
    if (seed == null) {
      return zerosLike(value);
    }
    checkSeed(seed.length, value.length, method, "");
    for (int i = 0; i < seed.length; i++) {
      if (seed[i] == null) {
        throw new IllegalArgumentException("seed has no row " + i + ", " + method + " returns one");
      }
      checkSeed(seed[i].length, value[i].length, method, " in row " + i);
    }
    return seed;
  }

  private static void checkSeed(int seedLength, int valueLength, String method, String where) {
    if (seedLength != valueLength) {
      throw new IllegalArgumentException(
          "seed has " + seedLength + " values" + where + ", " + method + " returns " + valueLength);
    }
  }
}
