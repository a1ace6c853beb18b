package io.javad.samples;

/**
 * Runs the samples in order: the {@link SeedTutorial} walk-through, then the {@link BlackScholesGreeks} example.
 * Started by {@code mvn -B -q package -DskipTests -Pdemo} from the project root.
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
  }

  private static void header(String title) {
    System.out.println("== " + title + " ==");
  }
}
