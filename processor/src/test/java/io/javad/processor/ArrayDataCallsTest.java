package io.javad.processor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javad.processor.testing.ArrayFunction;
import io.javad.processor.testing.CompiledClasses;
import io.javad.processor.testing.Compiler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Methods without derivatives given arrays as data (a search of a grid, a lookup), and optional
 * arrays tested for null: called as they
 * are where they only read the arrays, in both modes against finite differences; an error at the
 * call where they write, pass on or return an array, or are given an array that carries
 * derivatives.
 */
class ArrayDataCallsTest {

  private static final String SOURCE =
      """
      package t;

      import io.javad.Differentiable;
      import io.javad.NoDerivative;

      public class Curve {
        /** The interval of the grid holding t, clamped: a binary search. */
        private static int bracket(double[] pillars, double t) {
          int lo = 0;
          int hi = pillars.length - 1;
          if (t <= pillars[0]) {
            return 0;
          }
          if (t >= pillars[hi]) {
            return hi - 1;
          }
          while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (pillars[mid] <= t) {
              lo = mid;
            } else {
              hi = mid;
            }
          }
          return lo;
        }

        /** A weight read from a table of rows. */
        static double weight(double[][] table, int row, int column) {
          return table[row].length > column ? table[row][column] : 1.0;
        }

        @Differentiable
        static double zeroRate(double[] zeros, @NoDerivative double[] pillars, double t) {
          int i = bracket(pillars, t);
          double w = (t - pillars[i]) / (pillars[i + 1] - pillars[i]);
          w = Math.max(0.0, Math.min(1.0, w));
          return zeros[i] * (1 - w) + zeros[i + 1] * w;
        }

        /** An optional array: null where there is no offset. */
        @Differentiable(wrt = "z")
        static double shifted(double[] z, double[] offset, double t) {
          double s = 0;
          for (int i = 0; i < z.length; i++) {
            double o = offset == null ? 0 : offset[i];
            s += (z[i] + o) * (z[i] + o) * t;
          }
          if (offset != null && offset.length > 2) {
            s *= 2;
          }
          return s;
        }

        /** A bond's value off a zero curve: its gradient holds the key-rate sensitivities. */
        @Differentiable
        static double pv(
            double[] zeros, @NoDerivative double[] pillars, @NoDerivative double[] times,
            @NoDerivative double[][] flows) {
          double sum = 0;
          for (int i = 0; i < times.length; i++) {
            double z = zeroRate(zeros, pillars, times[i]);
            int k = java.util.Arrays.binarySearch(pillars, times[i]);
            double bump = k >= 0 ? 1e-4 : 0;
            sum += weight(flows, 0, i) * Math.exp(-(z + bump) * times[i]);
          }
          return sum;
        }
      }
      """;

  private static CompiledClasses classes;

  @BeforeAll
  static void compile() {
    classes = Compiler.compileAndLoad(Compiler.source("t.Curve", SOURCE));
  }

  @Test
  void helpersReadingArraysAreCalledAsTheyAre() {
    double[] zeros = {0.01, 0.015, 0.02, 0.028, 0.032};
    double[] pillars = {0.25, 1, 2, 5, 10};
    double[] times = {0.5, 1, 1.5, 2, 2.5, 3, 7, 12};
    double[][] flows = {{3, 3, 3, 3, 3, 3, 103}};
    new ArrayFunction(classes, "t.Curve", "pv").check(zeros, pillars, times, flows);
    // Inside the interval [2, 5]: linear in t between the two zeros.
    Object g = invoke("zeroRateGradient", zeros, pillars, 3.7);
    double w = (3.7 - 2) / 3;
    org.junit.jupiter.api.Assertions.assertArrayEquals(
        new double[] {0, 0, 1 - w, w, 0}, (double[]) component(g, "zeros"), 1e-15);
    org.junit.jupiter.api.Assertions.assertEquals((0.028 - 0.02) / 3, (double) component(g, "t"), 1e-15);
  }

  private static Object invoke(String name, Object... args) {
    try {
      return io.javad.processor.testing.GeneratedMembers.named(classes.load("t.CurveDerivatives"), name)
          .invoke(null, args);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static Object component(Object record, String name) {
    try {
      return record.getClass().getMethod(name).invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void anOptionalArrayTestedForNull() {
    ArrayFunction f = new ArrayFunction(classes, "t.Curve", "shifted");
    f.check(new double[] {0.3, -0.7, 1.1}, null, 0.9);
    f.check(new double[] {0.3, -0.7, 1.1}, new double[] {0.5, 0.25, -1}, 0.9);
  }

  @Test
  void helpersThatWriteOrAreGivenActiveArraysAreErrors() {
    String writes =
        Compiler.firstError(
            """
            static int sortAndFind(double[] a, double t) { java.util.Arrays.sort(a); return 0; }
            @Differentiable static double f(double[] w, @io.javad.NoDerivative double[] grid) {
              return w[sortAndFind(grid, w[0])];
            }
            """);
    assertTrue(
        writes.contains("call to M.sortAndFind is not supported: it is given an array")
            && writes.contains("uses it otherwise than to read"),
        writes);
    String active =
        Compiler.firstError(
            """
            static double total(double[] a) { double s = 0; for (double v : a) { s += v; } return s; }
            @Differentiable static double f(double[] w) { return total(w) * w[0]; }
            """);
    assertTrue(active.contains("passes an array that depends on an active input to M.total"), active);
    assertTrue(active.contains("@AdjointOf(target = M.class, method = \"total\")"), "the rules to write: " + active);
  }
}
