package io.javad.processor;

import io.javad.processor.testing.ArrayFunction;
import io.javad.processor.testing.CompiledClasses;
import io.javad.processor.testing.Compiler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A local naming one of two arrays chosen by {@code ?:}, read through the choice: elements,
 * lengths, stores, calls given it, matrices too; both modes against finite differences and the
 * dot-product test, for either choice.
 */
class ChosenArraysTest {

  private static final String SOURCE =
      """
      package t;

      import io.javad.Differentiable;

      public class Choices {
        @Differentiable
        static double dot(double[] u, double[] v) {
          double s = 0;
          for (int i = 0; i < u.length; i++) {
            s += u[i] * v[i];
          }
          return s;
        }

        @Differentiable(wrt = "w")
        static double choose(double[] w, int k) {
          double[] b = {0.5, -1.0, w[0] * w[1]};
          double[] chosen = k > 0 ? w : b;
          double s = 0;
          for (int i = 0; i < chosen.length; i++) {
            s += chosen[i] * Math.sin(chosen[i]);
          }
          double[] scratch = new double[w.length];
          double[] target = (k % 2 == 0) ? scratch : b;
          target[1] = s * w[2];
          target[0] += w[1];
          double[][] p = {{w[0], 1}, {w[1], w[2]}};
          double[][] q = new double[2][2];
          double[][] m = k > 1 ? p : q;
          m[1][0] = m[0][0] * 3;
          return s + dot(chosen, w) + target[0] * target[1] + b[1] + scratch[1] + p[1][0] + m[1][1];
        }

        /** Choices written inside expressions: an argument, an indexed choice, a for-each's array. */
        @Differentiable(wrt = "w")
        static double inExpressions(double[] w, int k) {
          double[] b = {w[1] * w[2], 0.5, -w[0]};
          double s = dot(k > 0 ? w : b, w);
          s += (k % 2 == 0 ? b : w)[1] * w[0];
          for (double v : k > 1 ? b : w) {
            s += Math.sin(v) * v;
          }
          int j = 0;
          // The condition's increment runs once, before the element is read.
          s += (++j > k ? w : b)[j] * 3;
          return s + j;
        }
      }
      """;

  private static CompiledClasses classes;

  @BeforeAll
  static void compile() {
    classes = Compiler.compileAndLoad(Compiler.source("t.Choices", SOURCE));
  }

  @Test
  void eachChoiceDifferentiates() {
    ArrayFunction f = new ArrayFunction(classes, "t.Choices", "choose");
    for (int k = -1; k <= 2; k++) {
      f.check(new double[] {0.7, -0.4, 1.3}, k);
    }
  }

  @Test
  void choicesInsideExpressionsDifferentiate() {
    ArrayFunction f = new ArrayFunction(classes, "t.Choices", "inExpressions");
    for (int k = -1; k <= 2; k++) {
      f.check(new double[] {0.7, -0.4, 1.3}, k);
    }
  }

  @Test
  void whatTheChoiceCannotBeReadThroughIsAnError() {
    String returned =
        Compiler.firstError(
            """
            @Differentiable static double f(double[] a, double[] b) {
              double[] w = a[0] > 0 ? a : b; double[] v = w; return v[0]; }
            """);
    org.junit.jupiter.api.Assertions.assertTrue(
        returned.contains("array w, chosen by ?:, is used here as a whole"), returned);
  }
}
