package io.javad.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.javad.processor.testing.CompiledClasses;
import io.javad.processor.testing.Compiler;
import io.javad.runtime.DualArray;
import io.javad.runtime.GradientCheck;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Vector-valued methods {@code double[] f(...)}: fTangent (a Jacobian-vector product), fPullback
 * (a vector-Jacobian product) and fJacobian, against finite differences, closed forms and each
 * other (the dot-product test {@code <seed, J d> == <J^T seed, d>}).
 */
class VectorValuedTest {

  private static final String SOURCE =
      """
      package t;

      import io.javad.Differentiable;
      import io.javad.NoDerivative;

      public class Vec {
        /** One explicit Euler step of the damped pendulum: state (angle, velocity). */
        @Differentiable
        static double[] pendulumStep(double[] state, double damping, @NoDerivative double h) {
          double[] next = new double[2];
          next[0] = state[0] + h * state[1];
          next[1] = state[1] + h * (-Math.sin(state[0]) - damping * state[1]);
          return next;
        }

        @Differentiable
        static double[] polar(double r, double theta) {
          return new double[] {r * Math.cos(theta), r * Math.sin(theta), r * r};
        }

        /** Explicit Euler steps of a damped oscillator: the state array overwritten in a loop. */
        @Differentiable
        static double[] integrate(double[] state, double k, double c, int steps) {
          double[] s = {state[0], state[1]};
          double energy = 0;
          for (int i = 0; i < steps; i++) {
            double a = -k * Math.sin(s[0]) - c * s[1];
            s[0] += 0.1 * s[1];
            s[1] += 0.1 * a;
            if (s[0] > 0) {
              energy += s[1] * s[1];
            } else {
              energy = energy * 0.5 + Math.exp(s[0]);
            }
          }
          return new double[] {s[0], s[1], energy};
        }

        /** An array allocated per iteration whose elements are overwritten: Jacobians by pullbacks. */
        @Differentiable
        static double[] perIteration(double[] x, int n) {
          double[] out = new double[2];
          for (int i = 0; i < n; i++) {
            double[] t = {x[0] * i, x[1]};
            t[0] = Math.sin(t[0] * t[1]);
            t[0] = t[0] * t[0];
            out[0] += t[0];
            out[1] += t[0] * x[1];
          }
          return out;
        }

        @Differentiable
        static double[] cumulative(double[] a) {
          double[] out = new double[a.length];
          double s = 0;
          for (int i = 0; i < a.length; i++) {
            s += Math.exp(a[i]);
            out[i] = Math.log(s);
          }
          return out;
        }
      }
      """;

  private static Class<?> model;
  private static Class<?> companion;

  @BeforeAll
  static void compile() {
    CompiledClasses classes = Compiler.compileAndLoad(Compiler.source("t.Vec", SOURCE));
    model = classes.load("t.Vec");
    companion = classes.load("t.VecDerivatives");
  }

  private static Object call(Class<?> c, String name, Object... args) throws Exception {
    Method m = io.javad.processor.testing.GeneratedMembers.named(c, name);
    if (m == null) {
      throw new AssertionError("no " + name);
    }
    try {
      return m.invoke(null, args);
    } catch (InvocationTargetException e) {
      throw (Exception) e.getCause();
    }
  }

  private static Object component(Object record, String name) throws Exception {
    for (RecordComponent c : record.getClass().getRecordComponents()) {
      if (c.getName().equals(name)) {
        c.getAccessor().setAccessible(true);
        return c.getAccessor().invoke(record);
      }
    }
    throw new AssertionError("no component " + name);
  }

  @Test
  void pendulumJacobianMatchesItsClosedForm() throws Exception {
    double[] state = {0.4, -1.3};
    double damping = 0.2;
    double h = 0.05;
    Object jac = call(companion, "pendulumStepJacobian", state.clone(), damping, h);
    double[][] dState = (double[][]) component(jac, "state");
    double[] dDamping = (double[]) component(jac, "damping");
    assertArrayEquals(new double[] {1, h}, dState[0], 1e-15);
    assertArrayEquals(new double[] {-h * Math.cos(0.4), 1 - h * damping}, dState[1], 1e-15);
    assertArrayEquals(new double[] {0, -h * -1.3}, dDamping, 1e-15);
    assertArrayEquals(
        (double[]) call(model, "pendulumStep", state, damping, h), (double[]) component(jac, "value"), 0);
  }

