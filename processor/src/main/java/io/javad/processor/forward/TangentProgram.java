package io.javad.processor.forward;

import io.javad.processor.analysis.Activity;
import io.javad.processor.ir.Algebra;
import io.javad.processor.ir.BinaryOp;
import io.javad.processor.ir.Callee;
import io.javad.processor.ir.Expr;
import io.javad.processor.ir.ExprScan;
import io.javad.processor.ir.MethodIr;
import io.javad.processor.ir.Namer;
import io.javad.processor.ir.Stmt;
import io.javad.processor.ir.Type;
import io.javad.processor.ir.Variable;
import io.javad.processor.rules.Partials;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Forward mode as a program of the IR rather than as printed code: {@code fDirectional(x, xDot)},
 * the directional derivative ∇f(x)·ẋ. The reverse generators differentiate it again: its gradient
 * with respect to x is the Hessian-vector product H·ẋ (reverse over forward), and with respect to
 * ẋ it is ∇f(x), since it is linear in ẋ. That is how {@code @Differentiable(order = 2)} is built.
 *
 * <p>Each statement's tangent runs before it, from the values it reads (no partial reads a value
 * the statement stores). A call to another {@code @Differentiable} method {@code g} gets the
 * tangent from {@code gDirectional}, which g's own second-order members provide.
 */
public final class TangentProgram {

  /** What the program cannot express, said in words for the error message; at a call, or null. */
  public static final class Unsupported extends RuntimeException {
    private final transient Expr.Call at;

    Unsupported(String what) {
      this(what, null);
    }

    Unsupported(String what, Expr.Call at) {
      super(what, null, false, false);
      this.at = at;
    }

    /** The call concerned, or null for the method. */
    public Expr.Call at() {
      return at;
    }
  }

  private final MethodIr method;
  private final Activity activity;
  private final Namer namer;
  private final Map<Variable, Variable> dots = new HashMap<>();
  /** Whether the return gives the value too, as {@code {value, tangent}} (for vector mode). */
  private boolean withValue;

  /** A tangent program and its tangent variables. */
  public record Program(MethodIr method, java.util.Set<Variable> dots) {}

  /**
   * As {@link #of}, with the return giving the value and the tangent as a two-element array
   * initializer, and the tangent variables named: the input of {@link VectorTangents}.
   */
  public static Program withValue(MethodIr method, Activity activity, Namer namer, String name) {
    if (io.javad.processor.emit.ResultTypes.ownTangentRecord(method)) {
      throw new Unsupported(
          "it returns " + method.returnType().javaName() + "[]".repeat(method.returnRank())
              + ", and fTangents is for methods returning a number or a double[]; call fTangent"
              + " once per direction");
    }
    TangentProgram program = new TangentProgram(method, activity, namer);
    program.withValue = true;
    MethodIr ir = program.run(name);
    return new Program(ir, new java.util.HashSet<>(program.dots.values()));
  }

  private TangentProgram(MethodIr method, Activity activity, Namer namer) {
    this.method = method;
    this.activity = activity;
    this.namer = namer;
  }

  /**
   * The directional derivative of {@code method} as a method named {@code name}: its parameters,
   * each active one followed by its tangent, active too.
   *
   * @throws Unsupported for what it cannot express yet
   */
  public static MethodIr of(MethodIr method, Activity activity, Namer namer, String name) {
    return new TangentProgram(method, activity, namer).run(name);
  }

