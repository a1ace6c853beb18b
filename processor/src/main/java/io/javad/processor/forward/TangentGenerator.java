package io.javad.processor.forward;

import static io.javad.processor.ir.Algebra.multiply;
import static io.javad.processor.ir.Algebra.orZero;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import io.javad.processor.analysis.Activity;
import io.javad.processor.emit.JavaPrinter;
import io.javad.processor.emit.JavaTypes;
import io.javad.processor.emit.Origin;
import io.javad.processor.emit.ResultTypes;
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
import io.javad.processor.ir.TangentSlots;
import io.javad.processor.ir.Variable;
import io.javad.processor.rules.Partials;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import javax.lang.model.element.Modifier;

/**
 * Forward mode: each active variable {@code v} gets a tangent {@code vDot}, computed beside it in
 * the same order and the same control flow as the source. The result is {@code fTangent},
 * returning a {@code Dual}.
 */
public final class TangentGenerator {

  private static final ClassName DUAL = ClassName.get("io.javad.runtime", "Dual");
  private static final ClassName DUAL_ARRAY = ClassName.get("io.javad.runtime", "DualArray");

  private final MethodIr method;
  private final Activity activity;
  private final Namer namer;
  private final Map<Variable, Variable> dots = new HashMap<>();
  private final CodeBlock.Builder body = CodeBlock.builder();
  private final io.javad.processor.emit.LineComments lines = new io.javad.processor.emit.LineComments();
  private final Variable value;

  /** Zero tangents for data passed to callees ({@link #zerosFor}), by Java type. */
  private final Map<String, Variable> zeros = new java.util.LinkedHashMap<>();
  /** Active variables whose tangent is known to be zero here (and so need no tangent variable). */
  private final Set<Variable> zero = new HashSet<>();
  /** For each active variable with a declared tangent variable, the block depth of that declaration. */
  private final Map<Variable, Integer> declaredAt = new HashMap<>();
  /** For each variable, the block depth of its declaration; parameters are at depth 0. */
  private final Map<Variable, Integer> scopeOf = new HashMap<>();
  private int depth;
  /** What the tangent returns ({@link ResultTypes}). */
  private com.palantir.javapoet.TypeName returned;

  private TangentGenerator(MethodIr method, Activity activity, Namer namer) {
    this.method = method;
    this.activity = activity;
    this.namer = namer;
    this.value = Variable.temporary(namer.fresh("value"), method.returnType(), method.returnRank());
  }

  public static MethodSpec generate(MethodIr method, Activity activity, Namer namer, Origin origin) {
    return new TangentGenerator(method, activity, namer).run(origin);
  }

