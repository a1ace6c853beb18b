package io.javad.samples;

import io.javad.Differentiable;
import io.javad.NoDerivative;
import io.javad.optim.Datasets;
import io.javad.optim.Sgd;

/**
 * Logistic regression on the UCI breast cancer data (569 tumours, 30 features): an L2-regularized
 * log-loss over a mini-batch, written as plain Java, trained by mini-batch SGD with momentum on the
 * gradient javad generates ({@code LogisticRegressionDerivatives.lossGradient}). Prints the loss
 * per epoch, the test accuracy, and the cost of one gradient against finite differences.
 */
public final class LogisticRegression {

  private LogisticRegression() {}

  /**
   * The mean log-loss of a linear classifier over the rows {@code batch} of {@code x}, plus {@code
   * lambda / 2 |w|^2}; {@code theta} holds the weights and, last, the intercept.
   *
   * @param theta the weights, then the intercept
   * @param x the standardized features
   * @param y the labels, 0 or 1
   * @param batch the rows to average over
   * @param lambda the L2 penalty
   * @return the regularized mean log-loss
   */
  @Differentiable
  public static double loss(
      double[] theta,
      @NoDerivative double[][] x,
      @NoDerivative int[] y,
      @NoDerivative int[] batch,
      @NoDerivative double lambda) {
    int d = theta.length - 1;
    double total = 0;
    for (int k = 0; k < batch.length; k++) {
      int i = batch[k];
      double z = theta[d];
      for (int j = 0; j < d; j++) {
        z += theta[j] * x[i][j];
      }
      // log(1 + exp(-s z)) with s = +1 for label 1 and -1 for label 0, computed stably.
      double t = y[i] == 1 ? -z : z;
      total += Math.max(t, 0) + Math.log1p(Math.exp(-Math.abs(t)));
    }
    double penalty = 0;
    for (int j = 0; j < d; j++) {
      penalty += theta[j] * theta[j];
    }
    return total / batch.length + 0.5 * lambda * penalty;
  }

  /** The fraction of rows whose predicted class (z > 0 for benign) is the label. */
  static double accuracy(double[] theta, double[][] x, int[] y) {
    int d = theta.length - 1;
    int right = 0;
    for (int i = 0; i < x.length; i++) {
      double z = theta[d];
      for (int j = 0; j < d; j++) {
        z += theta[j] * x[i][j];
      }
      right += (z > 0 ? 1 : 0) == y[i] ? 1 : 0;
    }
    return (double) right / x.length;
  }

  public static void main(String[] args) {
    run(30);
  }

  /** Trains for {@code epochs} epochs, prints what it finds, and returns the test accuracy. */
  static double run(int epochs) {
    DataSets.Labeled data = DataSets.breastCancer();
    Datasets.Split split = Datasets.split(data.x(), data.y(), 0.25, 42);
    Datasets.Standardizer standardizer = Datasets.Standardizer.of(split.trainX());
    standardizer.apply(split.trainX());
    standardizer.apply(split.testX());
    int features = split.trainX()[0].length;
    double[] theta = new double[features + 1];
    double lambda = 1e-3;
    Sgd sgd = new Sgd(0.1, 0.9, 0);
    Datasets.Batches batches = new Datasets.Batches(split.trainY().length, 32, 7);
    LogisticRegressionDerivatives.LossWorkspace ws = new LogisticRegressionDerivatives.LossWorkspace();
    int[] all = new int[split.trainY().length];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    System.out.printf("%d training rows, %d test rows, %d features%n",
        split.trainY().length, split.testY().length, features);
    for (int epoch = 1; epoch <= epochs; epoch++) {
      int count = batches.shuffle();
      for (int b = 0; b < count; b++) {
        int[] batch = batches.batch(b);
        LogisticRegressionDerivatives.lossGradient(ws, theta, split.trainX(), split.trainY(), batch, lambda);
        sgd.step(theta, ws.theta());
      }
      if (epoch == 1 || epoch % 5 == 0 || epoch == epochs) {
        System.out.printf("epoch %2d  training loss %.4f%n",
            epoch, loss(theta, split.trainX(), split.trainY(), all, lambda));
      }
    }
    double accuracy = accuracy(theta, split.testX(), split.testY());
    System.out.printf("test accuracy: %.3f%n", accuracy);
    compareWithFiniteDifferences(theta, split.trainX(), split.trainY(), all, lambda, ws);
    return accuracy;
  }

  /** The time of one gradient over the training set, generated vs central differences. */
  private static void compareWithFiniteDifferences(
      double[] theta, double[][] x, int[] y, int[] rows, double lambda,
      LogisticRegressionDerivatives.LossWorkspace ws) {
    int repeats = 200;
    long start = System.nanoTime();
    for (int r = 0; r < repeats; r++) {
      LogisticRegressionDerivatives.lossGradient(ws, theta, x, y, rows, lambda);
    }
    double generated = (System.nanoTime() - start) / (double) repeats;
    double[] probe = theta.clone();
    double[] fd = new double[theta.length];
    start = System.nanoTime();
    for (int r = 0; r < repeats / 10; r++) {
      for (int j = 0; j < probe.length; j++) {
        double h = 1e-6;
        probe[j] = theta[j] + h;
        double up = loss(probe, x, y, rows, lambda);
        probe[j] = theta[j] - h;
        double down = loss(probe, x, y, rows, lambda);
        probe[j] = theta[j];
        fd[j] = (up - down) / (2 * h);
      }
    }
    double differences = (System.nanoTime() - start) / (double) (repeats / 10);
    double largest = 0;
    for (int j = 0; j < fd.length; j++) {
      largest = Math.max(largest, Math.abs(fd[j] - ws.theta()[j]));
    }
    System.out.printf(
        "one gradient of %d parameters: generated %.1f us, finite differences %.1f us (%.0fx),"
            + " largest difference %.1e%n",
        theta.length, generated / 1e3, differences / 1e3, differences / generated, largest);
  }
}
