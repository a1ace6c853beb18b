package io.javad.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javad.processor.testing.CompiledClasses;
import io.javad.processor.testing.Compiler;
import io.javad.processor.testing.GeneratedMembers;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The workspace forms, {@code fGradient(FWorkspace ws, ...)} and {@code fAdjoint(FWorkspace ws,
 * ...)}: the same numbers as the contract's forms, however often a workspace is reused (its
 * gradient arrays cleared each time), and, once warm, no allocation beyond what the function
 * itself allocates, callees' tapes and recursion included.
 */
class WorkspaceTest {

  private static final String SOURCE =
      """
      package t;

      import io.javad.Differentiable;
      import io.javad.NoDerivative;

      public class Ws {
        /** A loop whose gradient needs a tape. */
        @Differentiable
        static double power(double x, int n) {
          double r = 1;
          for (int i = 0; i < n; i++) {
            r *= x + 0.01 * i;
          }
          return r;
        }

        @Differentiable
        static double logsumexp(double[] v) {
          double max = v[0];
          for (int i = 1; i < v.length; i++) {
            max = Math.max(max, v[i]);
          }
          double sum = 0;
          for (int i = 0; i < v.length; i++) {
            sum += Math.exp(v[i] - max);
          }
          return max + Math.log(sum);
        }

        /** Local arrays, a callee with a tape of its own, an independent loop over rows. */
        @Differentiable
        static double mixture(double[] w, @NoDerivative double[][] x, int k) {
          double[] scores = new double[k];
          double total = 0;
          for (int i = 0; i < x.length; i++) {
            for (int c = 0; c < k; c++) {
              double s = 0;
              for (int j = 0; j < x[i].length; j++) {
                double t = x[i][j] - w[c * x[i].length + j];
                s += t * t;
              }
              scores[c] = -0.5 * s;
            }
            total += logsumexp(scores);
          }
          return total;
        }

        /** A vector-valued step with a loop that overwrites its state: Jacobians through a workspace. */
        @Differentiable
        static double[] steps(double[] s, double k, int n) {
          double[] y = {s[0], s[1]};
          for (int i = 0; i < n; i++) {
            double a = -k * Math.sin(y[0]);
            y[0] += 0.1 * y[1];
            y[1] += 0.1 * a;
          }
          return y;
        }

        /** Per iteration: one overwrite of r, then m of s in a nested loop; the tape holds them all. */
        @Differentiable
        static double recurrence(double x, int n, int m) {
          double r = x;
          double s = 0.5;
          for (int i = 0; i < n; i++) {
            r = Math.sin(r * x);
            for (int j = 0; j < m; j++) {
              s = s * Math.cos(r + j);
            }
          }
          return r + s;
        }

        /** Recursion through arrays: each depth gets a workspace of its own. */
        @Differentiable
        static double nested(double[] w, int depth) {
          if (depth == 0) {
            return logsumexp(w);
          }
          return Math.tanh(nested(w, depth - 1)) + w[depth % w.length] * w[0];
        }
      }
      """;

  private static Class<?> model;
  private static Class<?> companion;

  @BeforeAll
  static void compile() {
    CompiledClasses classes = Compiler.compileAndLoad(Compiler.source("t.Ws", SOURCE));
    model = classes.load("t.Ws");
    companion = classes.load("t.WsDerivatives");
  }

  private static Object call(Method m, Object... args) throws Exception {
    return m.invoke(null, args);
  }

  private static Object newWorkspace(String name) throws Exception {
    Class<?> type = GeneratedMembers.withWorkspace(companion, name + "Gradient").getParameterTypes()[0];
    return type.getConstructor().newInstance();
  }

  private static Object accessor(Object target, String name) throws Exception {
    Method m = target.getClass().getMethod(name);
    m.setAccessible(true);
    return m.invoke(target);
  }

  private static double[][] rows(int n, int d) {
    Random r = new Random(5);
    double[][] x = new double[n][d];
    for (double[] row : x) {
      for (int j = 0; j < d; j++) {
        row[j] = r.nextGaussian();
      }
    }
    return x;
  }

  @Test
  void reusedWorkspacesGiveTheContractsNumbersAgainAndAgain() throws Exception {
    Method gradient = GeneratedMembers.named(companion, "mixtureGradient");
    Method withWorkspace = GeneratedMembers.withWorkspace(companion, "mixtureGradient");
    Object ws = newWorkspace("mixture");
    double[][] x = rows(7, 3);
    double[] first = null;
    for (int round = 0; round < 3; round++) {
      double[] w = new Random(round).doubles(6, -1, 1).toArray();
      Object record = call(gradient, w, x, 2);
      assertSame(ws, call(withWorkspace, ws, w, x, 2));
      double[] fromRecord = (double[]) accessor(record, "w");
      double[] fromWorkspace = (double[]) accessor(ws, "w");
      assertArrayEquals(fromRecord, fromWorkspace, 0, "round " + round);
      assertEquals((double) accessor(record, "value"), (double) accessor(ws, "value"), 0);
      if (first == null) {
        first = fromWorkspace;
      }
      assertSame(first, fromWorkspace, "the workspace's gradient array is reused");
    }
    // Scalars: power's derivative stays in the workspace.
    Object pws = newWorkspace("power");
    Method power = GeneratedMembers.withWorkspace(companion, "powerGradient");
    for (int n : new int[] {3, 7, 2}) {
      call(power, pws, 1.3, n);
      Object record = call(GeneratedMembers.named(companion, "powerGradient"), 1.3, n);
      assertEquals((double) accessor(record, "x"), (double) accessor(pws, "x"), 0);
    }
  }