  private MethodSpec run(Origin origin) {
    returned = ResultTypes.tangent(method, origin);
    MethodSpec.Builder spec =
        MethodSpec.methodBuilder(origin.tangentName())
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(returned);
    StringJoiner directions = new StringJoiner(" + ");
    origin.addReceiver(spec);
    // Over the JVM's 255 slots, the scalar tangents come packed in one array (TangentSlots).
    boolean packed =
        TangentSlots.packs(
            method.parameters().stream()
                .map(p -> new TangentSlots.Slot(p.variable().type(), p.variable().rank(), p.active()))
                .toList(),
            origin.instance());
    String tangents = packed ? namer.fresh("tangents") : null;
    int packedCount = 0;
    for (MethodIr.Parameter p : method.parameters()) {
      Variable v = p.variable();
      spec.addParameter(JavaTypes.of(p.sourceType()), v.name());
      scopeOf.put(v, 0);
      if (!p.active() && activity.isActive(v) && v.isArray()) {
        // An output buffer or data array that receives active values: its tangent starts at zero.
        declaredAt.put(v, 0);
        Variable dot = dotOf(v);
        body.addStatement(
            "$T $N = $T.zerosLike($N)",
            JavaTypes.of(dot.javaType()), dot.name(), ClassName.get("io.javad.runtime", "ArrayShapes"), v.name());
      } else if (!p.active() && activity.isActive(v)) {
        zero.add(v); // data that an assignment mixes with active values: starts without a tangent
      }
      if (p.active()) {
        declaredAt.put(v, 0);
        Variable dot = dotOf(v);
        if (packed && !v.isArray()) {
          body.addStatement(
              "$T $N = $L$N[$L]", JavaTypes.of(dot.javaType()), dot.name(),
              v.type() == io.javad.processor.ir.Type.FLOAT ? "(float) " : "", tangents,
              packedCount++);
        } else {
          spec.addParameter(JavaTypes.of(dot.javaType()), dot.name());
        }
        directions.add("∂" + method.name() + "/∂" + v.name() + " · " + dot.name());
      }
    }
    if (packed) {
      spec.addParameter(double[].class, tangents);
    }
    depth = 1;
    statements(method.body());
    CodeBlock.Builder declarations = CodeBlock.builder();
    for (Variable z : zeros.values()) {
      declarations.addStatement("$T $N = null", JavaTypes.of(z.javaType()), z.name());
    }
    if (method.returnsVoid()) {
      java.util.Set<Variable> written = StmtScan.writtenArrays(method.body());
      StringJoiner outputs = new StringJoiner(", ");
      method.activeParameters().stream()
          .filter(written::contains)
          .forEach(p -> outputs.add("{@code " + dotOf(p).name() + "}"));
      spec.addJavadoc(
          "Forward mode of {@link $L}: runs it, and updates the tangent of each array it\n"
              + "writes into ($L) along the given tangents, in one pass: on entry that tangent is\n"
              + "the tangent of the array's contents, on return the tangent of its new contents.\n",
          origin.link(), outputs.toString());
    } else {
      spec.addJavadoc(
          "Forward mode of {@link $L}: its value and its directional derivative\n"
              + "$L along the given tangents, in one pass$L.\n",
          origin.link(),
          directions.toString(),
          method.isVectorValued() ? " (a Jacobian-vector product)" : "");
    }
    if (packed) {
      spec.addJavadoc(
          "The tangents of the scalar parameters come in {@code $L}, in parameter order: one\n"
              + "parameter each would pass the JVM's limit of 255 parameter slots.\n",
          tangents);
    }
    return spec.addCode(declarations.build()).addCode(body.build()).build();
  }

  private Variable dotOf(Variable v) {
    return dots.computeIfAbsent(
        v, k -> Variable.temporary(namer.fresh(k.name() + "Dot"), k.type(), k.rank()));
  }

  private void statements(List<Stmt> list) {
    lines.enterBlock();
    for (Stmt s : list) {
      lines.before(body, s);
      statement(s);
    }
  }

