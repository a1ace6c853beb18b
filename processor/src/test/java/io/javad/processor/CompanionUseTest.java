package io.javad.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import io.javad.processor.testing.CompiledClasses;
import io.javad.processor.testing.Compiler;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/**
 * The class that declares a @Differentiable method usually calls its companion too (a main, a
 * training loop). javad must not make javac attribute that code before the companion exists:
 * javac then crashes on `var g = ...Gradient(...)` or rejects generic calls around it.
 */
class CompanionUseTest {

  @Test
  void theDeclaringClassUsesItsCompanionWithVarAndGenerics() throws Exception {
    CompiledClasses classes =
        Compiler.compileAndLoad(
            Compiler.source(
                "t.B",
                """
                package t;
                import io.javad.Differentiable;
                import java.util.List;
                public class B {
                  @Differentiable
                  static double ov(double x, int n) { return x * n; }
                  public static double use() {
                    var g = BDerivatives.ovGradient(1.0, 3);
                    List<BDerivatives.OvGradient> all = List.of(BDerivatives.ovGradient(2.0, 3));
                    var t = BDerivatives.ovTangent(1.0, 1.0, 3);
                    return g.x() + all.get(0).value() + t.tangent();
                  }
                }
                """));
    Method use = classes.load("t.B").getDeclaredMethod("use");
    assertEquals(3 + 6 + 3, (double) use.invoke(null), 0);
  }

  @Test
  void typosAreLeftToJavac() {
    Compilation compilation =
        Compiler.compile(
            Compiler.source(
                "t.C",
                """
                package t;
                import io.javad.Differentiable;
                class C {
                  @Differentiable
                  static double f(double x) { return undefinedVar * x + Math.sinn(x); }
                }
                """));
    assertThat(compilation).hadErrorContaining("cannot find symbol");
    for (var d : compilation.errors()) {
      assertEquals(false, d.getMessage(null).contains("javad"), d.getMessage(null));
    }
  }
}
