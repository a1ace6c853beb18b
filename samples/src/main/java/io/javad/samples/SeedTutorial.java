package io.javad.samples;

import io.javad.Differentiable;
import io.javad.runtime.Dual;

/**
 * A first javad program, meant to be read top to bottom: differentiate {@code f(x, y) = (x + y) * (x - y)} in
 * reverse mode (the gradient in one call) and in forward mode (one directional derivative per call), and compare
 * both with the closed form {@code (2x, -2y)}.
 *
 * <p>Run it with {@code mvn -B -q package -DskipTests -Pdemo} from the project root (it is the first part of
 * {@link Demo}), or call {@link #run()}.
 */
public final class SeedTutorial {

  private SeedTutorial() {}

  /**
   * Step 1: write the function in plain Java and mark it {@code @Differentiable}. While javac compiles this class,
   * javad's annotation processor reads the body and writes {@code SeedTutorialDerivatives} next to it, with
   * {@code fGradient} (reverse mode) and {@code fTangent} (forward mode).
   *
   * @param x first input
   * @param y second input
   * @return {@code (x + y) * (x - y)}, that is {@code x^2 - y^2}
   */
  @Differentiable
  public static double f(double x, double y) {
    double a = x + y;
    double b = x - y;
    return a * b;
  }

  /** Prints the walk-through at the point (3, 2). */
  public static void run() {
    double x = 3;
    double y = 2;
    System.out.printf("f(x, y) = (x + y) * (x - y) at (x, y) = (%s, %s)%n", x, y);
    System.out.printf("  value               f = %s%n", f(x, y));
    reverseMode(x, y);
    forwardMode(x, y);
    System.out.printf("  closed form         df/dx = 2x = %s, df/dy = -2y = %s%n", 2 * x, -2 * y);
    System.out.println("  generated source:   samples/target/generated-sources/annotations/"
        + "io/javad/samples/SeedTutorialDerivatives.java");
    graph();
  }

  // Step 4: the computational graph javad differentiated, written at compile time with
  // -Ajavad.graph=true (see samples/pom.xml) beside the companion: inputs, one node per operation,
  // the values that depend on the inputs filled. Render it with Graphviz: dot -Tpng f.dot.
  private static void graph() {
    try (java.io.InputStream in = SeedTutorial.class.getResourceAsStream("SeedTutorialDerivatives.f.dot")) {
      if (in == null) {
        System.out.println("  (compile with -Ajavad.graph=true to see f's graph)");
        return;
      }
      String dot = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      System.out.println("  f's graph, as javad wrote it (Graphviz DOT, in target/classes):");
      dot.lines().forEach(line -> System.out.println("    " + line));
    } catch (java.io.IOException e) {
      System.out.println("  could not read f's graph: " + e.getMessage());
    }
  }

  // Step 2: reverse mode. fGradient runs f forward, then sweeps backward once from the output, accumulating
  // d(value)/d(variable) for every variable on the way: one call returns the value and every partial.
  private static void reverseMode(double x, double y) {
    SeedTutorialDerivatives.FGradient g = SeedTutorialDerivatives.fGradient(x, y);
    System.out.printf("  reverse mode        fGradient(3, 2) = (value %s, df/dx %s, df/dy %s)%n", g.value(), g.x(), g.y());
    System.out.println("                      one backward sweep gives every partial derivative at once,");
    System.out.println("                      whatever the number of inputs.");
  }

  // Step 3: forward mode. fTangent carries a tangent (xDot, yDot) along with the values and returns the
  // directional derivative df/dx * xDot + df/dy * yDot: one pass per input direction.
  private static void forwardMode(double x, double y) {
    Dual alongX = SeedTutorialDerivatives.fTangent(x, 1, y, 0);
    Dual alongY = SeedTutorialDerivatives.fTangent(x, 0, y, 1);
    System.out.printf("  forward mode        fTangent(3, 1, 2, 0) -> df/dx = %s%n", alongX.tangent());
    System.out.printf("                      fTangent(3, 0, 2, 1) -> df/dy = %s%n", alongY.tangent());
    System.out.println("                      one pass per input direction: two inputs, two calls.");
  }
}
