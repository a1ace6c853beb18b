package io.javad.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.DoubleFunction;

/**
 * Checks derivatives against finite differences, for use in unit tests of differentiated code.
 *
 * <p>The finite differences use a fourth-order central stencil with a step scaled to each input, which is accurate
 * to roughly {@code 1e-10} relative for smooth, well-scaled functions. The {@code assert*} methods return normally
 * on success and throw {@link AssertionError} with a multi-line report on failure, so they work with any test
 * framework:
 *
 * <pre>{@code
 * // Model.f(x, y) is @Differentiable; javad generated ModelDerivatives.
 * double[] p = {1.5, -0.3};
 * GradientCheck.Function f = v -> Model.f(v[0], v[1]);
 *
 * // Reverse mode: compare the generated gradient with finite differences.
 * ModelDerivatives.FGradient g = ModelDerivatives.fGradient(p[0], p[1]);
 * double[] gradient = {g.x(), g.y()};
 * GradientCheck.assertGradient(f, p, gradient);
 *
 * // Forward mode: compare the generated tangent along a direction.
 * double[] d = {0.2, 1.0};
 * double tangent = ModelDerivatives.fTangent(p[0], d[0], p[1], d[1]).tangent();
 * GradientCheck.assertDirectional(f, p, d, tangent);
 *
 * // Consistency of the two modes with each other, no finite differences involved.
 * GradientCheck.assertDotProduct(tangent, gradient, d);
 * }</pre>
 *
 * <p>None of the methods modify the arrays passed to them; the functions under test receive fresh copies.
 * Finite differences are only meaningful where the function is smooth: avoid kinks, branches switching within a
 * step (about {@code 7e-4 * max(1, |x_i|)}) of {@code x}, and points where the whole gradient vanishes, since the
 * finite difference there is dominated by rounding noise.
 */
public final class GradientCheck {

  /** Default relative tolerance of {@link #assertGradient} and {@link #assertDirectional}. */
  public static final double DEFAULT_RTOL = 1e-6;

  /** Default relative tolerance of {@link #assertDotProduct}, which involves no truncation error. */
  public static final double DEFAULT_DOT_RTOL = 1e-12;

  // Relative step of the five-point stencil. Its truncation error is (h^4 / 30) |f^(5)| and its rounding error about
  // (18 / 12) eps |f| / h; the sum is smallest for h ~ eps^(1/5) (about 7.4e-4), leaving an error ~ eps^(4/5)
  // (about 3e-13) relative. eps^(1/3) is the optimum of the second-order stencil and would waste accuracy here.
  private static final double STEP = Math.pow(Math.ulp(1.0), 0.2);

  // Lower bound of the gradient scale, so that an all-zero gradient still gets a (tiny) absolute tolerance.
  private static final double SCALE_FLOOR = 1e-12;

  // Rounding in f's own values makes a finite difference uncertain by about eps |f| / h, some 3e-13 |f| for
  // this stencil; with margin for f's internal cancellation, derivatives below 1e-9 |f(x)| cannot be told apart.
  private static final double ROUNDING_FLOOR = 1e-9;

  // Keeps failure messages readable for large inputs.
  private static final int MAX_LISTED = 10;
  private static final int MAX_SHOWN = 20;

  private GradientCheck() {}

  /** A scalar function of a vector, the kind whose gradient is checked. */
  @FunctionalInterface
  public interface Function {
    /**
     * Evaluates the function.
     *
     * @param x the point; a fresh copy that the function may modify
     * @return {@code f(x)}
     */
    double apply(double[] x);
  }

  /** A vector function of a vector, the kind whose Jacobian is approximated. */
  @FunctionalInterface
  public interface VectorFunction {
    /**
     * Evaluates the function.
     *
     * @param x the point; a fresh copy that the function may modify
     * @return {@code f(x)}; every call must return the same length
     */
    double[] apply(double[] x);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Finite differences

