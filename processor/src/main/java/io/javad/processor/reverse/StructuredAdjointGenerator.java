package io.javad.processor.reverse;

import static io.javad.processor.ir.Algebra.orZero;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import io.javad.processor.analysis.Activity;
import io.javad.processor.emit.JavaPrinter;
import io.javad.processor.emit.JavaTypes;
import io.javad.processor.emit.Origin;
import io.javad.processor.emit.Statements;
import io.javad.processor.ir.Algebra;
import io.javad.processor.ir.BinaryOp;
import io.javad.processor.ir.Expr;
import io.javad.processor.ir.MethodIr;
import io.javad.processor.ir.Namer;
import io.javad.processor.ir.Stmt;
import io.javad.processor.ir.StmtScan;
import io.javad.processor.ir.Type;
import io.javad.processor.ir.UnaryOp;
import io.javad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * Reverse mode for methods with branches and loops. The forward sweep is the method itself, with
 * its own control flow, plus what the backward sweep cannot recompute:
 *
 * <ul>
 *   <li>a value about to be overwritten that a later derivative reads: pushed on a {@code
 *       DoubleStack} inside a loop, kept in a local outside loops;
 *   <li>the branch taken, when its condition cannot simply be tested again: a local flag outside
 *       loops, a bit on a {@code BooleanStack} inside;
 *   <li>the trip count of a loop that is not a counted {@code for}, and where an iteration ended
 *       when {@code break}, {@code continue} or {@code return} can end it early.
 * </ul>
 *
 * The backward sweep runs the statements in reverse, restoring what was recorded and accumulating
 * adjoints {@code vBar} with {@code +=}. A counted loop {@code for (int i = a; i < b; i++)} is
 * reversed as {@code for (int i = b - 1; i >= a; i--)}. Locals declared inside branches and loops
 * are declared at the top of the method, where both sweeps see them.
 */
public final class StructuredAdjointGenerator {

  private static final String RUNTIME = "io.javad.runtime";

  private final MethodIr method;
  private final Activity activity;
  private final Namer namer;
  private final FlowShape shape;
  private final Propagation propagation;
  private final boolean hoistAll;

  private final CodeBlock.Builder top = CodeBlock.builder();
  private final CodeBlock.Builder forward = CodeBlock.builder();
  /** Where the backward sweep writes now; temporaries of the chain rule go here too. */
  private CodeBlock.Builder out;

  /** Variables some derivative reads, and where: the statements whose reversal reads them. */
  private final Map<Variable, List<Stmt>> readers = new LinkedHashMap<>();
  /** Each statement's place in the forward order, and the loops around it. */
  private final Map<Stmt, Integer> position = new IdentityHashMap<>();
  private final Map<Stmt, List<Stmt.Loop>> enclosing = new IdentityHashMap<>();
  /** Arrays allocated inside loops, and those loops: each iteration has its own array. */
  private final Map<Variable, List<Stmt.Loop>> freshIn = new HashMap<>();
  /** Arrays allocated in a loop whose every iteration's array the forward sweep keeps. */
  private final Set<Stmt> keptArrays = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Map<String, Variable> arrayTapes = new LinkedHashMap<>();
  private final Set<Variable> hoisted = new HashSet<>();
  private final Map<Variable, Variable> bars = new LinkedHashMap<>();
  private final Map<Stmt, Variable> localSaves = new IdentityHashMap<>();
  private final Set<Stmt> tapeSaves = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Set<Stmt> recomputed = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Map<Stmt.If, Variable> flags = new IdentityHashMap<>();
  private final Set<Stmt.If> stackedBranches = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Map<Stmt.Loop, Variable> counts = new IdentityHashMap<>();
  private final Map<Stmt.Loop, Variable> exitVars = new IdentityHashMap<>();
  private final Map<Type, Variable> tapes = new LinkedHashMap<>();
  private Variable branchTape;
  private final Variable value;
  /** The pullback's seed, the adjoint of the returned array; null for a scalar method. */
  private final Variable seed;
  private Variable methodExit;
  private String forwardLabel;

  /** Constructs entered by the forward sweep, innermost last: what a jump must record on its way out. */
  private final List<Object> frames = new ArrayList<>();

  private record BranchFrame(boolean taken) {}

  private StructuredAdjointGenerator(MethodIr method, Activity activity, Namer namer) {
    this.method = method;
    this.activity = activity;
    this.namer = namer;
    this.shape = FlowShape.of(method);
    this.hoistAll = shape.hasNestedReturn();
    this.value = Variable.temporary(namer.fresh("value"), method.returnType(), method.returnRank());
    this.seed = method.isVectorValued() ? Variable.temporary(namer.fresh("seed"), Type.DOUBLE, 1) : null;
    this.propagation = new Propagation(activity::isActive, this::temporary);
  }

  public static AdjointGenerator.Members generate(
      MethodIr method, Activity activity, Namer namer, Origin origin) {
    return new StructuredAdjointGenerator(method, activity, namer).run(origin);
  }

