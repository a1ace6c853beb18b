package io.javad.processor.rules;

import static io.javad.processor.ir.Algebra.add;
import static io.javad.processor.ir.Algebra.compare;
import static io.javad.processor.ir.Algebra.conditional;
import static io.javad.processor.ir.Algebra.divide;
import static io.javad.processor.ir.Algebra.multiply;
import static io.javad.processor.ir.Algebra.negate;
import static io.javad.processor.ir.Algebra.subtract;

import io.javad.processor.ir.Algebra;
import io.javad.processor.ir.BinaryOp;
import io.javad.processor.ir.Expr;
import io.javad.processor.ir.Type;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The derivative table of {@code java.lang.Math} and {@code StrictMath}: each function states its
 * partial derivatives once, in terms of its arguments and, where cheaper, its result {@code y}
 * (exp' = y, tanh' = 1 - y²). The tangent and adjoint generators both read this table, so adding a
 * function is one entry here. Partials of a {@code StrictMath} function call {@code StrictMath}.
 */
public final class MathRules {

  private MathRules() {}

  /** Builds the partials of one call: arguments, result, and the call's owner and type. */
  private interface Rule {
    List<Expr> partials(List<Expr> x, Expr y, Scope s);
  }

  /** What a rule needs to build expressions of the call's own type and owner. */
  private record Scope(String owner, Type type) {
    Expr num(double v) {
      return Expr.Literal.of(v, type);
    }

    Expr call(String name, Expr... args) {
      return new Expr.Call(owner, name, List.of(args), type);
    }

    Expr square(Expr e) {
      Expr f = Algebra.floating(e); // an int argument squared in int arithmetic could overflow
      return new Expr.Binary(BinaryOp.MULTIPLY, f, e, type);
    }
  }

  private static Rule unary(UnaryRule rule) {
    return (x, y, s) -> single(rule.partial(x.get(0), y, s));
  }

  private interface UnaryRule {
    Expr partial(Expr x, Expr y, Scope s);
  }

  private static List<Expr> single(Expr e) {
    return java.util.Collections.singletonList(e);
  }

  private static final double LN_10 = 2.302585092994046;
  private static final double DEGREES_TO_RADIANS = 0.017453292519943295;
  private static final double RADIANS_TO_DEGREES = 57.29577951308232;

  private static final Map<String, Rule> RULES =
      Map.ofEntries(
          Map.entry("sin", unary((x, y, s) -> s.call("cos", x))),
          Map.entry("cos", unary((x, y, s) -> negate(s.call("sin", x)))),
          Map.entry("tan", unary((x, y, s) -> add(s.num(1), s.square(y)))),
          Map.entry(
              "asin",
              unary((x, y, s) -> divide(s.num(1), s.call("sqrt", subtract(s.num(1), s.square(x)))))),
          Map.entry(
              "acos",
              unary(
                  (x, y, s) -> divide(s.num(-1), s.call("sqrt", subtract(s.num(1), s.square(x)))))),
          Map.entry("atan", unary((x, y, s) -> divide(s.num(1), add(s.num(1), s.square(x))))),
          Map.entry("sinh", unary((x, y, s) -> s.call("cosh", x))),
          Map.entry("cosh", unary((x, y, s) -> s.call("sinh", x))),
          Map.entry("tanh", unary((x, y, s) -> subtract(s.num(1), s.square(y)))),
          Map.entry("exp", unary((x, y, s) -> y)),
          Map.entry("expm1", unary((x, y, s) -> add(y, s.num(1)))),
          Map.entry("log", unary((x, y, s) -> divide(s.num(1), x))),
          Map.entry("log10", unary((x, y, s) -> divide(s.num(1), multiply(x, s.num(LN_10))))),
          Map.entry("log1p", unary((x, y, s) -> divide(s.num(1), add(s.num(1), x)))),
          Map.entry("sqrt", unary((x, y, s) -> divide(s.num(0.5), y))),
          Map.entry(
              "cbrt", unary((x, y, s) -> divide(s.num(1), multiply(s.num(3), s.square(y))))),
          Map.entry("abs", unary((x, y, s) -> s.call("signum", x))),
          Map.entry("toRadians", unary((x, y, s) -> s.num(DEGREES_TO_RADIANS))),
          Map.entry("toDegrees", unary((x, y, s) -> s.num(RADIANS_TO_DEGREES))),
          Map.entry("pow", MathRules::pow),
          Map.entry(
              "atan2",
              (x, y, s) -> {
                // atan2(a, b) = angle of the point (b, a): d/da = b / r², d/db = -a / r².
                Expr r2 = add(s.square(x.get(0)), s.square(x.get(1)));
                return Arrays.asList(divide(x.get(1), r2), negate(divide(x.get(0), r2)));
              }),
          // x / r and y / r; at the origin, where they are 0 / 0, the subgradient 0.
          Map.entry(
              "hypot",
              (x, y, s) -> {
                Expr away = compare(BinaryOp.GREATER, y, Expr.Literal.of(0, Type.DOUBLE));
                return Arrays.asList(
                    conditional(away, divide(x.get(0), y), null, s.type()),
                    conditional(away, divide(x.get(1), y), null, s.type()));
              }),
          Map.entry("min", (x, y, s) -> select(compare(BinaryOp.LESS_EQUAL, x.get(0), x.get(1)), s)),
          Map.entry(
              "max", (x, y, s) -> select(compare(BinaryOp.GREATER_EQUAL, x.get(0), x.get(1)), s)),
          Map.entry("fma", (x, y, s) -> Arrays.asList(x.get(1), x.get(0), s.num(1))),
          // x - y * n with n = rint(x / y), the nearest integer: constant between its jumps.
          Map.entry(
              "IEEEremainder",
              (x, y, s) ->
                  Arrays.asList(s.num(1), negate(s.call("rint", divide(x.get(0), x.get(1)))))),
          // One ulp away: slope one between the jumps.
          Map.entry("nextUp", unary((x, y, s) -> s.num(1))),
          Map.entry("nextDown", unary((x, y, s) -> s.num(1))));

