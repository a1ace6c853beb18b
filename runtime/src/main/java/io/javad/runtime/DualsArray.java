package io.javad.runtime;

/**
 * The value of a vector-valued function and its directional derivatives along k directions, from
 * one pass of forward mode in vector form ({@code fTangents}).
 *
 * @param value the function's value
 * @param tangents per direction, in the order given, the derivative of every returned value
 */
public record DualsArray(double[] value, double[][] tangents) {}
