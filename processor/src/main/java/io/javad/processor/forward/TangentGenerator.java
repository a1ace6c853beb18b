package io.javad.processor.forward;

import static io.javad.processor.ir.Algebra.add;
import static io.javad.processor.ir.Algebra.multiply;
import static io.javad.processor.ir.Algebra.orZero;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import io.javad.processor.analysis.Activity;
import io.javad.processor.emit.JavaPrinter;
import io.javad.processor.emit.JavaTypes;
import io.javad.processor.emit.Origin;
import io.javad.processor.ir.Expr;
import io.javad.processor.ir.ExprScan;
import io.javad.processor.ir.MethodIr;
import io.javad.processor.ir.Namer;
import io.javad.processor.ir.Stmt;
import io.javad.processor.ir.Variable;
import io.javad.processor.rules.Partials;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import javax.lang.model.element.Modifier;

/**
 * Forward mode: each active variable {@code v} gets a tangent {@code vDot}, computed beside it in
 * the same order as the source. The result is {@code fTangent}, returning a {@code Dual}.
 */
public final class TangentGenerator {

  private static final ClassName DUAL = ClassName.get("io.javad.runtime", "Dual");

  private final MethodIr method;
  private final Activity activity;
  private final Namer namer;
  private final Map<Variable, Variable> dots = new HashMap<>();
  /** Active variables whose tangent variable has been declared. */
  private final Set<Variable> declared = new HashSet<>();
  /** Active variables whose tangent is known to be zero at this point. */
  private final Set<Variable> zero = new HashSet<>();
  private final CodeBlock.Builder body = CodeBlock.builder();

  private TangentGenerator(MethodIr method, Activity activity, Namer namer) {
    this.method = method;
    this.activity = activity;
    this.namer = namer;
  }

  public static MethodSpec generate(MethodIr method, Activity activity, Namer namer, Origin origin) {
    return new TangentGenerator(method, activity, namer).run(origin);
  }

  private MethodSpec run(Origin origin) {
    MethodSpec.Builder spec =
        MethodSpec.methodBuilder(origin.tangentName())
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(DUAL);
    StringJoiner directions = new StringJoiner(" + ");
    for (MethodIr.Parameter p : method.parameters()) {
      Variable v = p.variable();
      spec.addParameter(JavaTypes.of(p.sourceType()), v.name());
      if (p.active()) {
        declared.add(v);
        Variable dot = dotOf(v);
        spec.addParameter(TypeName.DOUBLE, dot.name());
        directions.add("∂" + method.name() + "/∂" + v.name() + " · " + dot.name());
      }
    }
    for (Stmt s : method.body()) {
      statement(s);
    }
    spec.addJavadoc(
        "Forward mode of {@link $L}: its value and its directional derivative\n"
            + "$L along the given tangents, in one pass.\n",
        origin.link(),
        directions.toString());
    return spec.addCode(body.build()).build();
  }

  private Variable dotOf(Variable v) {
    return dots.computeIfAbsent(v, k -> Variable.temporary(namer.fresh(k.name() + "Dot"), k.type()));
  }

  private void statement(Stmt s) {
    if (s instanceof Stmt.Declare d) {
      declare(d.variable(), d.init());
    } else if (s instanceof Stmt.Assign a) {
      assign(a);
    } else if (s instanceof Stmt.Return r) {
      Variable value = Variable.temporary(namer.fresh("value"), method.returnType());
      primalDeclare(value, r.value());
      Expr dot = tangent(r.value(), new Expr.Local(value));
      body.addStatement(
          "return new $T($N, $L)", DUAL, value.name(), print(orZero(dot, value.type())));
    }
  }

  private void declare(Variable v, Expr init) {
    primalDeclare(v, init);
    if (activity.isActive(v)) {
      setTangent(v, init == null ? null : tangent(init, new Expr.Local(v)));
    }
  }

  /**
   * Gives {@code v} the tangent {@code t}. A zero tangent is only remembered, not stored: {@code
   * double p = P23;} gets no {@code pDot}, and reads of it vanish from derivative expressions. The
   * tangent variable is declared where its first nonzero value is assigned.
   */
  private void setTangent(Variable v, Expr t) {
    if (t == null) {
      zero.add(v);
      return;
    }
    zero.remove(v);
    Variable dot = dotOf(v);
    if (declared.add(v)) {
      body.addStatement("$L $N = $L", dot.type().javaName(), dot.name(), print(t));
    } else {
      body.addStatement("$N = $L", dot.name(), print(t));
    }
  }

  private void primalDeclare(Variable v, Expr init) {
    if (init == null) {
      body.addStatement("$L $N", v.type().javaName(), v.name());
    } else {
      body.addStatement("$L $N = $L", v.type().javaName(), v.name(), print(init));
    }
  }

  private void assign(Stmt.Assign a) {
    Variable v = a.variable();
    if (!activity.isActive(v)) {
      primal(a);
      return;
    }
    Expr rhs = a.rhs();
    if (a.op() == null && !ExprScan.reads(rhs, v)) {
      // The old value is not needed: store first, so the tangent can use the new value (exp' = exp).
      primal(a);
      setTangent(v, tangent(rhs, new Expr.Local(v)));
    } else {
      // The tangent reads the old value of v: compute it before v changes.
      setTangent(v, tangent(rhs, null));
      primal(a);
    }
  }

  private void primal(Stmt.Assign a) {
    String op = a.op() == null ? "=" : a.op().symbol() + "=";
    body.addStatement("$N $L $L", a.variable().name(), op, print(a.value()));
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
    List<Expr> children = ExprScan.children(e);
    List<Expr> partials = Partials.of(e, result);
    Expr sum = null;
    for (int i = 0; i < children.size(); i++) {
      Expr partial = partials.get(i);
      if (partial != null) {
        sum = add(sum, multiply(tangent(children.get(i), null), partial));
      }
    }
    return sum;
  }

  private static CodeBlock print(Expr e) {
    return JavaPrinter.print(e);
  }
}
