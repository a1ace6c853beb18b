package io.javad.processor.front;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.ParenthesizedTree;
import io.javad.processor.diag.Message;
import io.javad.processor.ir.BinaryOp;
import io.javad.processor.ir.Expr;
import io.javad.processor.ir.Stmt;
import io.javad.processor.ir.Type;
import io.javad.processor.ir.UnaryOp;
import io.javad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.TypeElement;

/**
 * A {@code DoubleStream} pipeline over an array ({@code Arrays.stream(a).map(v -> v * v).sum()})
 * as the loop it stands for, placed before the statement that uses its value:
 *
 * <pre>{@code
 * double sum = 0;
 * for (int k = 0; k < a.length; k++) {
 *   double v = a[k];
 *   double mapped = v * v;      // map: the lambda's body, inlined
 *   if (!(mapped > 0)) continue; // filter
 *   sum += mapped;
 * }
 * }</pre>
 *
 * Sources: {@code Arrays.stream} of a {@code double[]}, {@code DoubleStream.of(x, y, ...)}, and
 * {@code IntStream.range(from, to)} or {@code rangeClosed}, whose ints {@code mapToDouble} turns
 * into the values ({@code IntStream.range(0, n).mapToDouble(i -> a[i] * b[i]).sum()}). The rest
 * of javad differentiates the loop. Terminal operations: {@code sum}, {@code count},
 * {@code reduce(identity, f)}, and {@code min}, {@code max}, {@code average} followed by {@code
 * getAsDouble()} or {@code orElse(d)}.
 */
final class Streams {

  private Streams() {}

  /** One operation of the pipeline: its name and arguments. */
  private record Step(String name, List<? extends ExpressionTree> arguments, MethodInvocationTree at) {}

  /** The pipeline's value, its loop placed; null if {@code tree} is not a stream pipeline. */
  static Expr of(MethodInvocationTree tree, ExpressionReader reader) throws Unsupported {
    List<Step> steps = new ArrayList<>(); // outermost first
    ExpressionTree current = tree;
    MethodInvocationTree source = null;
    while (current instanceof MethodInvocationTree call
        && call.getMethodSelect() instanceof MemberSelectTree select) {
      String name = select.getIdentifier().toString();
      TypeElement owner = reader.ownerType(select.getExpression());
      if (owner != null) {
        String type = owner.getQualifiedName().toString();
        boolean known =
            switch (type) {
              case "java.util.Arrays" -> name.equals("stream");
              case "java.util.stream.IntStream" -> name.equals("range") || name.equals("rangeClosed");
              case "java.util.stream.DoubleStream" -> name.equals("of");
              default -> false;
            };
        source = known ? call : null;
        break;
      }
      steps.add(new Step(name, call.getArguments(), call));
      current = select.getExpression();
      while (current instanceof ParenthesizedTree p) {
        current = p.getExpression();
      }
    }
    if (source == null || steps.isEmpty()) {
      return null;
    }
    ExpressionReader.SideEffects effects = reader.sideEffects();
    if (effects == null) {
      throw new Unsupported(tree, Message.STREAM, "not inside an inlined method");
    }
    java.util.Collections.reverse(steps); // in the order they run
    Range range = range(source, reader, effects);
    Variable k = effects.temporary("k", Type.INT);
    List<Stmt> body = new ArrayList<>();
    Expr value = new Expr.Local(k);
    if (range.array() != null) {
      Variable element = effects.temporary("v", Type.DOUBLE);
      body.add(new Stmt.Declare(element, new Expr.Element(range.array(), new Expr.Local(k))));
      value = new Expr.Local(element);
    }
    int i = 0;
    for (; i < steps.size(); i++) {
      Step step = steps.get(i);
      boolean ints = value.type() == Type.INT;
      boolean toDoubles = ints && step.name().equals("mapToDouble");
      if ((step.name().equals("map") || toDoubles) && step.arguments().size() == 1) {
        Type type = ints && !toDoubles ? Type.INT : Type.DOUBLE;
        Variable mapped = effects.temporary("mapped", type);
        Expr result = applied(step.arguments().get(0), List.of(value), step.at(), reader, body);
        body.add(new Stmt.Declare(mapped, ValueMethods.converted(result, type)));
        value = new Expr.Local(mapped);
      } else if (step.name().equals("filter") && step.arguments().size() == 1) {
        Expr kept = applied(step.arguments().get(0), List.of(value), step.at(), reader, body);
        body.add(
            new Stmt.If(
                new Expr.Unary(UnaryOp.NOT, kept, Type.BOOLEAN),
                List.of(new Stmt.Continue(null)),
                List.of()));
      } else {
        break;
      }
    }
    if (i == steps.size()) {
      throw new Unsupported(tree, Message.STREAM, "it needs a terminal operation");
    }
    String terminal = steps.get(i).name();
    if (value.type() == Type.INT && !(terminal.equals("sum") || terminal.equals("count"))) {
      throw new Unsupported(
          steps.get(i).at(), Message.STREAM, "a stream of ints ends in sum() or count() here; map"
              + " the ints to doubles first (mapToDouble)");
    }
    return terminal(steps.subList(i, steps.size()), range, k, value, body, reader, effects);
  }

