package io.javad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javad.processor.testing.CompiledClasses;
import io.javad.processor.testing.Compiler;
import io.javad.runtime.Dual;
import io.javad.runtime.GradientCheck;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Records, enums and objects as data of the differentiation: record components read through their
 * accessors (of a parameter and of a static field), a switch on an enum parameter, instance
 * methods of a generic class and of a private nested class. Each method has one active parameter
 * {@code x}; its gradient is checked against finite differences and its tangent by the
 * dot-product test.
 */
class ObjectsAsDataTest {

  private static final String SOURCE =
      """
      package t;

      import io.javad.Differentiable;

      public class Data {
        public record Params(double w, double b) {
          @Differentiable
          public double eval(double x) {
            return w * x * x + b() * x;
          }
        }

        public record Dataset(double[][] x, double[] y) {}

        public record Settings(Kind kind, double scale) {}

        @Differentiable
        static double settled(double x, Settings s) {
          Kind k = s.kind();
          double r = s.scale() * x;
          switch (s.kind()) {
            case SQUARED -> r = r * r;
            default -> r = k == Kind.CUBIC ? r * r * r : Math.abs(r);
          }
          return r;
        }

        public enum Kind { SQUARED, ABSOLUTE, CUBIC }

        static final Params DEFAULTS = new Params(0.5, -2);
        private static final double[] COEFFS = {1, -0.5, 0.25};
        static final double[][] TABLE = {{1, 2}, {3, 4}};

        @Differentiable
        static double poly(double x) {
          double s = 0;
          double power = 1;
          for (int i = 0; i < COEFFS.length; i++) {
            s += COEFFS[i] * power;
            power *= x;
          }
          return s + TABLE[1][0] * x;
        }

        @Differentiable
        static double predict(@io.javad.NoDerivative Params p, double x) {
          return p.w() * x * x + p.b() + DEFAULTS.w() * Math.sin(x) + Data.DEFAULTS.b();
        }

        @Differentiable
        static double fit(double[] w, @io.javad.NoDerivative Dataset d) {
          double loss = 0;
          for (int i = 0; i < d.y().length; i++) {
            double r = -d.y()[i];
            for (int j = 0; j < w.length; j++) {
              r += w[j] * d.x()[i][j];
            }
            loss += r * r;
          }
          return loss;
        }

        static int count(Dataset d) {
          return d.y().length;
        }

        @Differentiable
        static double fitTwice(double[] w, @io.javad.NoDerivative Dataset data) {
          Dataset d = data;
          var same = d;
          return fit(w, d) + 0.5 * fit(w, same) + count(d) * w[0];
        }

        @Differentiable
        static double grouped(double x, Kind kind) {
          double r;
          switch (kind) {
            case SQUARED, CUBIC -> r = x * x;
            default -> r = x;
          }
          return kind == Kind.CUBIC ? r * x : r;
        }

        interface Field {
          double strength();

          @Differentiable
          default double value(double r) {
            return strength() / (1 + r * r);
          }
        }

        static final class Charge implements Field {
          @Override
          public double strength() {
            return 2.5;
          }
        }

        @Differentiable
        static double loss(double x, Kind kind) {
          double r = 2 * x - 1;
          switch (kind) {
            case SQUARED:
              return r * r;
            case CUBIC:
              return r * r * r;
            default:
              return Math.abs(r);
          }
        }

        public static final class Box<T> {
          private final double scale;
          final T tag;

          public Box(double scale, T tag) {
            this.scale = scale;
            this.tag = tag;
          }

          @Differentiable
          public double scaled(double x) {
            return scale * x * x;
          }
        }

        private static class Spring {
          private final double k;

          Spring(double k) {
            this.k = k;
          }

          @Differentiable
          double energy(double x) {
            return 0.5 * k * x * x * x;
          }
        }

        private static final class Stiffer extends Spring {
          Stiffer() {
            super(3);
          }

          @Override
          double energy(double x) {
            return x;
          }
        }
      }
      """;

