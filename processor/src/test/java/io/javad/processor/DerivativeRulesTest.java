package io.javad.processor;

import static io.javad.processor.testing.DerivativeChecks.check;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import io.javad.processor.testing.CompiledClasses;
import io.javad.processor.testing.Compiler;
import io.javad.processor.testing.Differentiated;
import io.javad.runtime.Dual;
import java.util.List;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code @DerivativeOf} rules for functions javad cannot see into, in both modes: one rule per
 * partial derivative, an overload chosen by parameter types, and a parameter without a rule that
 * may only take inactive values. Checked against finite differences, the dot-product test and the
 * closed form of the logistic function.
 */
class DerivativeRulesTest {

  private static final String SOURCE =
      """
      package t;

      import io.javad.DerivativeOf;
      import io.javad.Differentiable;

      public class Model {
        /** Stands for a library whose source javad does not read. */
        static final class Special {
          static double logistic(double x) {
            return 1 / (1 + Math.exp(-x));
          }

          static double blend(double a, double b, int k) {
            return a * a * k + Math.sin(b);
          }

          static double blend(double a, double b) {
            return a * b;
          }

          static double scaled(double v, double scale) {
            return v * scale;
          }

          static float cube(float v) {
            return v * v * v;
          }
        }

        static final class SpecialRules {
          @DerivativeOf(target = Special.class, method = "logistic")
          static double logistic(double x) {
            double s = Special.logistic(x);
            return s * (1 - s);
          }

          @DerivativeOf(target = Special.class, method = "blend", wrt = "a")
          static double blendA(double a, double b, int k) {
            return 2 * a * k;
          }

          // wrt by the rule's own name for the parameter (a class file may only have arg1).
          @DerivativeOf(target = Special.class, method = "blend", wrt = "second")
          static double blendB(double first, double second, int k) {
            return Math.cos(second);
          }

          @DerivativeOf(target = Special.class, method = "cube")
          static float cube(float v) {
            return 3 * v * v;
          }

          @DerivativeOf(target = Special.class, method = "scaled", wrt = "v")
          static double scaledV(double v, double scale) {
            return scale;
          }
        }

        private static double softplus(double x) {
          return Math.log1p(Math.exp(x));
        }

        @DerivativeOf(target = Model.class, method = "softplus")
        private static double softplusRule(double x) {
          return 1 / (1 + Math.exp(-x));
        }

        @Differentiable
        static double smooth(double x) {
          return softplus(2 * x) * x;
        }

        @Differentiable
        static double chain(double x, double y) {
          return Special.logistic(x * y) + Special.blend(x, y * y, 3) * x;
        }

        @Differentiable
        static float inFloat(float x) {
          return Special.cube(x) * 2 + x;
        }

        @Differentiable
        static double iterated(double x, int n) {
          double s = x;
          for (int i = 0; i < n; i++) {
            s = 2 * Special.logistic(s) - x * Special.scaled(s, 0.5 * i);
          }
          return s;
        }
      }
      """;

  private static CompiledClasses classes;

  @BeforeAll
  static void compile() {
    classes = Compiler.compileAndLoad(Compiler.source("t.Model", SOURCE));
  }

  private static Differentiated f(String name) {
    return new Differentiated(classes, "t.Model", name);
  }

  @Test
  void rulesWithOneAndWithSeveralParameters() {
    for (double[] p : new double[][] {{0.3, -0.7}, {1.5, 0.2}, {-2, 1}}) {
      check(f("chain"), p);
    }
  }

  @Test
  void aPrivateRuleForAPrivateFunction() {
    // d/dx softplus(2x) x = 2 logistic(2x) x + softplus(2x).
    double x = 0.7;
    double expected = 2 * x / (1 + Math.exp(-2 * x)) + Math.log1p(Math.exp(2 * x));
    assertEquals(expected, f("smooth").gradient(new double[] {x})[1], 1e-14 * expected);
    check(f("smooth"), x);
    check(f("smooth"), -1.2);
  }

  @Test
  void logisticClosedForm() {
    double x = 0.8;
    double y = 1.25;
    double s = 1 / (1 + Math.exp(-x * y));
    // d/dx [logistic(xy) + (x^2 * 3 + sin(y^2)) x] = s(1-s) y + 9 x^2 + sin(y^2)
    double expected = s * (1 - s) * y + 9 * x * x + Math.sin(y * y);
    assertEquals(expected, f("chain").gradient(new double[] {x, y})[1], 1e-14 * expected);
    assertEquals(
        expected, f("chain").tangent(new double[] {x, y}, new double[] {1, 0}).tangent(), 1e-14 * expected);
  }

  @Test
  void floatFunctionsGetFloatRules() throws Exception {
    Class<?> companion = classes.load("t.ModelDerivatives");
    float x = 1.5f;
    Dual t = (Dual) companion.getDeclaredMethod("inFloatTangent", float.class, float.class).invoke(null, x, 1f);
    assertEquals(6 * x * x + 1, t.tangent(), 1e-5);
    Object g = companion.getDeclaredMethod("inFloatGradient", float.class).invoke(null, x);
    assertEquals(6 * x * x + 1, (float) g.getClass().getMethod("x").invoke(g), 1e-5);
  }