  /**
   * Where the loop runs: {@code from <= k < to}, over {@code array}'s elements (null for the
   * integers of {@code IntStream.range}); each evaluated once, before the loop.
   */
  private record Range(Expr from, Expr to, Expr array) {}

  private static Range range(
      MethodInvocationTree source, ExpressionReader reader, ExpressionReader.SideEffects effects)
      throws Unsupported {
    String name = ((MemberSelectTree) source.getMethodSelect()).getIdentifier().toString();
    List<? extends ExpressionTree> args = source.getArguments();
    Expr zero = Expr.Literal.of(0, Type.INT);
    if (name.equals("range") || name.equals("rangeClosed")) {
      Expr from = once(reader.read(args.get(0)), "from", effects);
      Expr to = once(reader.read(args.get(1)), "to", effects);
      if (from.type() != Type.INT || to.type() != Type.INT) {
        throw new Unsupported(source, Message.STREAM, "the range must be of ints");
      }
      if (name.equals("rangeClosed")) {
        // k <= to, without overflow at Integer.MAX_VALUE: to + 1 as a long.
        to = new Expr.Binary(
            BinaryOp.ADD, new Expr.Cast(Type.LONG, to), Expr.Literal.of(1, Type.LONG), Type.LONG);
      }
      return new Range(from, to, null);
    }
    Expr array;
    if (name.equals("of")) {
      // DoubleStream.of(x, y, z): the array of its values; DoubleStream.of(a): the array given.
      List<Expr> values = new ArrayList<>();
      for (ExpressionTree arg : args) {
        values.add(reader.read(arg));
      }
      if (values.size() == 1 && values.get(0).rank() == 1) {
        array = values.get(0);
      } else {
        values.replaceAll(v -> ValueMethods.converted(v, Type.DOUBLE));
        array = new Expr.NewArray(Type.DOUBLE, 1, List.of(), values);
      }
    } else if (args.size() != 1) {
      throw new Unsupported(
          source, Message.STREAM, "give Arrays.stream the whole array (copy a range with"
              + " Arrays.copyOfRange first)");
    } else {
      array = reader.read(args.get(0));
    }
    if (array.rank() != 1 || array.type() != Type.DOUBLE) {
      throw new Unsupported(source, Message.STREAM, "the source must be a double[]");
    }
    if (!(array instanceof Expr.Local)) {
      Variable a = effects.temporary("streamed", Type.DOUBLE);
      a = new Variable(a.name(), Type.DOUBLE, a.id(), false, 1);
      effects.place(new Stmt.Declare(a, array));
      array = new Expr.Local(a);
    }
    return new Range(zero, new Expr.Length(array), array);
  }

  /** {@code e}, in a temporary placed now unless it is a local or a constant. */
  private static Expr once(Expr e, String base, ExpressionReader.SideEffects effects) {
    if (e instanceof Expr.Local || e instanceof Expr.Literal) {
      return e;
    }
    Variable t = effects.temporary(base, e.type());
    effects.place(new Stmt.Declare(t, e));
    return new Expr.Local(t);
  }

