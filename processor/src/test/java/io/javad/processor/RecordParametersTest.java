package io.javad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javad.processor.testing.CompiledClasses;
import io.javad.processor.testing.Compiler;
import io.javad.runtime.Dual;
import io.javad.runtime.GradientCheck;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Records differentiated like numbers: {@code loss(Params p, ...)} gets {@code
 * lossGradient(...).p()} of type {@code Params} and {@code lossTangent(Params p, Params pDot,
 * ...)}. Checked against finite differences over the record's components, the dot-product test
 * and a closed form; and the cases not supported yet are compile errors.
 */
class RecordParametersTest {

  private static final String SOURCE =
      """
      package t;

      import io.javad.Differentiable;
      import io.javad.NoDerivative;

      public final class Fit {
        public record Params(double[] w, double b) {}

        public record Pair(double a, double c) {}

        private final double scale;

        Fit(double scale) {
          this.scale = scale;
        }

        @Differentiable
        static double loss(Params p, @NoDerivative double[][] x, @NoDerivative double[] y) {
          double total = 0;
          for (int i = 0; i < x.length; i++) {
            double r = p.b() - y[i];
            for (int j = 0; j < p.w().length; j++) {
              r += p.w()[j] * x[i][j];
            }
            total += r * r;
          }
          return total / x.length;
        }

        @Differentiable
        double mixed(double t, Pair q) {
          Pair same = q;
          return scale * Math.sin(q.a() * t) + same.c() * t * t;
        }

        @Differentiable
        static double predict(Params p, double[] xi) {
          double s = p.b();
          for (int j = 0; j < xi.length; j++) {
            s += p.w()[j] * xi[j];
          }
          return s;
        }

        @Differentiable
        static double viaCallee(Params p, @NoDerivative double[][] x, @NoDerivative double[] y) {
          double total = 0;
          for (int i = 0; i < x.length; i++) {
            double r = predict(p, x[i]) - y[i];
            total += r * r;
          }
          return total / x.length;
        }

        @Differentiable
        static double fixedModel(double scale, @NoDerivative Params p, @NoDerivative double[][] x) {
          return scale * predict(p, x[0]);
        }

        @Differentiable
        static double dotPair(Pair a, Pair b) {
          return a.a() * b.a() + a.c() * b.c();
        }

        @Differentiable
        static double built(double t, double s) {
          Pair r = new Pair(Math.cos(t), s * t);
          Pair v = new Pair(-Math.sin(t), s);
          double e = 0;
          for (int i = 0; i < 3; i++) {
            e += dotPair(r, v) * i + r.c() * v.c();
          }
          return e + dotPair(r, r) + dotPair(new Pair(t, s * s), v);
        }

        @Differentiable
        static double siblings(double a, double b) {
          double e = 0;
          for (int i = 0; i < 2; i++) {
            Pair q = new Pair(a * i, b);
            e += q.a() * q.c();
          }
          for (int i = 0; i < 2; i++) {
            Pair q = new Pair(b, a + i);
            e += q.a() - q.c() * q.c();
          }
          return e;
        }

        @Differentiable
        static double fields(Pair g, Pair h) {
          return g.a * h.c - g.c * h.a;
        }

        /** The same loss with the bias doubled, through a record built around the weights. */
        @Differentiable
        static double shifted(Params p, @NoDerivative double[][] x, @NoDerivative double[] y) {
          Params q = new Params(p.w(), 2 * p.b());
          Params same = q;
          return viaCallee(same, x, y) + q.w()[0];
        }

        @Differentiable(wrt = "t")
        static double dataOnly(double t, Pair q) {
          return q.a() * t;
        }

        /** A guard on a record javad takes apart: its members read the components. */
        @Differentiable
        static double guardedPair(Pair q, double x) {
          java.util.Objects.requireNonNull(q, "q");
          return q.a() * x * x + q.c();
        }

        /** Records with an array component built in the argument lists of calls. */
        @Differentiable
        static double inline(double[] w, double b, @NoDerivative double[][] x) {
          return predict(new Params(w, b * b), x[0]) * predict(new Params(w, 0.5), x[1]);
        }
      }
      """;

  private static CompiledClasses classes;
  private static Class<?> params;
  private static Class<?> pair;
  private static Class<?> companion;

  @BeforeAll
  static void compile() throws Exception {
    classes = Compiler.compileAndLoad(Compiler.source("t.Fit", SOURCE));
    params = classes.load("t.Fit$Params");
    pair = classes.load("t.Fit$Pair");
    companion = classes.load("t.FitDerivatives");
  }

