package io.javad.processor.reverse;

import static io.javad.processor.ir.Algebra.multiply;

import io.javad.processor.analysis.Activity;
import io.javad.processor.ir.Algebra;
import io.javad.processor.ir.BinaryOp;
import io.javad.processor.ir.Expr;
import io.javad.processor.ir.ExprScan;
import io.javad.processor.ir.Substitution;
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
 * adjoint * ∂e/∂v} for every active variable v it reads, as expressions, in the order found. A
 * contribution goes to a variable ({@code Local}) or to an array element ({@code Element}, for
 * {@code aBar[i]}). Both adjoint generators write these contributions out, each in its own way.
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

  /**
   * Contributions of {@code adjoint * ∂e/∂v} per target (a {@code Local} or an {@code Element});
   * {@code result} as in {@link Partials}.
   */
  Map<Expr, List<Expr>> of(Expr e, Expr adjoint, Expr result) {
    return of(e, adjoint, result, Map.of());
  }

  /**
   * As {@link #of(Expr, Expr, Expr)}, with the library calls that variables hold ({@link
   * HeldValues}) read from them inside partial derivatives.
   */
  Map<Expr, List<Expr>> of(Expr e, Expr adjoint, Expr result, Map<Expr, Expr> held) {
    Map<Expr, List<Expr>> terms = new LinkedHashMap<>();
    into(e, adjoint, result, null, held, terms);
    return terms;
  }

  /**
   * {@code guard} is the condition under which {@code e} was evaluated (inside a branch of {@code
   * ?:}), or null: a contribution from an untaken branch must be exactly zero, never {@code 0 *
   * NaN}, so guarded contributions are {@code guard ? c : 0}.
   */
  private void into(
      Expr e, Expr adjoint, Expr result, Expr guard, Map<Expr, Expr> held, Map<Expr, List<Expr>> terms) {
    if (!Activity.dependsOn(e, active)) {
      return;
    }
    if (e instanceof Expr.Local || e instanceof Expr.Element) {
      Expr term = guard == null ? adjoint : Algebra.conditional(guard, adjoint, null, adjoint.type());
      terms.computeIfAbsent(e, k -> new ArrayList<>()).add(term);
      return;
    }
    if (e instanceof Expr.ArrayCopy) {
      return; // the backward sweep adds a copy's adjoint into the original's, element by element
    }
    if (e instanceof Expr.ZerosLike) {
      return; // zeros: no values read
    }
    if (e instanceof Expr.NewArray n) {
      // {e0, e1}: element k of the array's adjoint is e_k's adjoint; new double[n] reads nothing.
      List<Expr> elements = n.elements() == null ? List.of() : n.elements();
      for (int k = 0; k < elements.size(); k++) {
        into(elements.get(k), new Expr.Element(adjoint, Expr.Literal.of(k, Type.INT)), null, guard, held, terms);
      }
      return;
    }
    if (e instanceof Expr.Conditional c) {
      Expr otherwise = new Expr.Unary(UnaryOp.NOT, c.condition(), Type.BOOLEAN);
      into(c.whenTrue(), adjoint, null, and(guard, c.condition()), held, terms);
      into(c.whenFalse(), adjoint, null, and(guard, otherwise), held, terms);
      return;
    }
    List<Expr> children = ExprScan.children(e);
    List<Expr> partials = new ArrayList<>(Partials.of(e, result));
    for (int i = 0; i < partials.size(); i++) {
      if (partials.get(i) != null) {
        partials.set(i, Substitution.replace(partials.get(i), held));
      }
    }
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
      into(children.get(i), multiply(adjoint, partials.get(i)), null, guard, held, terms);
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
    return reads(e, result, adjoint, Map.of());
  }

  /** As {@link #reads(Expr, Expr, Variable)}, reading held values where {@code held} says. */
  Iterable<Variable> reads(Expr e, Expr result, Variable adjoint, Map<Expr, Expr> held) {
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
    Map<Expr, List<Expr>> terms = dry.of(e, new Expr.Local(adjoint), result, held);
    terms.values().forEach(list -> list.forEach(t -> ExprScan.forEachLocal(t, read::add)));
    // aBar[i] += ... needs i as it was, not a's elements.
    terms.keySet().forEach(key -> indexReads(key, read));
    read.remove(adjoint);
    read.removeAll(named);
    return read;
  }

  /** The variables the indices of an element target read. */
  static void indexReads(Expr target, Set<Variable> into) {
    while (target instanceof Expr.Element el) {
      ExprScan.forEachLocal(el.index(), into::add);
      target = el.array();
    }
  }
}
