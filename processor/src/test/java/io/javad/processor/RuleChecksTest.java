package io.javad.processor;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javad.processor.testing.CompiledClasses;
import io.javad.processor.testing.Compiler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/**
 * The generated check per {@code @DerivativeOf} rule: it passes for a right rule and fails, naming
 * the rule, for a wrong one, at the arguments a test gives.
 */
class RuleChecksTest {

  private static final String SOURCE =
      """
      package t;

      import io.javad.DerivativeOf;

      public class Rules {
        static double softplus(double x) { return Math.log1p(Math.exp(x)); }

        static double scaled(double x, int n, double y) { return n * x * Math.sin(y); }

        /** Parameters named like the check's own locals: e, point. */
        static double named(double e, double point) { return e * point; }

        @DerivativeOf(target = Rules.class, method = "named", wrt = "e")
        static double namedE(double e, double point) { return point; }

        /** A float function, compared to float precision. */
        static float sq(float x) { return x * x; }

        @DerivativeOf(target = Rules.class, method = "sq")
        static float sqD(float x) { return 2 * x; }

        /** Right: the logistic function. */
        @DerivativeOf(target = Rules.class, method = "softplus")
        static double softplusD(double x) { return 1 / (1 + Math.exp(-x)); }

        /** Right, along x. */
        @DerivativeOf(target = Rules.class, method = "scaled", wrt = "x")
        static double scaledX(double x, int n, double y) { return n * Math.sin(y); }

        /** Wrong along y: sin where cos is right. */
        @DerivativeOf(target = Rules.class, method = "scaled", wrt = "y")
        static double scaledY(double x, int n, double y) { return n * x * Math.sin(y); }
      }
      """;

  @Test
  void aRuleInAPackagePrivateClassOfAnotherPackageIsReachedThroughAHandle() {
    // Was a companion that did not compile (found by a user trial): OrbRules.Nested.class is not
    // visible from the caller's package; the class is now looked up by name.
    CompiledClasses classes =
        Compiler.compileAndLoad(
            Compiler.source(
                "r.OrbRules",
                """
                package r;
                import io.javad.DerivativeOf;
                public class OrbRules {
                  public static double wave(double x) { return Math.sin(3 * x); }
                  static class Nested {
                    @DerivativeOf(target = OrbRules.class, method = "wave")
                    static double waveD(double x) { return 3 * Math.cos(3 * x); }
                  }
                }
                """),
            Compiler.source(
                "app.Use",
                """
                package app;
                import io.javad.Differentiable;
                public class Use {
                  @Differentiable static double f(double x) { return r.OrbRules.wave(x) * x; }
                }
                """));
    io.javad.processor.testing.Differentiated f =
        new io.javad.processor.testing.Differentiated(classes, "app.Use", "f");
    double x = 0.4;
    assertTrue(Math.abs(f.gradient(new double[] {x})[1] - (Math.sin(3 * x) + 3 * x * Math.cos(3 * x))) < 1e-12);
  }

  @Test
  void rightRulesPassAndAWrongOneFails() throws Exception {
    CompiledClasses classes = Compiler.compileAndLoad(Compiler.source("t.Rules", SOURCE));
    Class<?> checks = classes.load("t.RulesRuleChecks");
    Method softplus = checks.getMethod("softplusD", double.class);
    Method x = checks.getMethod("scaledX", double.class, int.class, double.class);
    Method y = checks.getMethod("scaledY", double.class, int.class, double.class);
    for (double at : new double[] {-2, 0.3, 4}) {
      softplus.invoke(null, at);
      x.invoke(null, at, 3, 0.7);
    }
    checks.getMethod("namedE", double.class, double.class).invoke(null, 0.4, 1.5);
    checks.getMethod("sqD", float.class).invoke(null, 1.7f);
    InvocationTargetException wrong =
        assertThrows(InvocationTargetException.class, () -> y.invoke(null, 0.5, 3, 0.7));
    assertTrue(wrong.getCause() instanceof AssertionError, wrong.getCause().toString());
    assertTrue(wrong.getCause().getMessage().startsWith("@DerivativeOf rule Rules.scaledY: "), wrong.getCause().getMessage());
    String source = classes.generatedSource("t.RulesRuleChecks");
    assertTrue(source.contains("GradientCheck.assertDirectional(point -> Rules.scaled(point[0], n, point[1])"), source);
  }
}
