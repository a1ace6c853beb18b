package io.javad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javad.processor.testing.ArrayFunction;
import io.javad.processor.testing.CompiledClasses;
import io.javad.processor.testing.Compiler;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What reverse mode records per iteration, and where it reverses iterations: scratch variables
 * private to an iteration recorded once at its end, integer steps undone instead of taped, and
 * loops whose iterations only add to sums reversed right after each iteration. Each case is
 * checked against finite differences, the dot-product test and the accumulating form; the cases
 * where an analysis must not apply (a scratch array only partly rewritten, read before it is
 * rewritten, a sum whose adjoint depends on what follows the loop) too, and the generated source
 * shows which treatment each got.
 */
class IterationsTest {

  private static final String SOURCE =
      """
      package t;

      import io.javad.Differentiable;
      import io.javad.NoDerivative;

      public class It {
        /** A Gaussian mixture's shape: scratch vectors declared once, rewritten per (point, cluster). */
        @Differentiable
        static double mixture(double[] w, @NoDerivative double[][] x, int k) {
          int d = x[0].length;
          double[] xc = new double[d];
          double[] qxc = new double[d];
          double[] main = new double[k];
          double total = 0;
          for (int i = 0; i < x.length; i++) {
            for (int c = 0; c < k; c++) {
              for (int j = 0; j < d; j++) {
                xc[j] = x[i][j] - w[c * d + j];
              }
              for (int j = 0; j < d; j++) {
                qxc[j] = Math.exp(w[k * d + c]) * xc[j];
              }
              int l = k * d + k;
              for (int col = 0; col < d; col++) {
                for (int row = col + 1; row < d; row++) {
                  qxc[row] += w[l] * xc[col];
                  l++;
                }
              }
              double sq = 0;
              for (int j = 0; j < d; j++) {
                sq += qxc[j] * qxc[j];
              }
              main[c] = w[c] - 0.5 * sq;
            }
            double mx = main[0];
            for (int c = 1; c < k; c++) {
              mx = Math.max(mx, main[c]);
            }
            double se = 0;
            for (int c = 0; c < k; c++) {
              se += Math.exp(main[c] - mx);
            }
            total += mx + Math.log(se);
          }
          return -total / x.length;
        }

        /** Only the even elements are rewritten: the odd ones carry over to the next iteration. */
        @Differentiable
        static double partlyRewritten(double[] w, int n) {
          double[] s = new double[w.length];
          double total = 0;
          for (int i = 0; i < n; i++) {
            for (int j = 0; j < w.length; j += 2) {
              s[j] = w[j] * (i + 1);
            }
            for (int j = 1; j < w.length; j += 2) {
              s[j] = s[j] * 0.5 + w[j] * s[j - 1];
            }
            double q = 0;
            for (int j = 0; j < w.length; j++) {
              q += Math.sin(s[j]);
            }
            total += q;
          }
          return total;
        }

        /** Read before it is rewritten: a recurrence carried through a scratch array. */
        @Differentiable
        static double carried(double[] w, int n) {
          double[] h = new double[w.length];
          double total = 0;
          for (int i = 0; i < n; i++) {
            double first = h[0];
            for (int j = 0; j < w.length; j++) {
              h[j] = Math.tanh(w[j] * (first + 1) + h[j]);
            }
            total += h[w.length - 1];
          }
          return total;
        }

        /** Rewritten in full on one branch only. */
        @Differentiable
        static double rewrittenOnOneBranch(double[] w, int n) {
          double[] t = new double[w.length];
          double total = 0;
          for (int i = 0; i < n; i++) {
            if (i % 2 == 0) {
              for (int j = 0; j < w.length; j++) {
                t[j] = w[j] * i;
              }
            } else {
              t[0] = w[0] * w[1];
            }
            for (int j = 0; j < w.length; j++) {
              total += t[j] * t[j] * w[j];
            }
          }
          return total;
        }

        /** One element rewritten per iteration, without reading the array: the others carry over. */
        @Differentiable
        static double oneElementRewritten(double[] w, int n) {
          double[] t = new double[w.length];
          for (int j = 0; j < w.length; j++) {
            t[j] = w[j];
          }
          double total = 0;
          for (int i = 0; i < n; i++) {
            t[i % w.length] = Math.sin(w[(i + 1) % w.length]) * (i + 1);
            for (int j = 0; j < w.length; j++) {
              total += t[j] * t[j] * w[j];
            }
          }
          return total;
        }

        /** The rewriting loop stops one short of the allocated length: the last element carries. */
        @Differentiable
        static double shortRewrite(double[] w, int n) {
          double[] t = new double[w.length];
          double total = 0;
          for (int i = 0; i < n; i++) {
            for (int j = 0; j < w.length - 1; j++) {
              t[j] = w[j] * w[j + 1] + 0.1 * i;
            }
            t[w.length - 1] = t[w.length - 1] * 0.5 + t[0] * w[0];
            for (int j = 0; j < w.length; j++) {
              total += Math.sin(t[j]);
            }
          }
          return total;
        }

        /** Arrays.fill rewrites in full; a running product over the filled array follows. */
        @Differentiable
        static double filled(double[] w, int n) {
          double[] t = new double[w.length];
          double total = 0;
          for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(t, w[0] * (i + 1));
            for (int j = 1; j < w.length; j++) {
              t[j] += t[j - 1] * w[j];
            }
            total += t[w.length - 1] * t[w.length - 1];
          }
          return total;
        }

        /** Integer steps carried across iterations and within them: undone, not taped. */
        @Differentiable
        static double strided(double[] w, int n) {
          double total = 0;
          int l = 0;
          long m = 5;
          for (int i = 0; i < n; i++) {
            double r = 0;
            int p = 0;
            while (p < w.length) {
              r = r * 0.5 + w[p] * w[(p + l) % w.length];
              p += 2;
            }
            l += 3;
            m -= 2;
            total += Math.sin(r) * (m % 7);
          }
          return total;
        }

        /** The mean of per-row losses, through a chain of assignments after the loop. */
        @Differentiable
        static double meanLoss(double[] w, @NoDerivative double[][] x, @NoDerivative double[] y) {
          double[] z = new double[x[0].length];
          double total = 0;
          double count = 0;
          for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < z.length; j++) {
              z[j] = w[j] * x[i][j];
            }
            double s = 0;
            for (int j = 0; j < z.length; j++) {
              s += z[j];
            }
            double r = Math.tanh(s) - y[i];
            total += r * r;
            count += 1;
          }
          double mean = total / x.length;
          double scaled = 0.5 * mean;
          return scaled + w[0] * w[0] + count;
        }

        /** The sum's adjoint depends on its own value: no early reversal. */
        @Differentiable
        static double logOfSum(double[] w, int n) {
          double total = 0;
          for (int i = 0; i < n; i++) {
            double t = w[i % w.length] * (i + 1);
            total += t * t;
          }
          return Math.log(total);
        }

        /** Two sums, one subtracted from. */
        @Differentiable
        static double twoSums(double[] w, int n) {
          double a = 0;
          double b = 0;
          for (int i = 0; i < n; i++) {
            double t = w[i % w.length] * (i + 1);
            a += Math.sin(t);
            b -= t * t;
          }
          return 2 * a + b / 3;
        }

        /** A sum that starts from an active value: its adjoint is still needed before the loop. */
        @Differentiable
        static double activeStart(double[] w, int n) {
          double total = w[0] * w[1];
          for (int i = 0; i < n; i++) {
            total += Math.cos(w[i % w.length] * i);
          }
          return total * 3;
        }

        /** A value the iterations read is overwritten after the loop: no early reversal. */
        @Differentiable
        static double rescaled(double[] w, int n) {
          double scale = w[0];
          double total = 0;
          for (int i = 0; i < n; i++) {
            total += scale * Math.sin(w[i % w.length]);
          }
          scale = w[1] * scale;
          return total + scale;
        }

        /** The sum is read by a loop after it: no early reversal. */
        @Differentiable
        static double sumThenLoop(double[] w, int n) {
          double total = 0;
          for (int i = 0; i < n; i++) {
            total += Math.cos(w[i % w.length]);
          }
          double r = 0;
          for (int j = 0; j < w.length; j++) {
            r += total * w[j];
          }
          return r;
        }

        /** Lower-triangular product: xBar[col] only grows in the loop over row, at a fixed index. */
        @Differentiable
        static double triangular(double[] w, int d) {
          double[] x = new double[d];
          for (int j = 0; j < d; j++) {
            x[j] = Math.tanh(w[j % w.length]);
          }
          double[] q = new double[d];
          int l = 0;
          for (int col = 0; col < d; col++) {
            for (int row = col; row < d; row++) {
              q[row] += w[l % w.length] * x[col];
              l++;
            }
          }
          double s = 0;
          for (int j = 0; j < d; j++) {
            s += Math.sin(q[j]);
          }
          return s;
        }

        /** The element's own adjoint is read in the loop too: no local sum. */
        @Differentiable
        static double readBackInLoop(double[] w, int n) {
          double[] t = new double[w.length];
          for (int j = 0; j < w.length; j++) {
            t[j] = w[j];
          }
          for (int i = 0; i < n; i++) {
            t[0] = t[0] * 0.5 + w[i % w.length] * t[0];
          }
          return t[0] * t[1];
        }

        /** A loop that may not run, adding to an element whose index is then out of range. */
        @Differentiable
        static double mayNotRun(double[] w, int k) {
          double s = 0;
          for (int j = 0; j < k; j++) {
            s += w[k - 1] * w[j];
          }
          return s + w[0];
        }

        /** Two parameters' adjoints a caller may pass as one array: no local sums for them. */
        @Differentiable
        static double twoArrays(double[] a, double[] b) {
          double s = 0;
          for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b.length; j++) {
              s += a[i] * b[j] * (i + 1);
            }
          }
          return s;
        }

        /** Values kept for derivatives: cos and sin of one angle, exp and tanh in a loop. */
        @Differentiable
        static double kept(double[] w, int n) {
          double theta = Math.sqrt(w[0] * w[0] + w[1] * w[1]);
          double cos = Math.cos(theta);
          double sin = Math.sin(theta);
          double total = cos * w[2] + sin * w[3];
          double y = w[1];
          for (int i = 0; i < n; i++) {
            double e = Math.exp(-w[i % w.length] * i);
            y = Math.tanh(y * e + w[2]);
            total += e * y;
          }
          return total;
        }

        @Differentiable
        static double dot(double[] a, double[] b) {
          double s = 0;
          for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
          }
          return s;
        }

        /** Logistic loss through a differentiable call, an array allocated per iteration, a recurrence. */
        @Differentiable
        static double calls(double[] w, @NoDerivative double[][] x) {
          double total = 0;
          for (int i = 0; i < x.length; i++) {
            double[] h = new double[w.length];
            double r = 0;
            for (int j = 0; j < w.length; j++) {
              r = Math.tanh(r * w[j] + x[i][j]);
              h[j] = r;
            }
            total += Math.log(1 + Math.exp(-dot(w, x[i]))) + dot(h, h);
          }
          return total;
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

        /** Softmax cross-entropy: the adjoint of lse is known where logsumexp is called. */
        @Differentiable
        static double crossEntropy(double[] w, @NoDerivative double[][] x, @NoDerivative int[] labels, int k) {
          int d = x[0].length;
          double[] z = new double[k];
          double loss = 0;
          for (int i = 0; i < x.length; i++) {
            for (int c = 0; c < k; c++) {
              double s = 0;
              for (int j = 0; j < d; j++) {
                s += w[c * d + j] * x[i][j];
              }
              z[c] = s;
            }
            double lse = logsumexp(z);
            loss += lse - z[labels[i]];
            loss -= 0.5 * w[0];
          }
          return loss / x.length;
        }

        /** The adjoint of lse depends on lse itself: it is known only once lse is. */
        @Differentiable
        static double squaredLse(double[] w, @NoDerivative double[][] x) {
          double[] z = new double[x[0].length];
          double total = 0;
          for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < z.length; j++) {
              z[j] = w[j] * x[i][j];
            }
            double lse = logsumexp(z);
            total += lse * lse;
          }
          return total;
        }

        /** A value computed after the call: its adjoint's partials read it. */
        @Differentiable
        static double computedAfter(double[] w, @NoDerivative double[][] x) {
          double[] z = new double[x[0].length];
          double total = 0;
          for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < z.length; j++) {
              z[j] = w[j] * x[i][j];
            }
            double lse = logsumexp(z);
            double scale = Math.exp(z[0]);
            total += lse + scale;
          }
          return total;
        }

        /** xs[i] is read in the loop over j, which writes only ys: read once before its reversal. */
        @Differentiable
        static double invariantRead(double[] w, int n) {
          double[] xs = new double[n];
          double[] ys = new double[n];
          for (int i = 0; i < n; i++) {
            xs[i] = Math.sin(w[i % w.length]);
          }
          double s = 0;
          for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
              ys[j] = xs[i] * w[j % w.length] + ys[j] * 0.5;
              s += ys[j] * xs[i];
            }
          }
          return s;
        }

        /** The loop over j may not run, and a[m - 1] is then out of range. */
        @Differentiable
        static double readMayNotRun(double[] w, int m) {
          double[] a = new double[w.length];
          for (int i = 0; i < w.length; i++) {
            a[i] = w[i] * w[i];
          }
          double s = 0;
          for (int i = 0; i < 2; i++) {
            for (int j = 0; j < m; j++) {
              s += a[m - 1] * w[j] * w[i];
            }
          }
          return s + w[0];
        }

        /** The index moves in the loop: a[k] is read where it is. */
        @Differentiable
        static double movingIndex(double[] w, int n) {
          double[] a = new double[n];
          for (int i = 0; i < n; i++) {
            a[i] = Math.cos(w[i % w.length]);
          }
          double s = 0;
          int k = 0;
          for (int j = 0; j < n; j++) {
            s += a[k] * w[j % w.length];
            k = j;
          }
          return s;
        }

        /** The loop writes the element it reads. */
        @Differentiable
        static double writtenInLoop(double[] w, int n) {
          double[] a = new double[n];
          double s = 0;
          for (int j = 0; j < n; j++) {
            a[0] = a[0] * 0.5 + w[j % w.length];
            s += a[0] * w[j % w.length];
          }
          return s;
        }

        /** The loop writes m's row through another name: m[0][i] is read where it is. */
        @Differentiable
        static double writtenThroughAnotherName(double[] w, int n) {
          double[][] m = new double[1][n];
          double[] b = m[0];
          for (int i = 0; i < n; i++) {
            m[0][i] = w[i % w.length];
          }
          double s = 0;
          for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
              b[j] = b[j] * 0.5 + w[j % w.length];
              s += m[0][i] * b[j];
            }
          }
          return s;
        }
      }
      """;