  /** The terminal operation's accumulation in {@code body}, the loop placed, and its value. */
  private static Expr terminal(
      List<Step> rest,
      Range range,
      Variable k,
      Expr value,
      List<Stmt> body,
      ExpressionReader reader,
      ExpressionReader.SideEffects effects)
      throws Unsupported {
    Step last = rest.get(0);
    MethodInvocationTree at = last.at();
    List<Stmt> before = new ArrayList<>();
    Expr result;
    switch (last.name()) {
      case "sum" -> {
        if (value.type() == Type.INT) {
          // IntStream.sum(): an int, added as Java adds ints.
          Variable total = effects.temporary("sum", Type.INT);
          before.add(new Stmt.Declare(total, Expr.Literal.of(0, Type.INT)));
          body.add(new Stmt.Assign(total, BinaryOp.ADD, value));
          result = new Expr.Local(total);
        } else {
          result = compensatedSum(value, before, body, effects);
        }
      }
      case "count" -> {
        Variable count = effects.temporary("count", Type.LONG);
        before.add(new Stmt.Declare(count, Expr.Literal.of(0, Type.LONG)));
        body.add(new Stmt.Assign(count, BinaryOp.ADD, Expr.Literal.of(1, Type.LONG)));
        result = new Expr.Local(count);
      }
      case "reduce" -> {
        if (last.arguments().size() != 2) {
          throw new Unsupported(at, Message.STREAM, "give reduce an identity");
        }
        Variable reduced = effects.temporary("reduced", Type.DOUBLE);
        before.add(
            new Stmt.Declare(
                reduced, ValueMethods.converted(reader.read(last.arguments().get(0)), Type.DOUBLE)));
        Expr next =
            applied(last.arguments().get(1), List.of(new Expr.Local(reduced), value), at, reader, body);
        body.add(new Stmt.Assign(reduced, null, ValueMethods.converted(next, Type.DOUBLE)));
        result = new Expr.Local(reduced);
      }
      case "max", "min", "average" -> {
        return optional(rest, range, k, value, body, reader, effects);
      }
      default -> throw new Unsupported(at, Message.STREAM, "not " + last.name());
    }
    if (rest.size() > 1) {
      throw new Unsupported(rest.get(1).at(), Message.STREAM, "not " + rest.get(1).name());
    }
    place(before, range, k, body, effects);
    return result;
  }

  /** {@code max()}, {@code min()}, {@code average()}, then {@code getAsDouble()} or {@code orElse(d)}. */
  private static Expr optional(
      List<Step> rest,
      Range range,
      Variable k,
      Expr value,
      List<Stmt> body,
      ExpressionReader reader,
      ExpressionReader.SideEffects effects)
      throws Unsupported {
    Step last = rest.get(0);
    if (rest.size() != 2
        || !(rest.get(1).name().equals("getAsDouble") || rest.get(1).name().equals("orElse"))) {
      throw new Unsupported(last.at(), Message.STREAM, "follow " + last.name() + "() with getAsDouble() or orElse(d)");
    }
    Step unwrap = rest.get(1);
    List<Stmt> before = new ArrayList<>();
    Variable count = effects.temporary("count", Type.LONG);
    before.add(new Stmt.Declare(count, Expr.Literal.of(0, Type.LONG)));
    Expr present = new Expr.Binary(BinaryOp.GREATER, new Expr.Local(count), Expr.Literal.of(0, Type.LONG), Type.BOOLEAN);
    Expr found;
    if (last.name().equals("average")) {
      Expr sum = compensatedSum(value, before, body, effects);
      found = new Expr.Binary(BinaryOp.DIVIDE, sum, new Expr.Local(count), Type.DOUBLE);
    } else {
      // Math.max and Math.min over the elements, as DoubleStream reduces them.
      Variable best =
          effects.temporary(last.name().equals("max") ? "largest" : "smallest", Type.DOUBLE);
      before.add(new Stmt.Declare(best, Expr.Literal.of(0, Type.DOUBLE)));
      Expr first =
          new Expr.Binary(
              BinaryOp.EQUAL, new Expr.Local(count), Expr.Literal.of(0, Type.LONG), Type.BOOLEAN);
      Expr extreme =
          new Expr.Call(
              "java.lang.Math", last.name(), List.of(new Expr.Local(best), value), Type.DOUBLE);
      body.add(
          new Stmt.Assign(best, null, new Expr.Conditional(first, value, extreme, Type.DOUBLE)));
      found = new Expr.Local(best);
    }
    body.add(new Stmt.Assign(count, BinaryOp.ADD, Expr.Literal.of(1, Type.LONG)));
    Expr otherwise =
        unwrap.name().equals("orElse")
            ? ValueMethods.converted(reader.read(unwrap.arguments().get(0)), Type.DOUBLE)
            : Expr.Literal.of(Double.NaN, Type.DOUBLE);
    place(before, range, k, body, effects);
    if (unwrap.name().equals("getAsDouble")) {
      return found; // Java throws on an empty stream; javad's code computes what it found
    }
    return new Expr.Conditional(present, found, otherwise, Type.DOUBLE);
  }

