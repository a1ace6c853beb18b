package io.javad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import io.javad.processor.testing.CompiledClasses;
import io.javad.processor.testing.Compiler;
import io.javad.processor.testing.DerivativeChecks;
import io.javad.processor.testing.Differentiated;
import io.javad.runtime.Dual;
import java.lang.reflect.Method;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Legal Java either differentiates or gets one error at the method; the companion always
 * compiles: loops with long and double bounds, names the generated code uses, many parameters
 * (tangents packed past the JVM's 255 slots), methods whose derivatives would pass the JVM's 64
 * KB per method.
 */
class CompileGuaranteesTest {

  private static String many(int n) {
    String params =
        IntStream.range(0, n).mapToObj(i -> "double x" + i).collect(Collectors.joining(", "));
    String body =
        IntStream.range(0, n).mapToObj(i -> "x" + i + " * x" + i + " * " + (i + 1)).collect(Collectors.joining(" + "));
    String args =
        IntStream.range(0, n).mapToObj(i -> i % 2 == 0 ? "y" : "y * y").collect(Collectors.joining(", "));
    return """
        package t;
        import io.javad.Differentiable;
        public class Many {
          @Differentiable static double many(%s) { return %s; }
          @Differentiable static double caller(double y) { return many(%s); }
        }
        """.formatted(params, body, args);
  }

  @Test
  void aHundredParametersGetPackedTangents() throws Exception {
    CompiledClasses classes = Compiler.compileAndLoad(Compiler.source("t.Many", many(100)));
    Class<?> companion = classes.load("t.ManyDerivatives");
    Class<?>[] types = new Class<?>[101];
    java.util.Arrays.fill(types, double.class);
    types[100] = double[].class;
    Method tangent = companion.getMethod("manyTangent", types);
    Object[] args = new Object[101];
    double[] direction = new double[100];
    double expected = 0;
    for (int i = 0; i < 100; i++) {
      args[i] = 0.01 * i;
      direction[i] = 1 - 0.02 * i;
      expected += 2 * (i + 1) * (0.01 * i) * direction[i];
    }
    args[100] = direction;
    Dual t = (Dual) tangent.invoke(null, args);
    assertEquals(expected, t.tangent(), 1e-12);
    // A caller's forward mode passes the packed tangents: checked against finite differences.
    DerivativeChecks.check(new Differentiated(classes, "t.Many", "caller"), 0.3);
    String source = classes.generatedSource("t.ManyDerivatives");
    assertTrue(source.contains("double x0Dot = tangents[0];"), source);
  }

  @Test
  void tooManyParametersIsOneErrorAtTheMethod() {
    Compilation compilation = Compiler.compile(Compiler.source("t.Many", many(127)));
    String all =
        String.join("\n", compilation.errors().stream().map(d -> d.getMessage(null)).toList());
    assertTrue(all.contains("many has too many parameters for its derivatives: ManyGradient would pass the JVM's limit of 255 parameter slots"), all);
    assertTrue(compilation.errors().stream().noneMatch(d -> d.getSource() != null && d.getSource().getName().contains("Derivatives")), all);
  }

  private static String straightLine(int n) {
    String lines =
        IntStream.range(0, n).mapToObj(i -> "    y = y * 1.0001 + Math.sin(x + " + i + ");").collect(Collectors.joining("\n"));
    return """
        package t;
        import io.javad.Differentiable;
        public class Long%d {
          @Differentiable static double f(double x) {
            double y = x;
        %s
            return y;
          }
        }
        """.formatted(n, lines);
  }

  @Test
  void derivativesOverTheJvmsMethodSizeAreOneErrorAtTheMethod() {
    Compilation big = Compiler.compile(Compiler.source("t.Long2000", straightLine(2000)));
    String all = String.join("\n", big.errors().stream().map(d -> d.getMessage(null)).toList());
    assertEquals(1, big.errors().size(), all);
    assertTrue(all.contains("over the JVM's 64 KB limit for one method; split f into @Differentiable helpers"), all);
    // Long, but under the limit: compiles and differentiates.
    CompiledClasses classes = Compiler.compileAndLoad(Compiler.source("t.Long400", straightLine(400)));
    DerivativeChecks.check(new Differentiated(classes, "t.Long400", "f"), 0.3);
  }

  @Test
  void boundsNamesAndPrivateClasses() {
    CompiledClasses classes =
        Compiler.compileAndLoad(
            Compiler.source(
                "t.Odd",
                """
                package t;
                import io.javad.Differentiable;
                public class Odd {
                  @Differentiable static double doubleBound(double x, double n) {
                    double s = 0;
                    for (int i = 0; i < n; i++) { s += x * i; }
                    return s;
                  }
                  @Differentiable static double longBound(double x, long n) {
                    double s = 1;
                    for (int i = 0; i < n; i++) { s = s * x + i; }
                    return s;
                  }
                  @Differentiable static double names(double Math, double Dual) {
                    double ArrayShapes = Math * Dual;
                    double DoubleStack = ArrayShapes * ArrayShapes;
                    return DoubleStack + java.lang.Math.sin(Dual);
                  }
                  private static class Hidden {
                    private final double k = 2;
                    @Differentiable double e(double x) { return k * x * x; }
                  }
                }
                """));
    DerivativeChecks.check(new Differentiated(classes, "t.Odd", "doubleBound"), 0.7, 3.5);
    DerivativeChecks.check(new Differentiated(classes, "t.Odd", "longBound"), 0.7, 4);
    DerivativeChecks.check(new Differentiated(classes, "t.Odd", "names"), 0.7, -1.2);
  }
}