  private static CompiledClasses classes;
  private static String generated;

  @BeforeAll
  static void compile() {
    classes = Compiler.compileAndLoad(Compiler.source("t.It", SOURCE));
    generated = classes.generatedCode("t.ItDerivatives");
  }

  private static ArrayFunction f(String name) {
    return new ArrayFunction(classes, "t.It", name);
  }

  private static double[] random(int n, long seed) {
    return new Random(seed).doubles(n, -0.8, 0.8).toArray();
  }

  private static double[][] rows(int n, int d, long seed) {
    Random r = new Random(seed);
    double[][] x = new double[n][d];
    for (double[] row : x) {
      for (int j = 0; j < d; j++) {
        row[j] = r.nextGaussian();
      }
    }
    return x;
  }

  /** The body of the generated {@code <name>Adjoint}, or of {@code <name>Gradient} if none. */
  private static String adjointOf(String name) {
    Matcher m =
        Pattern.compile("static \\w+ " + name + "(Adjoint|Gradient)\\((?s).*?\n  }\n").matcher(generated);
    String found = null;
    while (m.find()) {
      if (found == null || m.group(1).equals("Adjoint")) {
        found = m.group();
      }
    }
    return found;
  }

  private static final String RIGHT_AWAY = "the iteration's adjoint, right away";