  private MethodIr run(String name) {
    if (method.returnsVoid() && withValue || method.returnRank() > 1 && !withValue) {
      throw new Unsupported("it does not return a number or a double[]");
    }
    List<MethodIr.Parameter> parameters = new ArrayList<>();
    List<Stmt> body = new ArrayList<>();
    int id = method.parameters().size();
    for (MethodIr.Parameter p : method.parameters()) {
      parameters.add(p);
      Variable v = p.variable();
      if (p.active()) {
        if (v.type() != Type.DOUBLE) {
          throw new Unsupported("parameter " + v.name() + " is a float; make it a double");
        }
        Variable dot = new Variable(namer.fresh(v.name() + "Dot"), v.type(), id++, true, v.rank());
        dots.put(v, dot);
        // Active too: fDirectional is linear in the tangents, and callers' tangents depend on
        // their inputs; its gradient with respect to them is f's gradient.
        parameters.add(new MethodIr.Parameter(dot, true, p.sourceType()));
      } else if (activity.isActive(v) && v.isArray()) {
        // Data that receives active values: its tangent starts at zero.
        if (v.rank() > 1) {
          throw new Unsupported("matrix " + v.name() + " is data that receives active values");
        }
        body.add(
            new Stmt.Declare(
                dotOf(v),
                new Expr.NewArray(v.type(), 1, List.of(new Expr.Length(new Expr.Local(v))), null)));
      } else if (activity.isActive(v)) {
        body.add(new Stmt.Declare(dotOf(v), Algebra.constant(0, v.type())));
      }
    }
    body.addAll(statements(method.body()));
    // The primal's statements only its value needed (a final sum) are not needed here.
    body = io.javad.processor.lower.DeadStores.remove(body);
    return method.returnsVoid()
        ? MethodIr.ofVoid(name, parameters, body) // writes the arrays and their tangents
        : new MethodIr(name, parameters, Type.DOUBLE, method.returnRank(), body);
  }

  private Variable dotOf(Variable v) {
    return dots.computeIfAbsent(
        v, k -> Variable.temporary(namer.fresh(k.name() + "Dot"), k.type(), k.rank()));
  }

  private boolean active(Variable v) {
    return activity.isActive(v);
  }