  @Test
  void rulesInsideALoop() {
    check(f("iterated"), 0.4, 5);
    check(f("iterated"), -1.1, 3);
  }

  @Test
  void readableCallsToTheRules() {
    String generated = classes.generatedSource("t.ModelDerivatives");
    assertTrue(generated.contains("SpecialRules.logistic("), generated);
    assertTrue(generated.contains("SpecialRules.blendB("), generated);
  }

  private static final String BAD_RULES =
      """
      package t;

      import io.javad.DerivativeOf;

      public class Bad {
        static double f(double a, double b) {
          return a * b;
        }

        @DerivativeOf(target = Bad.class, method = "f", wrt = "c")
        static double noSuchParameter(double a, double b) {
          return b;
        }

        @DerivativeOf(target = Bad.class, method = "f")
        static double wrtMissing(double a, double b) {
          return b;
        }

        @DerivativeOf(target = Bad.class, method = "f", wrt = "a")
        static double wrongTypes(double a, int b) {
          return b;
        }

        @DerivativeOf(target = Bad.class, method = "f", wrt = "a")
        double notStatic(double a, double b) {
          return b;
        }

        @DerivativeOf(target = Bad.class, method = "f", wrt = "a")
        static float wrongReturn(double a, double b) {
          return 1;
        }
      }
      """;

  @Test
  void badRulesAreErrorsAtTheRule() {
    Compilation compilation = Compiler.compile(Compiler.source("t.Bad", BAD_RULES));
    List<Diagnostic<? extends JavaFileObject>> errors = compilation.errors();
    assertEquals(5, errors.size(), errors::toString);
    assertError(errors.get(0), 11, "wrt = \"c\" must name one double or float parameter of Bad.f (a, b)");
    assertError(errors.get(1), 16, "wrt = \"\" must name one double or float parameter");
    assertError(errors.get(2), 21, "has no overload with the rule's parameters wrongTypes(double, int)");
    assertError(errors.get(3), 26, "must be a static method returning double or float");
    assertError(errors.get(4), 31, "returns float but Bad.f returns double");
  }

  @Test
  void wrtMayBeLeftOutForTheOnlyFloatingParameter() {
    // An int beside the double is data: the rule is for the double (was an error naming wrt = "").
    io.javad.processor.testing.CompiledClasses classes =
        Compiler.compileAndLoad(
            Compiler.source(
                "t.Powers",
                """
                package t;
                import io.javad.DerivativeOf;
                import io.javad.Differentiable;
                public class Powers {
                  static double power(double x, int n) { return Math.pow(x, n); }
                  @DerivativeOf(target = Powers.class, method = "power")
                  static double powerD(double x, int n) { return n * Math.pow(x, n - 1); }
                  @Differentiable static double f(double x) { return power(x, 3); }
                }
                """));
    io.javad.processor.testing.Differentiated f =
        new io.javad.processor.testing.Differentiated(classes, "t.Powers", "f");
    assertEquals(3 * 1.5 * 1.5, f.gradient(new double[] {1.5})[1], 1e-12);
    String error =
        Compiler.firstError(
            """
            static double count(int k) { return k; }
            @DerivativeOf(target = M.class, method = "count") static double countD(int k) { return 1; }
            """);
    org.junit.jupiter.api.Assertions.assertTrue(error.contains("has no double or float parameter"), error);
  }

  @Test
  void anActiveArgumentWithoutARuleIsAnErrorAtTheCall() {
    String source =
        SOURCE.replace(
            "return Special.logistic(x * y) + Special.blend(x, y * y, 3) * x;",
            "return Special.scaled(2, x) + Special.blend(x, y);");
    Compilation compilation = Compiler.compile(Compiler.source("t.Model", source));
    List<Diagnostic<? extends JavaFileObject>> errors = compilation.errors();
    assertEquals(1, errors.size(), errors::toString);
    String message = errors.get(0).getMessage(null);
    assertTrue(message.contains("active input to Special.scaled"), message);
    // The rule to write, ready to paste: only for the parameter that needs one.
    assertTrue(
        message.contains("@DerivativeOf(target = Special.class, method = \"scaled\", wrt = \"scale\")"),
        message);
    assertTrue(
        message.contains(
            "static double scaledScale(double v, double scale) { return /* ∂scaled/∂scale */; }"),
        message);
    assertTrue(!message.contains("wrt = \"v\""), message);
  }

  private static void assertError(Diagnostic<? extends JavaFileObject> error, long line, String text) {
    assertTrue(error.getMessage(null).contains(text), error.getMessage(null));
    assertEquals(line, error.getLineNumber(), error.getMessage(null));
  }
}