  private void statement(Stmt s) {
    if (s instanceof Stmt.Declare d && isDifferentiableCall(d.variable(), d.init())) {
      scopeOf.put(d.variable(), depth);
      callTangent(d.variable(), (Expr.Call) d.init(), true);
    } else if (s instanceof Stmt.Assign a
        && a.op() == null
        && isDifferentiableCall(a.variable(), a.value())) {
      callTangent(a.variable(), (Expr.Call) a.value(), false);
    } else if (s instanceof Stmt.Declare d && d.variable().isArray()) {
      scopeOf.put(d.variable(), depth);
      body.add(Statements.declaration(d.variable(), d.init()));
      if (activity.isActive(d.variable())) {
        // An array's tangent is an array of the same shape: zeros, an alias, or element tangents.
        Variable dot = dotOf(d.variable());
        declaredAt.put(d.variable(), depth);
        body.add(Statements.declaration(dot, d.init() == null ? null : tangentArray(d.init())));
      }
    } else if (s instanceof Stmt.Store st) {
      if (activity.isActive(st.array())) {
        // Before the store: the tangent reads the old elements, as the value does.
        Expr t = orZero(tangent(st.rhs(), null), st.target().type());
        body.addStatement(
            "$L = $L", print(tangentArray(st.target())), print(Algebra.storedAs(st.target().type(), t)));
      }
      body.add(Statements.store(st)).add(";\n");
    } else if (s instanceof Stmt.Fill f) {
      if (activity.isActive(f.array())) {
        Expr t = Algebra.storedAs(f.array().type(), orZero(tangent(f.value(), null), f.array().type()));
        body.addStatement("$T.fill($N, $L)", java.util.Arrays.class, dotOf(f.array()).name(), print(t));
      }
      body.addStatement("$T.fill($N, $L)", java.util.Arrays.class, f.array().name(), print(f.value()));
    } else if (s instanceof Stmt.Eval e) {
      writingCall(e.call());
    } else if (s instanceof Stmt.Copy c) {
      CodeBlock at = print(c.targetStart());
      CodeBlock length = print(c.length());
      if (activity.isActive(c.target()) && activity.isActive(c.source())) {
        body.addStatement("$T.arraycopy($N, $L, $N, $L, $L)", System.class, dotOf(c.source()).name(),
            print(c.sourceStart()), dotOf(c.target()).name(), at, length);
      } else if (activity.isActive(c.target())) {
        body.addStatement("$T.fill($N, $L, $L + $L, 0)", java.util.Arrays.class, dotOf(c.target()).name(), at, at, length);
      }
      body.addStatement("$T.arraycopy($N, $L, $N, $L, $L)", System.class, c.source().name(),
          print(c.sourceStart()), c.target().name(), at, length);
    } else if (s instanceof Stmt.Declare d) {
      scopeOf.put(d.variable(), depth);
      body.add(Statements.declaration(d.variable(), d.init()));
      if (activity.isActive(d.variable())) {
        setTangent(d.variable(), d.init() == null ? null : tangent(d.init(), new Expr.Local(d.variable())));
      }
    } else if (s instanceof Stmt.Assign a) {
      assign(a);
    } else if (s instanceof Stmt.Return && method.returnsVoid()) {
      if (depth > 1 || s != method.body().get(method.body().size() - 1)) {
        body.addStatement("return");
      }
    } else if (s instanceof Stmt.Return r && method.isVectorValued()) {
      body.add(Statements.declaration(value, r.value()));
      // The tangent of the returned array; zeros if it does not depend on an active input.
      CodeBlock dot =
          Activity.dependsOn(r.value(), activity::isActive)
              ? print(tangentArray(r.value()))
              : CodeBlock.of("$T.zerosLike($N)", ClassName.get("io.javad.runtime", "ArrayShapes"), value.name());
      body.addStatement("return new $T($N, $L)", returned, value.name(), dot);
    } else if (s instanceof Stmt.Return r) {
      body.add(Statements.declaration(value, r.value()));
      Expr dot = tangent(r.value(), new Expr.Local(value));
      body.addStatement(
          "return new $T($N, $L)", DUAL, value.name(), print(orZero(dot, value.type())));
    } else if (s instanceof Stmt.Block b) {
      compound(b.body(), () -> {
        body.add("{\n").indent();
        nested(b.body());
        body.unindent().add("}\n");
      });
    } else if (s instanceof Stmt.If i) {
      compound(StmtScan.children(i), () -> ifStatement(i));
    } else if (s instanceof Stmt.Loop l) {
      compound(StmtScan.children(l), () -> loop(l));
    } else if (s instanceof Stmt.Throw t) {
      body.add(Statements.throwStatement(t));
    } else if (s instanceof Stmt.Break b) {
      body.addStatement(b.label() == null ? "break" : "break " + b.label());
    } else if (s instanceof Stmt.Continue c) {
      body.addStatement(c.label() == null ? "continue" : "continue " + c.label());
    }
  }

  /** {@code v = g(...)} where g is {@code @Differentiable} and v gets a tangent. */
  private boolean isDifferentiableCall(Variable v, Expr value) {
    return value instanceof Expr.Call c && c.callee() != null && activity.isActive(v);
  }

  /**
   * {@code v = g(a, w)} through g's own forward mode: {@code Dual g = GDerivatives.gTangent(a,
   * aDot, w, wDot); v = g.value(); vDot = g.tangent();}. An argument without a tangent passes
   * zero (zeros of its shape for an array).
   */
  private void callTangent(Variable v, Expr.Call c, boolean declare) {
    Callee callee = c.callee();
    List<CodeBlock> arguments = tangentArguments(c);
    Variable dual = Variable.temporary(namer.fresh(callee.tangent()), v.type());
    body.addStatement(
        "$T $N = $L($L)",
        !v.isArray()
            ? DUAL
            : ResultTypes.ownTangentRecord(v.type(), v.rank())
                ? JavaPrinter.className(callee.tangentClass()).nestedClass(callee.tangentRecord())
                : DUAL_ARRAY,
        dual.name(),
        JavaPrinter.member(callee.tangentClass(), callee.tangent()),
        CodeBlock.join(arguments, ", "));
    // Dual holds doubles: a float result is narrowed, as the callee's own value was.
    String narrow = v.type() == io.javad.processor.ir.Type.FLOAT && !v.isArray() ? "(float) " : "";
    if (declare) {
      body.addStatement(
          "$T $N = $L$N.value()", JavaTypes.of(v.javaType()), v.name(), narrow, dual.name());
    } else {
      body.addStatement("$N = $L$N.value()", v.name(), narrow, dual.name());
    }
    Variable dot = dotOf(v);
    zero.remove(v);
    if (declaredAt.containsKey(v)) {
      body.addStatement("$N = $L$N.tangent()", dot.name(), narrow, dual.name());
    } else {
      declaredAt.put(v, depth);
      body.addStatement(
          "$T $N = $L$N.tangent()", JavaTypes.of(dot.javaType()), dot.name(), narrow, dual.name());
    }
  }

