package io.javad.samples;

/**
 * Runs the samples in order, with shorter training than when each runs alone: the {@link
 * SeedTutorial} walk-through, {@link BlackScholesGreeks}, {@link LogisticRegression}, {@link
 * DigitsMlp}, {@link OscillatorFit}, {@link ForwardVsReverse} and {@link RidgeTuning}. Started by {@code mvn -B -q package -DskipTests -Pdemo} from the project root.
 */
public final class Demo {

  private Demo() {}

  /**
   * Runs every sample, each under a header line.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    header("1. SeedTutorial: f(x, y) = (x + y) * (x - y), both modes");
    SeedTutorial.run();
    System.out.println();
    header("2. BlackScholesGreeks: price and greeks of a European call from one gradient call");
    BlackScholesGreeks.run();
    System.out.println();
    header("3. LogisticRegression: breast cancer diagnosis, SGD on the generated gradient");
    LogisticRegression.run(15);
    System.out.println();
    header("4. DigitsMlp: a 64-32-10 network reads handwritten digits, Adam on the generated gradient");
    DigitsMlp.run(15, java.nio.file.Path.of("target", "digits-training.png"));
    System.out.println();
    header("5. OscillatorFit: damping and frequency from noisy data, through 600 integrator steps");
    OscillatorFit.run(java.nio.file.Path.of("target", "oscillator-fit.png"));
    System.out.println();
    header("6. ForwardVsReverse: a full gradient of n inputs, three ways");
    ForwardVsReverse.run(new int[] {1, 10, 100, 1000}, java.nio.file.Path.of("target", "forward-vs-reverse.png"));
    System.out.println();
    header("7. RidgeTuning: 30 ridge penalties tuned through a linear solve with user-written derivatives");
    RidgeTuning.run(20);
  }

  private static void header(String title) {
    System.out.println("== " + title + " ==");
  }
}