  private List<Stmt> statements(List<Stmt> list) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : list) {
      statement(s, out);
    }
    return out;
  }

  private void statement(Stmt s, List<Stmt> out) {
    if (s instanceof Stmt.Declare d) {
      Variable v = d.variable();
      out.add(s);
      if (active(v)) {
        // After the value, which partials may read (tanh' = 1 - tanh²): the initializer cannot
        // read v itself.
        out.add(
            new Stmt.Declare(
                dotOf(v), d.init() == null ? zeroOf(v) : tangentOf(v, d.init(), new Expr.Local(v))));
      }
    } else if (s instanceof Stmt.Assign a) {
      Variable v = a.variable();
      if (!active(v)) {
        out.add(s);
      } else if (ExprScan.reads(a.rhs(), v)) {
        // Its tangent reads the old value: before the assignment.
        out.add(new Stmt.Assign(dotOf(v), null, tangentOf(v, a.rhs(), null)));
        out.add(s);
      } else {
        out.add(s);
        out.add(new Stmt.Assign(dotOf(v), null, tangentOf(v, a.rhs(), new Expr.Local(v))));
      }
    } else if (s instanceof Stmt.Store st) {
      if (active(st.array())) {
        Expr t = Algebra.storedAs(st.target().type(), orZero(tangent(st.rhs()), st.target().type()));
        out.add(new Stmt.Store((Expr.Element) tangentArray(st.target()), null, t));
      }
      out.add(s);
    } else if (s instanceof Stmt.Fill f) {
      if (active(f.array())) {
        out.add(
            new Stmt.Fill(
                dotOf(f.array()),
                Algebra.storedAs(f.array().type(), orZero(tangent(f.value()), f.array().type()))));
      }
      out.add(s);
    } else if (s instanceof Stmt.Copy c) {
      copy(c, out);
      out.add(s);
    } else if (s instanceof Stmt.Eval e) {
      boolean writesActive =
          e.call().callee() != null
              && io.javad.processor.ir.StmtScan.writtenBy(e.call()).stream().anyMatch(this::active);
      // The callee's fDirectional writes the arrays and their tangents: it replaces the call.
      out.add(writesActive ? new Stmt.Eval(writingDirectional(e.call())) : s);
    } else if (s instanceof Stmt.Return r && withValue && method.isVectorValued()) {
      // The returned array and its tangent (zeros of its length if no active input reaches it).
      Expr t =
          Activity.dependsOn(r.value(), activity::isActive)
              ? tangentArray(r.value())
              : new Expr.NewArray(Type.DOUBLE, 1, List.of(new Expr.Length(r.value())), null);
      out.add(new Stmt.Return(new Expr.NewArray(Type.DOUBLE, 2, List.of(), List.of(r.value(), t))));
    } else if (s instanceof Stmt.Return r && withValue) {
      out.add(
          new Stmt.Return(
              new Expr.NewArray(
                  Type.DOUBLE, 1, List.of(), List.of(r.value(), orZero(tangent(r.value()), Type.DOUBLE)))));
    } else if (s instanceof Stmt.Return r && method.isVectorValued()) {
      out.add(new Stmt.Return(tangentArgument(r.value())));
    } else if (s instanceof Stmt.Return r) {
      out.add(new Stmt.Return(orZero(tangent(r.value()), Type.DOUBLE)));
    } else if (s instanceof Stmt.Block b) {
      out.add(new Stmt.Block(statements(b.body())));
    } else if (s instanceof Stmt.If i) {
      out.add(new Stmt.If(i.condition(), statements(i.then()), statements(i.otherwise())));
    } else if (s instanceof Stmt.Loop l) {
      out.add(
          new Stmt.Loop(
              l.label(), l.kind(), statements(l.init()), l.condition(), statements(l.update()),
              statements(l.body())));
    } else {
      out.add(s); // break, continue
    }
  }

  /** {@code System.arraycopy}'s tangent: the source's tangents, or zeros for data. */
  private void copy(Stmt.Copy c, List<Stmt> out) {
    if (!active(c.target())) {
      return;
    }
    if (active(c.source())) {
      out.add(
          new Stmt.Copy(dotOf(c.source()), c.sourceStart(), dotOf(c.target()), c.targetStart(), c.length()));
      return;
    }
    Variable k = Variable.temporary(namer.fresh("k"), Type.INT);
    Expr at = new Expr.Binary(BinaryOp.ADD, c.targetStart(), new Expr.Local(k), Type.INT);
    out.add(
        new Stmt.Loop(
            null,
            Stmt.LoopKind.FOR,
            List.of(new Stmt.Declare(k, Expr.Literal.of(0, Type.INT))),
            new Expr.Binary(BinaryOp.LESS, new Expr.Local(k), c.length(), Type.BOOLEAN),
            List.of(new Stmt.Assign(k, BinaryOp.ADD, Expr.Literal.of(1, Type.INT))),
            List.of(
                new Stmt.Store(
                    new Expr.Element(new Expr.Local(dotOf(c.target())), at),
                    null,
                    Algebra.constant(0, c.target().type())))));
  }

  /**
   * The tangent {@code v} gets from {@code value}: an array's, a callee's, or an expression's;
   * {@code result} holds the value where partials may read it ({@code exp' = exp}), or is null.
   */
  private Expr tangentOf(Variable v, Expr value, Expr result) {
    if (v.isArray()) {
      return tangentArray(value);
    }
    return Algebra.storedAs(v.type(), orZero(tangent(value, result), v.type()));
  }

  private static Expr zeroOf(Variable v) {
    return v.isArray() ? null : Algebra.constant(0, v.type());
  }

  private static Expr orZero(Expr e, Type type) {
    return Algebra.orZero(e, type);
  }

  private Expr tangent(Expr e) {
    return tangent(e, null);
  }

  /**
   * The tangent of {@code e}, or null if it is zero: partials times the children's tangents;
   * {@code result} holds e's value if stored, else null.
   */
  private Expr tangent(Expr e, Expr result) {
    if (!Activity.dependsOn(e, activity::isActive)) {
      return null;
    }
    if (e instanceof Expr.Local l) {
      return new Expr.Local(dotOf(l.variable()));
    }
    if (e instanceof Expr.Element) {
      return tangentArray(e);
    }
    if (e instanceof Expr.Conditional c) {
      return Algebra.conditional(
          c.condition(), tangent(c.whenTrue()), tangent(c.whenFalse()), c.type());
    }
    if (e instanceof Expr.Call c && c.callee() != null) {
      return directional(c);
    }
    List<Expr> children = ExprScan.children(e);
    List<Expr> partials = Partials.of(e, result);
    List<Expr> terms = new ArrayList<>();
    for (int i = 0; i < children.size(); i++) {
      Expr partial = partials.get(i);
      Expr t = partial == null ? null : tangent(children.get(i));
      if (t != null && withValue && Partials.mayBeUnbounded(e) && !Algebra.isConstant(partial)) {
        // Printed (vector mode), not differentiated again: a zero tangent wins, as in fTangent.
        terms.add(
            new Expr.Call(
                "io.javad.runtime.Derivatives", "times", List.of(t, partial),
                Type.promote(t.type(), partial.type())));
      } else if (t != null) {
        terms.add(Algebra.multiply(t, partial));
      }
    }
    return Algebra.sum(terms);
  }

  /**
   * {@code gDirectional(a, aDot, w, wDot)}: the tangent of {@code g(a, w)} from g's companion, a
   * call the reverse generators differentiate through g's second-order members.
   */
  private Expr directional(Expr.Call c) {
    Callee g = c.callee();
    if (withValue && (!g.secondOrder() || g.userRules())) {
      Expr tangent = tangentCall(c);
      if (tangent == null) {
        throw new Unsupported(
            "it calls " + c.name() + ", whose tangent vector mode cannot call once per direction"
                + " yet (an instance method, a vector result, record parameters, more than 63"
                + " scalar parameters, or no forward mode); call " + c.name() + "'s fTangent per"
                + " direction yourself",
            c);
      }
      return tangent;
    }
    if (g.userRules()) {
      return ruleDirectional(c);
    }
    if (c.rank() > 1) {
      throw new Unsupported(
          "it calls " + c.name() + ", which returns a matrix, whose tangent javad cannot call again"
              + " yet; inline it",
          c);
    }
    return calleeDirectional(c, Type.DOUBLE);
  }

  /**
   * {@code GDerivatives.gDirectional(a, aDot, w, wDot)}: the call of g's own fDirectional, each
   * active argument followed by its tangent, described by g's second-order reverse members
   * (writing into what g writes, and its tangent), returning {@code type}.
   */
  private Expr.Call calleeDirectional(Expr.Call c, Type type) {
    Callee g = c.callee();
    if (!g.secondOrder()) {
      throw new Unsupported(
          "it calls " + c.name() + ", which is not @Differentiable(order = 2); mark it so (a"
              + " library's method: build the library so)",
          c);
    }
    if (g.packsTangents()) {
      throw new Unsupported(
          "it calls " + c.name() + ", whose tangent javad cannot call again yet (more than 63"
              + " scalar parameters); inline it",
          c);
    }
    List<Expr> arguments = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<Boolean> active = new ArrayList<>();
    List<Integer> ranks = new ArrayList<>();
    List<Boolean> written = new ArrayList<>();
    for (int i = 0; i < c.arguments().size(); i++) {
      Expr arg = c.arguments().get(i);
      arguments.add(arg);
      names.add(g.names().get(i));
      active.add(g.active().get(i));
      ranks.add(g.ranks().get(i));
      written.add(g.writes(i));
      if (g.active().get(i)) {
        arguments.add(tangentArgument(arg));
        names.add(g.names().get(i) + "Dot");
        active.add(true);
        ranks.add(g.ranks().get(i));
        written.add(g.writes(i));
      }
    }
    String base = g.record().substring(0, g.record().length() - "Gradient".length());
    Callee directional =
        new Callee(
            g.companion(), g.method() + "Directional", base + "DirectionalGradient", names, active,
            ranks, c.rank(), false, true, false, List.of(), false, written, g.returnsVoid(), false,
            null);
    return new Expr.Call(
        g.companion(), g.method() + "Directional", arguments, type, List.of(),
        directional.accumulates() ? directional.withWorkspace() : directional, c.receiver(), null);
  }

  /**
   * {@code GDerivatives.gDirectional(c, cDot, y, yDot)} in place of a call {@code g(c, y)} of a
   * void method that writes into arrays: it writes them and their tangents, and callers
   * differentiate it as a call writing into both.
   */
  private Expr.Call writingDirectional(Expr.Call c) {
    Callee g = c.callee();
    if (withValue) {
      throw new Unsupported(
          "it calls " + c.name() + ", which writes into arrays (out-parameters), which vector mode"
              + " does not follow yet; call fTangent once per direction",
          c);
    }
    if (!g.returnsVoid()) {
      throw new Unsupported(
          "it calls " + c.name() + ", which writes into arrays (out-parameters) and returns a value,"
              + " which second order does not follow yet; make it void, or let it return its"
              + " result without writing",
          c);
    }
    return calleeDirectional(c, Type.VOID);
  }

  /**
   * {@code LinearRulesDerivatives.solveDirectional(a, aDot, b, bDot)}: the tangent of a call of a
   * function with whole-function rules, from its {@code @Differentiable} tangent rule, whose
   * reverse-mode members differentiate it again (TangentRules).
   */
  private Expr ruleDirectional(Expr.Call c) {
    Callee g = c.callee();
    Callee directional = g.rules().directional();
    if (directional == null && g.rules().tangentMarked()) {
      throw new Unsupported(
          "it calls " + c.name() + ", whose @TangentOf rule " + g.tangent() + " javad cannot"
              + " differentiate again (see the error at the rule)",
          c);
    }
    if (directional == null) {
      // Order 2 has forward mode, so the function has a tangent rule.
      throw new Unsupported(
          "it calls " + c.name() + ", whose derivatives are @TangentOf/@AdjointOf rules, and its"
              + " @TangentOf rule " + g.tangent() + " is not @Differentiable; mark the rule"
              + " @Differentiable too, so that javad differentiates its tangent again",
          c);
    }
    List<Expr> arguments = new ArrayList<>();
    for (int i = 0; i < c.arguments().size(); i++) {
      Expr arg = c.arguments().get(i);
      arguments.add(arg);
      if (g.active().get(i)) {
        arguments.add(tangentArgument(arg));
      }
    }
    return new Expr.Call(
        directional.companion(), directional.method(), arguments, Type.DOUBLE, List.of(),
        directional, null, null);
  }

  /**
   * Vector mode, which prints the tangent program and does not differentiate it again: {@code
   * Derivatives.tangent(GDerivatives.gTangent(a, aDot, w, wDot))}, the tangent of a call from the
   * callee's forward mode (or the user's {@code @TangentOf} rule), any order; null where that
   * form does not serve (an instance method, records, packed tangents, no forward mode).
   */
  private Expr tangentCall(Expr.Call c) {
    Callee g = c.callee();
    if (!g.forward() || c.receiver() != null || g.packsTangents() || !g.records().isEmpty() || c.rank() > 0) {
      return null;
    }
    List<Expr> arguments = new ArrayList<>();
    for (int i = 0; i < c.arguments().size(); i++) {
      Expr arg = c.arguments().get(i);
      arguments.add(arg);
      if (g.active().get(i)) {
        arguments.add(tangentArgument(arg));
      }
    }
    // A private rule is reached through the companion's bridge, named alone.
    Expr dual =
        g.tangentClass() == null
            ? new Expr.Call("", g.tangent(), arguments, Type.DOUBLE, List.of(), null, null, g.tangent())
            : new Expr.Call(g.tangentClass(), g.tangent(), arguments, Type.DOUBLE);
    Expr tangent = new Expr.Call("io.javad.runtime.Derivatives", "tangent", List.of(dual), Type.DOUBLE);
    return c.type() == Type.FLOAT ? new Expr.Cast(Type.FLOAT, tangent) : tangent;
  }

  /** The tangent passed with argument {@code arg} to a callee's tangent: its own, or zeros. */
  private Expr tangentArgument(Expr arg) {
    if (arg.rank() == 0) {
      return Algebra.storedAs(arg.type(), orZero(tangent(arg), arg.type()));
    }
    if (Activity.dependsOn(arg, activity::isActive)) {
      return tangentArray(arg);
    }
    if (arg.rank() == 1) {
      return new Expr.NewArray(arg.type(), 1, List.of(new Expr.Length(arg)), null);
    }
    return new Expr.ZerosLike(arg); // a matrix of data, ragged or not
  }

  /** The tangent of an array expression or an element: {@code aDot}, {@code mDot[i]}, zeros. */
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
                : Algebra.storedAs(n.type(), orZero(tangent(element), n.type())));
      }
      return new Expr.NewArray(n.type(), n.rank(), List.of(), tangents);
    }
    if (e instanceof Expr.ArrayCopy c && (c.rank() == 1 || Activity.dependsOn(c.array(), activity::isActive))) {
      return Activity.dependsOn(c.array(), activity::isActive)
          ? new Expr.ArrayCopy(tangentArray(c.array()))
          : new Expr.NewArray(c.type(), 1, List.of(new Expr.Length(c.array())), null);
    }
    if (e instanceof Expr.NewArray || e instanceof Expr.ZerosLike) {
      return e; // new double[n][m]: zeros
    }
    if (e instanceof Expr.Call c && c.callee() != null) {
      if (withValue) {
        throw new Unsupported(
            "it calls " + c.name() + ", which returns an array, which vector mode does not follow"
                + " yet; call fTangent once per direction",
            c);
      }
      return directional(c); // the array a callee returns
    }
    throw new Unsupported("an array is computed in a way javad cannot take the tangent of again");
  }
}
