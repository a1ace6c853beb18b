package io.javad.processor.reverse;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import io.javad.processor.emit.JavaTypes;
import io.javad.processor.ir.Namer;
import io.javad.processor.ir.Stmt;
import io.javad.processor.ir.Type;
import io.javad.processor.ir.Variable;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What the forward sweep records and how, decided as it is written and read back by the backward
 * sweep to undo it: where a value went (a tape or a local), how a branch is remembered, the
 * variables holding trip counts and exits, and the stacks themselves.
 */
final class Recording {

  private static final String RUNTIME = "io.javad.runtime";

  private final Namer namer;

  /** Overwrites whose old value is kept in a local (outside loops). */
  final Map<Stmt, Variable> localSaves = new IdentityHashMap<>();
  /** Overwrites whose old value is pushed on a tape (inside loops). */
  final Set<Stmt> tapeSaves = Collections.newSetFromMap(new IdentityHashMap<>());
  /** Loop-local declarations the backward sweep computes again instead of popping. */
  final Set<Stmt> recomputed = Collections.newSetFromMap(new IdentityHashMap<>());
  /** Branches outside loops remembered in a local flag. */
  final Map<Stmt.If, Variable> flags = new IdentityHashMap<>();
  /** Branches inside loops remembered on the bit stack. */
  final Set<Stmt.If> stackedBranches = Collections.newSetFromMap(new IdentityHashMap<>());
  /** Trip counts of loops that are not counted, and where iterations ended. */
  final Map<Stmt.Loop, Variable> counts = new IdentityHashMap<>();
  final Map<Stmt.Loop, Variable> exitVars = new IdentityHashMap<>();
  /** Arrays allocated in a loop whose every iteration's array the forward sweep keeps. */
  final Set<Stmt> keptArrays = Collections.newSetFromMap(new IdentityHashMap<>());
  /**
   * Copies and fills whose target's old contents go on the tape of its element type ({@code
   * tape.pushAll(a)}), which allocates nothing once grown, rather than as a clone.
   */
  final Set<Stmt> keptContents = Collections.newSetFromMap(new IdentityHashMap<>());

  /** Whether {@code a}'s contents can go on a tape of its element type, element by element. */
  static boolean onTape(Variable a) {
    return a.rank() == 1
        && (a.type().isFloating() || a.type() == io.javad.processor.ir.Type.INT
            || a.type() == io.javad.processor.ir.Type.LONG);
  }
  /** Per call writing into arrays (out-parameters), the arrays whose old contents it keeps. */
  final Map<Stmt, java.util.List<io.javad.processor.ir.Expr>> keptWritten = new IdentityHashMap<>();
  /**
   * Integer steps {@code i += c} that the backward sweep undoes ({@code i -= c}) instead of
   * restoring the old value from a tape: induction variables.
   */
  final Set<Stmt> inverted = Collections.newSetFromMap(new IdentityHashMap<>());
  /**
   * Per loop, the variables private to its iterations whose values the backward sweep reads: the
   * forward sweep records them once, at the end of each iteration, in this order.
   */
  final Map<Stmt.Loop, java.util.List<Variable>> snapshots = new IdentityHashMap<>();

  /**
   * What the backward sweep changes of the forward sweep's state: variables it assigns and arrays
   * whose elements it restores. A Jacobian puts them back before each further backward sweep.
   */
  record Restored(java.util.List<Variable> variables, java.util.List<Variable> arrays) {}

  /**
   * The state the backward sweep changes, or null when it restores elements of arrays an iteration
   * allocates (kept by reference, so a copy of the variable would not hold them).
   */
  Restored restored(io.javad.processor.ir.MethodIr method) {
    java.util.Set<Variable> variables = new java.util.LinkedHashSet<>();
    java.util.Set<Variable> arrays = new java.util.LinkedHashSet<>();
    java.util.Set<Variable> kept = new java.util.HashSet<>();
    io.javad.processor.ir.StmtScan.forEach(method.body(), s -> {
      Variable target = io.javad.processor.ir.StmtScan.target(s);
      boolean saved = tapeSaves.contains(s) || localSaves.containsKey(s) || inverted.contains(s);
      if (keptArrays.contains(s) && s instanceof Stmt.Declare) {
        variables.add(target);
        kept.add(target);
      } else if (keptArrays.contains(s) || keptContents.contains(s) || saved && (s instanceof Stmt.Store)) {
        arrays.add(target);
      } else if (saved) {
        variables.add(target);
      }
    });
    keptWritten.values().forEach(
        list -> list.forEach(w -> arrays.add(io.javad.processor.ir.StmtScan.arrayOf(w))));
    snapshots.values().forEach(list -> list.forEach(v -> (v.isArray() ? arrays : variables).add(v)));
    variables.addAll(counts.values());
    variables.addAll(exitVars.values());
    for (Variable a : arrays) {
      if (kept.contains(a)) {
        return null;
      }
    }
    return new Restored(java.util.List.copyOf(variables), java.util.List.copyOf(arrays));
  }