  private static CompiledClasses classes;

  @BeforeAll
  static void compile() {
    classes = Compiler.compileAndLoad(Compiler.source("t.Data", SOURCE));
  }

  @Test
  void recordComponentsOfAParameterAndOfAStaticField() throws Throwable {
    Object p = make("t.Data$Params", new Class<?>[] {double.class, double.class}, 1.5, 0.25);
    // d/dx (1.5 x^2 + 0.25 + 0.5 sin x - 2) = 3 x + 0.5 cos x.
    double x = 0.8;
    assertEquals(3 * x + 0.5 * Math.cos(x), gradient("t.DataDerivatives", "predict", null, p, x), 1e-14);
    check("t.DataDerivatives", "predict", null, p, 0.8);
  }

  @Test
  void staticArrayFieldsPrivateOrNotAreData() throws Throwable {
    // d/dx (1 - 0.5 x + 0.25 x^2 + 3 x) = 2.5 + 0.5 x.
    assertEquals(2.5 + 0.5 * 0.6, gradient("t.DataDerivatives", "poly", null, null, 0.6), 1e-15);
    check("t.DataDerivatives", "poly", null, null, 0.6);
    String source = classes.generatedSource("t.DataDerivatives");
    assertTrue(source.contains("double[] coeffs = (double[]) COEFFS.get();"), source);
    assertTrue(source.contains("Data.TABLE[1][0]"), source);
  }

  @Test
  void arrayComponentsOfARecordAreData() throws Throwable {
    checkOverDataset("fit");
    assertTrue(classes.generatedSource("t.DataDerivatives").contains("d.x()[i][j]"));
  }

  @Test
  void objectsPassedToCallsAndNamedByLocals() throws Throwable {
    checkOverDataset("fitTwice");
    String source = classes.generatedSource("t.DataDerivatives");
    assertTrue(source.contains("Data.count(data)"), source);
  }

