package io.javad.runtime;

/**
 * A value and its directional derivatives along k directions, from one pass of forward mode in
 * vector form ({@code fTangents}).
 *
 * @param value the function's value
 * @param tangents the directional derivative along each direction, in the order given
 */
public record Duals(double value, double[] tangents) {

  /** Equal values and tangents, element by element. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Duals d
        && Double.compare(value, d.value) == 0
        && java.util.Arrays.equals(tangents, d.tangents);
  }

  @Override
  public int hashCode() {
    return 31 * Double.hashCode(value) + java.util.Arrays.hashCode(tangents);
  }

  @Override
  public String toString() {
    return "Duals[value=" + value + ", tangents=" + java.util.Arrays.toString(tangents) + "]";
  }
}