  private AdjointGenerator.Members run(Origin origin) {
    findNeeded(method.body());
    if (hoistAll) {
      methodExit = Variable.temporary(namer.fresh("exit"), Type.INT);
      forwardLabel = namer.fresh("forward");
      topDeclaration(value, null);
      topDeclaration(methodExit, null);
    }
    forwardStatements(method.body(), new ArrayList<>(), true);

    CodeBlock.Builder backward = CodeBlock.builder();
    out = backward;
    for (MethodIr.Parameter p : method.parameters()) {
      if (p.active()) {
        barOf(p.variable());
      }
    }
    StmtScan.forEach(method.body(), s -> {
      Variable v = StmtScan.target(s);
      if (v != null && activity.isActive(v)) {
        barOf(v);
      }
    });
    List<Stmt> body = method.body();
    Map<Expr, List<Expr>> initial = Map.of();
    if (seed != null) {
      out.beginControlFlow("if ($N == null)", seed.name());
      out.addStatement("$N = new double[$N.length]", seed.name(), value.name());
      out.nextControlFlow("else if ($N.length != $N.length)", seed.name(), value.name());
      out.addStatement(
          "throw new $T(\"seed has \" + $N.length + \" values, $L returns \" + $N.length)",
          IllegalArgumentException.class, seed.name(), method.name(), value.name());
      out.endControlFlow();
    }
    if (!hoistAll && !body.isEmpty() && body.get(body.size() - 1) instanceof Stmt.Return r) {
      // The final return is reversed first: its contributions are where the adjoints start.
      Expr start = seed != null ? new Expr.Local(seed) : Algebra.constant(1, method.returnType());
      initial = propagation.of(r.value(), start, null);
      body = body.subList(0, body.size() - 1);
    }
    for (Map.Entry<Variable, Variable> e : bars.entrySet()) {
      Variable bar = e.getValue();
      if (bar.isArray() && initial.containsKey(new Expr.Local(e.getKey()))) {
        // The returned array: its adjoint starts as the seed.
        out.addStatement("$T $N = $N.clone()", JavaTypes.of(bar.javaType()), bar.name(), seed.name());
        continue;
      }
      if (bar.isArray()) {
        // Allocated once, shaped like the array: the gradient of an input array is returned.
        out.addStatement(
            "$T $N = $T.zerosLike($N)",
            JavaTypes.of(bar.javaType()), bar.name(), ClassName.get(RUNTIME, "ArrayShapes"),
            e.getKey().name());
        continue;
      }
      Expr start =
          orZero(Algebra.sum(initial.getOrDefault(new Expr.Local(e.getKey()), List.of())), bar.type());
      out.addStatement(
          "$T $N = $L", JavaTypes.of(bar.type()), bar.name(), print(Algebra.storedAs(bar.type(), start)));
    }
    // Contributions of the final return to array elements are added once the arrays exist.
    for (Map.Entry<Expr, List<Expr>> e : initial.entrySet()) {
      if (e.getKey() instanceof Expr.Element) {
        accumulate(Map.of(e.getKey(), e.getValue()), null);
      }
    }
    backwardStatements(body, methodContext(), new ArrayList<>());

    ClassName record =
        origin.companion().nestedClass(seed != null ? origin.pullbackRecord() : origin.recordName());
    List<String> components = new ArrayList<>();
    components.add(value.name());
    for (Variable p : method.activeParameters()) {
      components.add(barOf(p).name());
    }
    out.addStatement("return new $T($L)", record, String.join(", ", components));

    MethodSpec.Builder gradient =
        MethodSpec.methodBuilder(seed != null ? origin.pullbackName() : origin.gradientName())
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(record);
    for (MethodIr.Parameter p : method.parameters()) {
      gradient.addParameter(JavaTypes.of(p.sourceType()), p.variable().name());
    }
    if (seed != null) {
      gradient.addParameter(double[].class, seed.name());
    }
    for (Map.Entry<Type, Variable> tape : tapes.entrySet()) {
      ClassName type = ClassName.get(RUNTIME, stackName(tape.getKey()));
      gradient.addStatement("$T $N = new $T()", type, tape.getValue().name(), type);
    }
    if (branchTape != null) {
      ClassName type = ClassName.get(RUNTIME, "BooleanStack");
      gradient.addStatement("$T $N = new $T()", type, branchTape.name(), type);
    }
    for (Map.Entry<String, Variable> tape : arrayTapes.entrySet()) {
      TypeName element = JavaTypes.of(tape.getKey());
      TypeName type = ParameterizedTypeName.get(ClassName.get(RUNTIME, "ReferenceStack"), element);
      gradient.addStatement("$T $N = new $T<>()", type, tape.getValue().name(), ClassName.get(RUNTIME, "ReferenceStack"));
    }
    gradient.addCode(top.build());
    if (forwardLabel != null) {
      gradient.addCode("$L: {\n$>", forwardLabel).addCode(forward.build()).addCode("$<}\n");
    } else {
      gradient.addCode(forward.build());
    }
    gradient.addCode(backward.build());
    String wrt = String.join(", ", method.activeParameters().stream().map(Variable::name).toList());
    if (seed == null) {
      gradient.addJavadoc(
          "Reverse mode of {@link $L}: its value and its gradient with respect to\n"
              + "$L, from one forward sweep that records what the backward sweep needs\n"
              + "and one backward sweep.\n",
          origin.link(),
          wrt);
      return new AdjointGenerator.Members(
          gradient.build(), AdjointGenerator.record(method, origin, record));
    }
    gradient.addJavadoc(
        "Reverse mode of {@link $L}: its value and the vector-Jacobian product\n"
            + "{@code seed}ᵀ J with respect to $L, in one forward and one backward sweep.\n"
            + "A null {@code seed} stands for zeros; otherwise it has one entry per returned value.\n",
        origin.link(),
        wrt);
    VectorMembers vector = new VectorMembers(method, origin);
    return new AdjointGenerator.Members(
        List.of(gradient.build(), vector.jacobian()),
        List.of(vector.record(record, false), vector.record(origin.companion().nestedClass(origin.jacobianRecord()), true)));
  }

  // ---------------------------------------------------------------------------------------------
  // What the backward sweep reads

  /**
   * The variables some derivative reads: their values must be those of the forward sweep when the
   * backward sweep gets there, so their overwrites are recorded.
   */
  private void findNeeded(List<Stmt> body) {
    Variable probe = Variable.temporary("probeBar", Type.DOUBLE);
    number(body, new ArrayList<>());
    StmtScan.forEach(body, s -> {
      Set<Variable> read = new java.util.LinkedHashSet<>();
      if (s instanceof Stmt.Store st) {
        // The backward sweep addresses aBar[i] and restores a[i] with i as it was.
        Propagation.indexReads(st.target(), read);
      }
      Expr stored = StmtScan.stored(s);
      Variable target = StmtScan.target(s);
      if (target != null && stored != null && activity.isActive(target)) {
        propagation.reads(stored, null, probe).forEach(read::add);
      } else if (s instanceof Stmt.Return r) {
        propagation.reads(r.value(), null, probe).forEach(read::add);
      }
      read.forEach(v -> readers.computeIfAbsent(v, k -> new ArrayList<>()).add(s));
    });
  }