  /**
   * Approximates the gradient of {@code f} at {@code x} by fourth-order central differences,
   * {@code (-f(x+2h) + 8 f(x+h) - 8 f(x-h) + f(x-2h)) / 12h} per component, with
   * {@code h_i ≈ eps^(1/5) * max(1, |x_i|)}. Costs {@code 4 * x.length} evaluations of {@code f}.
   *
   * @param f the function
   * @param x the point, all entries finite; not modified
   * @return the approximate gradient, one entry per input
   * @throws IllegalArgumentException if {@code x} has a NaN or infinite entry
   */
  public static double[] gradient(Function f, double[] x) {
    Objects.requireNonNull(f, "f");
    requireFinite(x, "x");
    double[] g = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      int index = i;
      g[i] = stencil(t -> new double[] {f.apply(shifted(x, index, t))}, step(x[i]))[0];
    }
    return g;
  }

  /**
   * Approximates the directional derivative of {@code f} at {@code x} along {@code direction}, that is the
   * derivative of {@code t -> f(x + t * direction)} at {@code t = 0}, with the same stencil as {@link #gradient}.
   * The step is chosen so that the largest entry moves by {@code eps^(1/5) * max(1, max_i |x_i|)}. Costs 4 evaluations.
   *
   * @param f the function
   * @param x the point, all entries finite; not modified
   * @param direction the direction, same length as {@code x}, all entries finite; not modified
   * @return the approximate directional derivative; exactly 0 for a zero direction
   * @throws IllegalArgumentException if the lengths differ or an entry is NaN or infinite
   */
  public static double directional(Function f, double[] x, double[] direction) {
    Objects.requireNonNull(f, "f");
    requireFinite(x, "x");
    requireFinite(direction, "direction");
    requireSameLength(x, "x", direction, "direction");
    double size = maxAbs(direction);
    if (size == 0) {
      return 0;
    }
    // Multiples of t are exact, so the points are evenly spaced in t; the rounding of x_i + s * d_i is at most half
    // an ulp of x_i, negligible next to the step of the dominant entries.
    double t = STEP * Math.max(1, maxAbs(x)) / size;
    return stencil(s -> new double[] {f.apply(along(x, direction, s))}, t)[0];
  }

  /**
   * Approximates the Jacobian of {@code f} at {@code x} by fourth-order central differences, one input (column) at a
   * time with the same steps as {@link #gradient}. Costs {@code 1 + 4 * x.length} evaluations of {@code f}.
   *
   * @param f the function
   * @param x the point, all entries finite; not modified
   * @return the approximate Jacobian {@code J[output][input]}, i.e. one row per output
   * @throws IllegalArgumentException if {@code x} has a NaN or infinite entry, or {@code f} returns null or arrays
   *     of different lengths
   */
  public static double[][] jacobian(VectorFunction f, double[] x) {
    Objects.requireNonNull(f, "f");
    requireFinite(x, "x");
    // Evaluated once up front so the output count is known even without inputs.
    int outputs = evaluate(f, x.clone(), -1).length;
    double[][] jac = new double[outputs][x.length];
    for (int j = 0; j < x.length; j++) {
      int index = j;
      double[] column = stencil(t -> evaluate(f, shifted(x, index, t), outputs), step(x[j]));
      for (int r = 0; r < outputs; r++) {
        jac[r][j] = column[r];
      }
    }
    return jac;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Checks against finite differences

  /**
   * Asserts that {@code gradient} matches the finite-difference gradient of {@code f} at {@code x}, with relative
   * tolerance {@link #DEFAULT_RTOL}. See {@link #assertGradient(Function, double[], double[], double)} for the rule.
   *
   * @param f the function
   * @param x the point, all entries finite; not modified
   * @param gradient the gradient to check, e.g. from reverse mode; not modified
   * @throws AssertionError if the gradient has the wrong length or a component does not match
   */
  public static void assertGradient(Function f, double[] x, double[] gradient) {
    assertGradient(f, x, gradient, DEFAULT_RTOL);
  }

  /**
   * Asserts that {@code gradient} matches the finite-difference gradient {@code fd} of {@code f} at {@code x}.
   *
   * <p>Component {@code i} matches if both values are finite and
   * {@code |fd_i - g_i| <= rtol * max(|fd_i|, |g_i|) + atol}, with
   * {@code atol = max(rtol * max(1e-12, max_j |fd_j|), 1e-9 |f(x)|)}. The absolute part compares a component that is
   * tiny relative to the whole gradient on the gradient's scale, where its finite difference is mostly rounding
   * noise; and no derivative below {@code 1e-9 |f(x)|} is resolved by finite differences at all, since rounding in
   * f's own values is about that large after the division by the step. A component also fails if its finite
   * difference is not finite, because it cannot be checked then.
   *
   * @param f the function
   * @param x the point, all entries finite; not modified
   * @param gradient the gradient to check, e.g. from reverse mode; not modified
   * @param rtol the relative tolerance, non-negative
   * @throws AssertionError if the gradient has the wrong length or a component does not match; the message lists
   *     each failing component with the expected and actual values and their errors
   * @throws IllegalArgumentException if {@code x} has a NaN or infinite entry or {@code rtol} is invalid
   */
  public static void assertGradient(Function f, double[] x, double[] gradient, double rtol) {
    requireTolerance(rtol);
    Objects.requireNonNull(gradient, "gradient");
    requireFinite(x, "x");
    if (gradient.length != x.length) {
      throw new AssertionError("Gradient check failed: gradient has length " + gradient.length
          + " but x has length " + x.length + "\n  at x = " + show(x));
    }
    double[] fd = gradient(f, x);
    double atol = Math.max(rtol * scale(fd), roundingFloor(f, x));
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < fd.length; i++) {
      if (!agrees(fd[i], gradient[i], rtol, atol)) {
        failures.add("  component " + i + ":\n" + comparison(fd[i], gradient[i], "    "));
      }
    }
    if (!failures.isEmpty()) {
      String header = String.format("Gradient check failed for %d of %d components (rtol = %.1e, atol = %.3e):\n",
          failures.size(), fd.length, rtol, atol);
      throw new AssertionError(header + list(failures) + "  at x = " + show(x));
    }
  }

