package io.javad.processor.reverse;

import static io.javad.processor.ir.Algebra.orZero;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import io.javad.processor.analysis.Activity;
import io.javad.processor.emit.JavaPrinter;
import io.javad.processor.emit.JavaTypes;
import io.javad.processor.emit.Statements;
import io.javad.processor.ir.Algebra;
import io.javad.processor.ir.BinaryOp;
import io.javad.processor.ir.Callee;
import io.javad.processor.ir.Expr;
import io.javad.processor.ir.ExprScan;
import io.javad.processor.ir.MethodIr;
import io.javad.processor.ir.Namer;
import io.javad.processor.ir.Stmt;
import io.javad.processor.ir.StmtScan;
import io.javad.processor.ir.Type;
import io.javad.processor.ir.UnaryOp;
import io.javad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The backward sweep of {@link StructuredAdjointGenerator}: the statements in reverse, undoing
 * what the forward sweep recorded ({@link Recording}) and accumulating adjoints {@code vBar} with
 * {@code +=}. Counted loops run backwards by index, other loops by their recorded trip count;
 * where a jump ended an iteration early, the statements it skipped are skipped again.
 */
final class BackwardSweep {

  private static final String RUNTIME = "io.javad.runtime";

  private final MethodIr method;
  private final Activity activity;
  private final Namer namer;
  private final FlowShape shape;
  private final ToBeRecorded tbr;
  private final Recording rec;
  private final Propagation propagation;
  private final Variable value;
  /**
   * The adjoint of the returned value, given by the caller: the pullback's seed array, or the
   * accumulating form's scalar {@code fBar}; null in {@code fGradient}, whose seed is 1.
   */
  private final Variable seed;
  private final Variable methodExit;
  private final boolean hoistAll;
  private final OwnValues ownValues;
  private final HeldValues held;
  private final Map<Variable, Variable> bars = new LinkedHashMap<>();
  /** Adjoints declared in the forward sweep, before a loop whose iterations are reversed there. */
  private final java.util.Set<Variable> declaredEarly = new java.util.HashSet<>();
  /** Loops reversed iteration by iteration in the forward sweep, which this sweep skips. */
  private final java.util.Set<Stmt.Loop> reversedEarly =
      java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
  /**
   * Adjoint elements summed in a local while the loop around them is reversed ({@link
   * InvariantAdjoints}), innermost loop last: the element's adjoint as printed, to the local.
   */
  private final List<Map<Expr, Variable>> summedLocally = new ArrayList<>();
  /** Elements the loops being reversed only read, read once before each ({@link InvariantReads}). */
  private final HoistedReads reads;
  /**
   * In a Jacobian, the loop variable of its rows: this sweep is run once per returned value, with
   * the adjoint of the returned array the unit vector of that row; adjoints of local arrays are
   * cleared for each row, not allocated again ({@link #reusedDeclarations()}). Null otherwise.
   */
  private Variable jacobianRow;
  /** Where local arrays' adjoints and callees' workspaces live between calls; null without one. */
  private WorkspaceLayout workspace;
  private final CodeBlock.Builder reused = CodeBlock.builder();
  /** Sums whose adjoints a loop reversed early used up, which nothing else reads. */
  private final java.util.Set<Variable> complete = new java.util.HashSet<>();
  /** While an iteration is reversed for the forward sweep: the variables whose adjoints it uses. */
  private java.util.Set<Variable> touched;
  /**
   * Array parameters whose adjoint a caller of the accumulating form may pass as null: those the
   * method does not write into. Contributions to them are guarded.
   */
  private final java.util.Set<Variable> optional = new java.util.HashSet<>();
  /**
   * While the reversal of a fused call ({@link IndependentIterations#fusedCall}) is written: that
   * statement, whose variable the call of the callee's adjoint sets.
   */
  private Stmt fusedCall;
  /** Where the sweep writes now; temporaries of the chain rule go here too. */
  private CodeBlock.Builder out;
  private final io.javad.processor.emit.LineComments lines = new io.javad.processor.emit.LineComments();

  BackwardSweep(
      MethodIr method,
      Activity activity,
      Namer namer,
      FlowShape shape,
      ToBeRecorded tbr,
      Recording rec,
      Variable value,
      Variable seed,
      Variable methodExit,
      boolean hoistAll,
      OwnValues ownValues,
      HeldValues held) {
    this.ownValues = ownValues;
    this.held = held;
    this.method = method;
    this.activity = activity;
    this.namer = namer;
    this.shape = shape;
    this.tbr = tbr;
    this.rec = rec;
    this.value = value;
    this.seed = seed;
    this.methodExit = methodExit;
    this.hoistAll = hoistAll;
    this.propagation = new Propagation(activity::isActive, this::temporary);
    this.reads = new HoistedReads(method, namer);
    // Named once, in this order, whichever sweep first needs them.
    for (MethodIr.Parameter p : method.parameters()) {
      if (p.active()) {
        barOf(p.variable());
      }
    }
    StmtScan.forEach(method.body(), s -> {
      for (Variable v : StmtScan.targets(s)) {
        if (activity.isActive(v)) {
          barOf(v);
        }
      }
    });
    if (seed != null && !seed.isArray()) {
      java.util.Set<Variable> written = StmtScan.writtenArrays(method.body());
      for (Variable p : method.activeParameters()) {
        if (p.isArray() && !written.contains(p)) {
          optional.add(p);
        }
      }
    }
  }

