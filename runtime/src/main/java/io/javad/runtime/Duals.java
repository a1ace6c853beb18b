package io.javad.runtime;

/**
 * A value and its directional derivatives along k directions, from one pass of forward mode in
 * vector form ({@code fTangents}).
 *
 * @param value the function's value
 * @param tangents the directional derivative along each direction, in the order given
 */
public record Duals(double value, double[] tangents) {}
