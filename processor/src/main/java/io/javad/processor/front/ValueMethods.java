package io.javad.processor.front;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.util.Trees;
import io.javad.processor.diag.Message;
import io.javad.processor.ir.Expr;
import io.javad.processor.ir.Substitution;
import io.javad.processor.ir.Type;
import io.javad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;

/**
 * Methods of values taken apart ({@link ValueShape}: {@code a.plus(b)}, {@code v.norm()}), and
 * static helpers given or returning such values ({@code step(state, dt)}), inlined where they are
 * called: the value's components and the arguments stand for {@code this}'s fields
 * and the parameters in the method's {@code return} expression, which is read like the body's own.
 * There is no object to call the method on, and inlining is what a careful person writes by hand
 * ({@code re * o.re - im * o.im}); the method's own class and file are not changed.
 */
final class ValueMethods {

  /** Deeper than this, a value's method calling another is taken for recursion. */
  private static final int MAX_DEPTH = 8;

  /** A value as its components' expressions, in its shape's order. */
  record Value(ValueShape shape, List<Expr> parts) {}

  /** What an inlined method gives: a number, or a value's components (exactly one is set). */
  record Result(Expr number, Value value) {}

  private ValueMethods() {}

  /**
   * Inlines {@code method}, called on {@code receiver} (null for a static helper) at {@code call},
   * whose arguments {@code reader} reads; an error at the call if its body is not one {@code
   * return} javad can read.
   */
  static Result inline(
      ExpressionReader reader,
      MethodInvocationTree call,
      ExecutableElement method,
      Value receiver,
      int depth,
      Trees trees,
      Elements elements)
      throws Unsupported {
    String name = method.getSimpleName().toString();
    if (depth >= MAX_DEPTH) {
      throw new Unsupported(call, Message.VALUE_METHOD, name, "it calls itself, directly or not");
    }
    ExpressionTree returned = returned(trees.getTree(method));
    if (returned == null
        || method.getModifiers().contains(Modifier.STATIC) != (receiver == null)) {
      throw new Unsupported(
          call, Message.VALUE_METHOD, name,
          "javad inlines methods of values, and static helpers given or returning values, whose"
              + " body is one return statement");
    }
    // Placeholders for this's components and the parameters, replaced once the body is read.
    Map<Variable, Expr> bound = new IdentityHashMap<>();
    LocalScope scope = new LocalScope();
    if (receiver != null) {
      scope.declareRecord(
          MethodReader.SELF, receiver.shape(), placeholders(once(receiver, reader), bound));
    }
    for (int i = 0; i < method.getParameters().size(); i++) {
      VariableElement p = method.getParameters().get(i);
      String parameter = p.getSimpleName().toString();
      ExpressionTree argument = call.getArguments().get(i);
      ValueShape shape = shapeOf(p.asType(), trees, elements);
      Type type = Types.of(p.asType());
      int mark = reader.placed();
      if (shape != null) {
        Value value = reader.valueOf(argument);
        if (value == null) {
          throw new Unsupported(
              argument, Message.VALUE_METHOD, name,
              "its argument " + argument + " is not a value javad takes apart");
        }
        reader.protectAll(bound, mark); // the receiver and earlier arguments, as they were
        scope.declareRecord(parameter, shape, placeholders(once(value, reader), bound));
      } else if (type != null && Types.rank(p.asType()) == 0) {
        Variable v = new Variable(parameter, type, -1 - bound.size(), false);
        // Evaluated once, before the call, however often the body reads the parameter.
        Expr value = converted(reader.read(argument), type);
        reader.protectAll(bound, mark); // the receiver and earlier arguments, as they were
        bound.put(v, reader.once(value));
        scope.declare(parameter, v);
      } else {
        throw new Unsupported(
            argument, Message.VALUE_METHOD, name,
            "its parameter " + parameter + " is neither a number nor a value javad takes apart");
      }
    }
    ExpressionReader body = reader.inside(method, scope, call);
    ValueShape resultShape = shapeOf(method.getReturnType(), trees, elements);
    try {
      if (resultShape != null) {
        Value value = body.valueOf(returned);
        if (value == null) {
          throw new Unsupported(
              call, Message.VALUE_METHOD, name, "it returns " + returned + ", not a new value");
        }
        List<Expr> parts = new ArrayList<>();
        for (Expr part : value.parts()) {
          parts.add(Substitution.apply(part, bound::get));
        }
        return new Result(null, new Value(value.shape(), parts));
      }
      Type type = Types.of(method.getReturnType());
      if (type == null) {
        throw new Unsupported(
            call, Message.VALUE_METHOD, name, "it returns " + method.getReturnType());
      }
      Expr number = converted(body.read(returned), type);
      return new Result(Substitution.apply(number, bound::get), null);
    } catch (Unsupported u) {
      if (u.node() == call || u.node() == null) {
        throw u;
      }
      // What is wrong is in another method, maybe another file: said at the call.
      String why =
          u.isFollowUp()
              ? "javad cannot read " + u.node() + " in it"
              : u.message().format(u.args());
      throw new Unsupported(call, Message.VALUE_METHOD, name, why);
    }
  }

  /** The name of the method {@code call} calls. */
  static String nameOf(MethodInvocationTree call) {
    return call.getMethodSelect() instanceof com.sun.source.tree.MemberSelectTree m
        ? m.getIdentifier().toString()
        : call.getMethodSelect().toString();
  }

  /** The value class or record a type names, if javad takes it apart; else null. */
  static ValueShape shapeOf(TypeMirror type, Trees trees, Elements elements) {
    return type instanceof DeclaredType d && d.asElement() instanceof TypeElement t
        ? ValueShape.of(t, trees, elements)
        : null;
  }

  /** {@code e} as a value of type {@code to}, as Java converts an argument or a result. */
  static Expr converted(Expr e, Type to) {
    if (e.type() == to || !to.isNumeric()) {
      return e;
    }
    return e instanceof Expr.Literal l ? Expr.Literal.of(l.value(), to) : new Expr.Cast(to, e);
  }

  /** {@code value} with each component that is more than a local or a constant computed once. */
  private static Value once(Value value, ExpressionReader reader) {
    return new Value(value.shape(), value.parts().stream().map(reader::once).toList());
  }

  private static List<Variable> placeholders(Value value, Map<Variable, Expr> bound) {
    List<Variable> out = new ArrayList<>();
    for (int i = 0; i < value.parts().size(); i++) {
      Expr part = value.parts().get(i);
      Variable v =
          new Variable(
              "this." + value.shape().components().get(i), part.type(), -1 - bound.size(), false,
              part.rank());
      bound.put(v, part);
      out.add(v);
    }
    return out;
  }

  /** The expression of a body that is one {@code return e;}, or null. */
  private static ExpressionTree returned(MethodTree tree) {
    if (tree == null || tree.getBody() == null || tree.getBody().getStatements().size() != 1) {
      return null;
    }
    return tree.getBody().getStatements().get(0) instanceof ReturnTree r ? r.getExpression() : null;
  }
}
