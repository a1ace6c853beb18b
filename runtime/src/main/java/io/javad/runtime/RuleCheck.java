package io.javad.runtime;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Checks a user's whole-function rules ({@code @TangentOf}, {@code @AdjointOf}) against central finite
 * differences of their function, the work behind the generated {@code <Rules>RuleChecks} methods. Over the
 * function's inputs flattened into one vector (as {@link Flat} lays them out) and a fixed pseudo-random
 * direction {@code d} and output weights {@code w}, with {@code φ(x) = w · f(x)} (each input moved in
 * proportion to its own size; up to 64 inputs, each is also checked alone):
 * <ul>
 *   <li>the tangent rule's {@code w · ḟ} along {@code d} must match the difference of φ along {@code d};
 *   <li>the adjoint rule's {@code x̄ · d}, for the result's adjoint {@code w}, must match it too;
 *   <li>the tangent rule's value must be the function's;
 *   <li>the adjoint rule must add into its adjoint arrays (a second call doubles them), accept null for any
 *       of them without changing the others, and leave its arguments and the result's adjoint as it found
 *       them; the tangent rule must leave its arguments and tangents too.
 * </ul>
 * Each failure is an {@link AssertionError} naming the rule and what is wrong.
 */
public final class RuleCheck {

  private RuleCheck() {}

  /** The function over the flattened inputs; its value as an array (one entry for a {@code double}). */
  @FunctionalInterface
  public interface Function {
    /**
     * Evaluates the function.
     *
     * @param point the inputs, flattened
     * @return the value, one entry per output
     */
    double[] apply(double[] point);
  }

  /** The tangent rule over the flattened inputs and tangents. */
  @FunctionalInterface
  public interface Tangent {
    /**
     * Calls the rule; puts the arguments and tangents back afterwards, as the rule left them.
     *
     * @param point the inputs, flattened
     * @param direction their tangents, flattened
     * @return the rule's value and tangent of the value, each one entry per output
     */
    double[][] apply(double[] point, double[] direction);
  }

  /** The adjoint rule over the flattened inputs and adjoints. */
  @FunctionalInterface
  public interface Adjoint {
    /**
     * Calls the rule; puts the arguments back into {@code point} afterwards, as the rule left them.
     *
     * @param point the inputs, flattened
     * @param resultBar the adjoint of the value, one entry per output
     * @param start the adjoints the rule adds into, flattened, or null to pass it null for every adjoint
     *     array
     * @param omitted the array parameter (counted among the array parameters, from 0) whose adjoint array
     *     is null, or -1 for none
     * @return {@code start} plus what the rule added and returned, flattened, NaN for the omitted array's
     *     entries; null when {@code start} is
     */
    double[] apply(double[] point, double[] resultBar, double[] start, int omitted);
  }

  /**
   * Fills the entries of an omitted adjoint array with NaN, for {@link Adjoint#apply}.
   *
   * @param into the flattened adjoints
   * @param at where the array's entries start
   * @param n how many there are
   * @return the offset after them
   */
  public static int omitted(double[] into, int at, int n) {
    Arrays.fill(into, at, at + n, Double.NaN);
    return at + n;
  }