  /** {@code int tapeSize = tape.size();} per stack: where each stands after the forward sweep. */
  Map<Variable, Variable> marks(Namer names) {
    Map<Variable, Variable> marks = new LinkedHashMap<>();
    for (Variable tape : allTapes()) {
      marks.put(tape, Variable.temporary(names.fresh(tape.name() + "Size"), Type.INT));
    }
    return marks;
  }

  private java.util.List<Variable> allTapes() {
    java.util.List<Variable> all = new java.util.ArrayList<>(tapes.values());
    if (branchTape != null) {
      all.add(branchTape);
    }
    all.addAll(arrayTapes.values());
    return all;
  }

  private final Map<Type, Variable> tapes = new LinkedHashMap<>();
  private final Map<String, Variable> arrayTapes = new LinkedHashMap<>();
  private Variable branchTape;

  Recording(Namer namer) {
    this.namer = namer;
  }

  /**
   * The stack for values of {@code type}: doubles hold floats too, ints the smaller integers,
   * booleans the branch stack (pushes and pops mirror each other whatever they record).
   */
  Variable tape(Type type) {
    if (type == Type.BOOLEAN) {
      return branchTape();
    }
    Type kind = type.isFloating() ? Type.DOUBLE : type == Type.LONG ? Type.LONG : Type.INT;
    return tapes.computeIfAbsent(
        kind,
        k -> Variable.temporary(namer.fresh(k == Type.DOUBLE ? "tape" : k.javaName() + "Tape"), k));
  }

  /** The stack keeping each iteration's array of {@code v}'s type. */
  Variable arrayTape(Variable v) {
    return arrayTapes.computeIfAbsent(
        v.javaType(),
        t -> Variable.temporary(namer.fresh(v.rank() == 1 ? "arrays" : "matrices"), v.type(), v.rank()));
  }

  Variable branchTape() {
    if (branchTape == null) {
      branchTape = Variable.temporary(namer.fresh("branches"), Type.BOOLEAN);
    }
    return branchTape;
  }

  /**
   * Takes the stacks from the workspace {@code ws} instead ({@code DoubleStack tape = ws.tape;}),
   * emptied in case an exception left values on them.
   */
  void declareTapesFrom(MethodSpec.Builder method, String ws) {
    for (Variable tape : allTapes()) {
      TypeName type = stackType(tape);
      method.addStatement("$T $N = $N.$N", type, tape.name(), ws, tape.name());
      method.addStatement(
          tape.rank() > 0 ? "$N.rewind(0)" : "$N.clear()", tape.name()); // references: no sweep of the array
    }
  }

  /** The stacks as fields of a workspace class, allocated with it. */
  void addTapeFields(com.palantir.javapoet.TypeSpec.Builder workspace) {
    for (Variable tape : allTapes()) {
      TypeName type = stackType(tape);
      TypeName created = type instanceof ParameterizedTypeName p ? p.rawType() : type;
      workspace.addField(
          com.palantir.javapoet.FieldSpec.builder(
                  type, tape.name(), javax.lang.model.element.Modifier.PRIVATE,
                  javax.lang.model.element.Modifier.FINAL)
              .initializer(type instanceof ParameterizedTypeName ? "new $T<>()" : "new $T()", created)
              .build());
    }
  }

  private TypeName stackType(Variable tape) {
    if (tape == branchTape) {
      return ClassName.get(RUNTIME, "BooleanStack");
    }
    for (Map.Entry<String, Variable> e : arrayTapes.entrySet()) {
      if (e.getValue() == tape) {
        return ParameterizedTypeName.get(ClassName.get(RUNTIME, "ReferenceStack"), JavaTypes.of(e.getKey()));
      }
    }
    return ClassName.get(RUNTIME, stackName(tape.type()));
  }

  /** Declares the stacks the sweeps use, at the top of the method. */
  void declareTapes(MethodSpec.Builder method) {
    for (Map.Entry<Type, Variable> tape : tapes.entrySet()) {
      ClassName type = ClassName.get(RUNTIME, stackName(tape.getKey()));
      method.addStatement("$T $N = new $T()", type, tape.getValue().name(), type);
    }
    if (branchTape != null) {
      ClassName type = ClassName.get(RUNTIME, "BooleanStack");
      method.addStatement("$T $N = new $T()", type, branchTape.name(), type);
    }
    for (Map.Entry<String, Variable> tape : arrayTapes.entrySet()) {
      TypeName element = JavaTypes.of(tape.getKey());
      ClassName stack = ClassName.get(RUNTIME, "ReferenceStack");
      method.addStatement(
          "$T $N = new $T<>()", ParameterizedTypeName.get(stack, element), tape.getValue().name(), stack);
    }
  }

  private static String stackName(Type type) {
    return switch (type) {
      case DOUBLE -> "DoubleStack";
      case LONG -> "LongStack";
      default -> "IntStack";
    };
  }
}