  private void number(List<Stmt> body, List<Stmt.Loop> loops) {
    for (Stmt s : body) {
      position.put(s, position.size());
      enclosing.put(s, List.copyOf(loops));
      if (s instanceof Stmt.Declare d && d.variable().isArray() && !loops.isEmpty()) {
        freshIn.put(d.variable(), List.copyOf(loops));
      }
      if (s instanceof Stmt.Loop l) {
        loops.add(l);
        number(l.init(), loops);
        number(l.body(), loops);
        number(l.update(), loops);
        loops.remove(loops.size() - 1);
      } else {
        number(StmtScan.children(s), loops);
      }
    }
  }

  /**
   * Whether the value of {@code v} that {@code s} overwrites is read by the backward sweep: by the
   * reversal of {@code s} itself or of a statement that ran before it, earlier in the method or in
   * another iteration of a loop around both. (Tapenade's to-be-recorded analysis, at statement level.)
   */
  private boolean needsSave(Stmt s, Variable v) {
    for (Stmt reader : readers.getOrDefault(v, List.of())) {
      // The statement itself counts: y = y * x needs the old y for d/dx.
      if (position.get(reader) <= position.get(s)) {
        return true;
      }
      for (Stmt.Loop l : enclosing.get(s)) {
        // An array allocated inside l is a new array in each iteration of l: another
        // iteration's reads see another array.
        boolean fresh = freshIn.getOrDefault(v, List.of()).contains(l);
        if (!fresh && enclosing.get(reader).contains(l)) {
          return true;
        }
      }
    }
    return false;
  }

  // ---------------------------------------------------------------------------------------------
  // Forward sweep

  /** {@code atTop}: directly in the method body, where a declaration is visible to both sweeps. */
  private void forwardStatements(List<Stmt> list, List<Stmt.Loop> loops, boolean atTop) {
    for (Stmt s : list) {
      forwardStatement(s, loops, atTop);
    }
  }

  private void forwardStatement(Stmt s, List<Stmt.Loop> loops, boolean atTop) {
    boolean inLoop = !loops.isEmpty();
    if (s instanceof Stmt.Declare d) {
      Variable v = d.variable();
      if (atTop && !hoistAll) {
        // Initialized even where the source is not: recording reads the variable before it is set.
        forward.add(Statements.declaration(v, d.init() != null ? d.init() : initial(v)));
        return;
      }
      hoist(v);
      if (v.isArray() && inLoop && d.init() != null && (activity.isActive(v) || readers.containsKey(v))) {
        // The array of each iteration stays intact: keep a reference, no copy.
        keptArrays.add(s);
        forward.addStatement("$N.push($N)", arrayTape(v).name(), v.name());
        forward.addStatement("$N = $L", v.name(), print(d.init()));
        return;
      }
      if (d.init() != null) {
        if (inLoop && needsSave(s, v) && isRecomputable(d, loops)) {
          recomputed.add(d); // double xi = x[i]: read again in the backward sweep, not taped
        } else if (inLoop && needsSave(s, v)) {
          push(s, v);
        }
        forward.addStatement("$N = $L", v.name(), print(d.init()));
      }
    } else if (s instanceof Stmt.Assign a) {
      save(s, a.variable(), inLoop, atTop);
      forward.add(Statements.assignment(a)).add(";\n");
    } else if (s instanceof Stmt.Store st) {
      saveElement(st, inLoop, atTop);
      forward.add(Statements.store(st)).add(";\n");
    } else if (s instanceof Stmt.Return r) {
      boolean last = atTop && s == method.body().get(method.body().size() - 1);
      if (!hoistAll) {
        forward.add(Statements.declaration(value, r.value()));
      } else {
        forward.addStatement("$N = $L", value.name(), print(r.value()));
        forward.addStatement("$N = $L", methodExit.name(), shape.returns().get(s));
        leave(s, loops, -1, false);
        if (!last) {
          forward.addStatement("break $L", forwardLabel);
        }
      }
    } else if (s instanceof Stmt.Block b) {
      forward.add("{\n").indent();
      forwardStatements(b.body(), loops, false);
      forward.unindent().add("}\n");
    } else if (s instanceof Stmt.If i) {
      forwardIf(i, loops, atTop);
    } else if (s instanceof Stmt.Loop l) {
      forwardLoop(l, loops, atTop);
    } else if (s instanceof Stmt.Break b) {
      int target = target(b.label(), loops);
      leave(s, loops, target, false);
      forward.addStatement(b.label() == null ? "break" : "break " + b.label());
    } else if (s instanceof Stmt.Continue c) {
      int target = target(c.label(), loops);
      leave(s, loops, target, true);
      forward.addStatement(c.label() == null ? "continue" : "continue " + c.label());
    }
  }

  private void forwardIf(Stmt.If i, List<Stmt.Loop> loops, boolean atTop) {
    boolean inLoop = !loops.isEmpty();
    Set<Variable> counters = shape.countersOf(loops);
    boolean record = matters(i) && !shape.isStable(i.condition(), counters);
    CodeBlock condition = print(i.condition());
    if (record && !inLoop) {
      Variable flag = Variable.temporary(namer.fresh("branch"), Type.BOOLEAN);
      flags.put(i, flag);
      if (atTop && !hoistAll) {
        forward.addStatement("boolean $N = $L", flag.name(), condition);
      } else {
        topDeclaration(flag, null);
        forward.addStatement("$N = $L", flag.name(), condition);
      }
      condition = CodeBlock.of("$N", flag.name());
    }
    boolean stacked = record && inLoop;
    if (stacked) {
      stackedBranches.add(i);
      branchTape();
    }
    forward.beginControlFlow("if ($L)", condition);
    branch(i.then(), loops, stacked, true);
    if (!i.otherwise().isEmpty() || stacked) {
      forward.nextControlFlow("else");
      branch(i.otherwise(), loops, stacked, false);
    }
    forward.endControlFlow();
  }

