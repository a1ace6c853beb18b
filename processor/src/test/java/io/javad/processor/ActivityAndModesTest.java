package io.javad.processor;

import static io.javad.processor.testing.DerivativeChecks.check;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javad.processor.testing.CompiledClasses;
import io.javad.processor.testing.Compiler;
import io.javad.processor.testing.Differentiated;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code wrt}, {@code @NoDerivative}, {@code modes}, and no derivative work for inactive values. */
class ActivityAndModesTest {

  private static final String SOURCE =
      """
      package t;

      import io.javad.Differentiable;
      import io.javad.Mode;
      import io.javad.NoDerivative;

      public class Act {
        @Differentiable
        static double data(double w, @NoDerivative double feature, int count) {
          double scaled = Math.sin(feature) * count;
          double offset = Math.sqrt(feature * feature + 1);
          return w * scaled + offset * w * w;
        }

        @Differentiable(wrt = {"b", "c"})
        static double selected(double a, double b, double c) {
          return a * b * c + Math.exp(a) * c;
        }

        @Differentiable(modes = Mode.FORWARD)
        static double forwardOnly(double x, double y) {
          return x * Math.cos(y);
        }

        @Differentiable(modes = Mode.REVERSE)
        static double reverseOnly(double x, double y) {
          return x * Math.cos(y);
        }

        @Differentiable
        static double constantStart(double u) {
          double acc = 7.5;
          acc = acc * u + 2;
          acc = acc * u + 3;
          return acc;
        }

        @Differentiable
        static double deadCode(double x, double y) {
          double wasted = Math.exp(y) * Math.sin(x);
          double used = x * y;
          return used * used;
        }
      }
      """;

  private static CompiledClasses classes;
  private static String generated;

  @BeforeAll
  static void compile() {
    classes = Compiler.compileAndLoad(Compiler.source("t.Act", SOURCE));
    generated = classes.generatedSource("t.ActDerivatives");
  }

  private static Method method(String name) {
    Class<?> companion = classes.load("t.ActDerivatives");
    return io.javad.processor.testing.GeneratedMembers.named(companion, name);
  }

  private static List<String> components(String gradientMethod) {
    RecordComponent[] components = method(gradientMethod).getReturnType().getRecordComponents();
    return Arrays.stream(components).map(RecordComponent::getName).toList();
  }

  @Test
  void noDerivativeAndIntegerParametersAreInactive() {
    assertEquals(List.of("value", "w"), components("dataGradient"));
    assertArrayEquals(
        new Class<?>[] {double.class, double.class, double.class, int.class},
        method("dataTangent").getParameterTypes());
    Differentiated f = new Differentiated(classes, "t.Act", "data");
    check(f, 0.7, 1.3, 3);
    check(f, -1.2, 0.4, -2);
  }

  @Test
  void valuesOfInactiveInputsGetNoTangentOrAdjoint() {
    for (String name : List.of("scaledDot", "scaledBar", "offsetDot", "offsetBar", "featureDot", "countDot")) {
      assertFalse(generated.contains(name), () -> name + " generated:\n" + generated);
    }
  }

  @Test
  void wrtSelectsParameters() {
    assertEquals(List.of("value", "b", "c"), components("selectedGradient"));
    assertArrayEquals(
        new Class<?>[] {double.class, double.class, double.class, double.class, double.class},
        method("selectedTangent").getParameterTypes());
    Differentiated f = new Differentiated(classes, "t.Act", "selected");
    check(f, 0.5, 1.5, -2);
    double a = 0.5;
    double b = 1.5;
    double c = -2;
    double[] g = f.gradient(new double[] {a, b, c});
    assertEquals(a * c, g[1], 1e-15);
    assertEquals(a * b + Math.exp(a), g[2], 1e-15);
  }

  @Test
  void modesChooseWhatIsGenerated() {
    assertTrue(method("forwardOnlyTangent") != null);
    assertTrue(method("forwardOnlyGradient") == null);
    assertTrue(method("reverseOnlyTangent") == null);
    assertTrue(method("reverseOnlyGradient") != null);
    assertFalse(generated.contains("ForwardOnlyGradient"));
    check(new Differentiated(classes, "t.Act", "forwardOnly"), 1.1, 0.3);
    check(new Differentiated(classes, "t.Act", "reverseOnly"), 1.1, 0.3);
  }

  @Test
  void aConstantVersionOfAnActiveVariableGetsNoDerivativeWork() {
    // acc is active, but its first value is a constant: no accBar for it, no accDot = 0.
    assertFalse(generated.contains("double accBar"), generated);
    assertFalse(generated.contains("accDot = 0"), generated);
    assertTrue(generated.contains("double acc1Bar"));
    Differentiated f = new Differentiated(classes, "t.Act", "constantStart");
    check(f, 0.7);
    assertEquals(2 * 7.5 * 0.7 + 2, f.gradient(new double[] {0.7})[1], 1e-14);
  }

  @Test
  void valuesThatDoNotReachTheResultGetNoDerivativeWork() {
    assertFalse(generated.contains("wastedBar"));
    assertFalse(generated.contains("wastedDot"));
    check(new Differentiated(classes, "t.Act", "deadCode"), 1.1, 0.3);
  }
}
