package io.javad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.javad.processor.testing.CompiledClasses;
import io.javad.processor.testing.Compiler;
import io.javad.processor.testing.DerivativeChecks;
import io.javad.processor.testing.Differentiated;
import java.lang.reflect.Field;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Calls where they run only sometimes or in a loop's header: in a branch of {@code ?:}, right of
 * {@code &&} and {@code ||}, in loop conditions, initializations and updates, in the index of a row
 * alias. Each differentiates in both modes (finite differences, dot-product test), and each call
 * runs exactly as often as in the function, in the same order: a counter in the helper checks it.
 */
class CallsAnywhereTest {

  private static final String SOURCE =
      """
      package t;

      import io.javad.Differentiable;
      import io.javad.DerivativeOf;

      public class Anywhere {
        static int calls;

        static double weight(double v) { calls++; return 1 + 0.5 * Math.sin(v); }

        @DerivativeOf(target = Anywhere.class, method = "weight")
        static double weightDv(double v) { return 0.5 * Math.cos(v); }

        static int pick(int i) { calls++; return i % 2; }

        static double scale(int k) { calls++; return 1.0 + k; }

        @Differentiable
        static double branch(double x, double y) {
          return x > 0 ? x * weight(y) : y * weight(x) + weight(0.5);
        }

        @Differentiable
        static double shortCircuit(double x, double y) {
          double s = x;
          if (x > 0 && weight(y) > 1) {
            s = s * y;
          }
          if (y > 2 || weight(x) < 1.2) {
            s = s + x * y;
          }
          return s;
        }

        @Differentiable
        static double orderKept(double x, double y) {
          return weight(x) * (y > 0 ? weight(y) : 1) + weight(x + y);
        }

        @Differentiable
        static double loopCondition(double x, double y) {
          double s = 0;
          int i = 0;
          while (i < scale(2)) {
            s += x * weight(y * i);
            i++;
          }
          return s;
        }

        @Differentiable
        static double loopHeader(double x, double y) {
          double s = y;
          for (double t = weight(x); t < 10; t = t * scale(1)) {
            s = s * x + t;
          }
          return s;
        }

        @Differentiable
        static double rowIndex(double x, double y) {
          double[][] m = {{x, y}, {y * y, x * y}};
          double[] row = m[pick(1)];
          return row[0] * row[1];
        }

        @Differentiable
        static double storeIndex(double x, double y) {
          double[] a = {x, y};
          a[x > 0 ? pick(1) : 0] = x * y;
          return a[0] * a[1];
        }
      }
      """;

  private static CompiledClasses classes;

  @BeforeAll
  static void compile() {
    classes = Compiler.compileAndLoad(Compiler.source("t.Anywhere", SOURCE));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "branch", "shortCircuit", "orderKept", "loopCondition", "loopHeader", "rowIndex",
        "storeIndex"
      })
  void differentiatesInBothModes(String method) {
    Differentiated f = new Differentiated(classes, "t.Anywhere", method);
    DerivativeChecks.check(f, 0.7, 1.3);
    DerivativeChecks.check(f, -0.4, 2.5);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "branch", "shortCircuit", "orderKept", "loopCondition", "loopHeader", "rowIndex",
        "storeIndex"
      })
  void eachCallRunsAsOftenAsInTheFunction(String method) throws Exception {
    Differentiated f = new Differentiated(classes, "t.Anywhere", method);
    Field calls = classes.load("t.Anywhere").getDeclaredField("calls");
    calls.setAccessible(true);
    for (double[] at : new double[][] {{0.7, 1.3}, {-0.4, 2.5}}) {
      calls.setInt(null, 0);
      f.value(at);
      int inFunction = calls.getInt(null);
      calls.setInt(null, 0);
      f.gradient(at);
      assertEquals(inFunction, calls.getInt(null), method + " gradient");
      calls.setInt(null, 0);
      f.tangent(at, new double[] {1, 0});
      assertEquals(inFunction, calls.getInt(null), method + " tangent");
    }
  }

  @Test
  void theGeneratedCodeNamesEachCallOnce() {
    String source = classes.generatedSource("t.AnywhereDerivatives");
    // The branch's call has its own statement inside the branch.
    org.junit.jupiter.api.Assertions.assertTrue(
        source.contains("if (x > 0) {"), source);
  }
}