  private void branch(List<Stmt> list, List<Stmt.Loop> loops, boolean stacked, boolean taken) {
    if (stacked) {
      frames.add(new BranchFrame(taken));
    }
    forwardStatements(list, loops, false);
    if (stacked) {
      frames.remove(frames.size() - 1);
      if (completesNormally(list)) {
        forward.addStatement("$N.push($L)", branchTape.name(), taken);
      }
    }
  }

  private void forwardLoop(Stmt.Loop l, List<Stmt.Loop> loops, boolean atTop) {
    boolean inLoop = !loops.isEmpty();
    FlowShape.LoopExits exits = shape.exits(l);
    boolean counted = shape.counted(l) != null;
    boolean recorded = matters(l);
    Variable count = null;
    if (recorded && !counted) {
      count = Variable.temporary(namer.fresh("iterations"), Type.INT);
      counts.put(l, count);
      if (atTop && !hoistAll) {
        forward.addStatement("int $N = 0", count.name());
      } else {
        topDeclaration(count, null);
        forward.addStatement("$N = 0", count.name());
      }
    }
    if (recorded && exits.any()) {
      Variable exit = Variable.temporary(namer.fresh("exit"), Type.INT);
      exitVars.put(l, exit);
      if (atTop && !hoistAll) {
        forward.addStatement("int $N = $L", exit.name(), exits.normal());
      } else {
        topDeclaration(exit, Expr.Literal.of(exits.normal(), Type.INT));
        if (!exits.perIteration()) {
          forward.addStatement("$N = $L", exit.name(), exits.normal());
        }
      }
    }
    loops.add(l);
    frames.add(l);
    String label = l.label() == null ? "" : l.label() + ":\n";
    forward.add(label);
    CodeBlock condition = l.condition() == null ? CodeBlock.of("true") : print(l.condition());
    switch (l.kind()) {
      case WHILE -> forward.beginControlFlow("while ($L)", condition);
      case DO_WHILE -> forward.beginControlFlow("do");
      case FOR -> {
        CodeBlock init = counted ? header(l.init(), false) : header(l.init(), inLoop);
        CodeBlock update = counted ? header(l.update(), false) : header(l.update(), true);
        if (defersExit(l)) {
          // Pushed after what the update records, so that the backward sweep pops it first.
          CodeBlock push = CodeBlock.of("$N.push($N)", tape(Type.INT).name(), exitVars.get(l).name());
          update = update.isEmpty() ? push : CodeBlock.of("$L, $L", update, push);
        }
        forward.beginControlFlow(
            "for ($L; $L; $L)", init, l.condition() == null ? "" : condition, update);
      }
    }
    if (count != null) {
      forward.addStatement("$N++", count.name());
    }
    forwardStatements(l.body(), loops, false);
    if (recorded && exits.perIteration() && completesNormally(l.body())) {
      if (defersExit(l)) {
        forward.addStatement("$N = $L", exitVars.get(l).name(), exits.normal());
      } else {
        forward.addStatement("$N.push($L)", tape(Type.INT).name(), exits.normal());
      }
    }
    if (l.kind() == Stmt.LoopKind.DO_WHILE) {
      forward.endControlFlow("while ($L)", condition);
    } else {
      forward.endControlFlow();
    }
    frames.remove(frames.size() - 1);
    loops.remove(loops.size() - 1);
    if (recorded && inLoop) {
      recordLoopEnd(l, null);
    }
  }

  /**
   * A for loop's init or update clause, with what it overwrites recorded in the clause itself
   * ({@code tape.push(t), t = t * 2 + 1}); declarations of a counted loop's counter stay.
   */
  private CodeBlock header(List<Stmt> clause, boolean recordOverwrites) {
    List<CodeBlock> parts = new ArrayList<>();
    String declared = null;
    for (Stmt s : clause) {
      if (s instanceof Stmt.Declare d) {
        if (!recordOverwrites && shape.isCounterDeclaration(d)) {
          declared = d.variable().type().javaName();
          parts.add(Statements.initializer(d.variable(), d.init()));
          continue;
        }
        hoist(d.variable());
        if (recordOverwrites && needsSave(s, d.variable())) {
          parts.add(pushExpression(s, d.variable()));
        }
        parts.add(CodeBlock.of("$N = $L", d.variable().name(), print(orZero(d.init(), d.variable().type()))));
      } else if (s instanceof Stmt.Assign a) {
        if (recordOverwrites && needsSave(s, a.variable())) {
          parts.add(pushExpression(s, a.variable()));
        }
        parts.add(Statements.assignment(a));
      }
    }
    CodeBlock joined = CodeBlock.join(parts, ", ");
    return declared == null ? joined : CodeBlock.of("$L $L", declared, joined);
  }

  /**
   * What a jump records on its way out of the constructs it leaves, innermost first: the branch it
   * was in, and for each loop it ends an iteration of, where that iteration ended.
   */
  private void leave(Stmt site, List<Stmt.Loop> loops, int target, boolean isContinue) {
    int outermost = target < 0 ? 0 : target;
    for (int f = frames.size() - 1; f >= 0; f--) {
      Object frame = frames.get(f);
      if (frame instanceof BranchFrame b) {
        forward.addStatement("$N.push($L)", branchTape.name(), b.taken());
      } else if (frame instanceof Stmt.Loop l) {
        int index = loops.indexOf(l);
        if (index < outermost) {
          break;
        }
        boolean last = index == outermost && target >= 0; // constructs outside it go on
        if (!matters(l)) {
          if (last) {
            break;
          }
          continue;
        }
        FlowShape.LoopExits exits = shape.exits(l);
        int id = exits.sites.get(site);
        boolean continues = isContinue && index == target;
        if (exits.perIteration() && continues && defersExit(l)) {
          forward.addStatement("$N = $L", exitVars.get(l).name(), id);
        } else if (exits.perIteration()) {
          forward.addStatement("$N.push($L)", tape(Type.INT).name(), id);
        } else {
          forward.addStatement("$N = $L", exitVars.get(l).name(), id);
        }
        // A break of this very loop lands just after it, where the loop's end is recorded anyway;
        // a jump past it (break outer, return) records it here.
        boolean pastTheEnd = !continues && index != target;
        if (pastTheEnd && index > 0) {
          recordLoopEnd(l, id);
        }
        if (last) {
          break;
        }
      }
    }
  }