  /** A callee's tangent's arguments: each argument, and its tangent where the callee takes one. */
  private List<CodeBlock> tangentArguments(Expr.Call c) {
    Callee callee = c.callee();
    List<CodeBlock> arguments = new ArrayList<>();
    if (c.receiver() != null) {
      arguments.add(CodeBlock.of("$L", c.receiver()));
    }
    List<CodeBlock> packed = new ArrayList<>();
    for (int i = 0; i < c.arguments().size(); i++) {
      Expr arg = c.arguments().get(i);
      arguments.add(print(arg));
      if (!callee.active().get(i)) {
        continue;
      }
      if (arg.rank() > 0) {
        // The shared zeros must stay zero: an array the callee writes gets zeros of its own.
        // A user's rule may read its tangents' lengths: zeros of the argument's own shape.
        arguments.add(
            Activity.dependsOn(arg, activity::isActive)
                ? print(tangentArray(arg))
                : callee.writes(i) || callee.userRules()
                    ? CodeBlock.of("$T.zerosLike($L)", ClassName.get("io.javad.runtime", "ArrayShapes"), print(arg))
                    : zerosFor(arg));
      } else {
        CodeBlock dot = print(Algebra.storedAs(arg.type(), orZero(tangent(arg, null), arg.type())));
        (callee.packsTangents() ? packed : arguments).add(dot);
      }
    }
    if (callee.packsTangents()) {
      arguments.add(CodeBlock.of("new double[] {$L}", CodeBlock.join(packed, ", ")));
    }
    return arguments;
  }

  /**
   * A call as a statement. {@code g(a, y)} where g writes into y: through g's tangent, which updates {@code yDot} in place
   * ({@code GDerivatives.gTangent(a, aDot, y, yDot)}), when a written array is active; else as is.
   */
  private void writingCall(Expr.Call c) {
    if (StmtScan.writtenBy(c).stream().noneMatch(activity::isActive)) {
      // Nothing it writes carries a derivative (a log line's call, or data): as it is.
      body.addStatement("$L", print(c));
      return;
    }
    body.add(Statements.distinctRows(c, TangentGenerator::print));
    body.addStatement(
        "$L($L)", JavaPrinter.member(c.callee().tangentClass(), c.callee().tangent()),
        CodeBlock.join(tangentArguments(c), ", "));
  }

  /**
   * The tangent of data passed for a parameter the callee differentiates for: zeros, from one array
   * per element type and rank that grows as needed. The callee only reads it, so it stays zero.
   */
  private CodeBlock zerosFor(Expr arg) {
    String key = arg.type().javaName() + "[]".repeat(arg.rank());
    Variable zeros = this.zeros.get(key);
    if (zeros == null) {
      zeros = Variable.temporary(namer.fresh("zeros"), arg.type(), arg.rank());
      this.zeros.put(key, zeros);
    }
    body.addStatement(
        "$N = $T.zeros($N, $L)",
        zeros.name(), ClassName.get("io.javad.runtime", "ArrayShapes"), zeros.name(), print(arg));
    return CodeBlock.of("$N", zeros.name());
  }

  private void ifStatement(Stmt.If i) {
    body.beginControlFlow("if ($L)", print(i.condition()));
    nested(i.then());
    List<Stmt> otherwise = i.otherwise();
    while (otherwise.size() == 1 && otherwise.get(0) instanceof Stmt.If elseIf) {
      body.nextControlFlow("else if ($L)", print(elseIf.condition()));
      nested(elseIf.then());
      otherwise = elseIf.otherwise();
    }
    if (!otherwise.isEmpty()) {
      body.nextControlFlow("else");
      nested(otherwise);
    }
    body.endControlFlow();
  }