  @Test
  void tangentPullbackAndJacobianAgree() throws Exception {
    Random random = new Random(3);
    double r = 1.7;
    double theta = 0.6;
    DualArray t = (DualArray) call(companion, "polarTangent", r, 0.3, theta, -1.1);
    double[] expected = {
      0.3 * Math.cos(theta) - 1.1 * -r * Math.sin(theta),
      0.3 * Math.sin(theta) - 1.1 * r * Math.cos(theta),
      0.3 * 2 * r
    };
    assertArrayEquals(expected, t.tangent(), 1e-14);
    double[] seed = {random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
    Object pb = call(companion, "polarPullback", r, theta, seed);
    double[] vjp = {(double) component(pb, "r"), (double) component(pb, "theta")};
    GradientCheck.assertDotProduct(seed, t.tangent(), new double[] {0.3, -1.1}, vjp);
  }

  @Test
  void aLoopFillingAnArray() throws Exception {
    double[] a = {0.3, -0.5, 1.2, 0.1};
    GradientCheck.VectorFunction f = v -> {
      try {
        return (double[]) call(model, "cumulative", (Object) v);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    };
    double[][] fd = GradientCheck.jacobian(f, a);
    Object jac = call(companion, "cumulativeJacobian", (Object) a.clone());
    double[][] j = (double[][]) component(jac, "a");
    for (int i = 0; i < fd.length; i++) {
      assertArrayEquals(fd[i], j[i], 1e-8);
    }
    double[] d = {0.2, -1, 0.5, 0.7};
    DualArray t = (DualArray) call(companion, "cumulativeTangent", a.clone(), d.clone());
    for (int i = 0; i < fd.length; i++) {
      double jd = 0;
      for (int k = 0; k < d.length; k++) {
        jd += fd[i][k] * d[k];
      }
      assertEquals(jd, t.tangent()[i], 1e-8);
    }
  }

  /** Each row of the Jacobian is the pullback of that row's unit vector, and finite differences agree. */
  private static void jacobianRowsArePullbacks(String name, Object... rest) throws Exception {
    double[] x = (double[]) rest[0];
    Object jac = call(companion, name + "Jacobian", copy(rest));
    double[][] j = (double[][]) component(jac, "x".equals(firstName(name)) ? "x" : "state");
    double[] value = (double[]) component(jac, "value");
    assertArrayEquals((double[]) call(model, name, copy(rest)), value, 0);
    for (int row = 0; row < value.length; row++) {
      double[] unit = new double[value.length];
      unit[row] = 1;
      Object[] args = new Object[rest.length + 1];
      System.arraycopy(copy(rest), 0, args, 0, rest.length);
      args[rest.length] = unit;
      Object pullback = call(companion, name + "Pullback", args);
      assertArrayEquals(
          (double[]) component(pullback, firstName(name)), j[row], 1e-13, name + " row " + row);
    }
    GradientCheck.VectorFunction f = v -> {
      Object[] args = copy(rest);
      args[0] = v;
      try {
        return (double[]) call(model, name, args);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    };
    double[][] fd = GradientCheck.jacobian(f, x);
    for (int i = 0; i < fd.length; i++) {
      assertArrayEquals(fd[i], j[i], 1e-7 * (1 + Math.abs(fd[i][0])), name + " row " + i);
    }
  }

  private static String firstName(String method) {
    return method.equals("integrate") ? "state" : "x";
  }

  private static Object[] copy(Object[] args) {
    Object[] out = args.clone();
    for (int i = 0; i < out.length; i++) {
      if (out[i] instanceof double[] a) {
        out[i] = a.clone();
      }
    }
    return out;
  }

  @Test
  void jacobiansRunOneBackwardSweepPerRowOverOneTape() throws Exception {
    jacobianRowsArePullbacks("integrate", new double[] {0.3, -0.2}, 2.0, 0.3, 12);
    jacobianRowsArePullbacks("integrate", new double[] {-0.4, 0.9}, 1.0, 0.1, 7);
    jacobianRowsArePullbacks("perIteration", new double[] {0.7, -0.4}, 3);
  }

  @Test
  void aSeedOfTheWrongLengthIsRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> call(companion, "polarPullback", 1.0, 0.5, new double[2]));
  }
}