  @Test
  void mixtureRecordsItsScratchVectorsOncePerIterationAndReversesEachPointRightAway() {
    int d = 3;
    int k = 2;
    double[] w = random(k * d + k + d * (d - 1) / 2, 1);
    f("mixture").check(w, rows(5, d, 2), k);
    String adjoint = adjointOf("mixture");
    assertTrue(adjoint.contains("tape.pushAll(xc);"), adjoint);
    assertTrue(adjoint.contains("tape.pushAll(qxc);"), adjoint);
    assertFalse(adjoint.contains("push(xc["), "no element of a rewritten vector is taped:\n" + adjoint);
    assertFalse(adjoint.contains("push(qxc["), adjoint);
    assertTrue(adjoint.contains("l--;"), "the index steps back instead of being taped:\n" + adjoint);
    assertTrue(adjoint.contains(RIGHT_AWAY), adjoint);
  }

  @Test
  void scratchArraysThatCarryValuesAcrossIterationsAreTapedElementByElement() {
    f("partlyRewritten").check(random(5, 3), 4);
    f("carried").check(random(4, 4), 5);
    f("rewrittenOnOneBranch").check(random(4, 5), 5);
    f("shortRewrite").check(random(4, 6), 4);
    f("oneElementRewritten").check(random(4, 19), 6);
    for (String carries :
        new String[] {"partlyRewritten", "carried", "rewrittenOnOneBranch", "shortRewrite", "oneElementRewritten"}) {
      assertFalse(adjointOf(carries).contains("pushAll"), carries + ":\n" + adjointOf(carries));
    }
  }

