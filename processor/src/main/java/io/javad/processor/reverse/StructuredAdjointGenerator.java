package io.javad.processor.reverse;

import static io.javad.processor.ir.Algebra.orZero;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import io.javad.processor.analysis.Activity;
import io.javad.processor.analysis.PrivateVariables;
import io.javad.processor.ir.Callee;
import io.javad.processor.emit.JavaPrinter;
import io.javad.processor.emit.JavaTypes;
import io.javad.processor.emit.Origin;
import io.javad.processor.emit.ResultTypes;
import io.javad.processor.emit.Statements;
import io.javad.processor.ir.Algebra;
import io.javad.processor.ir.Expr;
import io.javad.processor.ir.MethodIr;
import io.javad.processor.ir.Namer;
import io.javad.processor.ir.Stmt;
import io.javad.processor.ir.StmtScan;
import io.javad.processor.ir.Type;
import io.javad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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

  private final MethodIr method;
  private final Activity activity;
  private final Namer namer;
  private final FlowShape shape;
  private final PrivateVariables privacy;
  private final Propagation propagation;
  private final boolean hoistAll;

  private final CodeBlock.Builder top = CodeBlock.builder();
  private CodeBlock.Builder forward = CodeBlock.builder();
  private final io.javad.processor.emit.LineComments forwardLines = new io.javad.processor.emit.LineComments();

  private ToBeRecorded tbr;
  private BackwardSweep sweep;
  /** Where the body keeps memory between calls; null for members without a workspace. */
  private WorkspaceLayout workspace;
  /** In a Jacobian with a workspace: per active parameter, the local holding its block. */
  private java.util.Map<Variable, String> jacobianBlocks;
  /** Loops whose iterations the forward sweep reverses as it goes. */
  private java.util.Map<Stmt.Loop, IndependentIterations.Plan> independent;
  /** What the forward sweep records and how, for the backward sweep to undo. */
  private final Recording recording;
  /** Elements the forward sweep's counted loops only read, read once before each. */
  private final HoistedReads reads;
  private final Set<Variable> hoisted = new HashSet<>();
  private final Variable value;
  /**
   * The adjoint of the result given by the caller: the pullback's seed array, or the accumulating
   * form's {@code fBar}; null for {@code fGradient}.
   */
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
    this.privacy = PrivateVariables.of(method);
    this.hoistAll = shape.hasNestedReturn();
    this.value = Variable.temporary(namer.fresh("value"), method.returnType(), method.returnRank());
    this.seed =
        method.isVectorValued()
            ? Variable.temporary(namer.fresh("seed"), method.returnType(), method.returnRank())
            : Variable.temporary(namer.fresh(method.name() + "Bar"), method.returnType());
    this.propagation = new Propagation(activity::isActive, (base, e) -> {
      throw new IllegalStateException("the forward sweep writes no adjoints");
    });
    this.recording = new Recording(namer);
    this.reads = new HoistedReads(method, namer);
  }

  public static AdjointGenerator.Members generate(
      MethodIr method, Activity activity, Namer namer, Origin origin) {
    return new StructuredAdjointGenerator(method, activity, namer).run(origin);
  }

  /** Writes both sweeps; {@code jacobianRow} makes the backward sweep one row of a Jacobian. */
  private CodeBlock sweeps(Variable jacobianRow) {
    OwnValues ownValues = OwnValues.of(method);
    HeldValues held = HeldValues.of(method);
    tbr = ToBeRecorded.of(method, activity, privacy, ownValues, held, propagation);
    if (hoistAll) {
      methodExit = Variable.temporary(namer.fresh("exit"), Type.INT);
      forwardLabel = namer.fresh("forward");
      topDeclaration(value, null);
      topDeclaration(methodExit, null);
    }
    sweep =
        new BackwardSweep(
            method, activity, namer, shape, tbr, recording, value, seed, methodExit, hoistAll,
            ownValues, held);
    if (jacobianRow != null) {
      sweep.forJacobianRow(jacobianRow);
    }
    if (workspace != null) {
      sweep.useWorkspace(workspace);
    }
    if (jacobianBlocks != null) {
      sweep.jacobianBlocks(jacobianBlocks);
    }
    Expr start = seed != null ? new Expr.Local(seed) : Algebra.constant(1, method.returnType());
    independent =
        IndependentIterations.of(method, activity, privacy, shape, tbr, start, workspace != null);
    forwardStatements(method.body(), new ArrayList<>(), true);
    return sweep.write();
  }

  /**
   * {@code fJacobian} of a vector-valued method, with a workspace ({@link JacobianMembers}): one
   * forward sweep, then one backward sweep per returned value over the same tape (rewound, and the
   * state the backward sweep changed put back, between rows). Null where that state cannot be put
   * back, or a parameter is not of type double, so that the caller uses pullbacks.
   */
  public static AdjointGenerator.Members jacobian(
      MethodIr method, Activity activity, Namer namer, Origin origin) {
    return new StructuredAdjointGenerator(method, activity, namer).jacobianMembers(origin);
  }

  private AdjointGenerator.Members jacobianMembers(Origin origin) {
    if (method.activeParameters().stream().anyMatch(p -> p.type() != Type.DOUBLE)
        || ResultTypes.ownTangentRecord(method)
        || returnsParameter()) {
      return null;
    }
    Variable row = Variable.temporary(namer.fresh("row"), Type.INT);
    workspace = new WorkspaceLayout(namer.fresh("ws"));
    JacobianMembers members = new JacobianMembers(method, origin, workspace.parameter);
    java.util.Map<Variable, String> blocks = new java.util.LinkedHashMap<>();
    for (Variable p : method.activeParameters()) {
      blocks.put(p, namer.fresh(p.name() + "Jacobian"));
    }
    jacobianBlocks = blocks;
    CodeBlock backward = sweeps(row);
    Recording.Restored restored = recording.restored(method);
    if (restored == null) {
      return null;
    }
    CodeBlock.Builder body = CodeBlock.builder().add(top.build()).add(forwardSweep());
    return members.build(
        body.build(), backward, recording, workspace, value, seed, row, blocks, restored,
        namer, p -> sweep.barOf(p));
  }

  /** The forward sweep, in a labeled block that a return inside it breaks out of, if any. */
  private CodeBlock forwardSweep() {
    if (forwardLabel == null) {
      return forward.build();
    }
    return CodeBlock.builder().add("$L: {\n$>", forwardLabel).add(forward.build()).add("$<}\n").build();
  }

  private AdjointGenerator.Members run(Origin origin) {
    if (!method.isVectorValued()) {
      return scalarMembers(origin);
    }
    CodeBlock backward = sweeps(null);
    boolean vector = method.isVectorValued();
    boolean accumulating = seed != null && !vector;
    ClassName record =
        origin.companion().nestedClass(vector ? origin.pullbackRecord() : origin.recordName());
    List<String> components = new ArrayList<>();
    components.add(value.name());
    for (Variable p : method.activeParameters()) {
      components.add(sweep.barOf(p).name());
    }
    CodeBlock returned = CodeBlock.of("return new $T($L);\n", record, String.join(", ", components));

    String name =
        vector ? origin.pullbackName() : accumulating ? origin.adjointName() : origin.gradientName();
    MethodSpec.Builder gradient =
        MethodSpec.methodBuilder(name).addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(record);
    origin.addReceiver(gradient);
    for (MethodIr.Parameter p : method.parameters()) {
      gradient.addParameter(JavaTypes.of(p.sourceType()), p.variable().name());
    }
    if (seed != null) {
      gradient.addParameter(JavaTypes.of(seed.javaType()), seed.name());
    }
    List<Variable> accumulators = new ArrayList<>();
    if (accumulating) {
      for (Variable p : method.activeParameters()) {
        if (p.isArray()) {
          accumulators.add(sweep.barOf(p));
          gradient.addParameter(JavaTypes.of(p.javaType()), sweep.barOf(p).name());
        }
      }
    }
    recording.declareTapes(gradient);
    gradient.addCode(top.build());
    gradient.addCode(forwardSweep());
    gradient.addCode(backward).addCode(returned);
    String wrt = String.join(", ", method.activeParameters().stream().map(Variable::name).toList());
    if (accumulating) {
      String arrays =
          String.join(", ", accumulators.stream().map(v -> "{@code " + v.name() + "}").toList());
      gradient.addJavadoc(
          "Accumulating reverse mode of {@link $L} (Tapenade's adjoint form), for\n"
              + "calls from other differentiable code: adds {@code $N} times its gradient with\n"
              + "respect to the arrays into $L, and returns its value and {@code $N}\n"
              + "times its derivatives with respect to the scalars (the record's array components\n"
              + "are the given arrays). Allocates no gradient arrays. Pass null for an array\n"
              + "whose adjoint you do not need$L.\n",
          origin.link(), seed.name(), arrays, seed.name(),
          writesParameters() ? " (except one the method writes into)" : "");
      return new AdjointGenerator.Members(
          List.of(gradientOnTop(origin, record, accumulators, wrt), gradient.build()),
          List.of(AdjointGenerator.record(method, origin, record)));
    }
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
            + "A null {@code seed} stands for zeros; otherwise it is shaped like the value.\n",
        origin.link(),
        wrt);
    VectorMembers members = new VectorMembers(method, origin);
    // Its own generation, with its own names: the Jacobian's sweeps are written anew.
    AdjointGenerator.Members jacobian =
        jacobian(method, activity, new Namer(method.variableNames()), origin);
    List<MethodSpec> methods = new ArrayList<>(List.of(gradient.build()));
    List<com.palantir.javapoet.TypeSpec> types =
        new ArrayList<>(
            List.of(
                members.record(record, false),
                members.record(origin.companion().nestedClass(origin.jacobianRecord()), true)));
    if (jacobian != null) {
      methods.addAll(jacobian.methods());
      types.addAll(jacobian.records());
    } else {
      methods.add(members.jacobian());
    }
    return new AdjointGenerator.Members(methods, types);
  }

  /** A scalar method's members, around one body that takes a workspace ({@link WorkspaceMembers}). */
  private AdjointGenerator.Members scalarMembers(Origin origin) {
    WorkspaceLayout layout = new WorkspaceLayout(namer.fresh("ws"));
    workspace = layout;
    CodeBlock backward = sweeps(null);
    CodeBlock.Builder body = CodeBlock.builder().add(top.build());
    body.add(forwardSweep());
    body.add(backward);
    java.util.Map<Variable, Variable> bars = new java.util.LinkedHashMap<>();
    for (Variable p : method.activeParameters()) {
      bars.put(p, sweep.barOf(p));
    }
    CodeBlock.Builder end = CodeBlock.builder();
    end.addStatement("return $N", value.name());
    WorkspaceMembers members = new WorkspaceMembers(method, origin);
    return members.build(body.build(), end.build(), recording, layout, seed, bars);
  }

  /**
   * Whether the method returns one of its array parameters ({@code return a;}): the returned
   * array's adjoint, which each row seeds, is then that parameter's too, and its block would not
   * be filled; the Jacobian is made of pullbacks instead.
   */
  private boolean returnsParameter() {
    List<Stmt> body = method.body();
    return !body.isEmpty()
        && body.get(body.size() - 1) instanceof Stmt.Return r
        && r.value() instanceof Expr.Local l
        && l.variable().parameter();
  }

  private boolean writesParameters() {
    java.util.Set<Variable> written = StmtScan.writtenArrays(method.body());
    return method.activeParameters().stream().anyMatch(written::contains);
  }

  /** {@code fGradient} as the accumulating form with seed 1 and fresh zero arrays. */
  private MethodSpec gradientOnTop(
      Origin origin, ClassName record, List<Variable> accumulators, String wrt) {
    MethodSpec.Builder gradient =
        MethodSpec.methodBuilder(origin.gradientName())
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(record);
    List<CodeBlock> arguments = new ArrayList<>();
    origin.addReceiver(gradient);
    if (origin.instance()) {
      arguments.add(CodeBlock.of("$N", Origin.SELF));
    }
    for (MethodIr.Parameter p : method.parameters()) {
      gradient.addParameter(JavaTypes.of(p.sourceType()), p.variable().name());
      arguments.add(CodeBlock.of("$N", p.variable().name()));
    }
    arguments.add(print(Algebra.constant(1, method.returnType())));
    for (Variable p : method.activeParameters()) {
      if (p.isArray()) {
        arguments.add(
            CodeBlock.of(
                "$T.zerosLike($N)", ClassName.get("io.javad.runtime", "ArrayShapes"), p.name()));
      }
    }
    return gradient
        .addJavadoc(
            "Reverse mode of {@link $L}: its value and its gradient with respect to\n"
                + "$L, from one forward sweep that records what the backward sweep needs\n"
                + "and one backward sweep. Gradient arrays are fresh, shaped like the inputs.\n",
            origin.link(), wrt)
        .addStatement("return $N($L)", origin.adjointName(), CodeBlock.join(arguments, ", "))
        .build();
  }

  // ---------------------------------------------------------------------------------------------
  // Forward sweep

  /**
   * Keeps the old contents of {@code a}, which {@code s} (a copy or a fill) overwrites: on the tape
   * of its element type, or as a copy kept by reference where there is none (boolean, short, a
   * matrix).
   */
  private void keepContents(Stmt s, Variable a) {
    if (Recording.onTape(a)) {
      recording.keptContents.add(s);
      forward.addStatement("$N.pushAll($N)", recording.tape(a.type()).name(), a.name());
    } else {
      recording.keptArrays.add(s);
      forward.addStatement("$N.push($N.clone())", recording.arrayTape(a).name(), a.name());
    }
  }

  /** {@code atTop}: directly in the method body, where a declaration is visible to both sweeps. */
  private void forwardStatements(List<Stmt> list, List<Stmt.Loop> loops, boolean atTop) {
    forwardLines.enterBlock();
    for (Stmt s : list) {
      forwardLines.before(forward, s);
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
      boolean reversedInIteration = inLoop && independent.containsKey(loops.get(loops.size() - 1));
      if (v.isArray() && inLoop && d.init() != null && (activity.isActive(v) || tbr.isRead(v))
          && !reversedInIteration) {
        // The array of each iteration stays intact: keep a reference, no copy.
        recording.keptArrays.add(s);
        forward.addStatement("$N.push($N)", recording.arrayTape(v).name(), v.name());
        forward.addStatement("$N = $L", v.name(), print(d.init()));
        return;
      }
      // Reversed right after its iteration, with no other assignment: the value is still there.
      boolean stillHeld = reversedInIteration && !StmtScan.assigns(loops.get(loops.size() - 1).body(), v);
      if (d.init() != null) {
        if (stillHeld) {
          forward.addStatement("$N = $L", v.name(), print(d.init()));
          return;
        }
        if (inLoop && tbr.isRead(v) && isRecomputable(d, loops)) {
          recording.recomputed.add(d); // double xi = x[i]: read again in the backward sweep, not taped
        } else if (inLoop && tbr.needsSave(s, v)) {
          push(s, v);
        }
        forward.addStatement("$N = $L", v.name(), print(d.init()));
      }
    } else if (s instanceof Stmt.Assign a) {
      save(s, a.variable(), inLoop, atTop);
      forward.add(Statements.assignment(reading(a))).add(";\n");
    } else if (s instanceof Stmt.Store st) {
      saveElement(st, inLoop, atTop);
      forward.add(Statements.store(reading(st))).add(";\n");
    } else if (s instanceof Stmt.Eval e) {
      // A callee's adjoint runs from the arrays it writes as they were: their contents are kept.
      List<Expr> kept = new ArrayList<>();
      for (Expr w : StmtScan.writtenArguments(e.call())) {
        Variable array = StmtScan.arrayOf(w);
        if (tbr.needsSave(s, array)) {
          kept.add(w);
          forward.addStatement("$N.pushAll($L)", recording.tape(array.type()).name(), print(w));
        }
      }
      if (!kept.isEmpty()) {
        recording.keptWritten.put(s, kept);
      }
      forward.add(Statements.distinctRows(e.call(), this::print));
      forward.addStatement("$L", print(e.call())); // once, in the forward sweep
    } else if (s instanceof Stmt.Copy c) {
      if (tbr.needsSave(s, c.target())) {
        keepContents(s, c.target());
      }
      forward.addStatement("$T.arraycopy($N, $L, $N, $L, $L)", System.class, c.source().name(),
          print(c.sourceStart()), c.target().name(), print(c.targetStart()), print(c.length()));
    } else if (s instanceof Stmt.Fill f) {
      if (tbr.needsSave(s, f.array())) {
        keepContents(s, f.array());
      }
      forward.addStatement("$T.fill($N, $L)", java.util.Arrays.class, f.array().name(), print(f.value()));
    } else if (s instanceof Stmt.Return r) {
      boolean last = atTop && s == method.body().get(method.body().size() - 1);
      if (!hoistAll && method.isVectorValued() && workspace != null) {
        forward.addStatement(
            "$T $N = $N.value = $L", JavaTypes.of(value.javaType()), value.name(), workspace.parameter,
            kept(r.value(), false));
      } else if (!hoistAll && method.isVectorValued()) {
        forward.addStatement("$T $N = $L", JavaTypes.of(value.javaType()), value.name(), kept(r.value(), false));
      } else if (!hoistAll && method.returnsVoid()) {
        // A void method's end: no value to keep.
      } else if (!hoistAll) {
        forward.add(Statements.declaration(value, r.value()));
      } else {
        if (method.isVectorValued()) {
          // Always a copy of an array local: the backward sweep may restore its elements from
          // where the return left the loops it was in (found by an adversarial trial).
          forward.addStatement(
              workspace != null ? "$N = " + workspace.parameter + ".value = $L" : "$N = $L",
              value.name(), kept(r.value(), true));
        } else if (!method.returnsVoid()) {
          forward.addStatement("$N = $L", value.name(), print(r.value()));
        }
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
    } else if (s instanceof Stmt.Throw t) {
      // The function throws here: so does the forward sweep, and the backward sweep never runs.
      forward.add(Statements.throwStatement(t));
    } else if (s instanceof Stmt.Break b) {
      int target = Jumps.target(b.label(), loops);
      leave(s, loops, target, false);
      forward.addStatement(b.label() == null ? "break" : "break " + b.label());
    } else if (s instanceof Stmt.Continue c) {
      int target = Jumps.target(c.label(), loops);
      leave(s, loops, target, true);
      forward.addStatement(c.label() == null ? "continue" : "continue " + c.label());
    }
  }

  private void forwardIf(Stmt.If i, List<Stmt.Loop> loops, boolean atTop) {
    boolean inLoop = !loops.isEmpty();
    Set<Variable> counters = shape.countersOf(loops);
    boolean record = tbr.matters(i) && !shape.isStable(i.condition(), counters);
    CodeBlock condition = print(i.condition());
    if (record && !inLoop) {
      Variable flag = Variable.temporary(namer.fresh("branch"), Type.BOOLEAN);
      recording.flags.put(i, flag);
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
      recording.stackedBranches.add(i);
      recording.branchTape();
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
      if (StmtScan.completesNormally(list)) {
        forward.addStatement("$N.push($L)", recording.branchTape().name(), taken);
      }
    }
  }

  private void forwardLoop(Stmt.Loop l, List<Stmt.Loop> loops, boolean atTop) {
    if (independent.containsKey(l)) {
      forwardIndependentLoop(l, loops);
      return;
    }
    if (loops.isEmpty()) {
      // An outermost loop: the tape is sized for it where its pushes can be counted beforehand.
      CodeBlock.Builder outer = forward;
      forward = CodeBlock.builder();
      recordedLoop(l, loops, atTop);
      CodeBlock code = forward.build();
      forward = outer;
      Expr size = TapeSize.of(l, shape, recording);
      if (size != null) {
        forward.addStatement("$N.reserve($L)", recording.tape(Type.DOUBLE).name(), print(size));
      }
      forward.add(code);
      return;
    }
    recordedLoop(l, loops, atTop);
  }

  /**
   * The loop with what it records; a counted loop reads the elements it only reads at a fixed
   * index once, before it ({@link HoistedReads}).
   */
  private void recordedLoop(Stmt.Loop l, List<Stmt.Loop> loops, boolean atTop) {
    FlowShape.Counted counted = shape.counted(l);
    if (counted == null) {
      recordedLoopCode(l, loops, atTop);
      return;
    }
    reads.enter(l);
    CodeBlock.Builder outer = forward;
    forward = CodeBlock.builder();
    recordedLoopCode(l, loops, atTop);
    CodeBlock code = forward.build();
    forward = outer;
    forward.add(reads.exit(HoistedReads.runs(counted, this::print), this::print));
    forward.add(code);
  }

  private void recordedLoopCode(Stmt.Loop l, List<Stmt.Loop> loops, boolean atTop) {
    boolean inLoop = !loops.isEmpty();
    FlowShape.LoopExits exits = shape.exits(l);
    boolean counted = shape.counted(l) != null;
    boolean recorded = tbr.matters(l);
    Variable count = null;
    if (recorded && !counted) {
      count = Variable.temporary(namer.fresh("iterations"), Type.INT);
      recording.counts.put(l, count);
      if (atTop && !hoistAll) {
        forward.addStatement("int $N = 0", count.name());
      } else {
        topDeclaration(count, null);
        forward.addStatement("$N = 0", count.name());
      }
    }
    if (recorded && exits.any()) {
      Variable exit = Variable.temporary(namer.fresh("exit"), Type.INT);
      recording.exitVars.put(l, exit);
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
          CodeBlock push = CodeBlock.of("$N.push($N)", recording.tape(Type.INT).name(), recording.exitVars.get(l).name());
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
    recordIteration(l);
    if (recorded && exits.perIteration() && StmtScan.completesNormally(l.body())) {
      if (defersExit(l)) {
        forward.addStatement("$N = $L", recording.exitVars.get(l).name(), exits.normal());
      } else {
        forward.addStatement("$N.push($L)", recording.tape(Type.INT).name(), exits.normal());
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
   * A counted loop whose iterations are independent ({@link IndependentIterations}): each iteration
   * is reversed right after it runs, so the tape holds one iteration at most; the adjoints the
   * reversal uses are declared before the loop.
   */
  private void forwardIndependentLoop(Stmt.Loop l, List<Stmt.Loop> loops) {
    IndependentIterations.Plan plan = independent.get(l);
    int fusedAt = plan.fusedAt();
    List<Stmt> body = l.body();
    CodeBlock.Builder outer = forward;
    loops.add(l);
    frames.add(l);
    forward = CodeBlock.builder();
    forwardStatements(fusedAt < 0 ? body : body.subList(0, fusedAt), loops, false);
    CodeBlock before = forward.build();
    forward = CodeBlock.builder();
    if (fusedAt >= 0) {
      hoist(StmtScan.target(plan.fusedCall())); // declared as a loop's locals are: the adjoint's call sets it
      forwardStatements(body.subList(fusedAt + 1, body.size()), loops, false);
    }
    CodeBlock after = forward.build();
    frames.remove(frames.size() - 1);
    loops.remove(loops.size() - 1);
    forward = outer;
    BackwardSweep.IterationReversal reversal = sweep.reverseIteration(plan);
    forward.add(reversal.declarations());
    if (l.label() != null) {
      forward.add("$L:\n", l.label());
    }
    forward.beginControlFlow(
        "for ($L; $L; $L)", header(l.init(), false), print(l.condition()), header(l.update(), false));
    forward.add(before);
    if (fusedAt >= 0) {
      forward.add(
          "// $L's adjoint is known here: $L runs once, in its adjoint, which returns its value\n",
          StmtScan.target(plan.fusedCall()).name(),
          ((Expr.Call) StmtScan.stored(plan.fusedCall())).name());
      forward.add(reversal.fused());
      forward.add(after);
    }
    forward.add("// the iteration's adjoint, right away: iterations share only the sums they add to\n");
    forward.add(reversal.code());
    forward.endControlFlow();
    forward.add(reversal.after());
  }

  /**
   * Whether the returned array can be handed out as it is: a new array, or a local array whose
   * elements the backward sweep does not restore (the recording is complete by the final return).
   */
  /**
   * The returned array as the value keeps it: itself, or a copy if the backward sweep restores its
   * elements (row by row for a matrix; into the workspace's memory where there is one); always a
   * copy of a local if {@code early} (a return inside a branch or loop).
   */
  private CodeBlock kept(Expr returned, boolean early) {
    ClassName shapes = ClassName.get("io.javad.runtime", "ArrayShapes");
    if (returned instanceof Expr.NewArray || !early && returnedAsIs(returned)) {
      return print(returned);
    }
    if (workspace != null) {
      return CodeBlock.of("$T.copied($N.value, $L)", shapes, workspace.parameter, print(returned));
    }
    return value.rank() == 1
        ? CodeBlock.of("$L.clone()", print(returned))
        : CodeBlock.of("$T.copy($L)", shapes, print(returned));
  }

  private boolean returnedAsIs(Expr returned) {
    if (returned instanceof Expr.NewArray) {
      return true;
    }
    if (!(returned instanceof Expr.Local l) || l.variable().parameter()) {
      return false;
    }
    Recording.Restored restored = recording.restored(method);
    return restored != null
        && !restored.arrays().contains(l.variable())
        && !restored.variables().contains(l.variable());
  }

  /**
   * At the end of an iteration, the variables private to the loop's iterations whose values the
   * backward sweep reads, once ({@code tape.pushAll(xc)}), instead of before each overwrite: the
   * backward sweep restores them as it starts the iteration. Arrays allocated in the iteration are
   * kept by reference and loop-local values it can recompute are recomputed instead.
   */
  private void recordIteration(Stmt.Loop l) {
    List<Variable> recorded = new ArrayList<>();
    for (Variable v : privacy.of(l)) {
      if (privacy.innermost(v) == l
          && tbr.isRead(v)
          && !shape.isCounter(v)
          && !keptOrRecomputed(v, l)) {
        recorded.add(v);
      }
    }
    if (recorded.isEmpty()) {
      return;
    }
    recording.snapshots.put(l, recorded);
    for (Variable v : recorded) {
      forward.addStatement(
          "$N.$L($N)", recording.tape(v.type()).name(), v.isArray() ? "pushAll" : "push", v.name());
    }
  }

  /** Whether {@code v} is declared in {@code l} as an array kept per iteration, or recomputed. */
  private boolean keptOrRecomputed(Variable v, Stmt.Loop l) {
    boolean[] found = {false};
    StmtScan.forEach(l.body(), s -> {
      if (s instanceof Stmt.Declare d && d.variable().equals(v)) {
        found[0] |= recording.recomputed.contains(s) || recording.keptArrays.contains(s);
      }
    });
    return found[0];
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
          parts.add(Statements.initializer(d.variable(), reads.reading(d.init())));
          continue;
        }
        hoist(d.variable());
        if (recordOverwrites && tbr.needsSave(s, d.variable())) {
          parts.add(pushExpression(s, d.variable()));
        }
        parts.add(CodeBlock.of("$N = $L", d.variable().name(), print(orZero(d.init(), d.variable().type()))));
      } else if (s instanceof Stmt.Assign a) {
        if (recordOverwrites && tbr.needsSave(s, a.variable())) {
          if (isInvertible(a)) {
            recording.inverted.add(s);
          } else {
            parts.add(pushExpression(s, a.variable()));
          }
        }
        parts.add(Statements.assignment(reading(a)));
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
        forward.addStatement("$N.push($L)", recording.branchTape().name(), b.taken());
      } else if (frame instanceof Stmt.Loop l) {
        int index = loops.indexOf(l);
        if (index < outermost) {
          break;
        }
        boolean last = index == outermost && target >= 0; // constructs outside it go on
        if (!tbr.matters(l)) {
          if (last) {
            break;
          }
          continue;
        }
        FlowShape.LoopExits exits = shape.exits(l);
        int id = exits.sites.get(site);
        boolean continues = isContinue && index == target;
        if (exits.perIteration() && continues && defersExit(l)) {
          forward.addStatement("$N = $L", recording.exitVars.get(l).name(), id);
        } else if (exits.perIteration()) {
          forward.addStatement("$N.push($L)", recording.tape(Type.INT).name(), id);
        } else {
          forward.addStatement("$N = $L", recording.exitVars.get(l).name(), id);
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
        && recording.exitVars.containsKey(l)
        && shape.exits(l).perIteration();
  }

  /** At the end of a loop nested in another: its trip count (and exit) go on the tape. */
  private void recordLoopEnd(Stmt.Loop l, Integer exitId) {
    Variable count = recording.counts.get(l);
    if (count != null) {
      forward.addStatement("$N.push($N)", recording.tape(Type.INT).name(), count.name());
    }
    FlowShape.LoopExits exits = shape.exits(l);
    if (exits.any() && !exits.perIteration()) {
      Object exit = exitId != null ? exitId : recording.exitVars.get(l).name();
      forward.addStatement("$N.push($L)", recording.tape(Type.INT).name(), exit);
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
    if (!tbr.needsSave(s, v) || shape.isFirstAssignment(s)) {
      return; // no derivative reads the old value, or there is none yet
    }
    if (s instanceof Stmt.Assign a && isInvertible(a)) {
      recording.inverted.add(s); // l++: the backward sweep undoes it with l--
      return;
    }
    if (inLoop) {
      push(s, v);
      return;
    }
    Variable old = Variable.temporary(namer.fresh(v.name() + "Old"), v.type());
    recording.localSaves.put(s, old);
    if (atTop && !hoistAll) {
      forward.addStatement("$T $N = $N", JavaTypes.of(v.type()), old.name(), v.name());
    } else {
      topDeclaration(old, null);
      forward.addStatement("$N = $N", old.name(), v.name());
    }
  }

  /**
   * Whether {@code a} is an integer step {@code i += c} or {@code i -= c} by an amount that the
   * backward sweep finds unchanged: it is undone exactly (integer arithmetic wraps around
   * reversibly), with no tape.
   */
  private boolean isInvertible(Stmt.Assign a) {
    Variable v = a.variable();
    return (a.op() == io.javad.processor.ir.BinaryOp.ADD || a.op() == io.javad.processor.ir.BinaryOp.SUBTRACT)
        && (v.type() == Type.INT || v.type() == Type.LONG)
        && !v.isArray()
        && !io.javad.processor.ir.ExprScan.reads(a.value(), v)
        && !io.javad.processor.ir.ExprScan.containsCall(a.value())
        && !a.value().type().isFloating()
        && shape.isStable(a.value(), shape.countersOf(tbr.loopsAround(a)));
  }

  private void push(Stmt s, Variable v) {
    forward.addStatement("$L", pushExpression(s, v));
  }

  private CodeBlock pushExpression(Stmt s, Variable v) {
    recording.tapeSaves.add(s);
    return CodeBlock.of("$N.push($N)", recording.tape(v.type()).name(), v.name());
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
    if (!tbr.needsSave(st, st.array())) {
      return;
    }
    if (inLoop) {
      recording.tapeSaves.add(st);
      forward.addStatement("$N.push($L)", recording.tape(st.target().type()).name(), print(st.target()));
      return;
    }
    Variable old = Variable.temporary(namer.fresh(st.array().name() + "Old"), st.target().type());
    recording.localSaves.put(st, old);
    if (atTop && !hoistAll) {
      forward.addStatement("$T $N = $L", JavaTypes.of(old.type()), old.name(), print(st.target()));
    } else {
      topDeclaration(old, null);
      forward.addStatement("$N = $L", old.name(), print(st.target()));
    }
  }



  // ---------------------------------------------------------------------------------------------
  // Helpers

  /** {@code e} as Java, reading the elements held in locals ({@link HoistedReads}) from them. */
  private CodeBlock print(Expr e) {
    return JavaPrinter.print(reads.reading(e));
  }

  private Stmt.Assign reading(Stmt.Assign a) {
    return new Stmt.Assign(a.variable(), a.op(), reads.reading(a.value()));
  }

  private Stmt.Store reading(Stmt.Store st) {
    return new Stmt.Store((Expr.Element) reads.reading(st.target()), st.op(), reads.reading(st.value()));
  }

}