  private static final double[][] X = {{1, 2}, {0.5, -1}, {3, 0.25}, {-1, 1}};
  private static final double[] Y = {1, -0.5, 2, 0.25};

  private static Object params(double[] w, double b) throws Exception {
    Constructor<?> c = params.getDeclaredConstructor(double[].class, double.class);
    return c.newInstance(w, b);
  }

  private static double loss(double[] flat) throws Exception {
    Method m = classes.load("t.Fit").getDeclaredMethod("loss", params, double[][].class, double[].class);
    m.setAccessible(true);
    return (double) m.invoke(null, params(new double[] {flat[0], flat[1]}, flat[2]), X, Y);
  }

  @Test
  void theGradientOfARecordIsARecord() throws Exception {
    double[] at = {0.3, -0.7, 0.2};
    Object g =
        companion.getMethod("lossGradient", params, double[][].class, double[].class)
            .invoke(null, params(new double[] {at[0], at[1]}, at[2]), X, Y);
    Object p = g.getClass().getMethod("p").invoke(g);
    assertEquals(params, p.getClass());
    double[] w = (double[]) params.getMethod("w").invoke(p);
    double b = (double) params.getMethod("b").invoke(p);
    double[] gradient = {w[0], w[1], b};
    GradientCheck.assertGradient(
        v -> {
          try {
            return loss(v);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        },
        at,
        gradient);
    // Closed form: db = 2/n sum r_i.
    double sum = 0;
    for (int i = 0; i < X.length; i++) {
      sum += at[2] - Y[i] + at[0] * X[i][0] + at[1] * X[i][1];
    }
    assertEquals(2 * sum / X.length, b, 1e-14);
    // The tangent takes a record of directions: the dot-product test.
    double[] direction = {0.5, -1.5, 2};
    Dual t =
        (Dual)
            companion
                .getMethod("lossTangent", params, params, double[][].class, double[].class)
                .invoke(
                    null, params(new double[] {at[0], at[1]}, at[2]),
                    params(new double[] {direction[0], direction[1]}, direction[2]), X, Y);
    GradientCheck.assertDotProduct(t.tangent(), gradient, direction);
  }

  @Test
  void aRecordPassedToACalleeThatDifferentiatesIt() throws Exception {
    Object p = params(new double[] {0.3, -0.7}, 0.2);
    Object direct =
        companion.getMethod("lossGradient", params, double[][].class, double[].class)
            .invoke(null, p, X, Y);
    Object viaCallee =
        companion.getMethod("viaCalleeGradient", params, double[][].class, double[].class)
            .invoke(null, p, X, Y);
    // The same function written with a helper: the same record of partials.
    Object a = direct.getClass().getMethod("p").invoke(direct);
    Object b = viaCallee.getClass().getMethod("p").invoke(viaCallee);
    double[] wa = (double[]) params.getMethod("w").invoke(a);
    double[] wb = (double[]) params.getMethod("w").invoke(b);
    for (int j = 0; j < 2; j++) {
      assertEquals(wa[j], wb[j], 1e-14);
    }
    assertEquals((double) params.getMethod("b").invoke(a), (double) params.getMethod("b").invoke(b), 1e-14);
    // A record that is data in the caller goes to the callee as data: d/dscale = predict(p, x0).
    Object g =
        companion.getMethod("fixedModelGradient", double.class, params, double[][].class)
            .invoke(null, 2.0, p, X);
    assertEquals(0.2 + 0.3 * X[0][0] - 0.7 * X[0][1], (double) g.getClass().getMethod("scale").invoke(g), 1e-15);
  }

  @Test
  void aRecordWithAnArrayComponentBuiltInACallsArguments() throws Exception {
    Method f = classes.load("t.Fit").getDeclaredMethod("inline", double[].class, double.class, double[][].class);
    f.setAccessible(true);
    double[] w = {0.3, -0.7};
    double b = 0.4;
    Object g =
        companion.getMethod("inlineGradient", double[].class, double.class, double[][].class)
            .invoke(null, w, b, X);
    double[] dw = (double[]) g.getClass().getMethod("w").invoke(g);
    double db = (double) g.getClass().getMethod("b").invoke(g);
    GradientCheck.assertGradient(
        v -> {
          try {
            return (double) f.invoke(null, new double[] {v[0], v[1]}, v[2], X);
          } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
          }
        },
        new double[] {w[0], w[1], b},
        new double[] {dw[0], dw[1], db});
    String errors =
        Compiler.compile(
                Compiler.source(
                    "t.Bad",
                    """
                    package t;
                    import io.javad.Differentiable;
                    class Bad {
                      record P(double[] w, double b) {}
                      @Differentiable static double g(P p) { return p.w()[0] * p.b(); }
                      @Differentiable static double f(double[] w, double b) { return g(new P(w.clone(), b)); }
                    }
                    """))
            .errors()
            .toString();
    assertTrue(
        errors.contains(
            "a P built in a call's argument list takes an array variable for its array component w"),
        errors);
  }

