package io.javad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javad.processor.testing.CompiledClasses;
import io.javad.processor.testing.Compiler;
import io.javad.processor.testing.DerivativeChecks;
import io.javad.processor.testing.Differentiated;
import java.lang.reflect.Method;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lambdas defined and called in the method, and {@code Arrays.stream} pipelines with lambdas,
 * inlined and lowered to loops: both modes against finite differences; the value is Java's.
 */
class LambdasTest {

  private static final String SOURCE =
      """
      package t;

      import io.javad.Differentiable;
      import java.util.Arrays;
      import java.util.function.DoubleBinaryOperator;
      import java.util.function.DoubleUnaryOperator;

      public class Fns {
        static int calls;

        static double C = 2.0;

        /** The lambda means the field C; the local C declared after it does not change that. */
        @Differentiable
        static double shadowed(double x, double y) {
          DoubleUnaryOperator g = v -> v * C;
          double C = y;
          return g.applyAsDouble(x) + C;
        }

        static double noisy(double v) { calls++; return v; }

        @Differentiable
        static double local(double x, double y) {
          double scale = 2;
          DoubleUnaryOperator sq = v -> scale * v * v;
          DoubleBinaryOperator hyp = (a, b) -> {
            return Math.sqrt(a * a + b * b);
          };
          DoubleUnaryOperator half = v -> v / 2;
          return sq.applyAsDouble(x) + hyp.applyAsDouble(x, y) + sq.applyAsDouble(x + y)
              + half.applyAsDouble(1) * y;
        }

        @Differentiable
        static double nested(double x, double y) {
          DoubleUnaryOperator g = v -> v * v;
          DoubleUnaryOperator h = v -> g.applyAsDouble(v * 2) + v * y;
          double[] a = {x, y};
          return h.applyAsDouble(x + 1) + Arrays.stream(a).map(v -> h.applyAsDouble(v - 1)).sum();
        }

        /** Lambdas with statements: locals, branches, loops, an assigned parameter, arrays. */
        @Differentiable
        static double blocks(double x, double y) {
          double[] w = {0.5, -1.0, 2.0};
          DoubleUnaryOperator poly = v -> {
            double s = 0;
            for (int k = w.length - 1; k >= 0; k--) {
              s = s * v + w[k];
            }
            return s;
          };
          DoubleBinaryOperator huber = (r, d) -> {
            double a = Math.abs(r);
            if (a <= d) {
              return 0.5 * r * r;
            }
            return d * (a - 0.5 * d);
          };
          DoubleUnaryOperator damped = v -> {
            v = v * 0.5;
            v += Math.sin(v);
            return v * y;
          };
          java.util.function.ToDoubleFunction<double[]> norm2 = a -> {
            double s = 0;
            for (double e : a) {
              s += e * e;
            }
            return s;
          };
          double[] a = {x, y, x * y};
          double t = x > 0 ? poly.applyAsDouble(y) : damped.applyAsDouble(x + y);
          if (y < 10 && huber.applyAsDouble(x * 3, 1.0) > 0.25) {
            t += damped.applyAsDouble(t);
          }
          t += Arrays.stream(a).map(v -> {
            double e = Math.exp(-v);
            return 1 / (1 + e);
          }).filter(v -> {
            double margin = v - 0.3;
            if (margin > 0.6) {
              return false;
            }
            return margin > 0;
          }).sum();
          java.util.function.DoublePredicate big = v -> {
            if (v > 3) {
              return true;
            }
            return v < -3;
          };
          if (big.test(t * 2)) {
            t *= 0.5;
          }
          return t + norm2.applyAsDouble(a) + huber.applyAsDouble(y - 1, 0.5) + poly.applyAsDouble(x);
        }

        /** References to static methods, Math's and a differentiable one, as lambdas. */
        @Differentiable
        static double references(double x, double y) {
          double[] a = {x, y, x * y};
          DoubleUnaryOperator e = Math::exp;
          DoubleBinaryOperator h = StrictMath::hypot;
          java.util.function.IntToDoubleFunction root = Math::sqrt;
          DoubleUnaryOperator own = Fns::softplus;
          return Arrays.stream(a).map(Math::tanh).sum() + e.applyAsDouble(x) + h.applyAsDouble(x, y)
              + Arrays.stream(a).reduce(0, Math::max) + root.applyAsDouble(3) * y
              + Arrays.stream(a).map(Fns::softplus).sum() + own.applyAsDouble(x - y);
        }

        @Differentiable
        static double softplus(double v) {
          return Math.log1p(Math.exp(v));
        }

        /** Streams of an index range and of values: a dot product, a filtered range, DoubleStream.of. */
        @Differentiable
        static double ranges(double x, double y) {
          double[] a = {x, y, x * y, 0.5};
          double[] b = {y, -1, 2, x};
          int n = a.length;
          double dot = java.util.stream.IntStream.range(0, n).mapToDouble(i -> a[i] * b[i]).sum();
          double odd = java.util.stream.IntStream.rangeClosed(1, n - 1).filter(i -> i % 2 == 1)
              .map(i -> i - 1).mapToDouble(i -> a[i] * x).map(Math::sin).sum();
          double top = java.util.stream.DoubleStream.of(x, 2 * y, x * y).max().getAsDouble();
          return dot + odd + top;
        }

        /**
         * Found by a user trial (a wrong number, and code that did not compile): a block lambda
         * called in an expression lambda with its parameter, a stream inside a lambda, a block
         * lambda in a for loop's initialization and update; and reductions of Java's library.
         */
        @Differentiable
        static double insideLambdas(double x, double y) {
          DoubleUnaryOperator sq = t -> {
            double s = t * t;
            return s;
          };
          DoubleUnaryOperator k = u -> sq.applyAsDouble(u) + 1;
          double u = 3;
          double[] a = {x, y, x * y};
          double nested = java.util.stream.IntStream.range(0, a.length)
              .mapToDouble(i -> java.util.stream.IntStream.range(0, i + 1).mapToDouble(j -> a[j]).sum())
              .sum();
          double mapped = Arrays.stream(a).map(v -> sq.applyAsDouble(v) * v).sum();
          DoubleUnaryOperator shrink = t -> {
            double h = t * 0.5;
            return h - 0.1;
          };
          double s = 0;
          for (double v = shrink.applyAsDouble(x + 2), w = 1; v > 0.2; v = shrink.applyAsDouble(v), w += 1) {
            if (w > 2) {
              continue;
            }
            s += v * w;
          }
          int squares = java.util.stream.IntStream.range(0, 4).map(i -> i * i).sum();
          double total = Arrays.stream(a).reduce(0, Double::sum) + Arrays.stream(a).reduce(-9, Double::max);
          return k.applyAsDouble(x) + u + nested + mapped + s + squares * y + total
              + java.util.stream.DoubleStream.of(a).max().getAsDouble();
        }

        @Differentiable
        static double streams(double x, double y) {
          double[] a = {x, y, x * y, -x, 0.5};
          DoubleUnaryOperator cube = v -> v * v * v;
          double s = Arrays.stream(a).map(v -> v * v).sum();
          double m = Arrays.stream(a).filter(v -> v > 0).max().orElse(0);
          double low = Arrays.stream(a).map(cube).min().getAsDouble();
          double r = Arrays.stream(a).reduce(1, (p, v) -> p * (1 + v));
          double avg = Arrays.stream(a).map(v -> Math.abs(v)).average().getAsDouble();
          long n = Arrays.stream(a).filter(v -> v < 1).count();
          return s + m + low + r * avg + n;
        }
      }
      """;

  private static CompiledClasses classes;

  @BeforeAll
  static void compile() {
    classes = Compiler.compileAndLoad(Compiler.source("t.Fns", SOURCE));
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "nested", "streams", "shadowed", "blocks", "references", "ranges", "insideLambdas"})
  void differentiatesAndKeepsTheValue(String name) throws Exception {
    Differentiated f = new Differentiated(classes, "t.Fns", name);
    Method primal = classes.load("t.Fns").getDeclaredMethod(name, double.class, double.class);
    primal.setAccessible(true);
    for (double[] at : new double[][] {{0.7, 1.3}, {-0.4, 2.5}, {1.5, -0.2}}) {
      DerivativeChecks.check(f, at);
      assertEquals((double) primal.invoke(null, at[0], at[1]), f.gradient(at)[0], 1e-12, name);
    }
  }

  @Test
  void theStreamIsALoop() {
    String source = classes.generatedCode("t.FnsDerivatives");
    assertTrue(!source.contains("stream(") && !source.contains("applyAsDouble"), source);
  }
}
