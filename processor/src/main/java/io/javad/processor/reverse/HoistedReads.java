package io.javad.processor.reverse;

import com.palantir.javapoet.CodeBlock;
import io.javad.processor.analysis.UnaliasedArrays;
import io.javad.processor.emit.JavaTypes;
import io.javad.processor.ir.Algebra;
import io.javad.processor.ir.Expr;
import io.javad.processor.ir.MethodIr;
import io.javad.processor.ir.Namer;
import io.javad.processor.ir.Stmt;
import io.javad.processor.ir.Substitution;
import io.javad.processor.ir.Type;
import io.javad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The elements a loop only reads at a fixed index ({@link InvariantReads}), read once into a local
 * before the loop while a sweep writes it: {@code double xcCol = col + 1 < d ? xc[col] : 0.0;}.
 * A sweep {@link #enter}s each loop it writes, prints its expressions through {@link #reading},
 * and on {@link #exit} gets the declarations of the locals it read, to put before the loop. The
 * element is taken only if the loop runs, since its index may be out of range otherwise.
 */
final class HoistedReads {

  private final MethodIr method;
  private final Namer namer;
  private Set<Variable> unaliased;
  /** Per loop being written, innermost last: element to local. */
  private final List<Map<Expr, Variable>> levels = new ArrayList<>();
  private final Set<Variable> used = new HashSet<>();

  HoistedReads(MethodIr method, Namer namer) {
    this.method = method;
    this.namer = namer;
  }

  /** Starts writing {@code loop}: its invariant reads, unless an enclosing loop holds them already. */
  void enter(Stmt.Loop loop) {
    if (unaliased == null) {
      unaliased = UnaliasedArrays.of(method);
    }
    Map<Expr, Variable> locals = new LinkedHashMap<>();
    for (Expr.Element element : InvariantReads.of(loop, unaliased)) {
      if (heldIn(element) == null) {
        locals.put(element, Variable.temporary(namer.fresh(elementName(element, "")), element.type()));
      }
    }
    levels.add(locals);
  }

  /**
   * Ends the loop last entered: the declarations of the locals its code read, each taken when
   * {@code runs} holds (null: the loop always runs).
   */
  CodeBlock exit(CodeBlock runs, Function<Expr, CodeBlock> print) {
    Map<Expr, Variable> locals = levels.remove(levels.size() - 1);
    CodeBlock.Builder out = CodeBlock.builder();
    for (Map.Entry<Expr, Variable> e : locals.entrySet()) {
      Variable local = e.getValue();
      if (!used.remove(local)) {
        continue;
      }
      CodeBlock element = print.apply(e.getKey());
      CodeBlock init =
          runs == null
              ? element
              : CodeBlock.of("$L ? $L : $L", runs, element, print.apply(Algebra.constant(0, local.type())));
      out.addStatement("$T $N = $L", JavaTypes.of(local.type()), local.name(), init);
    }
    return out.build();
  }

  /** {@code e} reading the elements held in locals from them. */
  Expr reading(Expr e) {
    if (levels.isEmpty() || e == null) {
      return e;
    }
    if (e instanceof Expr.Element) {
      Variable local = heldIn(e);
      if (local != null) {
        used.add(local);
        return new Expr.Local(local);
      }
    }
    return Substitution.rebuild(e, this::reading);
  }

  /** Whether a counted loop runs at all, as a condition; null if it always does. */
  static CodeBlock runs(FlowShape.Counted c, Function<Expr, CodeBlock> print) {
    if (c.from() instanceof Expr.Literal a && c.to() instanceof Expr.Literal b) {
      boolean always =
          switch (c.comparison()) {
            case LESS -> a.value() < b.value();
            case LESS_EQUAL -> a.value() <= b.value();
            case GREATER -> a.value() > b.value();
            case GREATER_EQUAL -> a.value() >= b.value();
            default -> false;
          };
      if (always) {
        return null;
      }
    }
    return print.apply(new Expr.Binary(c.comparison(), c.from(), c.to(), Type.BOOLEAN));
  }

  private Variable heldIn(Expr element) {
    for (Map<Expr, Variable> level : levels) {
      Variable local = level.get(element);
      if (local != null) {
        return local;
      }
    }
    return null;
  }

  /** {@code xcCol} for {@code xc[col]}, {@code r0} for {@code r[0]}: the array, its indices, {@code suffix}. */
  static String elementName(Expr element, String suffix) {
    StringBuilder name = new StringBuilder();
    List<String> parts = new ArrayList<>();
    Expr e = element;
    while (e instanceof Expr.Element el) {
      String index =
          el.index() instanceof Expr.Local i
              ? capitalized(i.variable().name())
              : el.index() instanceof Expr.Literal k && k.value() >= 0 ? Long.toString((long) k.value()) : "Element";
      parts.add(0, index);
      e = el.array();
    }
    name.append(((Expr.Local) e).variable().name());
    parts.forEach(name::append);
    return name.append(suffix).toString();
  }

  private static String capitalized(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