  /**
   * The sum of the values, compensated exactly as {@code DoubleStream.sum()} does it (Kahan's
   * summation, the negated low-order bits kept apart, the simple sum for infinities), so that the
   * value is Java's to the last bit.
   */
  private static Expr compensatedSum(
      Expr value, List<Stmt> before, List<Stmt> body, ExpressionReader.SideEffects effects) {
    Variable sum = effects.temporary("sum", Type.DOUBLE);
    Variable low = effects.temporary("compensation", Type.DOUBLE);
    Variable simple = effects.temporary("simpleSum", Type.DOUBLE);
    for (Variable v : List.of(sum, low, simple)) {
      before.add(new Stmt.Declare(v, Expr.Literal.of(0, Type.DOUBLE)));
    }
    Variable step = effects.temporary("step", Type.DOUBLE);
    Variable next = effects.temporary("next", Type.DOUBLE);
    body.add(
        new Stmt.Declare(
            step, new Expr.Binary(BinaryOp.SUBTRACT, value, new Expr.Local(low), Type.DOUBLE)));
    body.add(
        new Stmt.Declare(
            next,
            new Expr.Binary(BinaryOp.ADD, new Expr.Local(sum), new Expr.Local(step), Type.DOUBLE)));
    body.add(
        new Stmt.Assign(
            low, null,
            new Expr.Binary(
                BinaryOp.SUBTRACT,
                new Expr.Binary(
                    BinaryOp.SUBTRACT, new Expr.Local(next), new Expr.Local(sum), Type.DOUBLE),
                new Expr.Local(step), Type.DOUBLE)));
    body.add(new Stmt.Assign(sum, null, new Expr.Local(next)));
    body.add(new Stmt.Assign(simple, BinaryOp.ADD, value));
    Expr compensated =
        new Expr.Binary(BinaryOp.SUBTRACT, new Expr.Local(sum), new Expr.Local(low), Type.DOUBLE);
    // NaN from same-signed infinities: the simple sum has the right infinity.
    Expr spurious =
        new Expr.Binary(
            BinaryOp.AND,
            new Expr.Binary(BinaryOp.NOT_EQUAL, compensated, compensated, Type.BOOLEAN),
            new Expr.Call(
                "java.lang.Double", "isInfinite", List.of(new Expr.Local(simple)), Type.BOOLEAN),
            Type.BOOLEAN);
    return new Expr.Conditional(spurious, new Expr.Local(simple), compensated, Type.DOUBLE);
  }

  private static void place(
      List<Stmt> before, Range range, Variable k, List<Stmt> body, ExpressionReader.SideEffects effects) {
    before.forEach(effects::place);
    effects.place(
        new Stmt.Loop(
            null, Stmt.LoopKind.FOR, List.of(new Stmt.Declare(k, range.from())),
            new Expr.Binary(BinaryOp.LESS, new Expr.Local(k), range.to(), Type.BOOLEAN),
            List.of(new Stmt.Assign(k, BinaryOp.ADD, Expr.Literal.of(1, Type.INT))),
            body));
  }

  /**
   * A lambda given to an operation (written there, or a local naming one) applied to {@code
   * arguments}; what its body places goes into {@code body}, where it runs.
   */
  private static Expr applied(
      ExpressionTree function,
      List<Expr> arguments,
      MethodInvocationTree at,
      ExpressionReader reader,
      List<Stmt> body)
      throws Unsupported {
    Lambdas.Lambda lambda;
    if (function instanceof LambdaExpressionTree l) {
      lambda = new Lambdas.Lambda(l, null, null); // written here: sees what is in scope here
    } else if (function instanceof IdentifierTree id && reader.scope().lambda(id.getName().toString()) != null) {
      lambda = reader.scope().lambda(id.getName().toString());
    } else if (function instanceof com.sun.source.tree.MemberReferenceTree reference) {
      lambda = Lambdas.Lambda.of(reference, null); // Math::exp
    } else {
      throw new Unsupported(function, Message.LAMBDA);
    }
    ExpressionReader.SideEffects effects = reader.sideEffects();
    int mark = effects.mark();
    Expr value = Lambdas.apply(lambda, arguments, at, reader.scope(), reader, effects);
    body.addAll(effects.takeSince(mark));
    return value;
  }
}