  /** {@code name(double[] w, Dataset d)}: its gradient in w against finite differences. */
  private static void checkOverDataset(String name) throws Throwable {
    Object d =
        make(
            "t.Data$Dataset", new Class<?>[] {double[][].class, double[].class},
            new double[][] {{1, 2}, {0.5, -1}, {3, 0.25}}, new double[] {1, -2, 0.5});
    double[] w = {0.3, -0.7};
    Class<?> companion = classes.load("t.DataDerivatives");
    Object g = companion.getMethod(name + "Gradient", double[].class, d.getClass()).invoke(null, w, d);
    double[] dw = (double[]) g.getClass().getMethod("w").invoke(g);
    Method primal = classes.load("t.Data").getDeclaredMethod(name, double[].class, d.getClass());
    primal.setAccessible(true);
    GradientCheck.assertGradient(
        v -> {
          try {
            return (double) primal.invoke(null, v, d);
          } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
          }
        },
        w,
        dw);
  }

  @Test
  void aRecordsOwnMethodReadsItsComponents() throws Throwable {
    Object p = make("t.Data$Params", new Class<?>[] {double.class, double.class}, 1.5, 0.25);
    // d/dx (1.5 x^2 + 0.25 x) = 3 x + 0.25.
    assertEquals(3 * 0.4 + 0.25, gradient("t.Data_ParamsDerivatives", "eval", p, null, 0.4), 1e-15);
    check("t.Data_ParamsDerivatives", "eval", p, null, 0.4);
  }

  @Test
  void switchOnAnEnumTakesTheBranchOfTheConstant() throws Throwable {
    Class<?> kind = classes.load("t.Data$Kind");
    for (Object k : kind.getEnumConstants()) {
      check("t.DataDerivatives", "loss", null, k, 0.9);
    }
    // Closed forms at x = 0.9, r = 0.8: 4 r, 6 r^2, 2.
    Object[] constants = kind.getEnumConstants();
    assertEquals(4 * 0.8, gradient("t.DataDerivatives", "loss", null, constants[0], 0.9), 1e-14);
    assertEquals(2, gradient("t.DataDerivatives", "loss", null, constants[1], 0.9), 1e-14);
    assertEquals(6 * 0.8 * 0.8, gradient("t.DataDerivatives", "loss", null, constants[2], 0.9), 1e-14);
    String source = classes.generatedSource("t.DataDerivatives");
    assertTrue(source.contains("int selector = kind.ordinal();"), source);
    assertTrue(source.contains("Data.Kind.SQUARED.ordinal()"), source);
  }

  @Test
  void groupedEnumLabelsAndEnumEquality() throws Throwable {
    Object[] kinds = classes.load("t.Data$Kind").getEnumConstants();
    // SQUARED: x^2, ABSOLUTE: x, CUBIC: x^3.
    assertEquals(2 * 0.7, gradient("t.DataDerivatives", "grouped", null, kinds[0], 0.7), 1e-15);
    assertEquals(1, gradient("t.DataDerivatives", "grouped", null, kinds[1], 0.7), 1e-15);
    assertEquals(3 * 0.49, gradient("t.DataDerivatives", "grouped", null, kinds[2], 0.7), 1e-14);
    for (Object k : kinds) {
      check("t.DataDerivatives", "grouped", null, k, 0.7);
    }
  }

  @Test
  void enumComponentsOfARecordSwitchAndCompare() throws Throwable {
    Class<?> kind = classes.load("t.Data$Kind");
    Object[] kinds = kind.getEnumConstants();
    for (int i = 0; i < kinds.length; i++) {
      Object settings = make("t.Data$Settings", new Class<?>[] {kind, double.class}, kinds[i], 0.8);
      check("t.DataDerivatives", "settled", null, settings, 0.5);
    }
    // SQUARED: (0.8 x)^2 -> 2 * 0.64 x.
    Object squared = make("t.Data$Settings", new Class<?>[] {kind, double.class}, kinds[0], 0.8);
    assertEquals(2 * 0.64 * 0.5, gradient("t.DataDerivatives", "settled", null, squared, 0.5), 1e-15);
  }

  @Test
  void aDefaultMethodReadsAnAbstractGetter() throws Throwable {
    Object charge = make("t.Data$Charge", new Class<?>[0]);
    Class<?> field = classes.load("t.Data$Field");
    Object g =
        classes.load("t.Data_FieldDerivatives").getMethod("valueGradient", field, double.class)
            .invoke(null, charge, 0.5);
    // d/dr 2.5 / (1 + r^2) = -5 r / (1 + r^2)^2.
    assertEquals(-5 * 0.5 / (1.25 * 1.25), (double) g.getClass().getMethod("r").invoke(g), 1e-15);
  }

  @Test
  void instanceMethodOfAGenericClass() throws Throwable {
    Object box = make("t.Data$Box", new Class<?>[] {double.class, Object.class}, 1.5, "tag");
    check("t.Data_BoxDerivatives", "scaled", box, null, 1.3);
    String source = classes.generatedSource("t.Data_BoxDerivatives");
    assertTrue(source.contains("scaledGradient(Data.Box<?> self, double x)"), source);
  }

  @Test
  void instanceMethodOfAPrivateNestedClass() throws Throwable {
    Object spring = make("t.Data$Spring", new Class<?>[] {double.class}, 2.0);
    check("t.Data_SpringDerivatives", "energy", spring, null, 0.7);
    String source = classes.generatedSource("t.Data_SpringDerivatives");
    assertTrue(source.contains("energyGradient(Object self, double x)"), source);
    assertTrue(source.contains("PrivateAccess.type(MethodHandles.lookup(), \"t.Data$Spring\")"), source);
    // Its subclass overrides energy: the companion of Spring must not answer for it.
    Object stiffer = make("t.Data$Stiffer", new Class<?>[0]);
    Throwable thrown =
        assertThrows(
            UnsupportedOperationException.class,
            () -> gradient("t.Data_SpringDerivatives", "energy", stiffer, null, 0.7));
    assertTrue(thrown.getMessage().startsWith("t.Data$Stiffer overrides energy(double)"), thrown.getMessage());
  }

  /** Value, gradient by finite differences, and the dot-product test of the tangent. */
  private static void check(String companion, String name, Object self, Object data, double x)
      throws Throwable {
    double dx = gradient(companion, name, self, data, x);
    GradientCheck.assertGradient(
        v -> {
          try {
            return primal(name, self, data, v[0]);
          } catch (Throwable e) {
            throw new IllegalStateException(e);
          }
        },
        new double[] {x},
        new double[] {dx});
    Dual t = (Dual) invoke(companion, name + "Tangent", self, data, x, 0.6);
    assertEquals(primal(name, self, data, x), t.value(), 0);
    GradientCheck.assertDotProduct(t.tangent(), new double[] {dx}, new double[] {0.6});
  }

  private static double gradient(String companion, String name, Object self, Object data, double x)
      throws Throwable {
    Object g = invoke(companion, name + "Gradient", self, data, x, Double.NaN);
    assertEquals(primal(name, self, data, x), (double) g.getClass().getMethod("value").invoke(g), 0);
    return (double) g.getClass().getMethod("x").invoke(g);
  }

  /** The primal, found by name among the declared methods of t.Data and its nested classes. */
  private static double primal(String name, Object self, Object data, double x) throws Throwable {
    Class<?> owner = self != null ? declaring(self.getClass(), name) : classes.load("t.Data");
    Method m = Arrays.stream(owner.getDeclaredMethods()).filter(mm -> mm.getName().equals(name)).findFirst().orElseThrow();
    m.setAccessible(true);
    List<Object> args = new ArrayList<>();
    if (data != null && name.equals("predict")) {
      args.add(data);
    }
    args.add(x);
    if (data != null && name.equals("settled")) {
      args.add(data);
    }
    if (data != null && (name.equals("loss") || name.equals("grouped"))) {
      args.add(data);
    }
    return (double) m.invoke(self, args.toArray());
  }

  private static Class<?> declaring(Class<?> c, String name) {
    for (Class<?> k = c; k != null; k = k.getSuperclass()) {
      if (Arrays.stream(k.getDeclaredMethods()).anyMatch(m -> m.getName().equals(name))) {
        return k;
      }
    }
    throw new IllegalArgumentException(name);
  }

  /** Calls {@code companion.member(self?, ..., x, xDot?)} with the data argument where it goes. */
  private static Object invoke(
      String companion, String member, Object self, Object data, double x, double xDot)
      throws Throwable {
    Method m =
        Arrays.stream(classes.load(companion).getMethods())
            .filter(mm -> mm.getName().equals(member))
            .filter(mm -> Arrays.stream(mm.getParameterTypes()).noneMatch(p -> p.getSimpleName().endsWith("Workspace")))
            .findFirst()
            .orElseThrow();
    List<Object> args = new ArrayList<>();
    if (self != null) {
      args.add(self);
    }
    boolean tangent = member.endsWith("Tangent");
    if (data != null && member.startsWith("predict")) {
      args.add(data);
    }
    args.add(x);
    if (tangent) {
      args.add(xDot);
    }
    if (data != null && member.startsWith("settled")) {
      args.add(data);
    }
    if (data != null && (member.startsWith("loss") || member.startsWith("grouped"))) {
      args.add(data);
    }
    try {
      return m.invoke(null, args.toArray());
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static Object make(String className, Class<?>[] types, Object... args) throws Exception {
    Constructor<?> c = classes.load(className).getDeclaredConstructor(types);
    c.setAccessible(true);
    return c.newInstance(args);
  }
}
