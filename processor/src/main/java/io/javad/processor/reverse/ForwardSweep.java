package io.javad.processor.reverse;

import io.javad.processor.analysis.Activity;
import io.javad.processor.ir.Expr;
import io.javad.processor.ir.ExprScan;
import io.javad.processor.ir.MethodIr;
import io.javad.processor.ir.Namer;
import io.javad.processor.ir.Stmt;
import io.javad.processor.ir.Substitution;
import io.javad.processor.ir.Type;
import io.javad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;

/**
 * The forward sweep of straight-line code in SSA form: every assignment defines a new version
 * ({@code x = x * x} becomes {@code double x1 = x * x;}), so every value the backward sweep reads
 * is still there, with no tape.
 */
final class ForwardSweep {

  /** One definition {@code version = rhs}; {@code original} is the source variable it versions. */
  record Def(Variable version, Variable original, Expr rhs) {}

  private final List<Def> defs = new ArrayList<>();
  private final Map<Variable, Variable> current = new HashMap<>();
  private final Map<Variable, Integer> versionCount = new HashMap<>();
  private final Map<Variable, Variable> originals = new HashMap<>();
  private final Set<Variable> varied = new HashSet<>();
  private Def result;

  static ForwardSweep of(MethodIr method, Namer namer, String valueName) {
    ForwardSweep sweep = new ForwardSweep();
    for (MethodIr.Parameter p : method.parameters()) {
      sweep.define(p.variable(), p.variable());
      if (p.active()) {
        sweep.varied.add(p.variable());
      }
    }
    for (Stmt s : method.body()) {
      if (s instanceof Stmt.Declare d) {
        if (d.init() != null) {
          sweep.add(d.variable(), d.variable(), sweep.rename(d.init()));
        }
      } else if (s instanceof Stmt.Assign a) {
        Variable v = a.variable();
        Expr rhs = sweep.rename(a.rhs());
        Variable version = v;
        if (sweep.current.containsKey(v)) {
          int k = sweep.versionCount.merge(v, 1, Integer::sum);
          version = Variable.temporary(namer.fresh(versionName(v.name(), k)), v.type());
        }
        sweep.add(version, v, rhs);
      } else if (s instanceof Stmt.Return r) {
        Type type = method.returnType();
        Variable value = Variable.temporary(valueName, type);
        sweep.result = new Def(value, value, sweep.rename(r.value()));
        sweep.originals.put(value, value);
      }
    }
    return sweep;
  }

  private void define(Variable version, Variable original) {
    current.put(original, version);
    originals.put(version, original);
  }

  private void add(Variable version, Variable original, Expr rhs) {
    defs.add(new Def(version, original, rhs));
    define(version, original);
    if (Activity.dependsOn(rhs, varied::contains)) {
      varied.add(version);
    }
  }

  /** {@code x1, x2} for {@code x}; {@code p2_1} for {@code p2}, which {@code p21} would confuse. */
  private static String versionName(String base, int k) {
    return Character.isDigit(base.charAt(base.length() - 1)) ? base + "_" + k : base + k;
  }

  /** Whether this version depends differentiably on an active parameter (flow-sensitive). */
  boolean isVaried(Variable version) {
    return varied.contains(version) || version.equals(result.version());
  }

  /** The definitions in source order, without the return. */
  List<Def> defs() {
    return defs;
  }

  /** {@code value = <returned expression>}. */
  Def result() {
    return result;
  }

  /** The source variable of which {@code version} is a version. */
  Variable original(Variable version) {
    return originals.getOrDefault(version, version);
  }

  /**
   * For each variable version, the index of the first definition that reads it; the result counts
   * as index {@code defs().size()}.
   */
  Map<Variable, Integer> firstUses() {
    Map<Variable, Integer> first = new HashMap<>();
    for (int i = 0; i < defs.size(); i++) {
      int index = i;
      ExprScan.forEachLocal(defs.get(i).rhs(), v -> first.putIfAbsent(v, index));
    }
    ExprScan.forEachLocal(result.rhs(), v -> first.putIfAbsent(v, defs.size()));
    return first;
  }

  private Expr rename(Expr e) {
    return Substitution.apply(e, v -> {
      Variable version = current.get(v);
      return version == null ? null : new Expr.Local(version);
    });
  }
}