  /**
   * Whether the iterations of {@code l} record their exit at the end of its update clause: a for
   * loop whose iterations can end with continue, where the update runs after the body.
   */
  private boolean defersExit(Stmt.Loop l) {
    return l.kind() == Stmt.LoopKind.FOR
        && shape.counted(l) == null
        && exitVars.containsKey(l)
        && shape.exits(l).perIteration();
  }

  /** At the end of a loop nested in another: its trip count (and exit) go on the tape. */
  private void recordLoopEnd(Stmt.Loop l, Integer exitId) {
    Variable count = counts.get(l);
    if (count != null) {
      forward.addStatement("$N.push($N)", tape(Type.INT).name(), count.name());
    }
    FlowShape.LoopExits exits = shape.exits(l);
    if (exits.any() && !exits.perIteration()) {
      Object exit = exitId != null ? exitId : exitVars.get(l).name();
      forward.addStatement("$N.push($L)", tape(Type.INT).name(), exit);
    }
  }

  /**
   * A declaration inside a loop whose value the backward sweep can compute again where it needs
   * it: the variable is never assigned afterwards, no call, and nothing it reads changes
   * (counters of counted loops, unwritten arrays).
   */
  private boolean isRecomputable(Stmt.Declare d, List<Stmt.Loop> loops) {
    return !d.variable().isArray()
        && !StmtScan.assigns(method.body(), d.variable()) // keeps its value through the iteration
        && !io.javad.processor.ir.ExprScan.containsCall(d.init())
        && shape.isStable(d.init(), shape.countersOf(loops));
  }

  /** Records the old value of {@code v} before {@code s} overwrites it, if a derivative needs it. */
  private void save(Stmt s, Variable v, boolean inLoop, boolean atTop) {
    if (!needsSave(s, v) || shape.isFirstAssignment(s)) {
      return; // no derivative reads the old value, or there is none yet
    }
    if (inLoop) {
      push(s, v);
      return;
    }
    Variable old = Variable.temporary(namer.fresh(v.name() + "Old"), v.type());
    localSaves.put(s, old);
    if (atTop && !hoistAll) {
      forward.addStatement("$T $N = $N", JavaTypes.of(v.type()), old.name(), v.name());
    } else {
      topDeclaration(old, null);
      forward.addStatement("$N = $N", old.name(), v.name());
    }
  }

  private void push(Stmt s, Variable v) {
    forward.addStatement("$L", pushExpression(s, v));
  }

  private CodeBlock pushExpression(Stmt s, Variable v) {
    tapeSaves.add(s);
    return CodeBlock.of("$N.push($N)", tape(v.type()).name(), v.name());
  }

  private void hoist(Variable v) {
    if (hoisted.add(v)) {
      topDeclaration(v, null);
    }
  }

  private void topDeclaration(Variable v, Expr init) {
    top.addStatement(
        "$T $N = $L", JavaTypes.of(v.javaType()), v.name(), print(init != null ? init : initial(v)));
  }

  /** The value a variable declared ahead of its first assignment starts with: 0, false, null. */
  private static Expr initial(Variable v) {
    return v.isArray() ? new Expr.Literal(0, v.type(), "null") : Algebra.constant(0, v.type());
  }

  /** Records the element {@code st} overwrites, if a derivative reads elements of its array. */
  private void saveElement(Stmt.Store st, boolean inLoop, boolean atTop) {
    if (!needsSave(st, st.array())) {
      return;
    }
    if (inLoop) {
      tapeSaves.add(st);
      forward.addStatement("$N.push($L)", tape(st.target().type()).name(), print(st.target()));
      return;
    }
    Variable old = Variable.temporary(namer.fresh(st.array().name() + "Old"), st.target().type());
    localSaves.put(st, old);
    if (atTop && !hoistAll) {
      forward.addStatement("$T $N = $L", JavaTypes.of(old.type()), old.name(), print(st.target()));
    } else {
      topDeclaration(old, null);
      forward.addStatement("$N = $L", old.name(), print(st.target()));
    }
  }

  private Variable tape(Type type) {
    Type kind = type.isFloating() ? Type.DOUBLE : type == Type.LONG ? Type.LONG : Type.INT;
    return tapes.computeIfAbsent(
        kind,
        k -> Variable.temporary(namer.fresh(k == Type.DOUBLE ? "tape" : k.javaName() + "Tape"), k));
  }

  /** The stack keeping each iteration's array of {@code v}'s type. */
  private Variable arrayTape(Variable v) {
    return arrayTapes.computeIfAbsent(
        v.javaType(),
        t -> Variable.temporary(namer.fresh(v.rank() == 1 ? "arrays" : "matrices"), v.type(), v.rank()));
  }

  private Variable branchTape() {
    if (branchTape == null) {
      branchTape = Variable.temporary(namer.fresh("branches"), Type.BOOLEAN);
    }
    return branchTape;
  }