  @Test
  void anArrayFilledInFullIsPrivateToTheIteration() {
    f("filled").check(random(4, 7), 3);
    assertTrue(adjointOf("filled").contains(RIGHT_AWAY), adjointOf("filled"));
  }

  @Test
  void integerStepsAreUndoneInBothSweeps() {
    f("strided").check(random(5, 8), 4);
    String adjoint = adjointOf("strided");
    assertTrue(adjoint.contains("l -= 3;"), adjoint);
    assertTrue(adjoint.contains("m += 2;"), adjoint);
    assertTrue(adjoint.contains("p -= 2;"), adjoint);
    assertFalse(adjoint.contains("intTape.push(l)"), adjoint);
  }

  @Test
  void adjointElementsAtAFixedIndexAreSummedInALocal() throws Exception {
    f("triangular").check(random(4, 20), 4);
    assertTrue(adjointOf("triangular").contains("double xColBar = 0.0;"), adjointOf("triangular"));
    f("readBackInLoop").check(random(3, 21), 4);
    assertFalse(adjointOf("readBackInLoop").contains("ElementBar"), adjointOf("readBackInLoop"));
    f("mayNotRun").check(random(3, 22), 3);
    // k = 0: the loop never runs, w[k - 1] is never read, and the gradient does not read it either.
    double[] g = f("mayNotRun").gradient(new double[] {0.5, 0.25}, 0);
    assertTrue(g[0] == 1 && g[1] == 0, java.util.Arrays.toString(g));
    // One array as both adjoints: each parameter's contributions must still be added.
    Class<?> companion = classes.load("t.ItDerivatives");
    java.lang.reflect.Method adjoint =
        io.javad.processor.testing.GeneratedMembers.named(companion, "twoArraysAdjoint");
    double[] a = {0.5, -1};
    double[] b = {2, 3};
    double[] shared = new double[2];
    adjoint.invoke(null, a, b, 1.0, shared, shared);
    // d/da_i = (i + 1) sum(b), d/db_j = sum_i (i + 1) a_i, into the same array.
    double[] expected = {1 * 5 + (0.5 - 2), 2 * 5 + (0.5 - 2)};
    org.junit.jupiter.api.Assertions.assertArrayEquals(expected, shared, 1e-12);
  }