  private void loop(Stmt.Loop l) {
    String label = l.label() == null ? "" : l.label() + ":\n";
    CodeBlock condition = l.condition() == null ? CodeBlock.of("") : print(l.condition());
    switch (l.kind()) {
      case WHILE -> {
        body.add(label);
        body.beginControlFlow("while ($L)", l.condition() == null ? "true" : condition);
        nested(l.body());
        body.endControlFlow();
      }
      case DO_WHILE -> {
        body.add(label);
        body.beginControlFlow("do");
        nested(l.body());
        body.endControlFlow("while ($L)", condition);
      }
      case FOR -> {
        depth++; // the header's declarations are scoped to the loop
        CodeBlock init = header(l.init());
        CodeBlock update = header(l.update());
        body.add(label);
        body.beginControlFlow("for ($L; $L; $L)", init, condition, update);
        nested(l.body());
        body.endControlFlow();
        leaveScope();
      }
    }
  }

  /**
   * A for loop's init or update clause: the statements and their tangents as one comma-separated
   * list ({@code double t = x, tDot = xDot} or {@code i++, tDot = ..., t *= x}). Tangents in a header
   * are always stored, never left implicit.
   */
  private CodeBlock header(List<Stmt> clause) {
    List<CodeBlock> parts = new ArrayList<>();
    String declaredType = null;
    for (Stmt s : clause) {
      if (s instanceof Stmt.Declare d) {
        Variable v = d.variable();
        scopeOf.put(v, depth);
        declaredType = v.type().javaName();
        parts.add(Statements.initializer(v, d.init()));
        if (activity.isActive(v)) {
          Expr t = d.init() == null ? null : tangent(d.init(), new Expr.Local(v));
          declaredAt.put(v, depth);
          parts.add(CodeBlock.of("$N = $L", dotOf(v).name(), print(Algebra.storedAs(v.type(), orZero(t, v.type())))));
        }
      } else if (s instanceof Stmt.Assign a) {
        Variable v = a.variable();
        if (!activity.isActive(v)) {
          parts.add(Statements.assignment(a));
          continue;
        }
        Expr t = orZero(tangent(a.rhs(), null), v.type());
        parts.add(CodeBlock.of("$N = $L", dotOf(v).name(), print(Algebra.storedAs(v.type(), t))));
        parts.add(Statements.assignment(a));
      }
    }
    CodeBlock joined = CodeBlock.join(parts, ", ");
    return declaredType == null ? joined : CodeBlock.of("$L $L", declaredType, joined);
  }

  /**
   * Runs the emission of a branch, loop or block. Every active variable it assigns gets a stored
   * tangent first, since the construct may or may not change it; afterwards those tangents are
   * no longer known to be zero.
   */
  private void compound(List<Stmt> inside, Runnable emit) {
    Set<Variable> assigned = new java.util.LinkedHashSet<>(); // in the order of the code
    StmtScan.forEach(inside, s -> {
      if (s instanceof Stmt.Assign a) {
        assigned.add(a.variable());
      }
    });
    for (Variable v : assigned) {
      if (zero.remove(v)) {
        storeTangent(v, Algebra.constant(0, v.type()));
      }
    }
    emit.run();
    zero.removeAll(assigned);
  }

  /** The statements of a nested block, in a new scope. */
  private void nested(List<Stmt> list) {
    depth++;
    Set<Variable> zeroBefore = new HashSet<>(zero);
    statements(list);
    // Zero tangents noted inside belong to variables of this block, which end here.
    zero.retainAll(zeroBefore);
    leaveScope();
  }

  private void leaveScope() {
    declaredAt.values().removeIf(d -> d >= depth);
    depth--;
  }

  private void assign(Stmt.Assign a) {
    Variable v = a.variable();
    if (!activity.isActive(v)) {
      body.add(Statements.assignment(a)).add(";\n");
      return;
    }
    Expr rhs = a.rhs();
    if (a.op() == null && !ExprScan.reads(rhs, v)) {
      // The old value is not needed: store first, so the tangent can use the new value (exp' = exp).
      body.add(Statements.assignment(a)).add(";\n");
      setTangent(v, tangent(rhs, new Expr.Local(v)));
    } else {
      // The tangent reads the old value of v: compute it before v changes.
      setTangent(v, tangent(rhs, null));
      body.add(Statements.assignment(a)).add(";\n");
    }
  }

  /**
   * Gives {@code v} the tangent {@code t}. A zero tangent of a variable of the current block is only
   * remembered, not stored: {@code double p = P23;} gets no {@code pDot}, and reads of it vanish
   * from derivative expressions. A variable of an enclosing block gets its zero stored, since code
   * after this block reads its tangent variable.
   */
  private void setTangent(Variable v, Expr t) {
    if (t == null && scopeOf.getOrDefault(v, 0) == depth) {
      zero.add(v);
      return;
    }
    zero.remove(v);
    storeTangent(v, orZero(t, v.type()));
  }