  private static String stackName(Type type) {
    return switch (type) {
      case DOUBLE -> "DoubleStack";
      case LONG -> "LongStack";
      default -> "IntStack";
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Backward sweep

  /** Where the current iteration (or the method) ended: its exit variable and jump sites. */
  private record Context(Variable exit, Map<Stmt, Integer> sites) {}

  private Context methodContext() {
    return new Context(methodExit, hoistAll ? shape.returns() : Map.of());
  }

  /**
   * The statements in reverse. A statement runs only if no jump before it ended the iteration (or
   * the method): it is guarded by {@code exit > id} of the last jump site before it.
   */
  private void backwardStatements(List<Stmt> list, Context context, List<Stmt.Loop> loops) {
    for (Stmt s : list) {
      if (s instanceof Stmt.Declare d && recomputed.contains(d)) {
        out.addStatement("$N = $L", d.variable().name(), print(d.init()));
      }
    }
    for (int i = list.size() - 1; i >= 0; i--) {
      int lastSiteBefore = 0;
      for (int j = 0; j < i; j++) {
        lastSiteBefore = Math.max(lastSiteBefore, maxSite(list.get(j), context));
      }
      CodeBlock.Builder saved = out;
      out = CodeBlock.builder();
      backwardStatement(list.get(i), context, loops);
      CodeBlock reversed = out.build();
      out = saved;
      if (reversed.isEmpty()) {
        continue;
      }
      if (lastSiteBefore > 0 && context.exit() != null) {
        out.beginControlFlow("if ($N > $L)", context.exit().name(), lastSiteBefore);
        out.add(reversed);
        out.endControlFlow();
      } else {
        out.add(reversed);
      }
    }
  }

  private static int maxSite(Stmt s, Context context) {
    int[] max = {context.sites().getOrDefault(s, 0)};
    StmtScan.forEach(StmtScan.children(s), t -> max[0] = Math.max(max[0], context.sites().getOrDefault(t, 0)));
    return max[0];
  }

  private void backwardStatement(Stmt s, Context context, List<Stmt.Loop> loops) {
    if (s instanceof Stmt.Declare d && d.variable().isArray()) {
      Variable v = d.variable();
      if (d.init() instanceof Expr.NewArray n && activity.isActive(v)) {
        reverseInitializer(n, new Expr.Local(barOf(v)));
      }
      if (keptArrays.contains(s)) {
        // Back to the previous iteration's array, and an adjoint cleared for it.
        out.addStatement("$N = $N.pop()", v.name(), arrayTape(v).name());
        if (activity.isActive(v)) {
          Variable bar = barOf(v);
          out.addStatement(
              "$N = $T.zeroed($N, $N)", bar.name(), ClassName.get(RUNTIME, "ArrayShapes"), bar.name(), v.name());
        }
      }
    } else if (s instanceof Stmt.Declare d) {
      if (d.init() != null) {
        reverseStore(s, d.variable(), d.init(), !loops.isEmpty());
      }
    } else if (s instanceof Stmt.Store st) {
      reverseElementStore(st);
    } else if (s instanceof Stmt.Assign a) {
      reverseStore(s, a.variable(), a.rhs(), true);
    } else if (s instanceof Stmt.Return r) {
      Expr seed = Algebra.constant(1, method.returnType());
      accumulate(propagation.of(r.value(), seed, null), null);
    } else if (s instanceof Stmt.Block b) {
      backwardStatements(b.body(), context, loops);
    } else if (s instanceof Stmt.If i) {
      backwardIf(i, context, loops);
    } else if (s instanceof Stmt.Loop l) {
      backwardLoop(l, context, loops);
    }
  }

  /**
   * Reverses {@code v = rhs}: restores v's old value if it was recorded, then hands v's adjoint to
   * what rhs reads. {@code resets}: v's adjoint starts again from zero (it is overwritten, or
   * declared anew in each iteration).
   */
  private void reverseStore(Stmt s, Variable v, Expr rhs, boolean resets) {
    boolean restored = false;
    if (tapeSaves.contains(s)) {
      out.addStatement("$N = $L$N.pop()", v.name(), narrowing(v.type()), tape(v.type()).name());
      restored = true;
    } else if (localSaves.containsKey(s)) {
      out.addStatement("$N = $N", v.name(), localSaves.get(s).name());
      restored = true;
    }
    if (!activity.isActive(v)) {
      return;
    }
    Variable bar = barOf(v);
    // Partials use the arguments, never the value just stored (exp' = exp): the recording keeps
    // only what a derivative reads, and this statement's own result is not among it.
    Expr result = null;
    Expr self = new Expr.Local(v);
    Map<Expr, List<Expr>> terms = propagation.of(rhs, new Expr.Local(bar), result);
    accumulate(terms, self);
    List<Expr> own = terms.get(self);
    if (own != null) {
      Expr sum = Algebra.sum(own);
      writeUpdate(bar, sum);
    } else if (resets) {
      out.addStatement("$N = 0", bar.name());
    }
  }

  /** {@code double[] v = {x * y, z}}: each element's adjoint goes to what it was computed from. */
  private void reverseInitializer(Expr.NewArray n, Expr bar) {
    accumulate(propagation.of(n, bar, null), null);
  }

  /**
   * Reverses {@code a[i] = rhs}: restores the old element if it was recorded, then hands {@code
   * aBar[i]} to what rhs reads and clears it. When rhs reads the same array ({@code a[i] += a[j]}),
   * the adjoint is taken out first, since {@code j} may equal {@code i}.
   */
  private void reverseElementStore(Stmt.Store st) {
    CodeBlock target = print(st.target());
    if (tapeSaves.contains(st)) {
      out.addStatement(
          "$L = $L$N.pop()", target, narrowing(st.target().type()), tape(st.target().type()).name());
    } else if (localSaves.containsKey(st)) {
      out.addStatement("$L = $N", target, localSaves.get(st).name());
    }
    if (!activity.isActive(st.array())) {
      return;
    }
    Expr bar = barOf(st.target());
    Expr rhs = st.rhs();
    if (readsOnly(rhs, st.array(), st.target())) {
      // No other element of the array is read, so aBar[i] cannot alias another target.
      Map<Expr, List<Expr>> terms = propagation.of(rhs, bar, null);
      accumulate(terms, st.target());
      List<Expr> own = terms.get(st.target());
      if (own == null) {
        out.addStatement("$L = 0", print(bar));
      } else {
        writeUpdate(bar, Algebra.sum(own));
      }
      return;
    }
    Variable taken = temporary("tempBar", bar);
    out.addStatement("$L = 0", print(bar));
    accumulate(propagation.of(rhs, new Expr.Local(taken), null), null);
  }

  /** Whether every read of {@code array} in {@code e} is of the element {@code target} itself. */
  private static boolean readsOnly(Expr e, Variable array, Expr target) {
    if (e.equals(target)) {
      return true;
    }
    if (e instanceof Expr.Local l) {
      return !l.variable().equals(array);
    }
    for (Expr child : io.javad.processor.ir.ExprScan.children(e)) {
      if (!readsOnly(child, array, target)) {
        return false;
      }
    }
    return true;
  }

  /** {@code uBar += contribution} for every target but {@code except}, in the order found. */
  private void accumulate(Map<Expr, List<Expr>> terms, Expr except) {
    for (Map.Entry<Expr, List<Expr>> e : terms.entrySet()) {
      if (e.getKey().equals(except)) {
        continue;
      }
      CodeBlock bar = print(barOf(e.getKey()));
      Expr sum = Algebra.sum(e.getValue());
      if (sum instanceof Expr.Unary u && u.op() == UnaryOp.NEGATE) {
        out.addStatement("$L -= $L", bar, print(u.operand()));
      } else if (sum instanceof Expr.Literal l && l.value() < 0) {
        out.addStatement("$L -= $L", bar, print(Algebra.negate(l)));
      } else if (sum != null) {
        out.addStatement("$L += $L", bar, print(sum));
      }
    }
  }

  /** {@code vBar = sum}, written {@code vBar *= x} or {@code vBar += t} where it reads so. */
  private void writeUpdate(Variable bar, Expr sum) {
    writeUpdate(new Expr.Local(bar), sum);
  }

  private void writeUpdate(Expr self, Expr sum) {
    if (sum.equals(self)) {
      return;
    }
    if (sum instanceof Expr.Binary b && b.left().equals(self)
        && (b.op() == BinaryOp.MULTIPLY || b.op() == BinaryOp.ADD || b.op() == BinaryOp.SUBTRACT
            || b.op() == BinaryOp.DIVIDE)) {
      out.addStatement("$L $L= $L", print(self), b.op().symbol(), print(b.right()));
    } else {
      out.addStatement("$L = $L", print(self), print(Algebra.storedAs(self.type(), sum)));
    }
  }

  /** The cast a value popped from a tape needs: doubles hold floats, ints hold shorts and bytes. */
  private static String narrowing(Type type) {
    return switch (type) {
      case FLOAT, SHORT, BYTE, CHAR -> "(" + type.javaName() + ") ";
      default -> "";
    };
  }

  private void backwardIf(Stmt.If i, Context context, List<Stmt.Loop> loops) {
    CodeBlock condition;
    if (stackedBranches.contains(i)) {
      condition = CodeBlock.of("$N.pop()", branchTape.name());
    } else if (flags.containsKey(i)) {
      condition = CodeBlock.of("$N", flags.get(i).name());
    } else if (matters(i)) {
      condition = print(i.condition());
    } else {
      return;
    }
    CodeBlock then = nested(i.then(), context, loops);
    CodeBlock otherwise = nested(i.otherwise(), context, loops);
    if (then.isEmpty() && otherwise.isEmpty()) {
      if (stackedBranches.contains(i)) {
        out.addStatement("$L", condition); // the flag is popped all the same
      }
      return;
    }
    if (then.isEmpty()) {
      CodeBlock negated =
          stackedBranches.contains(i) || flags.containsKey(i)
              ? CodeBlock.of("!$L", condition)
              : print(new Expr.Unary(UnaryOp.NOT, i.condition(), Type.BOOLEAN));
      out.beginControlFlow("if ($L)", negated);
      out.add(otherwise);
      out.endControlFlow();
      return;
    }
    out.beginControlFlow("if ($L)", condition);
    out.add(then);
    if (!otherwise.isEmpty()) {
      out.nextControlFlow("else");
      out.add(otherwise);
    }
    out.endControlFlow();
  }

  private CodeBlock nested(List<Stmt> list, Context context, List<Stmt.Loop> loops) {
    CodeBlock.Builder saved = out;
    out = CodeBlock.builder();
    backwardStatements(list, context, loops);
    CodeBlock block = out.build();
    out = saved;
    return block;
  }

  private void backwardLoop(Stmt.Loop l, Context outer, List<Stmt.Loop> loops) {
    if (!matters(l)) {
      return;
    }
    boolean inLoop = !loops.isEmpty();
    FlowShape.LoopExits exits = shape.exits(l);
    Variable exit = exitVars.get(l);
    Context context = new Context(exit, exits.sites);
    Variable count = counts.get(l);
    if (inLoop && exit != null && !exits.perIteration()) {
      out.addStatement("$N = $N.pop()", exit.name(), tape(Type.INT).name());
    }
    if (inLoop && count != null) {
      out.addStatement("$N = $N.pop()", count.name(), tape(Type.INT).name());
    }
    loops.add(l);
    FlowShape.Counted counted = shape.counted(l);
    if (counted != null) {
      out.beginControlFlow("$L", reversedHeader(counted));
    } else {
      Variable k = Variable.temporary(namer.fresh("k"), Type.INT);
      out.beginControlFlow("for (int $N = $N; $N > 0; $N--)", k.name(), count.name(), k.name(), k.name());
    }
    if (exit != null && exits.perIteration()) {
      out.addStatement("$N = $N.pop()", exit.name(), tape(Type.INT).name());
    }
    if (counted == null && !l.update().isEmpty()) {
      CodeBlock update = nested(l.update(), new Context(null, Map.of()), loops);
      if (!update.isEmpty()) {
        CodeBlock ran = updateRan(exit, exits);
        if (ran == null) {
          out.add(update);
        } else {
          out.beginControlFlow("if ($L)", ran);
          out.add(update);
          out.endControlFlow();
        }
      }
    }
    backwardStatements(l.body(), context, loops);
    if (exit != null && !exits.perIteration()) {
      out.addStatement("$N = $L", exit.name(), exits.normal()); // earlier iterations ended normally
    }
    out.endControlFlow();
    loops.remove(loops.size() - 1);
    if (counted == null) {
      backwardStatements(l.init(), new Context(null, Map.of()), loops);
    }
  }

  /** The update clause ran after an iteration unless a break or return ended it. */
  private static CodeBlock updateRan(Variable exit, FlowShape.LoopExits exits) {
    if (exit == null) {
      return null;
    }
    List<CodeBlock> ways = new ArrayList<>();
    ways.add(CodeBlock.of("$N == $L", exit.name(), exits.normal()));
    for (int id : exits.continues) {
      ways.add(CodeBlock.of("$N == $L", exit.name(), id));
    }
    return CodeBlock.join(ways, " || ");
  }

  /** {@code for (int i = b - 1; i >= a; i--)} for {@code for (int i = a; i < b; i++)}, and so on. */
  private static CodeBlock reversedHeader(FlowShape.Counted c) {
    String type = c.counter().type().javaName();
    String i = c.counter().name();
    Expr one = Expr.Literal.of(1, Type.INT);
    Expr last =
        switch (c.comparison()) {
          case LESS -> new Expr.Binary(BinaryOp.SUBTRACT, c.to(), one, c.to().type());
          case GREATER -> new Expr.Binary(BinaryOp.ADD, c.to(), one, c.to().type());
          default -> c.to();
        };
    if (last instanceof Expr.Binary b && b.left() instanceof Expr.Literal l && b.right() instanceof Expr.Literal r) {
      long folded = (long) (b.op() == BinaryOp.ADD ? l.value() + r.value() : l.value() - r.value());
      last = Expr.Literal.of(folded, b.type());
    }
    return c.ascending()
        ? CodeBlock.of("for ($L $L = $L; $L >= $L; $L--)", type, i, print(last), i, print(c.from()), i)
        : CodeBlock.of("for ($L $L = $L; $L <= $L; $L++)", type, i, print(last), i, print(c.from()), i);
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  /** Whether the backward sweep has anything to do for {@code s}. */
  private boolean matters(Stmt s) {
    boolean[] any = {false};
    List<Stmt> all = new ArrayList<>();
    all.add(s);
    StmtScan.forEach(all, t -> {
      Variable v = StmtScan.target(t);
      if (v != null && (activity.isActive(v) || readers.containsKey(v))) {
        any[0] = true;
      } else if (t instanceof Stmt.Return r && activity.isActive(r.value())) {
        any[0] = true;
      }
    });
    return any[0];
  }

  /** Whether control can reach the end of {@code list} (javac would reject code after it otherwise). */
  private static boolean completesNormally(List<Stmt> list) {
    if (list.isEmpty()) {
      return true;
    }
    Stmt last = list.get(list.size() - 1);
    if (last instanceof Stmt.Return || last instanceof Stmt.Break || last instanceof Stmt.Continue) {
      return false;
    }
    if (last instanceof Stmt.Block b) {
      return completesNormally(b.body());
    }
    if (last instanceof Stmt.If i) {
      return i.otherwise().isEmpty() || completesNormally(i.then()) || completesNormally(i.otherwise());
    }
    if (last instanceof Stmt.Loop l && (l.condition() == null || isTrue(l.condition()))) {
      return breaksOut(l);
    }
    return true;
  }

  private static boolean isTrue(Expr e) {
    return e instanceof Expr.Literal lit && lit.type() == Type.BOOLEAN && lit.is(1);
  }

  /** Whether some break in {@code l} targets it. */
  private static boolean breaksOut(Stmt.Loop l) {
    boolean[] found = {false};
    scanBreaks(l.body(), l, 0, found);
    return found[0];
  }

  private static void scanBreaks(List<Stmt> body, Stmt.Loop l, int depth, boolean[] found) {
    for (Stmt s : body) {
      if (s instanceof Stmt.Break b) {
        found[0] |= b.label() == null ? depth == 0 : b.label().equals(l.label());
      } else if (s instanceof Stmt.Loop inner) {
        scanBreaks(inner.body(), l, depth + 1, found);
      } else {
        scanBreaks(StmtScan.children(s), l, depth, found);
      }
    }
  }

  private static int target(String label, List<Stmt.Loop> loops) {
    if (label == null) {
      return loops.size() - 1;
    }
    for (int i = loops.size() - 1; i >= 0; i--) {
      if (label.equals(loops.get(i).label())) {
        return i;
      }
    }
    throw new IllegalStateException("no loop labeled " + label);
  }

  private Variable barOf(Variable v) {
    return bars.computeIfAbsent(
        v, k -> Variable.temporary(namer.fresh(k.name() + "Bar"), k.type(), k.rank()));
  }

  /** Where the adjoint of a target lives: {@code vBar}, or {@code aBar[i][j]} for {@code a[i][j]}. */
  private Expr barOf(Expr target) {
    if (target instanceof Expr.Local l) {
      return new Expr.Local(barOf(l.variable()));
    }
    Expr.Element el = (Expr.Element) target;
    return new Expr.Element(barOf(el.array()), el.index());
  }

  private Variable temporary(String base, Expr value) {
    Variable temp = Variable.temporary(namer.fresh(base), value.type());
    out.addStatement("$T $N = $L", JavaTypes.of(temp.type()), temp.name(), print(value));
    return temp;
  }

  private static CodeBlock print(Expr e) {
    return JavaPrinter.print(e);
  }

}