  @Test
  void valuesAreKeptRatherThanComputedAgain() {
    f("kept").check(random(4, 23), 5);
    String adjoint = adjointOf("kept");
    assertTrue(adjoint.contains("cosBar * sin") || adjoint.contains("sin * cosBar"), adjoint);
    assertEquals(1, adjoint.split("Math.sin\\(", -1).length - 1, "sin(theta) is held by sin:\n" + adjoint);
    assertEquals(1, adjoint.split("Math.exp\\(", -1).length - 1, "exp is kept, not called again:\n" + adjoint);
    assertEquals(1, adjoint.split("Math.tanh\\(", -1).length - 1, "tanh too:\n" + adjoint);
  }

  @Test
  void elementsALoopOnlyReadsAreReadOnceBeforeItsReversal() {
    f("invariantRead").check(random(3, 24), 4);
    assertTrue(
        adjointOf("invariantRead").matches("(?s).*double xsI\\d* = 0 < n \\? xs\\[i\\d*\\] : 0.0;.*"),
        adjointOf("invariantRead"));
    f("readMayNotRun").check(random(3, 25), 2);
    // m = 0: neither the loop nor its reversal reads a[-1].
    double[] g = f("readMayNotRun").gradient(new double[] {0.5, 0.25}, 0);
    assertTrue(g[0] == 1 && g[1] == 0, java.util.Arrays.toString(g));
    f("movingIndex").check(random(3, 26), 4);
    f("writtenInLoop").check(random(3, 27), 4);
    f("writtenThroughAnotherName").check(random(3, 28), 3);
    for (String where : new String[] {"movingIndex", "writtenInLoop", "writtenThroughAnotherName"}) {
      assertFalse(adjointOf(where).matches("(?s).*double (aK|a0|m0I) = .*"), where + ":\n" + adjointOf(where));
    }
  }

