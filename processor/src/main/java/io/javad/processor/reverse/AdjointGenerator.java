package io.javad.processor.reverse;

import static io.javad.processor.ir.Algebra.orZero;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeSpec;
import io.javad.processor.analysis.Activity;
import io.javad.processor.emit.JavaPrinter;
import io.javad.processor.emit.JavaTypes;
import io.javad.processor.emit.Origin;
import io.javad.processor.ir.Algebra;
import io.javad.processor.ir.Expr;
import io.javad.processor.ir.MethodIr;
import io.javad.processor.ir.Namer;
import io.javad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import javax.lang.model.element.Modifier;

/**
 * Reverse mode: a forward sweep that computes and keeps the primal values, then a backward sweep
 * that propagates adjoints {@code vBar = ∂value/∂v} from the result to the parameters.
 *
 * <p>Adjoint contributions are collected as expressions and each adjoint is declared once, when
 * the backward sweep has passed every use of its variable: {@code double xBar = aBar + bBar;}
 * rather than a zero-initialized accumulator updated with {@code +=}.
 */
public final class AdjointGenerator {

  /** Generated members for one method: the reverse-mode methods and their result records. */
  public record Members(List<MethodSpec> methods, List<TypeSpec> records) {
    public Members(MethodSpec method, TypeSpec record) {
      this(List.of(method), List.of(record));
    }
  }

  /** Sums of more contributions than this are written one {@code +=} line per contribution. */
  private static final int LONG_SUM = 3;

  private final MethodIr method;
  private final Activity activity;
  private final Namer namer;
  private final ForwardSweep sweep;
  private final Propagation propagation;
  private final CodeBlock.Builder body = CodeBlock.builder();
  private final Map<Variable, List<Expr>> terms = new LinkedHashMap<>();
  /** The final adjoint of each variable version: its {@code vBar}, or a literal such as 1.0. */
  private final Map<Variable, Expr> adjoints = new HashMap<>();

  private AdjointGenerator(MethodIr method, Activity activity, Namer namer) {
    this.method = method;
    this.activity = activity;
    this.namer = namer;
    this.sweep = ForwardSweep.of(method, namer, namer.fresh("value"));
    this.propagation = new Propagation(this::isActive, this::temporary);
  }

  public static Members generate(MethodIr method, Activity activity, Namer namer, Origin origin) {
    return new AdjointGenerator(method, activity, namer).run(origin);
  }

  private Members run(Origin origin) {
    for (ForwardSweep.Def def : sweep.defs()) {
      declare(def.version(), def.rhs());
    }
    ForwardSweep.Def result = sweep.result();
    declare(result.version(), result.rhs());

    Map<Variable, Integer> firstUses = sweep.firstUses();
    List<ForwardSweep.Def> defs = sweep.defs();
    Expr seed = Algebra.constant(1, method.returnType());
    propagate(result.rhs(), seed, new Expr.Local(result.version()));
    declareCompleted(defs.size(), firstUses);
    for (int i = defs.size() - 1; i >= 0; i--) {
      ForwardSweep.Def def = defs.get(i);
      Expr adjoint = adjoints.get(def.version());
      if (adjoint != null && def.rhs() instanceof Expr.Call c && c.callee() != null) {
        propagateCall(c, adjoint);
      } else if (adjoint != null) {
        propagate(def.rhs(), adjoint, new Expr.Local(def.version()));
      }
      declareCompleted(i, firstUses);
    }

    ClassName recordName = origin.companion().nestedClass(origin.recordName());
    List<String> components = new ArrayList<>();
    components.add(result.version().name());
    for (Variable p : method.activeParameters()) {
      Variable bar = Variable.temporary(namer.fresh(p.name() + "Bar"), p.type());
      declareSum(bar, terms.remove(p));
      components.add(bar.name());
    }
    body.addStatement("return new $T($L)", recordName, String.join(", ", components));

    MethodSpec.Builder gradient =
        MethodSpec.methodBuilder(origin.gradientName())
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(recordName);
    origin.addReceiver(gradient);
    for (MethodIr.Parameter p : method.parameters()) {
      gradient.addParameter(JavaTypes.of(p.sourceType()), p.variable().name());
    }
    String wrt = wrtList();
    gradient.addJavadoc(
        "Reverse mode of {@link $L}: its value and its gradient with respect to\n"
            + "$L, from one forward and one backward sweep.\n",
        origin.link(),
        wrt);
    gradient.addCode(body.build());
    return new Members(gradient.build(), record(method, origin, recordName));
  }

  /** The gradient record: the value, then one component per active parameter. */
  static TypeSpec record(MethodIr method, Origin origin, ClassName recordName) {
    MethodSpec.Builder constructor = MethodSpec.constructorBuilder();
    constructor.addParameter(ParameterSpec.builder(JavaTypes.of(method.returnType()), "value").build());
    CodeBlock.Builder doc = CodeBlock.builder();
    doc.add("Value and gradient of {@link $L}.\n\n", origin.link());
    doc.add("@param value the value of {@code $L}\n", method.name());
    for (Variable p : method.activeParameters()) {
      constructor.addParameter(JavaTypes.of(p.javaType()), p.name());
      doc.add("@param $L ∂$L/∂$L\n", p.name(), method.name(), p.name());
    }
    return TypeSpec.recordBuilder(recordName)
        .addModifiers(Modifier.PUBLIC)
        .recordConstructor(constructor.build())
        .addJavadoc(doc.build())
        .build();
  }

