package io.javad.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.javad.processor.testing.DerivativeChecks.check;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import io.javad.processor.testing.CompiledClasses;
import io.javad.processor.testing.Compiler;
import io.javad.processor.testing.Differentiated;
import org.junit.jupiter.api.Test;

/** Legal Java just outside the common path, each of which once broke the processor or its output. */
class UnusualSourcesTest {

  @Test
  void aClassNamedMathInTheUserPackageDoesNotCaptureJavaLangMath() {
    CompiledClasses classes =
        Compiler.compileAndLoad(
            Compiler.source(
                "t.Math",
                """
                package t;
                public class Math {
                  public static double sin(double x) { return 42; }
                  public static double cos(double x) { return 42; }
                }
                """),
            Compiler.source(
                "t.Uses",
                """
                package t;
                import io.javad.Differentiable;
                public class Uses {
                  @Differentiable
                  static double f(double x) { return java.lang.Math.sin(x) * x; }
                }
                """));
    Differentiated f = new Differentiated(classes, "t.Uses", "f");
    check(f, 0.7);
    assertEquals(Math.sin(0.7) + 0.7 * Math.cos(0.7), f.gradient(new double[] {0.7})[1], 1e-15);
  }

  @Test
  void inactiveParametersReassignedFromActiveValues() {
    CompiledClasses classes =
        Compiler.compileAndLoad(
            Compiler.source(
                "t.Data",
                """
                package t;
                import io.javad.Differentiable;
                import io.javad.NoDerivative;
                public class Data {
                  @Differentiable
                  static double f(double x, @NoDerivative double y) {
                    double a = y * x;
                    y = y + x;
                    return a * y;
                  }
                  @Differentiable(wrt = "x")
                  static double g(double x, double z) {
                    if (x > 0) {
                      z = z * x;
                    }
                    return z + x;
                  }
                }
                """));
    check(new Differentiated(classes, "t.Data", "f"), 0.7, 1.3);
    check(new Differentiated(classes, "t.Data", "g"), 0.7, 1.3);
    check(new Differentiated(classes, "t.Data", "g"), -0.7, 1.3);
  }

  @Test
  void typeUseAnnotationsStaticImportsVarAndConstants() {
    CompiledClasses classes =
        Compiler.compileAndLoad(
            Compiler.source(
                "t.Odd",
                """
                package t;
                import static java.lang.Math.*;
                import io.javad.Differentiable;
                import java.lang.annotation.ElementType;
                import java.lang.annotation.Target;
                public class Odd {
                  @Target(ElementType.TYPE_USE) @interface Pos {}
                  @Differentiable
                  static double f(@Pos double x, @Pos String label, char c) {
                    final int k = 3;
                    byte b = k;
                    var s = sin(x) * b + c;
                    short h = 2;
                    return s * exp(x / h) + PI;
                  }
                }
                """));
    Differentiated f = new Differentiated(classes, "t.Odd", "f");
    assertEquals(1, f.activeCount());
  }

  @Test
  void recordNamesNeverClash() {
    Compilation compilation =
        Compiler.compile(
            Compiler.source(
                "t.Names",
                """
                package t;
                import io.javad.Differentiable;
                public class Names {
                  @Differentiable static double f(double x) { return x; }
                  @Differentiable static double F(double x) { return 2 * x; }
                  @Differentiable static double g(double hashCode) { return hashCode; }
                }
                """));
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("parameter \"hashCode\" of g clashes with the record method hashCode()");
  }

  @Test
  void localClassesAreReported() {
    Compilation compilation =
        Compiler.compile(
            Compiler.source(
                "t.Local",
                """
                package t;
                import io.javad.Differentiable;
                public class Local {
                  // javac runs processors only for rounds where it sees the annotation.
                  @Differentiable static double visible(double x) { return x; }
                  static Object make() {
                    class Inner {
                      @Differentiable static double f(double x) { return x * x; }
                    }
                    return new Inner();
                  }
                }
                """));
    assertThat(compilation).hadErrorContaining("is in a local or anonymous class");
  }

  @Test
  void arrayParametersAreReportedWhereTheyAreRead() {
    Compilation compilation =
        Compiler.compile(
            Compiler.source(
                "t.Arr",
                """
                package t;
                import io.javad.Differentiable;
                import io.javad.NoDerivative;
                public class Arr {
                  @Differentiable static double f(double x, @NoDerivative double[][][] data) {
                    return x * data[0][0][0];
                  }
                }
                """));
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("data is an array of three or more dimensions");
    assertEquals(6, compilation.errors().get(0).getLineNumber());
    assertTrue(compilation.errors().get(0).getColumnNumber() > 0);
  }
}
