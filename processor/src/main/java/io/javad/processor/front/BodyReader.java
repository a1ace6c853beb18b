package io.javad.processor.front;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import io.javad.processor.diag.Message;
import io.javad.processor.diag.Reporter;
import io.javad.processor.ir.BinaryOp;
import io.javad.processor.ir.Expr;
import io.javad.processor.ir.Stmt;
import io.javad.processor.ir.Type;
import io.javad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Element;

/**
 * Translates the statements of a method body into IR. An unsupported construct is reported at its
 * node and reading goes on with the next statement, so one compilation shows every problem.
 */
final class BodyReader {

  private final Trees trees;
  private final CompilationUnitTree unit;
  private final Reporter reporter;
  private final Map<Element, Variable> scope;
  private final ExpressionReader expressions;
  private int nextId;
  private boolean failed;

  BodyReader(
      Trees trees,
      CompilationUnitTree unit,
      Reporter reporter,
      Map<Element, Variable> scope,
      int firstLocalId) {
    this.trees = trees;
    this.unit = unit;
    this.reporter = reporter;
    this.scope = scope;
    this.expressions = new ExpressionReader(trees, unit, scope);
    this.nextId = firstLocalId;
  }

  /** The IR of the body, or {@code null} if anything in it was reported as unsupported. */
  List<Stmt> read(TreePath bodyPath) {
    BlockTree body = (BlockTree) bodyPath.getLeaf();
    List<Stmt> statements = new ArrayList<>();
    List<? extends StatementTree> trees = body.getStatements();
    for (int i = 0; i < trees.size(); i++) {
      StatementTree tree = trees.get(i);
      try {
        if (tree.getKind() == Tree.Kind.RETURN && i != trees.size() - 1) {
          throw new Unsupported(tree, Message.EARLY_RETURN);
        }
        Stmt stmt = statement(new TreePath(bodyPath, tree));
        if (stmt != null) {
          statements.add(stmt);
        }
      } catch (Unsupported u) {
        failed = true;
        if (!u.isFollowUp()) {
          reporter.error(u.node(), unit, u.message(), u.args());
        }
      }
    }
    return failed ? null : statements;
  }

  private Stmt statement(TreePath path) throws Unsupported {
    Tree tree = path.getLeaf();
    switch (tree.getKind()) {
      case VARIABLE:
        return declaration(path, (VariableTree) tree);
      case EXPRESSION_STATEMENT:
        return expressionStatement(path, (ExpressionStatementTree) tree);
      case RETURN:
        ExpressionTree value = ((ReturnTree) tree).getExpression();
        return new Stmt.Return(expressions.read(new TreePath(path, value)));
      case EMPTY_STATEMENT:
        return null;
      case FOR_LOOP:
      case ENHANCED_FOR_LOOP:
      case WHILE_LOOP:
      case DO_WHILE_LOOP:
        throw new Unsupported(tree, Message.LOOP);
      case IF:
        throw new Unsupported(tree, Message.BRANCH, "if");
      case SWITCH:
        throw new Unsupported(tree, Message.BRANCH, "switch");
      case TRY:
      case THROW:
      case SYNCHRONIZED:
        throw new Unsupported(tree, Message.TRY);
      case BLOCK:
      case CLASS:
      case LABELED_STATEMENT:
        throw new Unsupported(tree, Message.NESTED_BLOCK);
      default:
        throw new Unsupported(tree, Message.STATEMENT, tree.getKind().toString().toLowerCase());
    }
  }

