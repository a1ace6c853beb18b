package io.javad.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The optimizers on problems with known minima, and the dataset helpers' contracts. */
class OptimizersTest {

  /** f(p) = sum (i + 1) (p_i - i)^2: minimum at p_i = i. */
  private static double[] quadraticGradient(double[] p) {
    double[] g = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      g[i] = 2 * (i + 1) * (p[i] - i);
    }
    return g;
  }

  @Test
  void sgdAndMomentumFindTheQuadraticsMinimum() {
    for (Optimizer o : new Optimizer[] {new Sgd(0.05), new Sgd(0.02, 0.9, 0)}) {
      double[] p = new double[4];
      for (int step = 0; step < 2000; step++) {
        o.step(p, quadraticGradient(p));
      }
      for (int i = 0; i < p.length; i++) {
        assertEquals(i, p[i], 1e-8);
      }
    }
  }

  @Test
  void adamFindsRosenbrocksMinimum() {
    double[] p = {-1.2, 1};
    Adam adam = new Adam(0.02);
    for (int step = 0; step < 20000; step++) {
      double x = p[0];
      double y = p[1];
      adam.step(p, new double[] {-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)});
    }
    assertEquals(1, p[0], 1e-3);
    assertEquals(1, p[1], 2e-3);
  }

  @Test
  void lbfgsFindsRosenbrocksMinimumInFewIterations() {
    // The extended Rosenbrock function in 20 variables: minimum 0 at (1, ..., 1).
    Lbfgs.Objective rosenbrock =
        (x, g) -> {
          double f = 0;
          java.util.Arrays.fill(g, 0);
          for (int i = 0; i + 1 < x.length; i += 2) {
            double a = 1 - x[i];
            double b = x[i + 1] - x[i] * x[i];
            f += a * a + 100 * b * b;
            g[i] += -2 * a - 400 * x[i] * b;
            g[i + 1] += 200 * b;
          }
          return f;
        };
    double[] start = new double[20];
    for (int i = 0; i < start.length; i++) {
      start[i] = i % 2 == 0 ? -1.2 : 1;
    }
    Lbfgs.Result r = new Lbfgs(10, 500, 1e-8).minimize(rosenbrock, start);
    assertTrue(r.converged(), r.toString());
    assertTrue(r.iterations() < 200, "iterations " + r.iterations());
    for (double v : r.x()) {
      assertEquals(1, v, 1e-6);
    }
    assertEquals(-1.2, start[0], 0); // the start is not changed
  }

  @Test
  void weightDecayShrinksTowardZero() {
    // f = (p - 1)^2 with decay d: the minimum of f + d p^2 / 2 is 2 / (2 + d).
    double[] p = {0};
    Sgd sgd = new Sgd(0.1, 0, 0.5);
    for (int step = 0; step < 1000; step++) {
      sgd.step(p, new double[] {2 * (p[0] - 1)});
    }
    assertEquals(2 / 2.5, p[0], 1e-12);
  }

  @Test
  void aMatrixGetsOneOptimizerPerRow() {
    double[][] p = {{0, 0}, {0, 0, 0}};
    Optimizer o = Optimizers.forMatrix(() -> new Sgd(0.05));
    for (int step = 0; step < 2000; step++) {
      o.step(p, new double[][] {quadraticGradient(p[0]), quadraticGradient(p[1])});
    }
    assertEquals(1, p[0][1], 1e-8);
    assertEquals(2, p[1][2], 1e-8);
    assertThrows(IllegalArgumentException.class, () -> new Sgd(1).step(new double[2], new double[3]));
  }

  @Test
  void batchesVisitEveryRowOncePerEpoch() {
    Datasets.Batches batches = new Datasets.Batches(10, 4, 7);
    for (int epoch = 0; epoch < 3; epoch++) {
      int count = batches.shuffle();
      assertEquals(3, count);
      int[] seen = new int[10];
      for (int b = 0; b < count; b++) {
        for (int row : batches.batch(b)) {
          seen[row]++;
        }
      }
      assertTrue(Arrays.stream(seen).allMatch(n -> n == 1), Arrays.toString(seen));
    }
  }

  @Test
  void splitIsSeededAndDisjointAndStandardizingUsesTheTrainingRows() {
    double[][] x = new double[20][];
    int[] y = new int[20];
    for (int i = 0; i < 20; i++) {
      x[i] = new double[] {i, 3 * i + 1};
      y[i] = i;
    }
    Datasets.Split a = Datasets.split(x, y, 0.25, 3);
    Datasets.Split b = Datasets.split(x, y, 0.25, 3);
    assertEquals(15, a.trainY().length);
    assertEquals(5, a.testY().length);
    assertTrue(Arrays.equals(a.testY(), b.testY()));
    int[] all = new int[20];
    Arrays.stream(a.trainY()).forEach(i -> all[i]++);
    Arrays.stream(a.testY()).forEach(i -> all[i]++);
    assertTrue(Arrays.stream(all).allMatch(n -> n == 1));
    Datasets.Standardizer s = Datasets.Standardizer.of(a.trainX());
    s.apply(a.trainX());
    double mean = 0;
    double square = 0;
    for (double[] row : a.trainX()) {
      mean += row[1] / 15;
      square += row[1] * row[1] / 15;
    }
    assertEquals(0, mean, 1e-12);
    assertEquals(1, square, 1e-12);
  }
}
