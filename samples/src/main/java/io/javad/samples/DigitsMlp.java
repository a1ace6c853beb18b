package io.javad.samples;

import io.javad.Differentiable;
import io.javad.NoDerivative;
import io.javad.optim.Adam;
import io.javad.optim.Datasets;
import io.javad.optim.Optimizer;
import io.javad.optim.Optimizers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * A 64-32-10 neural network (tanh hidden layer, softmax cross-entropy) that learns to read the UCI
 * handwritten digits (1797 8x8 images). The loss over a mini-batch is one plain Java method over
 * the weight arrays; Adam trains them on the gradient javad generates. A progress bar shows each
 * epoch's loss; the loss and accuracy curves are written to {@code digits-training.png}.
 */
public final class DigitsMlp {

  private DigitsMlp() {}

  /**
   * The mean softmax cross-entropy of the network over the rows {@code batch} of {@code x}.
   *
   * @param w1 hidden weights, one row per hidden unit
   * @param b1 hidden biases
   * @param w2 output weights, one row per class
   * @param b2 output biases
   * @param x the images, pixels scaled to [0, 1]
   * @param y the digits
   * @param batch the rows to average over
   * @return the mean loss
   */
  @Differentiable
  public static double loss(
      double[][] w1,
      double[] b1,
      double[][] w2,
      double[] b2,
      @NoDerivative double[][] x,
      @NoDerivative int[] y,
      @NoDerivative int[] batch) {
    double total = 0;
    double[] hidden = new double[b1.length];
    double[] scores = new double[b2.length];
    for (int k = 0; k < batch.length; k++) {
      int i = batch[k];
      for (int u = 0; u < hidden.length; u++) {
        double a = b1[u];
        for (int j = 0; j < x[i].length; j++) {
          a += w1[u][j] * x[i][j];
        }
        hidden[u] = Math.tanh(a);
      }
      double largest = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < scores.length; c++) {
        double s = b2[c];
        for (int u = 0; u < hidden.length; u++) {
          s += w2[c][u] * hidden[u];
        }
        scores[c] = s;
        largest = Math.max(largest, s);
      }
      double sum = 0;
      for (int c = 0; c < scores.length; c++) {
        sum += Math.exp(scores[c] - largest);
      }
      total += Math.log(sum) + largest - scores[y[i]];
    }
    return total / batch.length;
  }

  /** The network's weights. */
  record Network(double[][] w1, double[] b1, double[][] w2, double[] b2) {

    static Network random(int inputs, int hiddenUnits, int classes, long seed) {
      Random random = new Random(seed);
      double[][] w1 = new double[hiddenUnits][inputs];
      double[][] w2 = new double[classes][hiddenUnits];
      for (double[] row : w1) {
        for (int j = 0; j < row.length; j++) {
          row[j] = random.nextGaussian() / Math.sqrt(inputs);
        }
      }
      for (double[] row : w2) {
        for (int j = 0; j < row.length; j++) {
          row[j] = random.nextGaussian() / Math.sqrt(hiddenUnits);
        }
      }
      return new Network(w1, new double[hiddenUnits], w2, new double[classes]);
    }

    int predict(double[] image) {
      int best = 0;
      double bestScore = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < b2.length; c++) {
        double s = b2[c];
        for (int u = 0; u < b1.length; u++) {
          double a = b1[u];
          for (int j = 0; j < image.length; j++) {
            a += w1[u][j] * image[j];
          }
          s += w2[c][u] * Math.tanh(a);
        }
        if (s > bestScore) {
          bestScore = s;
          best = c;
        }
      }
      return best;
    }

    double accuracy(double[][] x, int[] y) {
      int right = 0;
      for (int i = 0; i < x.length; i++) {
        right += predict(x[i]) == y[i] ? 1 : 0;
      }
      return (double) right / x.length;
    }
  }

  public static void main(String[] args) {
    run(40, Path.of("digits-training.png"));
  }

  /**
   * Trains for {@code epochs} epochs, prints the test accuracy, writes the curves to {@code chart},
   * and returns the test accuracy.
   */
  static double run(int epochs, Path chart) {
    DataSets.Labeled data = DataSets.digits();
    for (double[] row : data.x()) {
      for (int j = 0; j < row.length; j++) {
        row[j] /= 16; // pixels 0..16 to [0, 1]
      }
    }
    Datasets.Split split = Datasets.split(data.x(), data.y(), 0.2, 11);
    Network net = Network.random(64, 32, 10, 5);
    Optimizer w1 = Optimizers.forMatrix(() -> new Adam(0.01));
    Optimizer w2 = Optimizers.forMatrix(() -> new Adam(0.01));
    Adam b1 = new Adam(0.01);
    Adam b2 = new Adam(0.01);
    Datasets.Batches batches = new Datasets.Batches(split.trainY().length, 32, 3);
    DigitsMlpDerivatives.LossWorkspace ws = new DigitsMlpDerivatives.LossWorkspace();
    List<Double> losses = new ArrayList<>();
    List<Double> accuracies = new ArrayList<>();
    System.out.printf("%d training images, %d test images; a 64-32-10 network%n",
        split.trainY().length, split.testY().length);
    long start = System.nanoTime();
    try (ProgressBar bar =
        new ProgressBarBuilder()
            .setTaskName("training")
            .setInitialMax(epochs)
            .setStyle(ProgressBarStyle.ASCII)
            .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.out))
            .setUpdateIntervalMillis(100)
            .build()) {
      for (int epoch = 1; epoch <= epochs; epoch++) {
        int count = batches.shuffle();
        double epochLoss = 0;
        for (int b = 0; b < count; b++) {
          int[] batch = batches.batch(b);
          DigitsMlpDerivatives.lossGradient(
              ws, net.w1(), net.b1(), net.w2(), net.b2(), split.trainX(), split.trainY(), batch);
          epochLoss += ws.value() * batch.length;
          w1.step(net.w1(), ws.w1());
          b1.step(net.b1(), ws.b1());
          w2.step(net.w2(), ws.w2());
          b2.step(net.b2(), ws.b2());
        }
        epochLoss /= split.trainY().length;
        double accuracy = net.accuracy(split.testX(), split.testY());
        losses.add(epochLoss);
        accuracies.add(accuracy);
        bar.step();
        bar.setExtraMessage(String.format("loss %.3f  test accuracy %.3f", epochLoss, accuracy));
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("time per epoch: %.0f ms%n", 1e3 * seconds / epochs);
    System.out.printf("test accuracy: %.3f%n", accuracies.get(accuracies.size() - 1));
    plot(losses, accuracies, chart);
    return accuracies.get(accuracies.size() - 1);
  }

  private static void plot(List<Double> losses, List<Double> accuracies, Path file) {
    List<Integer> epochs = new ArrayList<>();
    for (int e = 1; e <= losses.size(); e++) {
      epochs.add(e);
    }
    XYChart chart =
        new XYChartBuilder()
            .width(800)
            .height(450)
            .title("DigitsMlp: 64-32-10 network trained with Adam on javad's gradient")
            .xAxisTitle("epoch")
            .yAxisTitle("training loss / test accuracy")
            .build();
    chart.addSeries("training loss", epochs, losses);
    chart.addSeries("test accuracy", epochs, accuracies);
    Charts.save(chart, file, "loss and accuracy curves");
  }
}