  private Stmt declaration(TreePath path, VariableTree tree) throws Unsupported {
    Element element = trees.getElement(path);
    Type type = element == null ? null : Types.of(element.asType());
    // float locals wait for float tangents (their tangent must be a float too).
    if (type == null || type == Type.BOOLEAN || type == Type.FLOAT) {
      expressions.alreadyReported(element);
      String shown = element == null ? tree.getType().toString() : element.asType().toString();
      if (element != null && element.asType().getKind() == javax.lang.model.type.TypeKind.ARRAY) {
        throw new Unsupported(tree, Message.ARRAY);
      }
      throw new Unsupported(tree, Message.LOCAL_TYPE, tree.getName(), shown);
    }
    // In scope before its initializer is read, so that an error there does not make every later
    // use of the variable an error too.
    Variable variable = new Variable(tree.getName().toString(), type, nextId++, false);
    scope.put(element, variable);
    Expr init =
        tree.getInitializer() == null
            ? null
            : expressions.read(new TreePath(path, tree.getInitializer()));
    return new Stmt.Declare(variable, init);
  }

  private Stmt expressionStatement(TreePath path, ExpressionStatementTree tree)
      throws Unsupported {
    ExpressionTree expression = tree.getExpression();
    TreePath exprPath = new TreePath(path, expression);
    switch (expression.getKind()) {
      case ASSIGNMENT: {
        AssignmentTree assign = (AssignmentTree) expression;
        Variable target = target(new TreePath(exprPath, assign.getVariable()));
        return new Stmt.Assign(
            target, null, expressions.read(new TreePath(exprPath, assign.getExpression())));
      }
      case PLUS_ASSIGNMENT:
      case MINUS_ASSIGNMENT:
      case MULTIPLY_ASSIGNMENT:
      case DIVIDE_ASSIGNMENT:
      case REMAINDER_ASSIGNMENT: {
        CompoundAssignmentTree assign = (CompoundAssignmentTree) expression;
        Variable target = target(new TreePath(exprPath, assign.getVariable()));
        Expr value = expressions.read(new TreePath(exprPath, assign.getExpression()));
        return new Stmt.Assign(target, compoundOperator(expression.getKind()), value);
      }
      case PREFIX_INCREMENT:
      case POSTFIX_INCREMENT:
      case PREFIX_DECREMENT:
      case POSTFIX_DECREMENT: {
        UnaryTree step = (UnaryTree) expression;
        Variable target = target(new TreePath(exprPath, step.getExpression()));
        boolean up =
            expression.getKind() == Tree.Kind.PREFIX_INCREMENT
                || expression.getKind() == Tree.Kind.POSTFIX_INCREMENT;
        return new Stmt.Assign(
            target, up ? BinaryOp.ADD : BinaryOp.SUBTRACT, Expr.Literal.of(1, Type.INT));
      }
      case METHOD_INVOCATION:
        throw new Unsupported(
            ((com.sun.source.tree.MethodInvocationTree) expression).getMethodSelect(),
            Message.CALL,
            callee(expression));
      default:
        throw new Unsupported(
            expression, Message.STATEMENT, expression.getKind().toString().toLowerCase());
    }
  }

  private Variable target(TreePath path) throws Unsupported {
    Element element = trees.getElement(path);
    Variable variable = element == null ? null : scope.get(element);
    if (variable == null) {
      throw new Unsupported(path.getLeaf(), Message.ASSIGN_TARGET, path.getLeaf().toString());
    }
    return variable;
  }

  private String callee(ExpressionTree invocation) {
    Element element = trees.getElement(new TreePath(new TreePath(unit), invocation));
    if (element != null && element.getEnclosingElement() != null) {
      return element.getEnclosingElement().getSimpleName() + "." + element.getSimpleName();
    }
    return invocation.toString();
  }

  private static BinaryOp compoundOperator(Tree.Kind kind) {
    return switch (kind) {
      case PLUS_ASSIGNMENT -> BinaryOp.ADD;
      case MINUS_ASSIGNMENT -> BinaryOp.SUBTRACT;
      case MULTIPLY_ASSIGNMENT -> BinaryOp.MULTIPLY;
      case DIVIDE_ASSIGNMENT -> BinaryOp.DIVIDE;
      case REMAINDER_ASSIGNMENT -> BinaryOp.REMAINDER;
      default -> throw new IllegalArgumentException(kind.toString());
    };
  }
}