  /**
   * Functions that are constant between jumps: their derivative is zero wherever it exists, so their
   * result is inactive. Integer-valued functions (round, floorDiv, ...) are so by their type.
   */
  private static final Set<String> PIECEWISE_CONSTANT =
      Set.of("floor", "ceil", "rint", "signum", "ulp");

  /** Functions whose partial derivatives are cheapest from their value {@code y}. */
  private static final Set<String> VALUE_PARTIALS =
      Set.of("exp", "expm1", "tan", "tanh", "sqrt", "cbrt", "hypot", "pow");

  /**
   * Whether the call's partial derivatives read its value ({@code exp' = exp}), so that reverse mode
   * keeps the value rather than calling the function again.
   */
  public static boolean partialsReadValue(Expr.Call call) {
    return isDifferentiable(call) && VALUE_PARTIALS.contains(call.name());
  }

  /** Whether javad knows how to differentiate a call of {@code owner.name}. */
  public static boolean isKnown(String owner, String name) {
    return isMathOwner(owner) && (RULES.containsKey(name) || PIECEWISE_CONSTANT.contains(name));
  }

  public static boolean isMathOwner(String owner) {
    return owner.equals("java.lang.Math") || owner.equals("java.lang.StrictMath");
  }

  /** Whether the result of the call can depend differentiably on its arguments. */
  public static boolean isDifferentiable(Expr.Call call) {
    return isMathOwner(call.owner()) && call.type().isFloating() && RULES.containsKey(call.name());
  }

  /**
   * The partial derivatives of a call with respect to each argument, a {@code null} entry for a zero.
   * {@code result} is an expression holding the call's value if one exists, else {@code null} (the
   * rule then recomputes it where it needs it).
   */
  public static List<Expr> partials(Expr.Call call, Expr result) {
    Rule rule = RULES.get(call.name());
    Expr y = result != null ? result : call;
    return rule.partials(call.arguments(), y, new Scope(call.owner(), call.type()));
  }

  private static List<Expr> select(Expr firstChosen, Scope s) {
    return List.of(
        conditional(firstChosen, s.num(1), s.num(0), s.type()),
        conditional(firstChosen, s.num(0), s.num(1), s.type()));
  }

  private static List<Expr> pow(List<Expr> x, Expr y, Scope s) {
    Expr base = x.get(0);
    Expr exponent = x.get(1);
    Expr dBase;
    if (exponent instanceof Expr.Literal n) {
      // pow(x, n) with a literal n: n * x^(n-1), folded for the common squares.
      dBase =
          n.is(2) ? multiply(s.num(2), base) : multiply(n, s.call("pow", base, minusOne(n)));
    } else {
      // 0 where the exponent is 0 (x^0 = 1 everywhere), as the literal pow(x, 0) gets, rather
      // than 0 * pow(0, -1) = NaN at x = 0.
      dBase =
          conditional(
              compare(BinaryOp.NOT_EQUAL, exponent, Expr.Literal.of(0, Type.DOUBLE)),
              multiply(exponent, s.call("pow", base, subtract(exponent, s.num(1)))),
              null,
              s.type());
    }
    // d/d(exponent) = y log(base), taken as 0 where base <= 0: there pow is real only for integer
    // exponents and has no real derivative along the exponent; 0 keeps derivatives along the base
    // finite instead of 0 * NaN.
    Expr dExponent =
        conditional(
            compare(BinaryOp.GREATER, base, Expr.Literal.of(0, Type.DOUBLE)),
            multiply(y, s.call("log", base)),
            null,
            s.type());
    return Arrays.asList(dBase, dExponent);
  }

  private static Expr minusOne(Expr.Literal n) {
    return Expr.Literal.of(n.value() - 1, n.type());
  }
}