  /**
   * Checks the rules of {@code function} at {@code point}.
   *
   * @param function the function's name, for messages
   * @param tangentRule the tangent rule's name, or null if there is none
   * @param adjointRule the adjoint rule's name, or null if there is none
   * @param point the function's inputs, flattened; not modified
   * @param arrays the number of the function's array parameters, which get adjoint arrays
   * @param f the function
   * @param tangent the tangent rule, or null
   * @param adjoint the adjoint rule, or null
   * @throws AssertionError naming the rule, if one is wrong
   */
  public static void check(
      String function,
      String tangentRule,
      String adjointRule,
      double[] point,
      int arrays,
      Function f,
      Tangent tangent,
      Adjoint adjoint) {
    double[] value = f.apply(point.clone());
    int outputs = value.length;
    for (double v : value) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException(
            "the rules of " + function + " cannot be checked where the function is not finite (" + v
                + "); call the check at a point of its domain");
      }
    }
    SplittableRandom random = new SplittableRandom(20261201);
    // Each input moves in proportion to its own size, so that a spot of 1e6 and a volatility of
    // 1e-3 are both differenced on their own scales and a rate of 1e-5 stays positive: the
    // differences are taken in the relative coordinates z, x = point + scale * z (an input of 0
    // moves as one of size 1).
    double[] sizes = new double[point.length];
    for (int i = 0; i < point.length; i++) {
      sizes[i] = point[i] != 0 ? Math.abs(point[i]) : 1;
    }
    double[] relative = draw(random, point.length);
    double[] direction = new double[point.length];
    for (int i = 0; i < point.length; i++) {
      direction[i] = sizes[i] * relative[i];
    }
    double[] weights = draw(random, outputs);
    GradientCheck.Function phi = z -> dot(weights, f.apply(shifted(point, sizes, z)));
    if (tangent != null) {
      String rule = "@TangentOf rule " + tangentRule + " of " + function;
      double[] at = point.clone();
      double[] along = direction.clone();
      double[][] result = tangent.apply(at, along);
      unchanged(rule, "its arguments", point, at);
      unchanged(rule, "the tangents it is given", direction, along);
      double[] dot = result[1];
      if (dot.length != outputs || result[0].length != outputs) {
        throw new AssertionError(
            rule + ": its value has " + result[0].length + " entries and its tangent " + dot.length + ", the"
                + " function's value " + outputs);
      }
      for (int i = 0; i < outputs; i++) {
        // The caller's forward mode takes the value from the rule: it must be the function's.
        if (!(Math.abs(result[0][i] - value[i]) <= 1e-10 * Math.max(1, Math.abs(value[i])))) {
          throw new AssertionError(
              rule + ": the value it returns differs from the function's (entry " + i + ": " + result[0][i]
                  + " where the function gives " + value[i] + "); forward mode uses it as the function's value");
        }
      }
      agrees(rule, phi, relative, dot(weights, dot));
      // Input by input too, where there are few: an input whose share of the random direction's
      // derivative is small (a volatility of 1e-3 beside a spot of 1e6) is checked on its own.
      for (double[] unit : units(point.length)) {
        double[] d = times(sizes, unit);
        agrees(rule, phi, unit, dot(weights, tangent.apply(point.clone(), d)[1]));
      }
    }
    if (adjoint != null) {
      String rule = "@AdjointOf rule " + adjointRule + " of " + function;
      double[] at = point.clone();
      double[] bar = weights.clone();
      double[] gradient = adjoint.apply(at, bar, new double[point.length], -1);
      unchanged(rule, "its arguments", point, at);
      unchanged(rule, "the result's adjoint", weights, bar);
      agrees(rule, phi, relative, dot(gradient, direction));
      for (double[] unit : units(point.length)) {
        agrees(rule, phi, unit, dot(gradient, times(sizes, unit)));
      }
      double[] twice = adjoint.apply(point.clone(), weights.clone(), gradient.clone(), -1);
      double scale = 0;
      for (double g : gradient) {
        scale = Math.max(scale, Math.abs(g));
      }
      for (int i = 0; i < gradient.length; i++) {
        if (Math.abs(twice[i] - 2 * gradient[i]) > 1e-9 * scale) {
          throw new AssertionError(
              rule + ": a second call with the adjoints of the first in place did not double them (entry " + i
                  + " of the flattened inputs: " + gradient[i] + " then " + twice[i] + "); add (+=) into the"
                  + " adjoint arrays, do not assign them");
        }
      }
      for (int k = 0; k < arrays; k++) {
        double[] without;
        try {
          without = adjoint.apply(point.clone(), weights.clone(), new double[point.length], k);
        } catch (NullPointerException e) {
          throw new AssertionError(rule + ": it fails when the adjoint array of its array parameter " + (k + 1)
              + " is null, which callers pass for arguments whose derivatives they do not need; skip a null"
              + " array", e);
        }
        for (int i = 0; i < gradient.length; i++) {
          if (!Double.isNaN(without[i]) && Math.abs(without[i] - gradient[i]) > 1e-9 * scale) {
            throw new AssertionError(
                rule + ": with the adjoint array of its array parameter " + (k + 1) + " null, the other adjoints"
                    + " change (entry " + i + " of the flattened inputs: " + gradient[i] + " then " + without[i]
                    + "); skip only the null array's work");
          }
        }
      }
      try {
        adjoint.apply(point.clone(), weights.clone(), null, -1);
      } catch (NullPointerException e) {
        throw new AssertionError(
            rule + ": it fails when given null adjoint arrays, which callers pass for arguments whose derivatives"
                + " they do not need; skip a null array",
            e);
      }
    }
  }

  /**
   * Checks that a tangent rule returns arrays of its own: callers' derivatives write into the value
   * and the tangent it returns, so neither may be one of its arguments or their tangents (or a row
   * of one), nor the two one array.
   *
   * @param rule the rule, for the message
   * @param value the value it returned
   * @param tangent the tangent it returned
   * @param arguments what it was given, numbers and arrays
   * @throws AssertionError if it returned an array it was given
   */
  public static void fresh(String rule, double[] value, double[] tangent, Object... arguments) {
    if (value == tangent) {
      throw new AssertionError(rule + " returns one array as both its value and its tangent; return two");
    }
    for (Object a : arguments) {
      Object[] rows = a instanceof double[][] m ? m : new Object[] {a};
      for (Object given : rows) {
        if (given != null && (given == value || given == tangent)) {
          throw new AssertionError(
              rule + " returns an array it was given as its " + (given == value ? "value" : "tangent")
                  + "; callers' derivatives write into the arrays it returns: return a new array (a"
                  + " clone)");
        }
      }
    }
  }

  /**
   * Compares {@code derivative} with the difference of {@code phi}, a function of the relative
   * coordinates, at 0 along {@code relative}.
   */
  private static void agrees(String rule, GradientCheck.Function phi, double[] relative, double derivative) {
    double[] origin = new double[relative.length];
    double difference = GradientCheck.directional(phi, origin, relative);
    if (!Double.isFinite(difference) && Double.isFinite(derivative)) {
      throw new IllegalArgumentException(
          "the rules of " + rule.substring(rule.indexOf(" of ") + 4) + " cannot be checked at this point:"
              + " a finite difference of the function is " + difference + " (it leaves the function's"
              + " domain); call the check at a point farther from the domain's boundary");
    }
    try {
      GradientCheck.assertDirectional(phi, origin, relative, derivative);
    } catch (AssertionError e) {
      throw new AssertionError(rule + " disagrees with a finite difference of the function: " + e.getMessage(), e);
    }
  }

  /** The unit vectors of {@code n} inputs, if there are at most {@link #EACH}; else none. */
  private static double[][] units(int n) {
    if (n > EACH) {
      return new double[0][];
    }
    double[][] units = new double[n][n];
    for (int i = 0; i < n; i++) {
      units[i][i] = 1;
    }
    return units;
  }

  /** Up to this many inputs, each is also checked on its own. */
  private static final int EACH = 64;

  private static double[] times(double[] a, double[] b) {
    double[] c = new double[a.length];
    for (int i = 0; i < c.length; i++) {
      c[i] = a[i] * b[i];
    }
    return c;
  }

  /** {@code point + sizes * z}, entry by entry. */
  private static double[] shifted(double[] point, double[] sizes, double[] z) {
    double[] x = new double[point.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = point[i] + sizes[i] * z[i];
    }
    return x;
  }

  private static void unchanged(String rule, String what, double[] before, double[] after) {
    if (!Arrays.equals(before, after)) {
      throw new AssertionError(rule + " wrote into " + what + "; it must leave them as it found them");
    }
  }

  /** Entries of magnitude in [0.5, 1] with random signs: no entry vanishes. */
  private static double[] draw(SplittableRandom random, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = (random.nextBoolean() ? 1 : -1) * (0.5 + 0.5 * random.nextDouble());
    }
    return v;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