  @Test
  void recursionGetsAWorkspacePerDepth() throws Exception {
    Method withWorkspace = GeneratedMembers.withWorkspace(companion, "nestedGradient");
    Object ws = newWorkspace("nested");
    double[] w = {0.3, -0.7, 1.1};
    for (int depth : new int[] {4, 2, 5}) {
      call(withWorkspace, ws, w, depth);
      Object record = call(GeneratedMembers.named(companion, "nestedGradient"), w, depth);
      assertArrayEquals((double[]) accessor(record, "w"), (double[]) accessor(ws, "w"), 0);
    }
  }

  @Test
  void jacobiansThroughAWorkspaceMatchTheContractsForm() throws Exception {
    Method jacobian = GeneratedMembers.named(companion, "stepsJacobian");
    Method withWorkspace = GeneratedMembers.withWorkspace(companion, "stepsJacobian");
    Object ws = withWorkspace.getParameterTypes()[0].getConstructor().newInstance();
    for (int n : new int[] {5, 9, 5}) {
      double[] s = {0.4, -0.3};
      Object record = call(jacobian, s.clone(), 1.7, n);
      assertSame(ws, call(withWorkspace, ws, s.clone(), 1.7, n));
      double[][] expected = (double[][]) accessor(record, "s");
      double[][] actual = (double[][]) accessor(ws, "s");
      for (int row = 0; row < expected.length; row++) {
        assertArrayEquals(expected[row], actual[row], 0, "n = " + n);
      }
      assertArrayEquals((double[]) accessor(record, "k"), (double[]) accessor(ws, "k"), 0);
      assertArrayEquals((double[]) accessor(record, "value"), (double[]) accessor(ws, "value"), 0);
    }
  }

  @Test
  void theTapeIsReservedOnceForACountedLoop() throws Exception {
    Object ws = newWorkspace("recurrence");
    Method gradient = GeneratedMembers.withWorkspace(companion, "recurrenceGradient");
    int n = 300;
    int m = 7;
    call(gradient, ws, 0.3, n, m);
    java.lang.reflect.Field field = ws.getClass().getDeclaredField("tape");
    field.setAccessible(true);
    io.javad.runtime.DoubleStack tape = (io.javad.runtime.DoubleStack) field.get(ws);
    // r and every s are overwritten while a derivative still needs them: n (1 + m) values, reserved
    // before the loop instead of grown by doubling from 16.
    assertEquals(n * (1 + m), tape.capacity());
    assertEquals(0, tape.size());
    Object record = call(GeneratedMembers.named(companion, "recurrenceGradient"), 0.3, n, m);
    assertEquals((double) accessor(record, "x"), (double) accessor(ws, "x"), 0);
  }

  @Test
  void aWarmWorkspaceAllocatesNothingTheFunctionDoesNot() throws Exception {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    double[][] x = rows(20, 3);
    double[] w = new Random(9).doubles(6, -1, 1).toArray();
    Method primal = GeneratedMembers.named(model, "mixture");
    Method gradient = GeneratedMembers.withWorkspace(companion, "mixtureGradient");
    Object ws = newWorkspace("mixture");
    Object[] primalArgs = {w, x, 2};
    Object[] gradientArgs = {ws, w, x, 2};
    int calls = 200;
    for (int i = 0; i < 2000; i++) {
      primal.invoke(null, primalArgs);
      gradient.invoke(null, gradientArgs);
    }
    long thread = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(thread);
    for (int i = 0; i < calls; i++) {
      primal.invoke(null, primalArgs);
    }
    long byPrimal = threads.getThreadAllocatedBytes(thread) - before;
    before = threads.getThreadAllocatedBytes(thread);
    for (int i = 0; i < calls; i++) {
      gradient.invoke(null, gradientArgs);
    }
    long byGradient = threads.getThreadAllocatedBytes(thread) - before;
    // The function allocates its scores array; the gradient may add no tape, adjoint or callee
    // workspace per call (reflection's own small allocations are alike for both).
    assertTrue(
        byGradient <= byPrimal + 32L * calls,
        "gradient allocated " + byGradient / calls + " bytes per call, the function " + byPrimal / calls);
  }
}