  @Test
  void aGuardOnARecordParameter() throws Exception {
    Object q = pair.getDeclaredConstructor(double.class, double.class).newInstance(2.0, 0.5);
    Object g = companion.getMethod("guardedPairGradient", pair, double.class).invoke(null, q, 1.5);
    assertEquals(2 * 2.0 * 1.5, (double) g.getClass().getMethod("x").invoke(g), 1e-15);
  }

  @Test
  void recordsBuiltInTheMethodAreScalarReplaced() throws Exception {
    io.javad.processor.testing.Differentiated built =
        new io.javad.processor.testing.Differentiated(classes, "t.Fit", "built");
    io.javad.processor.testing.DerivativeChecks.check(built, 0.7, 1.3);
    io.javad.processor.testing.DerivativeChecks.check(built, -0.4, 0.2);
    String source = classes.generatedSource("t.FitDerivatives");
    assertTrue(source.contains("double rA = Math.cos(t);"), source);
    assertTrue(source.contains("dotPairGradient(rA, rC, vA, vC)"), source);
  }

  @Test
  void recordLocalsInSiblingBlocksAndFieldReads() throws Exception {
    io.javad.processor.testing.DerivativeChecks.check(
        new io.javad.processor.testing.Differentiated(classes, "t.Fit", "siblings"), 0.7, -1.3);
    Constructor<?> pairOf = pair.getDeclaredConstructor(double.class, double.class);
    Object g =
        companion.getMethod("fieldsGradient", pair, pair)
            .invoke(null, pairOf.newInstance(1.0, 2.0), pairOf.newInstance(3.0, 5.0));
    // d/dg (g.a h.c - g.c h.a) = (h.c, -h.a); d/dh = (-g.c, g.a).
    Object dg = g.getClass().getMethod("g").invoke(g);
    Object dh = g.getClass().getMethod("h").invoke(g);
    assertEquals(5.0, (double) pair.getMethod("a").invoke(dg), 0);
    assertEquals(-3.0, (double) pair.getMethod("c").invoke(dg), 0);
    assertEquals(-2.0, (double) pair.getMethod("a").invoke(dh), 0);
    assertEquals(1.0, (double) pair.getMethod("c").invoke(dh), 0);
  }

  @org.junit.jupiter.api.io.TempDir static java.nio.file.Path library;

  @Test
  void aLibraryMethodCompiledOverARecordsComponents() {
    Compiler.compileTo(
        library,
        List.of(),
        List.of("-parameters"),
        Compiler.source(
            "lib.Model",
            """
            package lib;
            import io.javad.Differentiable;
            public final class Model {
              public record Params(double w, double b) {}
              @Differentiable
              public static double predict(Params p, double x) { return p.w() * x + p.b(); }
            }
            """));
    CompiledClasses client =
        Compiler.compileAndLoadWith(
            library,
            Compiler.source(
                "app.Client",
                """
                package app;
                import io.javad.Differentiable;
                import lib.Model;
                public class Client {
                  static final Model.Params FIXED = new Model.Params(2, 0.5);
                  @Differentiable
                  static double f(double x) { return Model.predict(FIXED, x * x); }
                }
                """));
    // The record is data here (its class is a class file); the callee takes it by components.
    io.javad.processor.testing.DerivativeChecks.check(
        new io.javad.processor.testing.Differentiated(client, "app.Client", "f"), 0.7);
  }

