package io.javad.processor;

import static io.javad.processor.testing.DerivativeChecks.check;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javad.processor.testing.CompiledClasses;
import io.javad.processor.testing.Compiler;
import io.javad.processor.testing.Differentiated;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Libraries of differentiable functions and rules, compiled first, and a client compiled against
 * their class files: the processor finds the libraries' companions and rules on the class path,
 * and the client's derivatives call them, in both modes.
 */
class LibraryTest {

  private static final String SPECIAL =
      """
      package lib;

      /** Functions javad cannot see into. */
      public final class Special {
        private Special() {}

        public static double logistic(double x) {
          return 1 / (1 + Math.exp(-x));
        }

        public static double blend(double a, double b) {
          return a * b + Math.sin(b);
        }
      }
      """;

  private static final String RULES =
      """
      package lib;

      import io.javad.DerivativeOf;

      public final class SpecialRules {
        private SpecialRules() {}

        @DerivativeOf(target = Special.class, method = "logistic")
        public static double logistic(double x) {
          double s = Special.logistic(x);
          return s * (1 - s);
        }

        @DerivativeOf(target = Special.class, method = "blend", wrt = "a")
        public static double blendA(double a, double b) {
          return b;
        }

        @DerivativeOf(target = Special.class, method = "blend", wrt = "b")
        public static double blendB(double a, double b) {
          return a + Math.cos(b);
        }
      }
      """;

  private static final String MODELS =
      """
      package lib.models;

      import io.javad.Differentiable;

      public final class Models {
        private Models() {}

        @Differentiable
        public static double affine(double[] w, double bias, double[] x) {
          double s = bias;
          for (int i = 0; i < w.length; i++) {
            s += w[i] * x[i];
          }
          return s;
        }

        @Differentiable
        public static double softplus(double z) {
          return Math.log1p(Math.exp(z));
        }

        /** An out-parameter: y += a·x, called as a statement. */
        @Differentiable
        public static void axpy(double a, double[] x, double[] y) {
          for (int i = 0; i < y.length; i++) {
            y[i] += a * x[i];
          }
        }

        /** Writes into its parameter: callable as a statement, not where its value is used. */
        @Differentiable
        public static double squareInPlace(double[] v) {
          for (int i = 0; i < v.length; i++) {
            v[i] = v[i] * v[i];
          }
          return v[0];
        }

        /** Returns its parameter: not callable from differentiable code either. */
        @Differentiable
        public static double[] same(double[] v, double k) {
          return v;
        }
      }
      """;

  private static final String CLIENT =
      """
      package app;

      import io.javad.Differentiable;
      import lib.Special;
      import lib.models.Models;

      public class Client {
        @Differentiable
        static double fit(double a, double b) {
          double[] w = {a, b};
          double[][] data = {{1, 2}, {3, -1}, {0.5, 0.25}};
          double loss = 0;
          for (int i = 0; i < data.length; i++) {
            double z = Models.affine(w, b, data[i]);
            loss += Models.softplus(z) - i * z;
          }
          return loss;
        }

        /** Calls the library's out-parameter method, whose class file names no parameter. */
        @Differentiable
        static double outParameter(double a, double b) {
          double[] x = {b, a * b, 2};
          double[] y = {1, a, b};
          Models.axpy(a * a, x, y);
          Models.squareInPlace(y);
          return y[0] + y[1] * y[2];
        }

        @Differentiable
        static double special(double a, double b) {
          return Special.blend(Special.logistic(a), a * b);
        }
      }
      """;

  @TempDir static Path library;

  private static CompiledClasses classes;

  @BeforeAll
  static void build() {
    // As Maven builds a library: -g, no -parameters; javac then reads parameter names, which
    // wrt in rules refers to, from the debug information.
    Compiler.compileTo(
        library,
        List.of(),
        List.of("-g"),
        Compiler.source("lib.Special", SPECIAL),
        Compiler.source("lib.SpecialRules", RULES));
    // Without any names in its class files (arg0, arg1, ...): the companion's records name them.
    Compiler.compileTo(library, List.of(), List.of("-g:none"), Compiler.source("lib.models.Models", MODELS));
    classes = Compiler.compileAndLoadWith(library, Compiler.source("app.Client", CLIENT));
  }

  @Test
  void callsTheLibrarysDifferentiableMethods() {
    check(new Differentiated(classes, "app.Client", "fit"), 0.3, -0.4);
    String source = classes.generatedSource("app.ClientDerivatives");
    assertTrue(source.contains("ModelsDerivatives.affineAdjoint(affineWorkspace, w, b, data[i], "), source);
    // The record's component, named from the library's companion: the class file says arg1.
    assertTrue(source.contains(".bias()"), source);
  }

  @Test
  void callsTheLibrarysOutParameterMethods() {
    // Was generated code that did not compile (a void method's record has no value component).
    check(new Differentiated(classes, "app.Client", "outParameter"), 0.3, -0.4);
  }

  @Test
  void aLibraryBuiltWithoutJavadIsAnErrorAtTheCall(@TempDir Path plain) {
    // Was generated code that did not compile: the companion it calls does not exist.
    Compiler.compileTo(
        plain, List.of(), List.of("-proc:none"),
        Compiler.source(
            "lib.plain.Plain",
            "package lib.plain;\nimport io.javad.Differentiable;\npublic class Plain {\n"
                + "  @Differentiable public static double sq(double x) { return x * x; }\n}\n"));
    String source =
        "package app;\nimport io.javad.Differentiable;\nclass UsesPlain {\n"
            + "  @Differentiable static double f(double x) { return lib.plain.Plain.sq(x) + x; }\n}\n";
    String errors = Compiler.compileWith(plain, Compiler.source("app.UsesPlain", source)).errors().toString();
    assertTrue(errors.contains("its derivatives (lib.plain.PlainDerivatives) are not on the class path"), errors);
  }

  @Test
  void aLibraryMethodThatWritesIntoOrReturnsItsArrayIsRefused() {
    // Its body is not at hand: javad reads @ArrayParameterEffects from its companion's members.
    for (String call : List.of("Models.squareInPlace(v)", "Models.same(v, x)[0]")) {
      String source =
          "package app;\nimport io.javad.Differentiable;\nimport lib.models.Models;\n"
              + "class Bad {\n  @Differentiable static double f(double x) {\n"
              + "    double[] v = {x, 2};\n    return " + call + ";\n  }\n}\n";
      String errors = Compiler.compileWith(library, Compiler.source("app.Bad", source)).errors().toString();
      assertTrue(
          errors.contains("it writes into its array parameter v")
              || errors.contains("it returns its array parameter v"),
          errors);
    }
  }

  @Test
  void usesTheLibrarysRules() {
    Differentiated special = new Differentiated(classes, "app.Client", "special");
    check(special, 0.7, 1.2);
    double a = 0.7;
    double b = 1.2;
    double s = 1 / (1 + Math.exp(-a));
    double ab = a * b;
    // d/da blend(s(a), a b) = b_blend_a * s'(a) + blend_b * b, with blend_a = ab, blend_b = s + cos(ab).
    double expected = ab * s * (1 - s) + (s + Math.cos(ab)) * b;
    assertEquals(expected, special.gradient(new double[] {a, b})[1], 1e-13);
    String source = classes.generatedSource("app.ClientDerivatives");
    assertTrue(source.contains("SpecialRules.blendB("), source);
  }
}
