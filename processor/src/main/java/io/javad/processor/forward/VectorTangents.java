package io.javad.processor.forward;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import io.javad.processor.emit.JavaPrinter;
import io.javad.processor.emit.JavaTypes;
import io.javad.processor.emit.Origin;
import io.javad.processor.emit.Statements;
import io.javad.processor.ir.Expr;
import io.javad.processor.ir.ExprScan;
import io.javad.processor.ir.MethodIr;
import io.javad.processor.ir.Namer;
import io.javad.processor.ir.Stmt;
import io.javad.processor.ir.Substitution;
import io.javad.processor.ir.Type;
import io.javad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * Forward mode along k directions in one pass (Tapenade's vector mode): {@code fTangents}, printed
 * from the tangent program ({@link TangentProgram}) with each tangent variable an array over the
 * directions. The primal statements run once; each tangent statement becomes a loop over the
 * directions, with the partials it multiplies (which do not depend on the direction) computed once
 * before it.
 */
public final class VectorTangents {

  private static final ClassName DUALS = ClassName.get("io.javad.runtime", "Duals");
  private static final ClassName DUALS_ARRAY = ClassName.get("io.javad.runtime", "DualsArray");

  private final Set<Variable> dots;
  private final Namer namer;
  private final Variable direction;
  private final Variable count;
  private final CodeBlock.Builder body = CodeBlock.builder();
  /** The parts of the current tangent statement computed before its loop, by expression. */
  private final java.util.Map<Expr, Variable> computed = new java.util.HashMap<>();

  private VectorTangents(Set<Variable> dots, Namer namer) {
    this.dots = dots;
    this.namer = namer;
    this.direction = Variable.temporary(namer.fresh("d"), Type.INT);
    this.count = Variable.temporary(namer.fresh("k"), Type.INT);
  }

  /**
   * {@code Duals fTangents(x, xDots, ...)}: {@code program} is {@link TangentProgram#withValue}'s,
   * whose return gives the value and the tangent; {@code dots} its tangent variables.
   *
   * @throws TangentProgram.Unsupported for a loop header with tangents
   */
  public static MethodSpec generate(
      MethodIr program, Set<Variable> dots, Namer namer, MethodIr method, Origin origin) {
    return new VectorTangents(dots, namer).run(program, method, origin);
  }

  private MethodSpec run(MethodIr program, MethodIr method, Origin origin) {
    MethodSpec.Builder spec =
        MethodSpec.methodBuilder(method.name() + "Tangents")
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(method.isVectorValued() ? DUALS_ARRAY : DUALS);
    origin.addReceiver(spec);
    String first = null;
    List<String> vectors = new ArrayList<>();
    for (MethodIr.Parameter p : program.parameters()) {
      Variable v = p.variable();
      if (dots.contains(v)) {
        spec.addParameter(JavaTypes.of(v.javaType() + "[]"), v.name());
        vectors.add(v.name());
        first = first == null ? v.name() : first;
      } else {
        spec.addParameter(JavaTypes.of(p.sourceType()), v.name());
      }
    }
    if (first == null) {
      throw new TangentProgram.Unsupported("it has no active input");
    }
    body.addStatement("int $N = $N.length", count.name(), first);
    for (String v : vectors.subList(1, vectors.size())) {
      body.beginControlFlow("if ($N.length != $N)", v, count.name());
      body.addStatement(
          "throw new $T($S + $N.length + $S + $N)", IllegalArgumentException.class,
          v + " has ", v, " directions, the first tangent array has ", count.name());
      body.endControlFlow();
    }
    statements(program.body());
    spec.addCode(body.build());
    CodeBlock.Builder params = CodeBlock.builder();
    for (MethodIr.Parameter p : program.parameters()) {
      Variable v = p.variable();
      if (dots.contains(v)) {
        params.add("@param $N the tangents, one per direction\n", v.name());
      } else {
        params.add("@param $N the method's argument {@code $N}\n", v.name(), v.name());
      }
    }
    params.add(
        "@return the value and the directional derivatives, one per direction\n");
    spec.addJavadoc(
        "Forward mode of {@link $L} along k directions in one pass (vector mode): its value, and\n"
            + "its directional derivative along each direction d, from the tangents {@code xDots[d]}\n"
            + "of each active input (a scalar input's tangents are a {@code double[k]}, an array's a\n"
            + "{@code double[k][...]}). The function's own computation runs once.\n",
        origin.link());
    spec.addJavadoc("\n").addJavadoc(params.build());
    return spec.build();
  }

  /**
   * {@code FJacobian fJacobianForward(params)}: the Jacobian of a vector-valued method by vector
   * mode, one direction per active input entry ({@code fTangents} with unit directions), in the
   * record {@code fJacobian} returns: for few inputs and many outputs.
   */
  public static MethodSpec jacobianForward(MethodIr method, Origin origin) {
    ClassName record = origin.companion().nestedClass(origin.jacobianRecord());
    MethodSpec.Builder spec =
        MethodSpec.methodBuilder(method.name() + "JacobianForward")
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(record);
    origin.addReceiver(spec);
    Namer names = io.javad.processor.emit.FlatInputs.names(method, origin);
    String n = names.fresh("n");
    String at = names.fresh("at");
    String r = names.fresh("r");
    String i = names.fresh("i");
    String j = names.fresh("j");
    String d = names.fresh("d");
    String out = names.fresh("out");
    String outputs = names.fresh("outputs");
    String entry = names.fresh("entry");
    for (MethodIr.Parameter p : method.parameters()) {
      spec.addParameter(JavaTypes.of(p.sourceType()), p.variable().name());
    }
    spec.addStatement("int $N = $L", n, io.javad.processor.emit.FlatInputs.size(method));
    spec.addStatement("int $N = 0", at);
    List<CodeBlock> arguments = new ArrayList<>();
    if (origin.instance()) {
      arguments.add(CodeBlock.of("$N", Origin.SELF));
    }
    java.util.Map<Variable, String> dots = new java.util.LinkedHashMap<>();
    java.util.Map<Variable, String> offsets = new java.util.LinkedHashMap<>();
    for (MethodIr.Parameter p : method.parameters()) {
      Variable v = p.variable();
      arguments.add(CodeBlock.of("$N", v.name()));
      if (!p.active()) {
        continue;
      }
      String dot = names.fresh(v.name() + "Dots");
      String offset = names.fresh(v.name() + "At");
      dots.put(v, dot);
      offsets.put(v, offset);
      arguments.add(CodeBlock.of("$N", dot));
      spec.addStatement("int $N = $N", offset, at);
      // One unit direction per entry of this input.
      if (v.rank() == 0) {
        spec.addStatement("double[] $N = new double[$N]", dot, n);
        spec.addStatement("$N[$N++] = 1", dot, at);
      } else if (v.rank() == 1) {
        spec.addStatement("double[][] $N = new double[$N][$N.length]", dot, n, v.name());
        spec.beginControlFlow("for (int $N = 0; $N < $N.length; $N++)", i, i, v.name(), i);
        spec.addStatement("$N[$N++][$N] = 1", dot, at, i);
        spec.endControlFlow();
      } else {
        spec.addStatement("double[][][] $N = new double[$N][][]", dot, n);
        spec.beginControlFlow("for (int $N = 0; $N < $N; $N++)", d, d, n, d);
        spec.addStatement("$N[$N] = $T.zerosLike($N)", dot, d, ClassName.get("io.javad.runtime", "ArrayShapes"), v.name());
        spec.endControlFlow();
        spec.beginControlFlow("for (int $N = 0; $N < $N.length; $N++)", i, i, v.name(), i);
        spec.beginControlFlow("for (int $N = 0; $N < $N[$N].length; $N++)", j, j, v.name(), i, j);
        spec.addStatement("$N[$N++][$N][$N] = 1", dot, at, i, j);
        spec.endControlFlow();
        spec.endControlFlow();
      }
    }
    spec.addStatement(
        "$T $N = $N($L)", DUALS_ARRAY, r, method.name() + "Tangents", CodeBlock.join(arguments, ", "));
    spec.addStatement("int $N = $N.value().length", outputs, r);
    List<CodeBlock> components = new ArrayList<>();
    components.add(CodeBlock.of("$N.value()", r));
    for (Variable v : dots.keySet()) {
      String block = names.fresh(v.name() + "Jacobian");
      String o = offsets.get(v);
      if (v.rank() == 0) {
        spec.addStatement("double[] $N = new double[$N]", block, outputs);
        spec.beginControlFlow("for (int $N = 0; $N < $N; $N++)", out, out, outputs, out);
        spec.addStatement("$N[$N] = $N.tangents()[$N][$N]", block, out, r, o, out);
        spec.endControlFlow();
      } else if (v.rank() == 1) {
        spec.addStatement("double[][] $N = new double[$N][$N.length]", block, outputs, v.name());
        spec.beginControlFlow("for (int $N = 0; $N < $N; $N++)", out, out, outputs, out);
        spec.beginControlFlow("for (int $N = 0; $N < $N.length; $N++)", i, i, v.name(), i);
        spec.addStatement("$N[$N][$N] = $N.tangents()[$N + $N][$N]", block, out, i, r, o, i, out);
        spec.endControlFlow();
        spec.endControlFlow();
      } else {
        spec.addStatement("double[][][] $N = new double[$N][][]", block, outputs);
        spec.beginControlFlow("for (int $N = 0; $N < $N; $N++)", out, out, outputs, out);
        spec.addStatement("$N[$N] = $T.zerosLike($N)", block, out, ClassName.get("io.javad.runtime", "ArrayShapes"), v.name());
        spec.addStatement("int $N = $N", entry, o);
        spec.beginControlFlow("for (int $N = 0; $N < $N.length; $N++)", i, i, v.name(), i);
        spec.beginControlFlow("for (int $N = 0; $N < $N[$N].length; $N++)", j, j, v.name(), i, j);
        spec.addStatement("$N[$N][$N][$N] = $N.tangents()[$N++][$N]", block, out, i, j, r, entry, out);
        spec.endControlFlow();
        spec.endControlFlow();
        spec.endControlFlow();
      }
      components.add(CodeBlock.of("$N", block));
    }
    spec.addStatement("return new $T($L)", record, CodeBlock.join(components, ", "));
    spec.addJavadoc(
        "The Jacobian of {@link $L} by forward mode, one direction per active input entry in a\n"
            + "single vector-mode pass ({@code $N}): cheaper than {@code $N} when it has fewer inputs\n"
            + "than returned values.\n",
        origin.link(), method.name() + "Tangents", origin.jacobianName());
    return spec.build();
  }

  private void statements(List<Stmt> list) {
    for (Stmt s : list) {
      statement(s);
    }
  }

  private void statement(Stmt s) {
    Variable target = s instanceof Stmt.Declare d ? d.variable() : null;
    if (target != null && dots.contains(target)) {
      declareDot((Stmt.Declare) s);
    } else if (s instanceof Stmt.Assign a && dots.contains(a.variable())) {
      perDirection(a.value(), v -> CodeBlock.of("$N[$N] = $L", a.variable().name(), direction.name(), v));
    } else if (s instanceof Stmt.Store st && dots.contains(st.array())) {
      Expr target2 = vectorized(st.target());
      perDirection(st.rhs(), v -> CodeBlock.of("$L = $L", JavaPrinter.print(target2), v));
    } else if (s instanceof Stmt.Fill f && dots.contains(f.array())) {
      perDirection(
          f.value(),
          v -> CodeBlock.of("$T.fill($N[$N], $L)", java.util.Arrays.class, f.array().name(), direction.name(), v));
    } else if (s instanceof Stmt.Copy c && dots.contains(c.target())) {
      body.beginControlFlow("for (int $N = 0; $N < $N; $N++)", direction.name(), direction.name(), count.name(), direction.name());
      body.addStatement(
          "$T.arraycopy($N[$N], $L, $N[$N], $L, $L)", System.class, c.source().name(), direction.name(),
          JavaPrinter.print(c.sourceStart()), c.target().name(), direction.name(),
          JavaPrinter.print(c.targetStart()), JavaPrinter.print(c.length()));
      body.endControlFlow();
    } else if (s instanceof Stmt.Return r && r.value() instanceof Expr.NewArray n && n.rank() == 2) {
      // A vector-valued method: its array, and per direction the array's tangent.
      Variable value = Variable.temporary(namer.fresh("value"), Type.DOUBLE, 1);
      Variable tangents = Variable.temporary(namer.fresh("tangents"), Type.DOUBLE, 2);
      body.add(Statements.declaration(value, n.elements().get(0)));
      body.addStatement("double[][] $N = new double[$N][]", tangents.name(), count.name());
      perDirection(n.elements().get(1), v -> CodeBlock.of("$N[$N] = $L", tangents.name(), direction.name(), v));
      body.addStatement("return new $T($N, $N)", DUALS_ARRAY, value.name(), tangents.name());
    } else if (s instanceof Stmt.Return r && r.value() instanceof Expr.NewArray n && n.elements().size() == 2) {
      Variable value = Variable.temporary(namer.fresh("value"), Type.DOUBLE);
      Variable tangents = Variable.temporary(namer.fresh("tangents"), Type.DOUBLE, 1);
      body.add(Statements.declaration(value, n.elements().get(0)));
      body.addStatement("double[] $N = new double[$N]", tangents.name(), count.name());
      perDirection(n.elements().get(1), v -> CodeBlock.of("$N[$N] = $L", tangents.name(), direction.name(), v));
      body.addStatement("return new $T($N, $N)", DUALS, value.name(), tangents.name());
    } else if (s instanceof Stmt.Declare d) {
      body.add(Statements.declaration(d.variable(), d.init()));
    } else if (s instanceof Stmt.Assign a) {
      body.add(Statements.assignment(a)).add(";\n");
    } else if (s instanceof Stmt.Store st) {
      body.add(Statements.store(st)).add(";\n");
    } else if (s instanceof Stmt.Fill f) {
      body.addStatement("$T.fill($N, $L)", java.util.Arrays.class, f.array().name(), JavaPrinter.print(f.value()));
    } else if (s instanceof Stmt.Copy c) {
      body.addStatement("$T.arraycopy($N, $L, $N, $L, $L)", System.class, c.source().name(),
          JavaPrinter.print(c.sourceStart()), c.target().name(), JavaPrinter.print(c.targetStart()),
          JavaPrinter.print(c.length()));
    } else if (s instanceof Stmt.Eval e) {
      body.addStatement("$L", JavaPrinter.print(e.call()));
    } else if (s instanceof Stmt.Block b) {
      body.add("{\n").indent();
      statements(b.body());
      body.unindent().add("}\n");
    } else if (s instanceof Stmt.If i) {
      body.beginControlFlow("if ($L)", JavaPrinter.print(i.condition()));
      statements(i.then());
      if (!i.otherwise().isEmpty()) {
        body.nextControlFlow("else");
        statements(i.otherwise());
      }
      body.endControlFlow();
    } else if (s instanceof Stmt.Loop l) {
      loop(l);
    } else if (s instanceof Stmt.Break b) {
      body.addStatement(b.label() == null ? "break" : "break " + b.label());
    } else if (s instanceof Stmt.Continue c) {
      body.addStatement(c.label() == null ? "continue" : "continue " + c.label());
    } else if (s instanceof Stmt.Throw t) {
      body.add(io.javad.processor.emit.Statements.throwStatement(t));
    } else {
      throw new TangentProgram.Unsupported("a statement vector mode cannot write yet");
    }
  }

  private void loop(Stmt.Loop l) {
    for (Stmt s : l.init()) {
      if (io.javad.processor.ir.StmtScan.targets(s).stream().anyMatch(dots::contains)) {
        throw new TangentProgram.Unsupported("a loop header declares a floating-point variable");
      }
    }
    for (Stmt s : l.update()) {
      if (io.javad.processor.ir.StmtScan.targets(s).stream().anyMatch(dots::contains)) {
        throw new TangentProgram.Unsupported("a loop header updates a floating-point variable");
      }
    }
    if (l.label() != null) {
      body.add("$L:\n", l.label());
    }
    CodeBlock condition = l.condition() == null ? CodeBlock.of("true") : JavaPrinter.print(l.condition());
    switch (l.kind()) {
      case WHILE -> {
        body.beginControlFlow("while ($L)", condition);
        statements(l.body());
        body.endControlFlow();
      }
      case DO_WHILE -> {
        body.beginControlFlow("do");
        statements(l.body());
        body.endControlFlow("while ($L)", condition);
      }
      case FOR -> {
        List<CodeBlock> init = new ArrayList<>();
        String type = null;
        for (Stmt s : l.init()) {
          if (s instanceof Stmt.Declare d) {
            type = d.variable().javaType();
            init.add(Statements.initializer(d.variable(), d.init()));
          } else {
            init.add(Statements.assignment((Stmt.Assign) s));
          }
        }
        List<CodeBlock> update = new ArrayList<>();
        for (Stmt s : l.update()) {
          update.add(Statements.assignment((Stmt.Assign) s));
        }
        body.beginControlFlow(
            "for ($L$L; $L; $L)", type == null ? "" : type + " ", CodeBlock.join(init, ", "),
            l.condition() == null ? "" : condition, CodeBlock.join(update, ", "));
        statements(l.body());
        body.endControlFlow();
      }
    }
  }

  /** {@code double[] vDots = new double[k];} (rows per direction for an array), then its values. */
  private void declareDot(Stmt.Declare d) {
    Variable v = d.variable();
    String type = v.javaType() + "[]";
    if (v.isArray() && (d.init() == null || d.init() instanceof Expr.NewArray n && n.elements() == null)) {
      // new double[n] per direction: zeros of the array's shape, k of them.
      if (d.init() == null) {
        body.addStatement("$L $N = null", type, v.name());
      } else {
        body.addStatement(
            "$L $N = new $L[$N]$L", type, v.name(), v.type().javaName(), count.name(),
            sizesOf((Expr.NewArray) d.init()));
      }
      return;
    }
    if (v.isArray()) {
      // One array of v's shape per direction, filled below: new double[k][][] for a matrix.
      body.addStatement(
          "$L $N = new $L[$N]$L", type, v.name(), v.type().javaName(), count.name(), "[]".repeat(v.rank()));
      perDirection(d.init(), value -> CodeBlock.of("$N[$N] = $L", v.name(), direction.name(), value));
      return;
    }
    body.addStatement("$L $N = new $L[$N]", type, v.name(), v.type().javaName(), count.name());
    if (d.init() != null && !(d.init() instanceof Expr.Literal l && l.is(0))) {
      perDirection(d.init(), value -> CodeBlock.of("$N[$N] = $L", v.name(), direction.name(), value));
    }
  }

  private static CodeBlock sizesOf(Expr.NewArray n) {
    CodeBlock.Builder out = CodeBlock.builder();
    for (Expr size : n.sizes()) {
      out.add("[$L]", JavaPrinter.print(size));
    }
    for (int r = n.sizes().size(); r < n.rank(); r++) {
      out.add("[]");
    }
    return out.build();
  }

  /**
   * {@code for (int d = 0; d < k; d++) target = value[d];}, the parts of {@code value} that do not
   * depend on the direction computed once before the loop.
   */
  private void perDirection(Expr value, java.util.function.Function<CodeBlock, CodeBlock> store) {
    computed.clear();
    Expr hoisted = hoist(value);
    body.beginControlFlow(
        "for (int $N = 0; $N < $N; $N++)", direction.name(), direction.name(), count.name(), direction.name());
    body.addStatement("$L", store.apply(JavaPrinter.print(vectorized(hoisted))));
    body.endControlFlow();
  }

  /** {@code value} with its largest direction-free, non-trivial parts read from new locals. */
  private Expr hoist(Expr e) {
    if (!readsDot(e)) {
      if (ExprScan.children(e).isEmpty() || e instanceof Expr.Element || e instanceof Expr.Length) {
        return e;
      }
      Variable local = computed.get(e);
      if (local == null) {
        // Computed once for the statement, however often its tangent uses it.
        local = Variable.temporary(namer.fresh("partial"), e.type(), e.rank());
        body.add(Statements.declaration(local, e));
        computed.put(e, local);
      }
      return new Expr.Local(local);
    }
    if (e instanceof Expr.Conditional c) {
      // Only the taken branch is evaluated: nothing of a branch is computed before.
      return new Expr.Conditional(hoist(c.condition()), c.whenTrue(), c.whenFalse(), c.type());
    }
    return Substitution.rebuild(e, this::hoist);
  }

  private boolean readsDot(Expr e) {
    boolean[] found = {false};
    ExprScan.forEachLocal(e, v -> found[0] |= dots.contains(v));
    return found[0];
  }

  /** Each read of a tangent variable {@code vDot} as {@code vDot[d]}, this direction's. */
  private Expr vectorized(Expr e) {
    return Substitution.apply(
        e,
        v -> dots.contains(v)
            ? new Expr.Element(
                new Expr.Local(new Variable(v.name(), v.type(), v.id(), v.parameter(), v.rank() + 1)),
                new Expr.Local(direction))
            : null);
  }
}
