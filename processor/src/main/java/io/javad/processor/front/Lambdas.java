package io.javad.processor.front;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreeScanner;
import io.javad.processor.diag.Message;
import io.javad.processor.ir.Expr;
import io.javad.processor.ir.Substitution;
import io.javad.processor.ir.Type;
import io.javad.processor.ir.Variable;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * Lambdas defined in the method ({@code DoubleUnaryOperator sq = v -> v * v;}) and given to a
 * stream's operations, inlined where they are called: the arguments stand for the parameters in
 * the body's expression, which is read like the method's own (it sees the method's locals, as the
 * lambda captures them). An argument that is more than a local or a constant is evaluated once,
 * into a temporary, before the statement, as Java evaluates it before the call. A block body's
 * statements are placed there too, where the call runs (in the branch of a {@code ?:}, in a
 * stream's loop), each {@code return} assigning the call's value.
 */
final class Lambdas {

  private Lambdas() {}

  /**
   * The parameters of the lambdas being inlined, which exist only until substituted: an argument
   * reading one (h = v -> g.applyAsDouble(v * 2)) is substituted too, not placed in a temporary.
   */
  private static final java.util.Set<Variable> PARAMETERS =
      java.util.Collections.newSetFromMap(new IdentityHashMap<>());

  private static boolean readsParameter(Expr e) {
    boolean[] found = {false};
    io.javad.processor.ir.ExprScan.forEachLocal(e, v -> found[0] |= PARAMETERS.contains(v));
    return found[0];
  }

  /**
   * A lambda, the functional interface's method it implements (null if not known), and the locals
   * visible where it is defined (null: all), which are the only ones its body can see.
   */
  record Lambda(
      LambdaExpressionTree tree,
      ExecutableElement method,
      Map<String, Variable> visible,
      com.sun.source.tree.MemberReferenceTree reference) {

    Lambda(LambdaExpressionTree tree, ExecutableElement method, Map<String, Variable> visible) {
      this(tree, method, visible, null);
    }

    /** {@code Math::exp}, applied as {@code v -> Math.exp(v)}. */
    static Lambda of(com.sun.source.tree.MemberReferenceTree reference, ExecutableElement method) {
      return new Lambda(null, method, null, reference);
    }
  }

  /**
   * The expression a lambda's value is: its expression body, or the block's only statement, a
   * {@code return}; null for a block of statements, whose returns {@link
   * ExpressionReader.SideEffects#lambdaValue} reads.
   */
  private static ExpressionTree body(LambdaExpressionTree lambda) {
    if (lambda.getBody() instanceof ExpressionTree e) {
      return e;
    }
    List<? extends StatementTree> block = ((BlockTree) lambda.getBody()).getStatements();
    if (block.size() == 1 && block.get(0) instanceof ReturnTree r && r.getExpression() != null) {
      return r.getExpression();
    }
    return null;
  }

  /** Whether a statement of {@code statements} assigns the name {@code name}. */
  private static boolean assigns(List<? extends StatementTree> statements, String name) {
    boolean[] found = {false};
    TreeScanner<Void, Void> scanner =
        new TreeScanner<>() {
          @Override
          public Void visitAssignment(com.sun.source.tree.AssignmentTree a, Void unused) {
            found[0] |= isName(a.getVariable(), name);
            return super.visitAssignment(a, unused);
          }

          @Override
          public Void visitCompoundAssignment(
              com.sun.source.tree.CompoundAssignmentTree a, Void unused) {
            found[0] |= isName(a.getVariable(), name);
            return super.visitCompoundAssignment(a, unused);
          }

          @Override
          public Void visitUnary(com.sun.source.tree.UnaryTree u, Void unused) {
            boolean step =
                switch (u.getKind()) {
                  case PREFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_INCREMENT, POSTFIX_DECREMENT ->
                      true;
                  default -> false;
                };
            found[0] |= step && isName(u.getExpression(), name);
            return super.visitUnary(u, unused);
          }
        };
    for (StatementTree s : statements) {
      scanner.scan(s, null);
    }
    return found[0];
  }

  private static boolean isName(ExpressionTree e, String name) {
    return e instanceof com.sun.source.tree.IdentifierTree id && id.getName().contentEquals(name);
  }

  /** The single abstract method of a functional interface, or null. */
  static ExecutableElement functionalMethod(TypeElement type, Elements elements) {
    if (type == null || type.getKind() != ElementKind.INTERFACE) {
      return null;
    }
    ExecutableElement found = null;
    for (Element e : elements.getAllMembers(type)) {
      if (e instanceof ExecutableElement m
          && m.getModifiers().contains(Modifier.ABSTRACT)
          && !((TypeElement) m.getEnclosingElement()).getQualifiedName().contentEquals("java.lang.Object")) {
        if (found != null) {
          return null;
        }
        found = m;
      }
    }
    return found;
  }

  /**
   * The value of {@code lambda} applied to {@code arguments}: its body read by {@code reader} with
   * the parameters bound to them, converted as the interface's method declares.
   */
  static Expr apply(
      Lambda lambda,
      List<Expr> arguments,
      Tree at,
      LocalScope scope,
      ExpressionReader reader,
      ExpressionReader.SideEffects effects)
      throws Unsupported {
    if (lambda.reference() != null) {
      List<Expr> converted = new java.util.ArrayList<>(arguments);
      for (int i = 0; lambda.method() != null && i < converted.size(); i++) {
        Type declared = Types.of(lambda.method().getParameters().get(i).asType());
        if (declared != null && declared.isNumeric() && converted.get(i).type().isNumeric()) {
          converted.set(i, ValueMethods.converted(converted.get(i), declared));
        }
      }
      Expr value = reader.referenced(lambda.reference(), converted);
      Type result = lambda.method() == null ? null : Types.of(lambda.method().getReturnType());
      return result != null && result.isNumeric() && value.type().isNumeric()
          ? ValueMethods.converted(value, result)
          : value;
    }
    List<? extends VariableTree> parameters = lambda.tree().getParameters();
    if (parameters.size() != arguments.size()) {
      throw new Unsupported(at, Message.LAMBDA_BODY);
    }
    ExpressionTree body = body(lambda.tree());
    List<? extends StatementTree> statements =
        body == null ? ((BlockTree) lambda.tree().getBody()).getStatements() : List.of();
    if (body == null && effects == null) {
      throw new Unsupported(lambda.tree(), Message.LAMBDA_BODY);
    }
    Map<Variable, Expr> bound = new IdentityHashMap<>();
    Map<String, Variable> now = scope.visibleLocals();
    scope.enter();
    try {
      if (lambda.visible() != null) {
        // A local declared after the lambda is not the name its body means (a field, say).
        for (Map.Entry<String, Variable> e : now.entrySet()) {
          if (!e.getValue().equals(lambda.visible().get(e.getKey()))) {
            scope.hide(e.getKey());
          }
        }
      }
      for (int i = 0; i < parameters.size(); i++) {
        Expr argument = arguments.get(i);
        Type declared =
            lambda.method() == null
                ? null
                : Types.of(lambda.method().getParameters().get(i).asType());
        if (declared != null && declared.isNumeric()) {
          argument = ValueMethods.converted(argument, declared);
        }
        if (effects != null
            && !(argument instanceof Expr.Local || argument instanceof Expr.Literal)
            && !readsParameter(argument)) {
          // Evaluated once, before the call, like any argument.
          Variable t = effects.temporary(parameters.get(i).getName().toString(), argument.type());
          effects.place(new io.javad.processor.ir.Stmt.Declare(t, argument));
          argument = new Expr.Local(t);
        }
        String name = parameters.get(i).getName().toString();
        if (!statements.isEmpty()) {
          // The block's statements name the parameter: the argument's local, or a local of its
          // own where the argument is more or the block assigns the parameter.
          if (argument instanceof Expr.Local l && !assigns(statements, name)) {
            scope.declare(name, l.variable());
            continue;
          }
          if (argument.rank() > 0) {
            throw new Unsupported(at, Message.LAMBDA_BODY);
          }
          Variable own = effects.temporary(name, argument.type());
          effects.place(new io.javad.processor.ir.Stmt.Declare(own, argument));
          scope.declare(name, own);
          continue;
        }
        Variable p = new Variable(name, argument.type(), -1 - i, false, argument.rank());
        scope.declare(p.name(), p);
        bound.put(p, argument);
      }
      PARAMETERS.addAll(bound.keySet());
      Expr value;
      int mark = effects == null ? 0 : effects.mark();
      try {
        Type declared = lambda.method() == null ? null : Types.of(lambda.method().getReturnType());
        value =
            body != null
                ? reader.read(body)
                : effects.lambdaValue(statements, declared, lambda.tree());
      } finally {
        PARAMETERS.removeAll(bound.keySet());
      }
      if (effects != null && effects.mark() > mark && !bound.isEmpty()) {
        // What the body placed (a block lambda it calls, a stream): the parameters replaced there
        // too, by the arguments.
        List<io.javad.processor.ir.Stmt> placed = effects.takeSince(mark);
        boolean[] assigned = {false};
        io.javad.processor.ir.StmtScan.forEach(
            placed, t -> assigned[0] |= bound.containsKey(io.javad.processor.ir.StmtScan.target(t)));
        if (assigned[0]) {
          throw new Unsupported(lambda.tree(), Message.LAMBDA_BODY); // (v = 2 * v) + 1
        }
        for (io.javad.processor.ir.Stmt s :
            io.javad.processor.lower.StmtRewrite.expressions(
                placed, e -> e == null ? null : Substitution.apply(e, bound::get))) {
          effects.place(s);
        }
      }
      Type result = lambda.method() == null ? null : Types.of(lambda.method().getReturnType());
      if (result != null && result.isNumeric() && value.type().isNumeric()) {
        value = ValueMethods.converted(value, result);
      }
      return Substitution.apply(value, bound::get);
    } finally {
      scope.exit();
    }
  }
}
