package io.javad;

/** The two modes of automatic differentiation that javad generates code for. */
public enum Mode {
  /**
   * Forward (tangent) mode: {@code fTangent} carries a tangent {@code xDot} beside each active input
   * and returns the value with its directional derivative. One pass per input direction.
   */
  FORWARD,
  /**
   * Reverse (adjoint) mode: {@code fGradient} runs the function forward, then propagates adjoints
   * backwards, and returns the value with the derivative for every active input, at a small constant
   * multiple of the function's own cost.
   */
  REVERSE
}
