package io.javad.runtime;

/**
 * The value of a vector-valued function and its directional derivatives along k directions, from
 * one pass of forward mode in vector form ({@code fTangents}).
 *
 * @param value the function's value
 * @param tangents per direction, in the order given, the derivative of every returned value
 */
public record DualsArray(double[] value, double[][] tangents) {

  /** Equal values and tangents, element by element. */
  @Override
  public boolean equals(Object o) {
    return o instanceof DualsArray d
        && java.util.Arrays.equals(value, d.value)
        && java.util.Arrays.deepEquals(tangents, d.tangents);
  }

  @Override
  public int hashCode() {
    return 31 * java.util.Arrays.hashCode(value) + java.util.Arrays.deepHashCode(tangents);
  }

  @Override
  public String toString() {
    return "DualsArray[value=" + java.util.Arrays.toString(value)
        + ", tangents=" + java.util.Arrays.deepToString(tangents) + "]";
  }
}