  @Test
  void aCallWhoseAdjointIsKnownWhereItIsMadeRunsOnlyItsAdjoint() {
    double[][] x = rows(5, 3, 29);
    int[] labels = {0, 2, 1, 1, 0};
    String fused = adjointOf("crossEntropy");
    f("crossEntropy").check(random(9, 30), x, labels, 3);
    assertTrue(fused.matches("(?s).*\\blse = ItDerivatives\\.logsumexpAdjoint\\(.*"), fused);
    assertFalse(fused.contains("It.logsumexp("), "logsumexp runs once, in its adjoint:\n" + fused);
    f("squaredLse").check(random(3, 31), (Object) x);
    f("computedAfter").check(random(3, 32), (Object) x);
    for (String late : new String[] {"squaredLse", "computedAfter"}) {
      assertTrue(adjointOf(late).contains("lse = It.logsumexp("), late + ":\n" + adjointOf(late));
    }
  }

  @Test
  void sumsWithAdjointsKnownBeforeTheLoopAreReversedRightAway() {
    double[][] x = rows(6, 3, 9);
    double[] y = random(6, 10);
    f("meanLoss").check(random(3, 11), x, y);
    f("twoSums").check(random(3, 12), 5);
    f("activeStart").check(random(3, 13), 4);
    f("calls").check(random(3, 14), (Object) rows(4, 3, 15));
    for (String early : new String[] {"meanLoss", "twoSums", "activeStart", "calls"}) {
      assertTrue(adjointOf(early).contains(RIGHT_AWAY), early + ":\n" + adjointOf(early));
    }
  }

  @Test
  void sumsWhoseAdjointsDependOnWhatFollowsAreReversedInTheBackwardSweep() {
    f("logOfSum").check(random(3, 16), 5);
    f("rescaled").check(random(3, 17), 4);
    f("sumThenLoop").check(random(3, 18), 4);
    for (String late : new String[] {"logOfSum", "rescaled", "sumThenLoop"}) {
      assertTrue(
          adjointOf(late).contains("for (int i = n - 1; i >= 0; i--)"),
          "the loop over i runs backwards in the backward sweep:\n" + adjointOf(late));
    }
    // The loop after the sum reads it but only adds to a sum itself: that one is reversed early.
    assertTrue(adjointOf("sumThenLoop").contains(RIGHT_AWAY), adjointOf("sumThenLoop"));
  }
}
