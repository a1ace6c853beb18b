package io.javad.samples;

import io.javad.Differentiable;
import io.javad.NoDerivative;
import io.javad.optim.Datasets;

/**
 * Tunes one ridge penalty per feature by gradient descent on the validation error, through the
 * linear solve that fits the weights (hyperparameter optimization by implicit differentiation):
 * the weights are {@code w = (XᵀX + diag(e^θ))⁻¹ Xᵀy} on the training rows, and javad's gradient
 * of the validation error with respect to the 30 log-penalties {@code θ} goes through {@link
 * Linear#solve} by the rules in {@link LinearRules}, one extra solve per gradient. Each step's
 * length comes from the curvature along the gradient, a Hessian-vector product through the same
 * rules (the method is of order 2, and the solve's tangent rule {@code @Differentiable}).
 */
public final class RidgeTuning {

  private RidgeTuning() {}

  /**
   * The mean squared error on the validation rows of the ridge fit with penalties {@code
   * e^logPenalty} on the training rows.
   *
   * @param logPenalty the log of each feature's penalty
   * @param gram {@code XᵀX} of the training rows
   * @param xty {@code Xᵀy} of the training rows
   * @param xv the validation rows
   * @param yv their targets
   * @return the validation error
   */
  @Differentiable(order = 2)
  public static double validationError(
      double[] logPenalty,
      @NoDerivative double[][] gram,
      @NoDerivative double[] xty,
      @NoDerivative double[][] xv,
      @NoDerivative double[] yv) {
    int d = xty.length;
    double[][] a = new double[d][d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        a[i][j] = gram[i][j];
      }
      a[i][i] += Math.exp(logPenalty[i]);
    }
    double[] w = Linear.solve(a, xty);
    double error = 0;
    for (int k = 0; k < yv.length; k++) {
      double r = -yv[k];
      for (int j = 0; j < d; j++) {
        r += xv[k][j] * w[j];
      }
      error += r * r;
    }
    return error / yv.length;
  }

  /**
   * Tunes the penalties and prints how the errors change.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    run(20);
  }

  /**
   * Tunes for {@code steps} steps and returns the validation error before and after, and the test
   * error after.
   */
  static double[] run(int steps) {
    DataSets.Labeled data = DataSets.breastCancer();
    Datasets.Split first = Datasets.split(data.x(), data.y(), 0.25, 42);
    Datasets.Split second = Datasets.split(first.trainX(), first.trainY(), 0.33, 7);
    Datasets.Standardizer standardizer = Datasets.Standardizer.of(second.trainX());
    standardizer.apply(second.trainX());
    standardizer.apply(second.testX());
    standardizer.apply(first.testX());
    double[][] x = second.trainX();
    double[] y = targets(second.trainY());
    double[][] xv = second.testX();
    double[] yv = targets(second.testY());
    int d = x[0].length;
    double[][] gram = new double[d][d];
    double[] xty = new double[d];
    for (int k = 0; k < x.length; k++) {
      for (int i = 0; i < d; i++) {
        xty[i] += x[k][i] * y[k];
        for (int j = 0; j < d; j++) {
          gram[i][j] += x[k][i] * x[k][j];
        }
      }
    }
    double[] theta = new double[d]; // every penalty 1
    double before = validationError(theta, gram, xty, xv, yv);
    System.out.printf("%d training, %d validation, %d test rows; %d penalties, all 1 at first%n",
        y.length, yv.length, first.testY().length, d);
    System.out.printf("validation error %.5f, test error %.5f%n",
        before, testError(theta, gram, xty, first.testX(), targets(first.testY())));
    RidgeTuningDerivatives.ValidationErrorWorkspace ws =
        new RidgeTuningDerivatives.ValidationErrorWorkspace();
    double longest = 0.5;
    double after = before;
    for (int step = 1; step <= steps; step++) {
      RidgeTuningDerivatives.validationErrorGradient(ws, theta, gram, xty, xv, yv);
      double[] g = ws.logPenalty();
      double norm = 0;
      for (double v : g) {
        norm += v * v;
      }
      norm = Math.sqrt(norm);
      double[] u = new double[d];
      for (int i = 0; i < d; i++) {
        u[i] = g[i] / (norm + 1e-12);
      }
      // The step along u from the curvature there, uᵀHu, the second order through the solve's
      // rules (Newton's step along the gradient), at most `longest`; the longest where the
      // error curves down.
      double[] hu = RidgeTuningDerivatives.validationErrorHvp(theta, gram, xty, xv, yv, u).hvp();
      double curvature = 0;
      for (int i = 0; i < d; i++) {
        curvature += u[i] * hu[i];
      }
      double length = curvature > 0 ? Math.min(norm / curvature, longest) : longest;
      for (int i = 0; i < d; i++) {
        theta[i] -= length * u[i];
      }
      after = validationError(theta, gram, xty, xv, yv);
      if (step % 5 == 0 || step == steps) {
        System.out.printf("step %3d  validation error %.5f%n", step, after);
      }
    }
    double test = testError(theta, gram, xty, first.testX(), targets(first.testY()));
    double smallest = Double.MAX_VALUE;
    double largest = 0;
    for (double t : theta) {
      smallest = Math.min(smallest, Math.exp(t));
      largest = Math.max(largest, Math.exp(t));
    }
    System.out.printf("tuned: validation error %.5f, test error %.5f; penalties from %.3g to %.3g%n",
        after, test, smallest, largest);
    return new double[] {before, after, test};
  }

  /** The same fit's error on other rows. */
  private static double testError(double[] theta, double[][] gram, double[] xty, double[][] x, double[] y) {
    return validationError(theta, gram, xty, x, y);
  }

  /** Labels 0 and 1 as regression targets -1 and 1. */
  private static double[] targets(int[] labels) {
    double[] t = new double[labels.length];
    for (int i = 0; i < t.length; i++) {
      t[i] = labels[i] == 1 ? 1 : -1;
    }
    return t;
  }
}