  private void storeTangent(Variable v, Expr t) {
    Variable dot = dotOf(v);
    t = Algebra.storedAs(v.type(), t);
    Expr.Local self = new Expr.Local(dot);
    if (declaredAt.containsKey(v)) {
      if (t.equals(self)) {
        return; // r -= 1 leaves rDot as it is
      }
      Expr increment = Algebra.afterLeading(self, t);
      if (increment instanceof Expr.Unary u && u.op() == io.javad.processor.ir.UnaryOp.NEGATE) {
        body.addStatement("$N -= $L", dot.name(), print(u.operand()));
      } else if (increment != null) {
        body.addStatement("$N += $L", dot.name(), print(increment)); // a running sum
      } else {
        body.addStatement("$N = $L", dot.name(), print(t));
      }
    } else {
      declaredAt.put(v, depth);
      body.addStatement("$T $N = $L", JavaTypes.of(dot.type()), dot.name(), print(t));
    }
  }

  /**
   * The tangent of {@code e}: the sum over its active children of child tangent times partial;
   * {@code null} if it is zero. {@code result} holds the value of {@code e} if stored.
   */
  private Expr tangent(Expr e, Expr result) {
    if (!Activity.dependsOn(e, activity::isActive)) {
      return null;
    }
    if (e instanceof Expr.Local l) {
      return zero.contains(l.variable()) ? null : new Expr.Local(dotOf(l.variable()));
    }
    if (e instanceof Expr.Element) {
      return tangentArray(e);
    }
    if (e instanceof Expr.Conditional c) {
      // Only the taken branch's tangent is evaluated: no NaN from the other one.
      return Algebra.conditional(
          c.condition(), tangent(c.whenTrue(), null), tangent(c.whenFalse(), null), c.type());
    }
    List<Expr> children = ExprScan.children(e);
    List<Expr> partials = Partials.of(e, result);
    List<Expr> terms = new ArrayList<>();
    for (int i = 0; i < children.size(); i++) {
      Expr partial = partials.get(i);
      if (partial != null) {
        Expr t = tangent(children.get(i), null);
        boolean unbounded = Partials.mayBeUnbounded(e) && !Algebra.isConstant(partial);
        terms.add(unbounded && t != null ? zeroWins(t, partial) : multiply(t, partial));
      }
    }
    return Algebra.sum(terms); // x * x: 2.0 * xDot * x
  }

  /** {@code Derivatives.times(t, partial)}: 0 for a zero tangent, even at an infinite partial. */
  private static Expr zeroWins(Expr t, Expr partial) {
    io.javad.processor.ir.Type type = io.javad.processor.ir.Type.promote(t.type(), partial.type());
    return new Expr.Call("io.javad.runtime.Derivatives", "times", List.of(t, partial), type);
  }

  /**
   * The tangent of an array expression, or of an element: {@code aDot} for {@code a}, {@code
   * mDot[i]} for {@code m[i]}, zeros of the same shape for a new array, element tangents for
   * {@code new double[] {x, y}}.
   */
  private Expr tangentArray(Expr e) {
    if (e instanceof Expr.Local l) {
      return new Expr.Local(dotOf(l.variable()));
    }
    if (e instanceof Expr.Element el) {
      return new Expr.Element(tangentArray(el.array()), el.index());
    }
    if (e instanceof Expr.NewArray n && n.elements() != null) {
      List<Expr> tangents = new ArrayList<>();
      for (Expr element : n.elements()) {
        tangents.add(
            element.rank() > 0
                ? tangentArray(element)
                : Algebra.storedAs(n.type(), orZero(tangent(element, null), n.type())));
      }
      return new Expr.NewArray(n.type(), n.rank(), List.of(), tangents);
    }
    if (e instanceof Expr.ArrayCopy c) {
      // The tangent of a copy is a copy of the tangent; of a copy of data, zeros of its shape.
      return Activity.dependsOn(c.array(), activity::isActive)
          ? new Expr.ArrayCopy(tangentArray(c.array()))
          : new Expr.Call("io.javad.runtime.ArrayShapes", "zerosLike", List.of(c.array()), c.type());
    }
    return e; // new double[n][m]: zeros
  }

  private static CodeBlock print(Expr e) {
    return JavaPrinter.print(e);
  }
}