  /** The backward sweep: adjoints declared (seeded by the final return), then statements in reverse. */
  /** In a Jacobian with a workspace: the block (per active parameter) whose row is its adjoint. */
  private Map<Variable, String> blocks;

  void jacobianBlocks(Map<Variable, String> blocks) {
    this.blocks = blocks;
  }

  /** Makes this sweep one row of a Jacobian, the row being {@code row} (see {@link #jacobianRow}). */
  void forJacobianRow(Variable row) {
    this.jacobianRow = row;
  }

  /** In a Jacobian, the declarations of the adjoint arrays reused from row to row. */
  CodeBlock reusedDeclarations() {
    return reused.build();
  }

  CodeBlock write() {
    CodeBlock.Builder backward = CodeBlock.builder();
    out = backward;
    List<Stmt> body = method.body();
    Map<Expr, List<Expr>> initial = Map.of();
    if (seed != null && seed.isArray() && jacobianRow == null) {
      // A null seed stands for zeros; any other is shaped like the value, or the call throws.
      out.addStatement(
          "$N = $T.seed($N, $N, $S)", seed.name(), ClassName.get(RUNTIME, "ArrayShapes"), seed.name(),
          value.name(), method.name());
    }
    if (!hoistAll && !body.isEmpty() && body.get(body.size() - 1) instanceof Stmt.Return r) {
      // The final return is reversed first: its contributions are where the adjoints start.
      Expr start = seed != null ? new Expr.Local(seed) : Algebra.constant(1, method.returnType());
      initial = propagation.of(r.value(), start, null);
      body = body.subList(0, body.size() - 1);
    }
    for (Map.Entry<Variable, Variable> e : bars.entrySet()) {
      Variable bar = e.getValue();
      if (declaredEarly.contains(e.getKey())) {
        // Declared before a loop reversed in the forward sweep: the return's share is added.
        Expr share = Algebra.sum(initial.getOrDefault(new Expr.Local(e.getKey()), List.of()));
        if (!bar.isArray() && share != null && !complete.contains(e.getKey())) {
          accumulate(Map.of(new Expr.Local(e.getKey()), List.of(share)), null);
        }
        continue;
      }
      ClassName shapes = ClassName.get(RUNTIME, "ArrayShapes");
      if (bar.isArray() && initial.containsKey(new Expr.Local(e.getKey()))) {
        // The returned array: its adjoint starts as the seed (a Jacobian's row's own unit vector).
        String copy = jacobianRow != null ? "" : bar.rank() == 1 ? ".clone()" : null;
        if (copy == null) {
          out.addStatement(
              "$T $N = $T.copy($N)", JavaTypes.of(bar.javaType()), bar.name(), shapes, seed.name());
        } else {
          out.addStatement("$T $N = $N$L", JavaTypes.of(bar.javaType()), bar.name(), seed.name(), copy);
        }
        continue;
      }
      if (bar.isArray() && blocks != null && blocks.containsKey(e.getKey())) {
        // The row of the Jacobian's block, cleared here.
        out.addStatement(
            "$T $N = $N[$N]", JavaTypes.of(bar.javaType()), bar.name(), blocks.get(e.getKey()),
            jacobianRow.name());
        out.addStatement(
            bar.rank() == 1 ? "$T.fill($N, 0.0)" : "$T.clear($N)",
            bar.rank() == 1 ? ClassName.get(java.util.Arrays.class) : shapes, bar.name());
        continue;
      }
      if (bar.isArray() && jacobianRow != null && !e.getKey().parameter() && workspace == null) {
        // A local array's adjoint: the same memory for every row.
        reused.addStatement("$T $N = null", JavaTypes.of(bar.javaType()), bar.name());
        out.addStatement("$N = $T.zeroed($N, $N)", bar.name(), shapes, bar.name(), e.getKey().name());
        continue;
      }
      if (bar.isArray() && seed != null && !seed.isArray()
          && method.activeParameters().contains(e.getKey())) {
        continue; // the accumulating form adds into the caller's arrays
      }
      if (bar.isArray()) {
        // Allocated once per call (or kept in the workspace), shaped like the array.
        declareArrayBar(e.getKey(), bar);
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
    return backward.build();
  }

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
      if (s instanceof Stmt.Declare d && rec.recomputed.contains(d)) {
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
      reversed = CodeBlock.builder().add(lines.before(list.get(i))).add(reversed).build();
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
      if (d.init() instanceof Expr.Call c && c.callee() != null && activity.isActive(v)) {
        accumulate(reverseCall(v, c), null);
      } else if (d.init() instanceof Expr.NewArray n && activity.isActive(v)) {
        reverseInitializer(n, new Expr.Local(barOf(v)));
      } else if (d.init() instanceof Expr.ArrayCopy c
          && activity.isActive(v)
          && io.javad.processor.analysis.Activity.dependsOn(c.array(), activity::isActive)) {
        out.addStatement(
            "$T.addTo($L, $N)",
            ClassName.get(RUNTIME, "ArrayShapes"), adjointArray(c.array()), barOf(v).name());
      }
      if (rec.keptArrays.contains(s)) {
        // Back to the previous iteration's array, and an adjoint cleared for it.
        out.addStatement("$N = $N.pop()", v.name(), rec.arrayTape(v).name());
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
    } else if (s instanceof Stmt.Fill f) {
      reverseFill(f);
    } else if (s instanceof Stmt.Copy c) {
      reverseCopy(c);
    } else if (s instanceof Stmt.Eval e) {
      reverseWritingCall(s, e.call());
    } else if (s instanceof Stmt.Assign a) {
      reverseStore(s, a.variable(), a.rhs(), true);
    } else if (s instanceof Stmt.Return r && method.isVectorValued()) {
      seedReturned(s, r.value());
    } else if (s instanceof Stmt.Return r) {
      Expr start = seed != null ? new Expr.Local(seed) : Algebra.constant(1, method.returnType());
      accumulate(propagation.of(r.value(), start, null, held.at(s)), null);
    } else if (s instanceof Stmt.Block b) {
      backwardStatements(b.body(), context, loops);
    } else if (s instanceof Stmt.If i) {
      backwardIf(i, context, loops);
    } else if (s instanceof Stmt.Loop l) {
      backwardLoop(l, context, loops);
    }
  }

  /**
   * A vector-valued method's return inside a branch or loop (the adjoints are declared at the
   * top, as zeros): the seed is added into the returned array's adjoint, or handed element by
   * element to a returned initializer's values.
   */
  private void seedReturned(Stmt s, Expr returned) {
    if (!Activity.dependsOn(returned, activity::isActive)) {
      return;
    }
    if (returned instanceof Expr.Local l) {
      out.addStatement(
          "$T.addTo($N, $N)", ClassName.get(RUNTIME, "ArrayShapes"), barOf(l.variable()).name(),
          seed.name());
      return;
    }
    seedElements(s, (Expr.NewArray) returned, new Expr.Local(seed));
  }

  /** Hands {@code seedAt}'s elements to a returned initializer's values, row by row for a matrix. */
  private void seedElements(Stmt s, Expr.NewArray returned, Expr seedAt) {
    for (int k = 0; k < returned.elements().size(); k++) {
      Expr at = new Expr.Element(seedAt, Expr.Literal.of(k, Type.INT));
      Expr element = returned.elements().get(k);
      if (element instanceof Expr.NewArray row) {
        seedElements(s, row, at); // rows other than initializers are refused at the return
      } else {
        accumulate(propagation.of(element, at, null, held.at(s)), null);
      }
    }
  }

  /**
   * Reverses {@code v = rhs}: restores v's old value if it was recorded, then hands v's adjoint to
   * what rhs reads. {@code resets}: v's adjoint starts again from zero (it is overwritten, or
   * declared anew in each iteration).
   */
  private void reverseStore(Stmt s, Variable v, Expr rhs, boolean resets) {
    CodeBlock.Builder restore = CodeBlock.builder();
    if (rec.inverted.contains(s)) {
      Stmt.Assign a = (Stmt.Assign) s;
      BinaryOp undo = a.op() == BinaryOp.ADD ? BinaryOp.SUBTRACT : BinaryOp.ADD;
      restore.add(Statements.assignment(new Stmt.Assign(v, undo, a.value()))).add(";\n");
    } else if (rec.tapeSaves.contains(s)) {
      restore.addStatement("$N = $L$N.pop()", v.name(), narrowing(v.type()), rec.tape(v.type()).name());
    } else if (rec.localSaves.containsKey(s)) {
      restore.addStatement("$N = $N", v.name(), rec.localSaves.get(s).name());
    }
    // Partials read the arguments, and the value just stored where OwnValues says so (exp' = exp):
    // those run before the old value comes back.
    Expr result = activity.isActive(v) ? ownValues.resultOf(s) : null;
    if (result == null) {
      out.add(restore.build());
    }
    if (!activity.isActive(v)) {
      return;
    }
    Variable bar = barOf(v);
    Expr self = new Expr.Local(v);
    Map<Expr, List<Expr>> terms;
    if (rhs instanceof Expr.Call c && c.callee() != null) {
      terms = reverseCall(v, c);
    } else if (result != null && ExprScan.reads(rhs, v)) {
      // y = f(y): the partials read the new y, so they are taken before the old one comes back.
      terms = reverseUpdateOfItself((Expr.Call) rhs, bar, result, held.at(s), restore.build());
      result = null; // restored already
    } else {
      terms = propagation.of(rhs, new Expr.Local(bar), result, held.at(s));
    }
    accumulate(terms, self);
    List<Expr> own = terms.get(self);
    if (own != null) {
      Expr sum = Algebra.sum(own);
      writeUpdate(bar, sum);
    } else if (resets) {
      out.addStatement("$N = 0", bar.name());
    }
    if (result != null) {
      out.add(restore.build());
    }
  }

  /**
   * {@code vBar} times each partial of {@code v = f(args)} read from the new v into a temporary,
   * then {@code restore}, then the temporaries handed to what each argument reads.
   */
  private Map<Expr, List<Expr>> reverseUpdateOfItself(
      Expr.Call call, Variable bar, Expr result, Map<Expr, Expr> held, CodeBlock restore) {
    List<Expr> partials = io.javad.processor.rules.Partials.of(call, result);
    List<Variable> adjoints = new ArrayList<>();
    for (int i = 0; i < partials.size(); i++) {
      Expr arg = call.arguments().get(i);
      boolean needed = partials.get(i) != null && Activity.dependsOn(arg, activity::isActive);
      adjoints.add(needed ? temporary("tempBar", Algebra.multiply(new Expr.Local(bar), partials.get(i))) : null);
    }
    out.add(restore);
    Map<Expr, List<Expr>> terms = new LinkedHashMap<>();
    for (int i = 0; i < adjoints.size(); i++) {
      if (adjoints.get(i) != null) {
        propagation.of(call.arguments().get(i), new Expr.Local(adjoints.get(i)), null, held)
            .forEach((target, list) -> terms.computeIfAbsent(target, k -> new ArrayList<>()).addAll(list));
      }
    }
    return terms;
  }

  /**
   * Reverses {@code v = g(a, w)} for a {@code @Differentiable} g through g's own reverse mode, and
   * returns the contributions to scalar arguments for the caller to add. With array parameters g's
   * accumulating form adds into {@code wBar} itself ({@code gAdjoint(a, w, vBar, wBar)}); with
   * scalar ones only, its gradient is scaled by {@code vBar}; a vector-valued g gets {@code vBar}
   * as its pullback's seed, and its fresh array adjoints are added in here.
   */
  private Map<Expr, List<Expr>> reverseCall(Variable v, Expr.Call c) {
    Callee callee = c.callee();
    // A call for what it writes (v null) seeds its value with nothing.
    Variable bar = v == null ? null : barOf(v);
    List<CodeBlock> arguments = CallAdjoints.primalArguments(c);
    if (!callee.returnsVoid() && (callee.rank() > 0 || callee.accumulates())) {
      arguments.add(bar == null ? CodeBlock.of("0.0") : CodeBlock.of("$N", bar.name()));
    }
    if (callee.accumulates()) {
      for (int i = 0; i < c.arguments().size(); i++) {
        Expr arg = c.arguments().get(i);
        if (callee.active().get(i) && arg.rank() > 0) {
          // Null for data: the callee then skips that adjoint.
          arguments.add(
              Activity.dependsOn(arg, activity::isActive)
                  ? adjointArray(arg)
                  : callee.writes(i)
                      ? CodeBlock.of("$T.zerosLike($L)", ClassName.get(RUNTIME, "ArrayShapes"), print(arg))
                      : CodeBlock.of("null"));
        }
      }
    }
    // The record is needed for scalar arguments, and for a pullback's fresh array adjoints.
    boolean keep = false;
    for (int i = 0; i < c.arguments().size(); i++) {
      Expr arg = c.arguments().get(i);
      keep |= callee.active().get(i)
          && Activity.dependsOn(arg, activity::isActive)
          && (arg.rank() == 0 || (callee.rank() > 0 && !callee.userRules()));
    }
    CodeBlock calleeWorkspace =
        workspace != null && callee.workspace() ? workspace.callee(callee) : null;
    boolean fused = fusedCall != null && v != null && v.equals(StmtScan.target(fusedCall));
    String record =
        CallAdjoints.call(out, namer, callee, arguments, keep, calleeWorkspace, fused ? v : null);
    Map<Expr, List<Expr>> terms = new LinkedHashMap<>();
    for (int i = 0; i < c.arguments().size(); i++) {
      Expr arg = c.arguments().get(i);
      if (!callee.active().get(i) || !Activity.dependsOn(arg, activity::isActive)) {
        continue;
      }
      if (arg.rank() == 0) {
        Expr partial = CallAdjoints.component(record, callee, i, arg.type());
        Expr adjoint = callee.rank() > 0 || callee.accumulates()
            ? partial
            : Algebra.multiply(new Expr.Local(bar), partial);
        propagation.of(arg, adjoint, null).forEach((target, list) ->
            terms.computeIfAbsent(target, k -> new ArrayList<>()).addAll(list));
      } else if (callee.rank() > 0 && !callee.userRules()) {
        out.addStatement(
            "$T.addTo($L, $N.$N())",
            ClassName.get(RUNTIME, "ArrayShapes"), adjointArray(arg), record, callee.names().get(i));
      }
    }
    return terms;
  }

  /**
   * Reverses {@code g(a, w)} where g writes into w (an out-parameter): w's old contents come back,
   * then g's accumulating adjoint runs from them (and leaves them), turning {@code wBar} from the
   * adjoint of w's new contents into that of its old ones and adding into the other arguments'
   * adjoints.
   */
  private void reverseWritingCall(Stmt s, Expr.Call c) {
    List<Expr> kept = rec.keptWritten.getOrDefault(s, List.of());
    for (int i = kept.size() - 1; i >= 0; i--) {
      Expr w = kept.get(i);
      out.addStatement("$N.popAll($L)", rec.tape(w.type()).name(), print(w));
    }
    // The callee's adjoint leaves the arrays as it found them.
    if (StmtScan.writtenBy(c).stream().anyMatch(activity::isActive)) {
      accumulate(reverseCall(null, c), null);
    }
  }

  /**
   * The adjoint of an array: {@code wBar}, or {@code mBar[i]} for a row; null where this method's
   * caller passed null for it.
   */
  private CodeBlock adjointArray(Expr arg) {
    Variable optional = optionalBar(arg);
    if (optional != null && arg instanceof Expr.Element) {
      return CodeBlock.of("$N == null ? null : $L", optional.name(), print(barOf(arg)));
    }
    return print(barOf(arg));
  }

  /** {@code double[] v = {x * y, z}}: each element's adjoint goes to what it was computed from. */
  private void reverseInitializer(Expr.NewArray n, Expr bar) {
    accumulate(propagation.of(n, bar, null), null);
  }

  /**
   * Reverses {@code System.arraycopy}: the target's old contents come back if they were kept, and
   * the target range's adjoint moves back onto the source range (safely when they overlap).
   */
  /** The old contents of {@code a}, overwritten by {@code s}, back from where they were kept. */
  private void restoreContents(Stmt s, Variable a) {
    if (rec.keptContents.contains(s)) {
      out.addStatement("$N.popAll($N)", rec.tape(a.type()).name(), a.name());
    } else if (rec.keptArrays.contains(s)) {
      out.addStatement(
          "$T.arraycopy($N.pop(), 0, $N, 0, $N.length)", System.class, rec.arrayTape(a).name(), a.name(), a.name());
    }
  }

  private void reverseCopy(Stmt.Copy c) {
    restoreContents(c, c.target());
    if (!activity.isActive(c.target())) {
      return;
    }
    CodeBlock at = print(c.targetStart());
    CodeBlock length = print(c.length());
    if (activity.isActive(c.source())) {
      out.addStatement(
          "$T.moveBack($N, $L, $N, $L, $L)",
          ClassName.get(RUNTIME, "ArrayShapes"), barOf(c.source()).name(), print(c.sourceStart()),
          barOf(c.target()).name(), at, length);
    } else {
      out.addStatement("$T.fill($N, $L, $L + $L, 0)", java.util.Arrays.class, barOf(c.target()).name(), at, at, length);
    }
  }

  /**
   * Reverses {@code Arrays.fill(a, v)}: the old contents come back if they were kept, and v's
   * adjoint is the sum of a's, which is cleared.
   */
  private void reverseFill(Stmt.Fill f) {
    Variable a = f.array();
    restoreContents(f, a);
    if (!activity.isActive(a)) {
      return;
    }
    Expr sum =
        new Expr.Call("io.javad.runtime.ArrayShapes", "sumAndClear", List.of(new Expr.Local(barOf(a))), a.type());
    if (io.javad.processor.analysis.Activity.dependsOn(f.value(), activity::isActive)) {
      Variable taken = temporary("tempBar", sum);
      accumulate(propagation.of(f.value(), new Expr.Local(taken), null), null);
    } else {
      out.addStatement("$T.fill($N, 0)", java.util.Arrays.class, barOf(a).name());
    }
  }

  /**
   * Reverses {@code a[i] = rhs}: restores the old element if it was recorded, then hands {@code
   * aBar[i]} to what rhs reads and clears it. When rhs reads the same array ({@code a[i] += a[j]}),
   * the adjoint is taken out first, since {@code j} may equal {@code i}.
   */
  private void reverseElementStore(Stmt.Store st) {
    CodeBlock target = print(st.target());
    if (rec.tapeSaves.contains(st)) {
      out.addStatement(
          "$L = $L$N.pop()", target, narrowing(st.target().type()), rec.tape(st.target().type()).name());
    } else if (rec.localSaves.containsKey(st)) {
      out.addStatement("$L = $N", target, rec.localSaves.get(st).name());
    }
    if (!activity.isActive(st.array())) {
      return;
    }
    Expr bar = barOf(st.target());
    Expr rhs = st.rhs();
    if (readsOnly(rhs, st.array(), st.target())) {
      // No other element of the array is read, so aBar[i] cannot alias another target.
      Map<Expr, List<Expr>> terms = propagation.of(rhs, bar, null, held.at(st));
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

  /**
   * Whether every read of {@code array} in {@code e} is of the element {@code target} itself, or of
   * an element at another constant index ({@code s[0] += 0.1 * s[1]}).
   */
  private static boolean readsOnly(Expr e, Variable array, Expr target) {
    if (e.equals(target)) {
      return true;
    }
    if (e instanceof Expr.Element el
        && target instanceof Expr.Element t
        && el.array().equals(t.array())
        && el.index() instanceof Expr.Literal i
        && t.index() instanceof Expr.Literal j
        && i.value() != j.value()) {
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
      Expr sum = Algebra.sum(e.getValue());
      if (sum == null) {
        continue;
      }
      Variable local = summedIn(e.getKey());
      CodeBlock bar = local != null ? CodeBlock.of("$N", local.name()) : print(barOf(e.getKey()));
      Variable optional = local != null ? null : optionalBar(e.getKey());
      if (optional != null) {
        out.beginControlFlow("if ($N != null)", optional.name());
      }
      Expr taken = null;
      if (e.getKey() instanceof Expr.Element && sum instanceof Expr.Conditional c
          && (Algebra.isZero(c.whenTrue()) || Algebra.isZero(c.whenFalse()))) {
        // An element read in one branch of ?: only: its index may be out of range in the other
        // (s == 0 ? 1 : k[s - 1]), so it is addressed only where that branch was taken.
        boolean inTrue = Algebra.isZero(c.whenFalse());
        taken = inTrue ? c.condition() : new Expr.Unary(UnaryOp.NOT, c.condition(), Type.BOOLEAN);
        sum = inTrue ? c.whenTrue() : c.whenFalse();
        out.beginControlFlow("if ($L)", print(taken));
      }
      if (sum instanceof Expr.Unary u && u.op() == UnaryOp.NEGATE) {
        out.addStatement("$L -= $L", bar, print(u.operand()));
      } else if (sum instanceof Expr.Literal l && l.value() < 0) {
        out.addStatement("$L -= $L", bar, print(Algebra.negate(l)));
      } else {
        out.addStatement("$L += $L", bar, print(sum));
      }
      if (taken != null) {
        out.endControlFlow();
      }
      if (optional != null) {
        out.endControlFlow();
      }
    }
  }

  /**
   * {@code double[] xBar = ArrayShapes.zerosLike(x);}, or with a workspace its memory cleared for
   * this call: {@code double[] xBar = ws.xBar = ArrayShapes.zeroed(ws.xBar, x);}.
   */
  private void declareArrayBar(Variable v, Variable bar) {
    ClassName shapes = ClassName.get(RUNTIME, "ArrayShapes");
    if (workspace == null) {
      out.addStatement("$T $N = $T.zerosLike($N)", JavaTypes.of(bar.javaType()), bar.name(), shapes, v.name());
      return;
    }
    CodeBlock field = workspace.array(bar);
    out.addStatement(
        "$T $N = $L = $T.zeroed($L, $N)", JavaTypes.of(bar.javaType()), bar.name(), field, shapes, field, v.name());
  }

  /** Keeps local arrays' adjoints and callees' workspaces in {@code layout}'s workspace. */
  void useWorkspace(WorkspaceLayout layout) {
    this.workspace = layout;
  }

  /** The local summing the adjoint of the element {@code target} in the loops being reversed, or null. */
  private Variable summedIn(Expr target) {
    if (!(target instanceof Expr.Element)) {
      return null;
    }
    for (Map<Expr, Variable> level : summedLocally) {
      Variable local = level.get(target);
      if (local != null) {
        return local;
      }
    }
    return null;
  }

  /**
   * Locals for the adjoint elements the reversal of {@code l} only adds to at a fixed index,
   * declared before the reversed loop; {@link #flushLocalSums} adds them in after it.
   */
  private Map<Expr, Variable> sumLocally(Stmt.Loop l) {
    java.util.Set<Variable> callerArrays = new java.util.HashSet<>();
    if (seed != null && !seed.isArray()) {
      for (Variable p : method.activeParameters()) {
        if (p.isArray()) {
          callerArrays.add(p);
        }
      }
    }
    Map<Expr, Variable> locals = new LinkedHashMap<>();
    for (Expr element : InvariantAdjoints.of(l, activity, callerArrays)) {
      if (summedIn(element) != null) {
        continue; // an outer loop sums it already
      }
      Variable local = Variable.temporary(namer.fresh(localSumName(element)), element.type());
      locals.put(element, local);
      out.addStatement(
          "$T $N = $L", JavaTypes.of(local.type()), local.name(), print(Algebra.constant(0, local.type())));
    }
    summedLocally.add(locals);
    return locals;
  }

  /** {@code xcBar[col] += xcColBar;}, unless the loop added nothing (it may not have run). */
  private void flushLocalSums(Map<Expr, Variable> locals) {
    summedLocally.remove(summedLocally.size() - 1);
    for (Map.Entry<Expr, Variable> e : locals.entrySet()) {
      Variable optional = optionalBar(e.getKey());
      CodeBlock guard =
          optional == null
              ? CodeBlock.of("$N != 0", e.getValue().name())
              : CodeBlock.of("$N != 0 && $N != null", e.getValue().name(), optional.name());
      out.beginControlFlow("if ($L)", guard);
      out.addStatement("$L += $N", print(barOf(e.getKey())), e.getValue().name());
      out.endControlFlow();
    }
  }

  private static Expr rootOf(Expr e) {
    while (e instanceof Expr.Element el) {
      e = el.array();
    }
    return e;
  }

  /** {@code xcColBar} for the adjoint of {@code xc[col]}: the array, its indices, Bar. */
  private static String localSumName(Expr element) {
    return HoistedReads.elementName(element, "Bar");
  }

  /**
   * The adjoint array of {@code target}'s array if a caller may pass null for it: in the
   * accumulating form, a parameter the method only reads, whose adjoint the caller may not want.
   */
  private Variable optionalBar(Expr target) {
    Expr root = target;
    while (root instanceof Expr.Element el) {
      root = el.array();
    }
    if (!(root instanceof Expr.Local l) || !optional.contains(l.variable())) {
      return null;
    }
    return barOf(l.variable());
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
    if (rec.stackedBranches.contains(i)) {
      condition = CodeBlock.of("$N.pop()", rec.branchTape().name());
    } else if (rec.flags.containsKey(i)) {
      condition = CodeBlock.of("$N", rec.flags.get(i).name());
    } else if (tbr.matters(i)) {
      condition = print(i.condition());
    } else {
      return;
    }
    CodeBlock then = nested(i.then(), context, loops);
    CodeBlock otherwise = nested(i.otherwise(), context, loops);
    if (then.isEmpty() && otherwise.isEmpty()) {
      if (rec.stackedBranches.contains(i)) {
        out.addStatement("$L", condition); // the flag is popped all the same
      }
      return;
    }
    if (then.isEmpty()) {
      CodeBlock negated =
          rec.stackedBranches.contains(i) || rec.flags.containsKey(i)
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
    if (!tbr.matters(l) || reversedEarly.contains(l)) {
      return;
    }
    boolean inLoop = !loops.isEmpty();
    FlowShape.LoopExits exits = shape.exits(l);
    Variable exit = rec.exitVars.get(l);
    Context context = new Context(exit, exits.sites);
    Variable count = rec.counts.get(l);
    if (inLoop && exit != null && !exits.perIteration()) {
      out.addStatement("$N = $N.pop()", exit.name(), rec.tape(Type.INT).name());
    }
    if (inLoop && count != null) {
      out.addStatement("$N = $N.pop()", count.name(), rec.tape(Type.INT).name());
    }
    Map<Expr, Variable> locals = sumLocally(l);
    FlowShape.Counted counted = shape.counted(l);
    reads.enter(l);
    CodeBlock.Builder before = out;
    out = CodeBlock.builder();
    loops.add(l);
    if (counted != null) {
      out.beginControlFlow("$L", reversedHeader(counted));
    } else {
      Variable k = Variable.temporary(namer.fresh("k"), Type.INT);
      out.beginControlFlow("for (int $N = $N; $N > 0; $N--)", k.name(), count.name(), k.name(), k.name());
    }
    if (exit != null && exits.perIteration()) {
      out.addStatement("$N = $N.pop()", exit.name(), rec.tape(Type.INT).name());
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
    restoreIteration(l);
    backwardStatements(l.body(), context, loops);
    if (exit != null && !exits.perIteration()) {
      out.addStatement("$N = $L", exit.name(), exits.normal()); // earlier iterations ended normally
    }
    out.endControlFlow();
    loops.remove(loops.size() - 1);
    CodeBlock reversed = out.build();
    out = before;
    out.add(reads.exit(
        counted == null ? CodeBlock.of("$N > 0", count.name()) : HoistedReads.runs(counted, this::print),
        this::print));
    out.add(reversed);
    flushLocalSums(locals);
    if (counted == null) {
      backwardStatements(l.init(), new Context(null, Map.of()), loops);
    }
  }

  /** The variables the forward sweep recorded at the end of the iteration, in reverse order. */
  private void restoreIteration(Stmt.Loop l) {
    List<Variable> recorded = rec.snapshots.getOrDefault(l, List.of());
    for (int i = recorded.size() - 1; i >= 0; i--) {
      Variable v = recorded.get(i);
      if (v.isArray()) {
        out.addStatement("$N.popAll($N)", rec.tape(v.type()).name(), v.name());
      } else {
        out.addStatement("$N = $L$N.pop()", v.name(), narrowing(v.type()), rec.tape(v.type()).name());
      }
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
  private CodeBlock reversedHeader(FlowShape.Counted c) {
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

  /** The adjoint of {@code v}: {@code vBar}, an array for an array. */
  Variable barOf(Variable v) {
    if (touched != null) {
      touched.add(v);
    }
    return bars.computeIfAbsent(
        v, k -> Variable.temporary(namer.fresh(k.name() + "Bar"), k.type(), k.rank()));
  }

  /** One iteration's reversal, for the forward sweep to run right after the iteration. */
  /**
   * {@code fused}: with a fused call, the reversal of what follows it and the call of its adjoint,
   * which sets its value; {@code code}: the reversal of the rest of the iteration.
   */
  record IterationReversal(CodeBlock declarations, CodeBlock fused, CodeBlock code, CodeBlock after) {}

  /**
   * The reversal of one iteration of {@code l} (see {@link IndependentIterations}). Its adjoints
   * are declared before the loop ({@code declarations}): arrays as zeros, the sums the loop adds to
   * with their known adjoints, others as 0. {@code after} clears the sums' adjoints once the loop
   * is done, so that this sweep, which skips the loop, accumulates them again from the return.
   */
  IterationReversal reverseIteration(IndependentIterations.Plan plan) {
    Stmt.Loop l = plan.loop();
    Map<Variable, Expr> sums = plan.sums();
    reversedEarly.add(l);
    CodeBlock.Builder saved = out;
    out = CodeBlock.builder();
    touched = new java.util.LinkedHashSet<>();
    // Arrays allocated in the iteration: their adjoints are cleared for this iteration's arrays,
    // reusing the memory of the iteration before.
    java.util.Set<Variable> allocatedInside = new java.util.HashSet<>();
    StmtScan.forEach(l.body(), s -> {
      if (s instanceof Stmt.Declare d && d.variable().isArray() && activity.isActive(d.variable())) {
        Variable bar = barOf(d.variable());
        allocatedInside.add(d.variable());
        CodeBlock kept = workspace != null ? CodeBlock.of("$L = ", workspace.array(bar)) : CodeBlock.of("");
        out.addStatement(
            "$N = $L$T.zeroed($N, $N)", bar.name(), kept, ClassName.get(RUNTIME, "ArrayShapes"),
            bar.name(), d.variable().name());
      }
    });
    Map<Variable, Variable> kept = new LinkedHashMap<>();
    for (Variable v : plan.carried()) {
      Variable next = Variable.temporary(namer.fresh(v.name() + "Next"), v.type());
      kept.put(v, next);
      out.addStatement("$T $N = $N", JavaTypes.of(v.type()), next.name(), v.name());
    }
    List<Stmt.Loop> loops = new ArrayList<>(List.of(l));
    int fusedAt = plan.fusedAt();
    CodeBlock fused = CodeBlock.of("");
    List<Stmt> body = l.body();
    if (fusedAt >= 0) {
      backwardStatements(body.subList(fusedAt + 1, body.size()), new Context(null, Map.of()), loops);
      fusedCall = plan.fusedCall();
      backwardStatements(List.of(fusedCall), new Context(null, Map.of()), loops);
      fusedCall = null;
      fused = out.build();
      out = CodeBlock.builder();
      body = body.subList(0, fusedAt);
    }
    backwardStatements(body, new Context(null, Map.of()), loops);
    kept.forEach((v, next) -> out.addStatement("$N = $N", v.name(), next.name()));
    CodeBlock code = out.build();
    java.util.Set<Variable> used = touched;
    touched = null;
    out = CodeBlock.builder();
    CodeBlock.Builder after = CodeBlock.builder();
    for (Variable v : bars.keySet()) {
      if (!used.contains(v) || declaredEarly.contains(v)) {
        continue;
      }
      declaredEarly.add(v);
      Variable bar = bars.get(v);
      if (bar.isArray() && allocatedInside.contains(v)) {
        out.addStatement(
            "$T $N = $L", JavaTypes.of(bar.javaType()), bar.name(),
            workspace != null ? workspace.array(bar) : CodeBlock.of("null"));
      } else if (bar.isArray()) {
        if (!(v.parameter() && seed != null)) { // the accumulating form's arrays are the caller's
          declareArrayBar(v, bar);
        }
      } else if (sums.containsKey(v)) {
        out.addStatement(
            "$T $N = $L", JavaTypes.of(bar.type()), bar.name(), print(Algebra.storedAs(bar.type(), sums.get(v))));
        if (plan.settled().contains(v)) {
          complete.add(v); // nothing else reads its adjoint
        } else {
          // The known value serves the loop only: the backward sweep starts the sum's adjoint again
          // from the return, for the statements after the loop (s *= t reads it) and before it.
          after.addStatement("$N = 0", bar.name());
        }
      } else {
        out.addStatement("$T $N = $L", JavaTypes.of(bar.type()), bar.name(), print(Algebra.constant(0, bar.type())));
      }
    }
    CodeBlock declarations = out.build();
    out = saved;
    return new IterationReversal(declarations, fused, code, after.build());
  }

  /** Where the adjoint of a target lives: {@code vBar}, or {@code aBar[i][j]} for {@code a[i][j]}. */
  private Expr barOf(Expr target) {
    Expr root = target;
    while (root instanceof Expr.Element el) {
      root = el.array();
    }
    for (Map<Expr, Variable> level : summedLocally) {
      for (Expr summed : level.keySet()) {
        if (root.equals(rootOf(summed))) {
          // InvariantAdjoints promised the loop touches this adjoint only by adding to one element.
          throw new IllegalStateException("the adjoint of " + summed + " is summed locally, yet " + target + "'s is used");
        }
      }
    }
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

  /** {@code e} as Java, reading the elements held in locals ({@link HoistedReads}) from them. */
  private CodeBlock print(Expr e) {
    return JavaPrinter.print(reads.reading(e));
  }
}
