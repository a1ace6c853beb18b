package io.javad.processor.reverse;

import static io.javad.processor.ir.Algebra.multiply;

import io.javad.processor.analysis.Activity;
import io.javad.processor.ir.Algebra;
import io.javad.processor.ir.BinaryOp;
import io.javad.processor.ir.Expr;
import io.javad.processor.ir.ExprScan;
import io.javad.processor.ir.Type;
import io.javad.processor.ir.UnaryOp;
import io.javad.processor.ir.Variable;
import io.javad.processor.rules.Partials;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * The chain rule through one expression: given the adjoint of its value, the contribution {@code
 * adjoint * ∂e/∂v} for every active variable v it reads, as expressions, in the order found. Both
 * adjoint generators write these contributions out, each in its own way.
 */
final class Propagation {

  /** Adjoint expressions bigger than this get a name before they are used twice. */
  private static final int INLINE_LIMIT = 5;

  private final Predicate<Variable> active;
  /** Declares a temporary adjoint: (base name, value) to the variable holding it. */
  private final BiFunction<String, Expr, Variable> temporary;

  Propagation(Predicate<Variable> active, BiFunction<String, Expr, Variable> temporary) {
    this.active = active;
    this.temporary = temporary;
  }

  /** Contributions per variable of {@code adjoint * ∂e/∂v}; {@code result} as in {@link Partials}. */
  Map<Variable, List<Expr>> of(Expr e, Expr adjoint, Expr result) {
    Map<Variable, List<Expr>> terms = new LinkedHashMap<>();
    into(e, adjoint, result, null, terms);
    return terms;
  }

  /** As {@link #of}, adding to existing contributions. */
  void into(Expr e, Expr adjoint, Expr result, Map<Variable, List<Expr>> terms) {
    into(e, adjoint, result, null, terms);
  }

  /**
   * {@code guard} is the condition under which {@code e} was evaluated (inside a branch of {@code
   * ?:}), or null: a contribution from an untaken branch must be exactly zero, never {@code 0 *
   * NaN}, so guarded contributions are {@code guard ? c : 0}.
   */
  private void into(
      Expr e, Expr adjoint, Expr result, Expr guard, Map<Variable, List<Expr>> terms) {
    if (!Activity.dependsOn(e, active)) {
      return;
    }
    if (e instanceof Expr.Local l) {
      Expr term = guard == null ? adjoint : Algebra.conditional(guard, adjoint, null, adjoint.type());
      terms.computeIfAbsent(l.variable(), k -> new ArrayList<>()).add(term);
      return;
    }
    if (e instanceof Expr.Conditional c) {
      Expr otherwise = new Expr.Unary(UnaryOp.NOT, c.condition(), Type.BOOLEAN);
      into(c.whenTrue(), adjoint, null, and(guard, c.condition()), terms);
      into(c.whenFalse(), adjoint, null, and(guard, otherwise), terms);
      return;
    }
    List<Expr> children = ExprScan.children(e);
    List<Expr> partials = Partials.of(e, result);
    List<Integer> targets = new ArrayList<>();
    for (int i = 0; i < children.size(); i++) {
      if (partials.get(i) != null && Activity.dependsOn(children.get(i), active)) {
        targets.add(i);
      }
    }
    if (targets.size() > 1 && isExpensive(adjoint)) {
      adjoint = new Expr.Local(temporary.apply("tempBar", adjoint));
    }
    for (int i : targets) {
      into(children.get(i), multiply(adjoint, partials.get(i)), null, guard, terms);
    }
  }

  private static Expr and(Expr guard, Expr condition) {
    return guard == null ? condition : new Expr.Binary(BinaryOp.AND, guard, condition, Type.BOOLEAN);
  }

  private static boolean isExpensive(Expr e) {
    return !Algebra.isAtomic(e) && (ExprScan.containsCall(e) || ExprScan.size(e) > INLINE_LIMIT);
  }

  /**
   * Every variable the contributions of {@code e} read besides the adjoint: what the backward sweep
   * needs to find with its forward value.
   */
  Iterable<Variable> reads(Expr e, Expr result, Variable adjoint) {
    Set<Variable> read = new LinkedHashSet<>();
    Set<Variable> named = new HashSet<>();
    // Nothing is written here: a temporary stands for its value, whose reads count.
    Propagation dry =
        new Propagation(
            active,
            (base, value) -> {
              ExprScan.forEachLocal(value, read::add);
              Variable temp = Variable.temporary(base, value.type());
              named.add(temp);
              return temp;
            });
    Map<Variable, List<Expr>> terms = new LinkedHashMap<>();
    dry.into(e, new Expr.Local(adjoint), result, null, terms);
    terms.values().forEach(list -> list.forEach(t -> ExprScan.forEachLocal(t, read::add)));
    read.remove(adjoint);
    read.removeAll(named);
    return read;
  }
}
