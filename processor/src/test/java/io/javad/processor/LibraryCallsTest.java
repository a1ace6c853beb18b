package io.javad.processor;

import io.javad.processor.testing.CompiledClasses;
import io.javad.processor.testing.Compiler;
import io.javad.processor.testing.DerivativeChecks;
import io.javad.processor.testing.Differentiated;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Library calls that need no derivative where their arguments do not depend on the active inputs
 * ({@code Math.ulp(1.0)}, {@code Math.scalb(3.0, 2)}, {@code Double.isNaN(x)} in any expression),
 * and the functions javad has rules for beyond the elementary ones ({@code IEEEremainder}, {@code
 * nextUp}, {@code ulp}), in both modes against finite differences.
 */
class LibraryCallsTest {

  private static final String SOURCE =
      """
      package t;

      import io.javad.Differentiable;

      public class Lib {
        @Differentiable
        static double constants(double x, double y) {
          return x * Math.ulp(1.0) * 1e15 + y * Math.scalb(3.0, 2) + Math.nextUp(x) * y;
        }

        @Differentiable
        static double tests(double x, double y) {
          double s = Double.isNaN(x) || Double.isInfinite(y) ? 0 : x * y;
          if (Double.isFinite(x / y) && !Double.isNaN(y)) {
            s += x;
          }
          return s + (Double.compare(x, y) > 0 ? x : y);
        }

        @Differentiable
        static double remainder(double x, double y) {
          return Math.IEEEremainder(x, y) * x + Math.ulp(x) * 1e15;
        }
      }
      """;

  private static CompiledClasses classes;

  @BeforeAll
  static void compile() {
    classes = Compiler.compileAndLoad(Compiler.source("t.Lib", SOURCE));
  }

  @ParameterizedTest
  @ValueSource(strings = {"constants", "tests", "remainder"})
  void differentiates(String name) {
    Differentiated f = new Differentiated(classes, "t.Lib", name);
    DerivativeChecks.check(f, 0.7, 1.3);
    DerivativeChecks.check(f, 5.3, 1.9);
    DerivativeChecks.check(f, -2.2, 0.9);
  }
}
