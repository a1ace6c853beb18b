package io.javad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javad.processor.testing.CompiledClasses;
import io.javad.processor.testing.Compiler;
import io.javad.processor.testing.DerivativeChecks;
import io.javad.processor.testing.Differentiated;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Methods that return a record of numbers: vector-valued over its components, with {@code
 * fTangent} returning the value and tangent as records and {@code fPullback} taking a record seed;
 * callers that store the result in a local or assign it again. Checked against finite differences
 * and the dot-product test {@code seed · (J v) = (seedᵀ J) · v}.
 */
class RecordResultsTest {

  private static final String SOURCE =
      """
      package t;

      import io.javad.Differentiable;

      public final class Arm {
        public record Point(double x, double y) {}

        @Differentiable
        public static Point tip(double a, double b, double l1, double l2) {
          Point elbow = new Point(l1 * Math.cos(a), l1 * Math.sin(a));
          return new Point(elbow.x() + l2 * Math.cos(a + b), elbow.y() + l2 * Math.sin(a + b));
        }

        @Differentiable
        public static double reach(double a, double b, double tx, double ty) {
          Point p = tip(a, b, 1.0, 0.5);
          double dx = p.x() - tx;
          double dy = p.y() - ty;
          return dx * dx + dy * dy;
        }

        public record State(double x, double v) {}

        @Differentiable
        static State step(State s, double dt, double k) {
          if (s.x() > 10) {
            return new State(10, 0);
          }
          return new State(s.x() + dt * s.v(), s.v() - dt * k * s.x());
        }

        @Differentiable
        public static double energy(double x0, double v0, double k, int n) {
          State s = new State(x0, v0);
          for (int i = 0; i < n; i++) {
            s = step(s, 0.01, k);
          }
          return 0.5 * (s.v() * s.v() + k * s.x() * s.x());
        }
      }
      """;

  private static CompiledClasses classes;

  @BeforeAll
  static void compile() {
    classes = Compiler.compileAndLoad(Compiler.source("t.Arm", SOURCE));
  }

  @Test
  void aRecordValuedMethodsTangentAndPullbackAgree() throws Exception {
    Class<?> point = classes.load("t.Arm$Point");
    Constructor<?> make = point.getConstructor(double.class, double.class);
    Class<?> companion = classes.load("t.ArmDerivatives");
    double[] at = {0.3, 0.5, 1.0, 0.5};
    double[] v = {0.7, -1.1, 0.4, 2.0};
    Method tangent =
        companion.getMethod(
            "tipTangent", double.class, double.class, double.class, double.class, double.class,
            double.class, double.class, double.class);
    Object t = tangent.invoke(null, at[0], v[0], at[1], v[1], at[2], v[2], at[3], v[3]);
    Object tangentPoint = t.getClass().getMethod("tangent").invoke(t);
    double[] jv = {
      (double) point.getMethod("x").invoke(tangentPoint), (double) point.getMethod("y").invoke(tangentPoint)
    };
    // J v by central differences of the primal.
    Method tip = classes.load("t.Arm").getMethod("tip", double.class, double.class, double.class, double.class);
    double h = 1e-6;
    Object plus = tip.invoke(null, at[0] + h * v[0], at[1] + h * v[1], at[2] + h * v[2], at[3] + h * v[3]);
    Object minus = tip.invoke(null, at[0] - h * v[0], at[1] - h * v[1], at[2] - h * v[2], at[3] - h * v[3]);
    assertEquals(((double) point.getMethod("x").invoke(plus) - (double) point.getMethod("x").invoke(minus)) / (2 * h), jv[0], 1e-8);
    assertEquals(((double) point.getMethod("y").invoke(plus) - (double) point.getMethod("y").invoke(minus)) / (2 * h), jv[1], 1e-8);
    // seed · (J v) = (seedᵀ J) · v, with the seed a Point.
    double[] seed = {1.3, -0.6};
    Object pullback =
        companion.getMethod("tipPullback", double.class, double.class, double.class, double.class, point)
            .invoke(null, at[0], at[1], at[2], at[3], make.newInstance(seed[0], seed[1]));
    double vjpDotV = 0;
    String[] names = {"a", "b", "l1", "l2"};
    for (int i = 0; i < 4; i++) {
      vjpDotV += (double) pullback.getClass().getMethod(names[i]).invoke(pullback) * v[i];
    }
    assertEquals(seed[0] * jv[0] + seed[1] * jv[1], vjpDotV, 1e-12);
    Object value = pullback.getClass().getMethod("value").invoke(pullback);
    assertEquals(point, value.getClass());
    assertEquals(tip.invoke(null, at[0], at[1], at[2], at[3]), value);
  }

  @Test
  void callersStoreAndReassignTheRecord() {
    DerivativeChecks.check(new Differentiated(classes, "t.Arm", "reach"), 0.3, 0.5, 0.2, 1.1);
    Differentiated energy = new Differentiated(classes, "t.Arm", "energy");
    DerivativeChecks.check(energy, 1.0, 0.5, 2.0, 40);
    DerivativeChecks.check(energy, 9.0, 60.0, 0.5, 5); // takes the branch on the way
    String source = classes.generatedSource("t.ArmDerivatives");
    assertTrue(source.contains("stepComponentsPullback("), source);
  }

  @Test
  void whatIsNotSupportedIsAnErrorAtTheNode() {
    com.google.testing.compile.Compilation compilation =
        Compiler.compile(
            Compiler.source(
                "t.Bad",
                """
                package t;
                import io.javad.Differentiable;
                final class Bad {
                  record P(double a, double b) {}
                  record F(float a, float b) {}
                  static final P FIXED = new P(1, 2);
                  @Differentiable static F floats(double x) { return new F((float) x, 1f); }
                  @Differentiable static P fixed(double x) { return FIXED; }
                  @Differentiable P own(double x) { return new P(x, x); }
                  @Differentiable double callsOwn(double x) { P p = own(x); return p.a(); }
                }
                """));
    String all =
        String.join("\n", compilation.errors().stream().map(d -> d.getMessage(null)).toList());
    assertTrue(all.contains("@Differentiable method floats returns t.Bad.F, which javad cannot return as its components: its components are not all double"), all);
    assertTrue(all.contains("a method that returns a P returns it as its components"), all);
    assertTrue(all.contains("calling Bad.own, an instance method that returns a record, is not supported yet"), all);
  }
}