  private String wrtList() {
    StringJoiner names = new StringJoiner(", ");
    method.activeParameters().forEach(p -> names.add(p.name()));
    return names.toString();
  }

  private void declare(Variable v, Expr rhs) {
    body.addStatement("$L $N = $L", v.type().javaName(), v.name(), print(rhs));
  }

  /**
   * Activity per version: {@code p = P23; p = p * u + P22;} makes {@code p} active, but its first
   * version, a constant, still gets no adjoint.
   */
  private boolean isActive(Variable version) {
    Variable original = sweep.original(version);
    return sweep.isVaried(version)
        && (activity.isActive(original) || original.equals(sweep.result().version()));
  }

  /**
   * Declares the adjoint of every variable whose first use is definition {@code index}: the
   * backward sweep has now passed all its uses, so the sum of its contributions is final.
   */
  private void declareCompleted(int index, Map<Variable, Integer> firstUses) {
    List<Variable> done = new ArrayList<>();
    for (Variable v : terms.keySet()) {
      if (!v.parameter() && firstUses.getOrDefault(v, -1) == index) {
        done.add(v);
      }
    }
    for (Variable v : done) {
      List<Expr> contributions = terms.remove(v);
      Expr adjoint = Algebra.sum(contributions);
      if (adjoint instanceof Expr.Literal) {
        adjoints.put(v, adjoint); // a constant adjoint (1.0 for the result) needs no name
      } else if (adjoint != null) {
        Variable bar = Variable.temporary(namer.fresh(v.name() + "Bar"), v.type());
        declareSum(bar, contributions);
        adjoints.put(v, new Expr.Local(bar));
      }
    }
  }

  /**
   * Declares {@code bar} as the sum of the contributions, which were collected backwards and are
   * summed in source order. A long sum is split into {@code +=} lines, one per contribution, as a
   * person would write it.
   */
  private void declareSum(Variable bar, List<Expr> backwards) {
    List<Expr> contributions = new ArrayList<>(backwards == null ? List.of() : backwards);
    contributions.removeIf(Algebra::isZero); // a partial that vanished (x * (c ? 0 : 0))
    Collections.reverse(contributions);
    String type = bar.type().javaName();
    if (contributions.size() <= LONG_SUM) {
      Expr sum = orZero(Algebra.sum(contributions), bar.type());
      body.addStatement("$L $N = $L", type, bar.name(), print(Algebra.storedAs(bar.type(), sum)));
      return;
    }
    body.addStatement(
        "$L $N = $L", type, bar.name(), print(Algebra.storedAs(bar.type(), contributions.get(0))));
    for (Expr term : contributions.subList(1, contributions.size())) {
      if (term instanceof Expr.Unary u && u.op() == io.javad.processor.ir.UnaryOp.NEGATE) {
        body.addStatement("$N -= $L", bar.name(), print(u.operand()));
      } else {
        body.addStatement("$N += $L", bar.name(), print(term));
      }
    }
  }

  /** Adds {@code adjoint * ∂e/∂v} to the contributions of every active variable v in {@code e}. */
  private void propagate(Expr e, Expr adjoint, Expr result) {
    // Straight-line code has no arrays: every target is a variable.
    propagation.of(e, adjoint, result).forEach((target, contributions) ->
        terms.computeIfAbsent(((Expr.Local) target).variable(), k -> new ArrayList<>())
            .addAll(contributions));
  }

  /**
   * {@code v = g(a, b)} for a {@code @Differentiable} g with scalar parameters (straight-line code
   * has no arrays): {@code GGradient gGradient = GDerivatives.gGradient(a, b);} then {@code vBar *
   * gGradient.a()} goes to what {@code a} reads.
   */
  private void propagateCall(Expr.Call c, Expr adjoint) {
    List<CodeBlock> arguments = CallAdjoints.primalArguments(c);
    boolean scaled = c.callee().userRules(); // a user's adjoint takes the result's adjoint
    if (scaled) {
      arguments.add(print(adjoint));
    }
    String record = CallAdjoints.call(body, namer, c.callee(), arguments, true);
    for (int i = 0; i < c.arguments().size(); i++) {
      Expr arg = c.arguments().get(i);
      if (c.callee().active().get(i)) {
        Expr partial = CallAdjoints.component(record, c.callee(), i, arg.type());
        propagate(arg, scaled ? partial : Algebra.multiply(adjoint, partial), null);
      }
    }
  }

  private Variable temporary(String base, Expr value) {
    Variable temp = Variable.temporary(namer.fresh(base), value.type());
    declare(temp, value);
    return temp;
  }

  private static CodeBlock print(Expr e) {
    return JavaPrinter.print(e);
  }
}