  @Test
  void anInstanceMethodWithARecordAndAScalar() throws Exception {
    Class<?> fit = classes.load("t.Fit");
    Constructor<?> make = fit.getDeclaredConstructor(double.class);
    make.setAccessible(true);
    Object self = make.newInstance(1.5);
    Constructor<?> pairOf = pair.getDeclaredConstructor(double.class, double.class);
    double t = 0.8;
    double a = 0.6;
    double c = -0.4;
    Object g =
        companion.getMethod("mixedGradient", fit, double.class, pair)
            .invoke(null, self, t, pairOf.newInstance(a, c));
    double dt = (double) g.getClass().getMethod("t").invoke(g);
    Object q = g.getClass().getMethod("q").invoke(g);
    // d/dt, d/da, d/dc of 1.5 sin(a t) + c t^2.
    assertEquals(1.5 * a * Math.cos(a * t) + 2 * c * t, dt, 1e-14);
    assertEquals(1.5 * t * Math.cos(a * t), (double) pair.getMethod("a").invoke(q), 1e-14);
    assertEquals(t * t, (double) pair.getMethod("c").invoke(q), 1e-14);
    Dual tangent =
        (Dual)
            companion.getMethod("mixedTangent", fit, double.class, double.class, pair, pair)
                .invoke(null, self, t, 1.0, pairOf.newInstance(a, c), pairOf.newInstance(0.0, 0.0));
    assertEquals(dt, tangent.tangent(), 1e-14);
  }

  @Test
  void aRecordBuiltAroundArraysNamesTheSameArrays() throws Exception {
    double[] w = {0.3, -0.7};
    Object g =
        companion.getMethod("shiftedGradient", params, double[][].class, double[].class)
            .invoke(null, params(w, 0.2), X, Y);
    Object p = g.getClass().getMethod("p").invoke(g);
    double[] partials = {
      ((double[]) params.getMethod("w").invoke(p))[0],
      ((double[]) params.getMethod("w").invoke(p))[1],
      (double) params.getMethod("b").invoke(p)
    };
    Method shifted =
        classes.load("t.Fit").getDeclaredMethod("shifted", params, double[][].class, double[].class);
    shifted.setAccessible(true);
    GradientCheck.assertGradient(
        v -> {
          try {
            return (double) shifted.invoke(null, params(new double[] {v[0], v[1]}, v[2]), X, Y);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        },
        new double[] {0.3, -0.7, 0.2},
        partials);
  }

  @Test
  void aRecordLeftOutOfWrtIsData() throws Exception {
    Object g =
        companion.getMethod("dataOnlyGradient", double.class, pair)
            .invoke(null, 2.0, pair.getDeclaredConstructor(double.class, double.class).newInstance(3.0, 1.0));
    assertEquals(3.0, (double) g.getClass().getMethod("t").invoke(g), 0);
    assertEquals(2, g.getClass().getRecordComponents().length);
  }

  @Test
  void whatIsNotSupportedYetIsAnErrorAtTheNode() {
    com.google.testing.compile.Compilation compilation =
        Compiler.compile(
            Compiler.source(
                "t.Bad",
                """
                package t;
                import io.javad.Differentiable;
                final class Bad {
                  record P(double a, double b) { double sumOf() { return a + b; } }
                  @Differentiable static double sum(P p) { return p.a() + p.b(); }
                  @Differentiable static double passes(P p) { return p.a() * java.util.Objects.hashCode(p); }
                  @Differentiable static double calls(double x) { return sum(new P(x, x)); }
                  record Q(double[] w) {}
                  record Unit(double x, double y) { Unit { double n = Math.hypot(x, y); x /= n; y /= n; } }
                  record Twice(double x, double y) { public double x() { return 2 * x; } }
                  @Differentiable static double unit(double a, double b) { Unit u = new Unit(a, b); return u.x(); }
                  @Differentiable static double twice(Twice t, double s) { return t.x() * s; }
                  @Differentiable static double reassign(double a) { P r = new P(a, a); r = FIXED; return r.a(); }
                  static final P FIXED = new P(1, 2);
                  record N(P inner, double k) {}
                  @Differentiable static double nested(N n, double s) { return n.k() * s; }
                  @Differentiable static double local(double x) { Q q = new Q(new double[] {x}); return x; }
                }
                """));
    String all =
        String.join(
            "\n", compilation.errors().stream().map(d -> d.getMessage(null)).toList());
    assertTrue(all.contains("passing the differentiated record p to a method that does not differentiate it"), all);
    assertTrue(all.contains("a Q built inside a @Differentiable method takes its array component w as the array itself, so it must be given an array variable"), all);
    assertTrue(all.contains("record Unit cannot be built here as its components: it has a constructor or accessors of its own"), all);
    assertTrue(all.contains("r names a record or an object, which cannot be assigned again"), all);
    // Records the contract makes active but javad cannot differentiate yet: an error, not data.
    assertTrue(all.contains("parameter t has record type t.Bad.Twice, which javad cannot differentiate: it has a constructor or accessors of its own"), all);
    assertTrue(all.contains("parameter n has record type t.Bad.N, which javad cannot differentiate: it holds records"), all);
  }
}