  /**
   * Returns the smallest relative tolerance for which
   * {@link #assertGradient(Function, double[], double[], double)} would pass, useful to report or tune accuracy:
   * the maximum over {@code i} of {@code |fd_i - g_i| / (max(|fd_i|, |g_i|) + max(1e-12, max_j |fd_j|))}.
   *
   * @param f the function
   * @param x the point, all entries finite; not modified
   * @param gradient the gradient to measure, same length as {@code x}; not modified
   * @return the error, 0 for an exact match, {@link Double#POSITIVE_INFINITY} if any value is NaN or infinite
   * @throws IllegalArgumentException if the lengths differ or {@code x} has a NaN or infinite entry
   */
  public static double gradientError(Function f, double[] x, double[] gradient) {
    Objects.requireNonNull(gradient, "gradient");
    requireFinite(x, "x");
    requireSameLength(x, "x", gradient, "gradient");
    double[] fd = gradient(f, x);
    double scale = scale(fd);
    double worst = 0;
    for (int i = 0; i < fd.length; i++) {
      if (!Double.isFinite(fd[i]) || !Double.isFinite(gradient[i])) {
        return Double.POSITIVE_INFINITY;
      }
      double bound = Math.max(Math.abs(fd[i]), Math.abs(gradient[i])) + scale;
      worst = Math.max(worst, Math.abs(fd[i] - gradient[i]) / bound);
    }
    return worst;
  }

  /**
   * Asserts that {@code tangent} matches the finite-difference directional derivative of {@code f} at {@code x}
   * along {@code direction}, with relative tolerance {@link #DEFAULT_RTOL}. See
   * {@link #assertDirectional(Function, double[], double[], double, double)} for the rule.
   *
   * @param f the function
   * @param x the point, all entries finite; not modified
   * @param direction the direction, same length as {@code x}; not modified
   * @param tangent the directional derivative to check, e.g. {@link Dual#tangent()} from forward mode
   * @throws AssertionError if the tangent does not match
   */
  public static void assertDirectional(Function f, double[] x, double[] direction, double tangent) {
    assertDirectional(f, x, direction, tangent, DEFAULT_RTOL);
  }

