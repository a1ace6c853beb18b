package io.javad;

/** The modes of automatic differentiation that javad generates code for. */
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
  REVERSE,
  /**
   * Forward mode along k directions in one pass (Tapenade's vector mode): {@code fTangents} takes k
   * tangents per active input and returns the value with the k directional derivatives, running
   * the function's own computation once. Not among the default modes: ask for it with {@code
   * modes = {Mode.FORWARD, Mode.REVERSE, Mode.FORWARD_VECTOR}}.
   */
  FORWARD_VECTOR
}
