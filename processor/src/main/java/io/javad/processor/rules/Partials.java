package io.javad.processor.rules;

import static io.javad.processor.ir.Algebra.divide;
import static io.javad.processor.ir.Algebra.negate;
import static io.javad.processor.ir.Algebra.subtract;

import io.javad.processor.ir.Algebra;
import io.javad.processor.ir.BinaryOp;
import io.javad.processor.ir.Expr;
import io.javad.processor.ir.ExprScan;
import io.javad.processor.ir.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The local partial derivatives of every expression node with respect to its children: the single
 * source of differentiation rules for operators, casts, conditionals and (through {@link MathRules})
 * library calls. Both the tangent and the adjoint generator are written against this class.
 */
public final class Partials {

  private Partials() {}

  /**
   * Partial derivatives of {@code node} with respect to each of {@link ExprScan#children(Expr)}, in
   * the same order; {@code null} marks a child the node does not depend on differentiably.
   *
   * @param result an expression holding the node's value, or {@code null} if none is stored
   */
  public static List<Expr> of(Expr node, Expr result) {
    Type t = node.type();
    if (!t.isFloating()) {
      return zeros(ExprScan.children(node).size());
    }
    if (node instanceof Expr.Unary u) {
      return switch (u.op()) {
        case NEGATE -> one(Algebra.constant(-1, t));
        case PLUS -> one(Algebra.constant(1, t));
        case NOT -> zeros(1);
      };
    }
    if (node instanceof Expr.Cast c) {
      return c.operand().type().isFloating() ? one(Algebra.constant(1, t)) : zeros(1);
    }
    if (node instanceof Expr.Binary b) {
      return binary(b, result);
    }
    if (node instanceof Expr.Call c) {
      if (c.callee() != null) {
        // Its derivatives are the callee's generated code, called by each generator itself.
        throw new IllegalStateException("a call to @Differentiable " + c.name() + " inside an expression");
      }
      if (!c.rules().isEmpty()) {
        return ruleCalls(c);
      }
      return MathRules.isDifferentiable(c) ? MathRules.partials(c, result) : zeros(c.arguments().size());
    }
    if (node instanceof Expr.Conditional c) {
      Expr one = Algebra.constant(1, t);
      Expr zero = Algebra.constant(0, t);
      return Arrays.asList(
          null,
          Algebra.conditional(c.condition(), one, zero, t),
          Algebra.conditional(c.condition(), zero, one, t));
    }
    return List.of();
  }

  /**
   * Functions with a partial derivative that is infinite where the function is finite: roots and
   * powers at 0, asin and acos at ±1. (A division's partials are infinite only where its value is,
   * and log's where it is -Infinity.)
   */
  private static final java.util.Set<String> UNBOUNDED =
      java.util.Set.of("sqrt", "cbrt", "pow", "asin", "acos");

  /**
   * Whether a partial derivative of {@code node} may be infinite where the node is finite (sqrt at
   * 0). Forward mode multiplies a tangent by such a partial so that a zero tangent gives zero
   * ({@code Derivatives.times}), as JAX's jvp of pow and sqrt does.
   */
  public static boolean mayBeUnbounded(Expr node) {
    return node instanceof Expr.Call c
        && MathRules.isDifferentiable(c)
        && UNBOUNDED.contains(c.name());
  }

  /**
   * Whether {@code c} is {@code Derivatives.stop(x)}: its value is x's, its derivative zero, so
   * that everything computed from it is a constant of the differentiation (stop-gradient).
   */
  public static boolean isStop(Expr.Call c) {
    return c.owner().equals("io.javad.runtime.Derivatives") && c.name().equals("stop");
  }

  /** Whether a call's value can depend differentiably on its arguments: Math's, or with rules. */
  public static boolean isDifferentiable(Expr.Call c) {
    return MathRules.isDifferentiable(c) || (c.type().isFloating() && !c.rules().isEmpty());
  }

  /** The user's {@code @DerivativeOf} rules, called with the call's own arguments. */
  private static List<Expr> ruleCalls(Expr.Call c) {
    List<Expr> partials = new ArrayList<>();
    for (Expr.Rule rule : c.rules()) {
      partials.add(
          rule == null
              ? null
              : new Expr.Call(
                  rule.owner(), rule.name(), c.arguments(), c.type(), List.of(), null, null,
                  rule.bridge()));
    }
    return partials;
  }

  private static List<Expr> binary(Expr.Binary b, Expr result) {
    Type t = b.type();
    Expr l = b.left();
    Expr r = b.right();
    return switch (b.op()) {
      case ADD -> Arrays.asList(Algebra.constant(1, t), Algebra.constant(1, t));
      case SUBTRACT -> Arrays.asList(Algebra.constant(1, t), Algebra.constant(-1, t));
      case MULTIPLY -> Arrays.asList(r, l);
      case DIVIDE -> // d(l/r)/dr = -(l/r)/r, cheaper with the stored quotient.
          Arrays.asList(
              divide(Algebra.constant(1, t), r),
              result != null
                  ? negate(divide(result, r))
                  : negate(divide(l, new Expr.Binary(BinaryOp.MULTIPLY, r, r, t))));
      case REMAINDER -> // l % r = l - r * trunc(l / r), so d/dr = -trunc(l / r) = -(l - y) / r.
          Arrays.asList(
              Algebra.constant(1, t), negate(divide(subtract(l, result != null ? result : b), r)));
      default -> zeros(2);
    };
  }

  private static List<Expr> one(Expr e) {
    return Collections.singletonList(e);
  }

  private static List<Expr> zeros(int n) {
    return new ArrayList<>(Collections.nCopies(n, null));
  }
}