  /**
   * Asserts that {@code tangent} matches the finite-difference directional derivative {@code fd} of {@code f} at
   * {@code x} along {@code direction}: both finite and
   * {@code |fd - tangent| <= rtol * max(|fd|, |tangent|) + rtol * max(1e-12, |fd|)}, the scalar case of the
   * {@linkplain #assertGradient(Function, double[], double[], double) gradient rule}. Choose a direction along which
   * the derivative does not (nearly) vanish, e.g. a random one; otherwise rounding noise dominates.
   *
   * @param f the function
   * @param x the point, all entries finite; not modified
   * @param direction the direction, same length as {@code x}, all entries finite; not modified
   * @param tangent the directional derivative to check, e.g. {@link Dual#tangent()} from forward mode
   * @param rtol the relative tolerance, non-negative
   * @throws AssertionError if the tangent does not match
   * @throws IllegalArgumentException if the lengths differ, an entry is NaN or infinite, or {@code rtol} is invalid
   */
  public static void assertDirectional(Function f, double[] x, double[] direction, double tangent, double rtol) {
    requireTolerance(rtol);
    double fd = directional(f, x, direction);
    double atol =
        Math.max(rtol * Math.max(SCALE_FLOOR, Double.isFinite(fd) ? Math.abs(fd) : 0), roundingFloor(f, x));
    if (!agrees(fd, tangent, rtol, atol)) {
      throw new AssertionError(String.format("Directional derivative check failed (rtol = %.1e, atol = %.3e):\n",
          rtol, atol) + comparison(fd, tangent, "  ") + "  at x = " + show(x) + "\n  direction = " + show(direction));
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Dot-product test between forward and reverse mode

  /**
   * Asserts the dot-product test with relative tolerance {@link #DEFAULT_DOT_RTOL}. See
   * {@link #assertDotProduct(double[], double[], double[], double[], double)}.
   *
   * @param seed the output adjoint {@code s} fed to reverse mode, one entry per output; not modified
   * @param tangentOut {@code J · d} from forward mode, one entry per output; not modified
   * @param direction the input tangent {@code d} fed to forward mode, one entry per input; not modified
   * @param adjointIn {@code J^T · s} from reverse mode, one entry per input; not modified
   * @throws AssertionError if the test fails
   */
  public static void assertDotProduct(double[] seed, double[] tangentOut, double[] direction, double[] adjointIn) {
    assertDotProduct(seed, tangentOut, direction, adjointIn, DEFAULT_DOT_RTOL);
  }

  /**
   * Asserts the dot-product test {@code <s, J·d> == <J^T·s, d>}, which holds exactly in real arithmetic when forward
   * and reverse mode compute the same Jacobian {@code J}. It needs no finite differences, so it is checked tightly:
   * the two sides must be finite and differ by at most
   * {@code rtol * (sum_i |s_i * (J·d)_i| + sum_j |(J^T·s)_j * d_j|)}, a scale that cancellation inside the sums
   * cannot make small.
   *
   * @param seed the output adjoint {@code s} fed to reverse mode, one entry per output; not modified
   * @param tangentOut {@code J · d} from forward mode, one entry per output; not modified
   * @param direction the input tangent {@code d} fed to forward mode, one entry per input; not modified
   * @param adjointIn {@code J^T · s} from reverse mode, one entry per input; not modified
   * @param rtol the relative tolerance, non-negative
   * @throws AssertionError if the lengths do not pair up or the test fails
   * @throws IllegalArgumentException if {@code rtol} is invalid
   */
  public static void assertDotProduct(
      double[] seed, double[] tangentOut, double[] direction, double[] adjointIn, double rtol) {
    requireTolerance(rtol);
    requireMatchingLengths(seed, "seed", tangentOut, "tangentOut");
    requireMatchingLengths(direction, "direction", adjointIn, "adjointIn");
    checkDot("<seed, tangentOut>", dot(seed, tangentOut), "<adjointIn, direction>", dot(adjointIn, direction),
        absDot(seed, tangentOut) + absDot(adjointIn, direction), rtol);
  }

  /**
   * Asserts the dot-product test for a scalar function with relative tolerance {@link #DEFAULT_DOT_RTOL}. See
   * {@link #assertDotProduct(double, double[], double[], double)}.
   *
   * @param tangent {@code f'(x) · d} from forward mode
   * @param gradient the gradient from reverse mode (seed 1), one entry per input; not modified
   * @param direction the input tangent {@code d} fed to forward mode; not modified
   * @throws AssertionError if the test fails
   */
  public static void assertDotProduct(double tangent, double[] gradient, double[] direction) {
    assertDotProduct(tangent, gradient, direction, DEFAULT_DOT_RTOL);
  }

  /**
   * Asserts the dot-product test for a scalar function (seed 1): {@code tangent == <gradient, direction>}, both
   * finite and differing by at most {@code rtol * (|tangent| + sum_j |gradient_j * direction_j|)}.
   *
   * @param tangent {@code f'(x) · d} from forward mode
   * @param gradient the gradient from reverse mode (seed 1), one entry per input; not modified
   * @param direction the input tangent {@code d} fed to forward mode; not modified
   * @param rtol the relative tolerance, non-negative
   * @throws AssertionError if the lengths differ or the test fails
   * @throws IllegalArgumentException if {@code rtol} is invalid
   */
  public static void assertDotProduct(double tangent, double[] gradient, double[] direction, double rtol) {
    requireTolerance(rtol);
    requireMatchingLengths(direction, "direction", gradient, "gradient");
    checkDot("tangent", tangent, "<gradient, direction>", dot(gradient, direction),
        Math.abs(tangent) + absDot(gradient, direction), rtol);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Helpers

  // Five-point stencil on g(t), elementwise for vector outputs; differences are formed first to limit cancellation.
  private static double[] stencil(DoubleFunction<double[]> g, double h) {
    double[] p1 = g.apply(h);
    double[] m1 = g.apply(-h);
    double[] p2 = g.apply(2 * h);
    double[] m2 = g.apply(-2 * h);
    double[] d = new double[p1.length];
    for (int r = 0; r < d.length; r++) {
      d[r] = (8 * (p1[r] - m1[r]) - (p2[r] - m2[r])) / (12 * h);
    }
    return d;
  }

  // Step for input value xi. Rounding it through xi + h makes it the exact distance between xi + h and xi, so the
  // divisor of the stencil matches the points actually evaluated.
  private static double step(double xi) {
    double h = STEP * Math.max(1, Math.abs(xi));
    double shifted = xi + h;
    return shifted - xi;
  }

  private static double[] shifted(double[] x, int i, double t) {
    double[] p = x.clone();
    p[i] += t;
    return p;
  }

  private static double[] along(double[] x, double[] direction, double t) {
    double[] p = x.clone();
    for (int i = 0; i < p.length; i++) {
      p[i] += t * direction[i];
    }
    return p;
  }

  private static double[] evaluate(VectorFunction f, double[] p, int expectedLength) {
    double[] y = f.apply(p);
    if (y == null) {
      throw new IllegalArgumentException("vector function returned null");
    }
    if (expectedLength >= 0 && y.length != expectedLength) {
      throw new IllegalArgumentException(
          "vector function returned " + y.length + " outputs, earlier " + expectedLength);
    }
    return y;
  }

  /** The smallest derivative finite differences can resolve at x: {@code 1e-9 |f(x)|}. */
  private static double roundingFloor(Function f, double[] x) {
    double fx = f.apply(x.clone());
    return Double.isFinite(fx) ? ROUNDING_FLOOR * Math.abs(fx) : 0;
  }

  private static boolean agrees(double expected, double actual, double rtol, double atol) {
    if (!Double.isFinite(expected) || !Double.isFinite(actual)) {
      return false;
    }
    double error = Math.abs(expected - actual);
    return error <= rtol * Math.max(Math.abs(expected), Math.abs(actual)) + atol;
  }

  // max(1e-12, largest finite |fd_j|): the scale on which small gradient components are compared.
  private static double scale(double[] fd) {
    double max = SCALE_FLOOR;
    for (double v : fd) {
      if (Double.isFinite(v)) {
        max = Math.max(max, Math.abs(v));
      }
    }
    return max;
  }

  private static void checkDot(String lhsName, double lhs, String rhsName, double rhs, double scale, double rtol) {
    double error = Math.abs(lhs - rhs);
    boolean finite = Double.isFinite(lhs) && Double.isFinite(rhs) && Double.isFinite(scale);
    if (finite && error <= rtol * scale) {
      return;
    }
    String format = "  %-" + (Math.max(lhsName.length(), rhsName.length()) + 2) + "s%s\n";
    String message = String.format("Dot-product test failed: %s != %s (rtol = %.1e)\n", lhsName, rhsName, rtol)
        + String.format(format, lhsName + ":", lhs)
        + String.format(format, rhsName + ":", rhs)
        + String.format(format, "absolute error:", String.format("%.3e", error))
        + String.format(format, "relative error:", String.format("%.3e (of scale %.3e)", error / scale, scale))
        + (finite ? "" : "  (a value is NaN or infinite)\n");
    throw new AssertionError(message.stripTrailing());
  }

  private static double dot(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  private static double absDot(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += Math.abs(a[i] * b[i]);
    }
    return sum;
  }

  // Expected/actual block of a failure message, one line each.
  private static String comparison(double expected, double actual, String indent) {
    double error = Math.abs(expected - actual);
    double relative = error / Math.max(Math.abs(expected), Math.abs(actual));
    StringBuilder sb = new StringBuilder();
    sb.append(indent).append("expected (finite difference): ").append(expected).append('\n');
    sb.append(indent).append("actual:                       ").append(actual).append('\n');
    sb.append(indent).append("absolute error:               ").append(String.format("%.3e", error)).append('\n');
    sb.append(indent).append("relative error:               ").append(String.format("%.3e", relative)).append('\n');
    if (!Double.isFinite(expected)) {
      sb.append(indent).append("(the finite difference is not finite: f is not finite or not smooth near x)\n");
    } else if (!Double.isFinite(actual)) {
      sb.append(indent).append("(the actual value is not finite)\n");
    }
    return sb.toString();
  }

  private static String list(List<String> failures) {
    StringBuilder sb = new StringBuilder();
    failures.stream().limit(MAX_LISTED).forEach(sb::append);
    if (failures.size() > MAX_LISTED) {
      sb.append("  ... and ").append(failures.size() - MAX_LISTED).append(" more components\n");
    }
    return sb.toString();
  }

  private static String show(double[] v) {
    if (v.length <= MAX_SHOWN) {
      return Arrays.toString(v);
    }
    String head = Arrays.toString(Arrays.copyOf(v, MAX_SHOWN));
    return head.substring(0, head.length() - 1) + ", ... (" + v.length + " entries)]";
  }

  private static double maxAbs(double[] v) {
    double max = 0;
    for (double e : v) {
      max = Math.max(max, Math.abs(e));
    }
    return max;
  }

  private static void requireFinite(double[] v, String name) {
    Objects.requireNonNull(v, name);
    for (int i = 0; i < v.length; i++) {
      if (!Double.isFinite(v[i])) {
        throw new IllegalArgumentException(name + "[" + i + "] is not finite: " + v[i]);
      }
    }
  }

  private static void requireSameLength(double[] a, String aName, double[] b, String bName) {
    if (a.length != b.length) {
      throw new IllegalArgumentException(
          aName + " and " + bName + " must have the same length, got " + a.length + " and " + b.length);
    }
  }

  // Like requireSameLength, but a mismatch is a failed check, not a misuse.
  private static void requireMatchingLengths(double[] a, String aName, double[] b, String bName) {
    Objects.requireNonNull(a, aName);
    Objects.requireNonNull(b, bName);
    if (a.length != b.length) {
      throw new AssertionError("Dot-product test failed: " + aName + " has length " + a.length + " but " + bName
          + " has length " + b.length);
    }
  }

  private static void requireTolerance(double rtol) {
    if (!(rtol >= 0) || Double.isInfinite(rtol)) {
      throw new IllegalArgumentException("rtol must be finite and non-negative, got " + rtol);
    }
  }
}
