package io.javad.processor.front;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.WhileLoopTree;
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
import io.javad.processor.ir.Namer;
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
  private final Namer namer;
  private final java.util.Set<String> declaredNames = new java.util.HashSet<>();
  private int nextId;
  private boolean failed;

  BodyReader(
      Trees trees,
      CompilationUnitTree unit,
      Reporter reporter,
      Map<Element, Variable> scope,
      int firstLocalId,
      Namer namer) {
    this.trees = trees;
    this.unit = unit;
    this.reporter = reporter;
    this.scope = scope;
    this.expressions = new ExpressionReader(trees, unit, scope);
    this.nextId = firstLocalId;
    this.namer = namer;
  }

  /** The IR of the body, or {@code null} if anything in it was reported as unsupported. */
  List<Stmt> read(TreePath bodyPath) {
    List<Stmt> statements = statements(bodyPath, ((BlockTree) bodyPath.getLeaf()).getStatements());
    return failed ? null : statements;
  }

  /** Reads a list of statements; each bad one is reported once and reading goes on. */
  private List<Stmt> statements(TreePath parent, List<? extends StatementTree> trees) {
    List<Stmt> out = new ArrayList<>();
    for (StatementTree tree : trees) {
      try {
        statement(new TreePath(parent, tree), out);
      } catch (Unsupported u) {
        failed = true;
        if (!u.isFollowUp()) {
          reporter.error(u.node(), unit, u.message(), u.args());
        }
      }
    }
    return out;
  }

  /** The statements of a branch or loop body: a block's contents, or the single statement. */
  private List<Stmt> body(TreePath parent, StatementTree tree) {
    if (tree == null) {
      return List.of();
    }
    if (tree instanceof BlockTree block) {
      return statements(new TreePath(parent, block), block.getStatements());
    }
    return statements(parent, List.of(tree));
  }

  private void statement(TreePath path, List<Stmt> out) throws Unsupported {
    Tree tree = path.getLeaf();
    switch (tree.getKind()) {
      case VARIABLE -> out.add(declaration(path, (VariableTree) tree));
      case EXPRESSION_STATEMENT -> out.add(expressionStatement(path, (ExpressionStatementTree) tree));
      case RETURN -> {
        ExpressionTree value = ((ReturnTree) tree).getExpression();
        out.add(new Stmt.Return(expressions.read(new TreePath(path, value))));
      }
      case EMPTY_STATEMENT -> {}
      case BLOCK -> out.add(new Stmt.Block(body(path.getParentPath(), (StatementTree) tree)));
      case IF -> out.add(ifStatement(path, (IfTree) tree));
      case WHILE_LOOP, DO_WHILE_LOOP, FOR_LOOP -> out.add(loop(path, tree, null));
      case LABELED_STATEMENT -> {
        LabeledStatementTree labeled = (LabeledStatementTree) tree;
        Tree inner = labeled.getStatement();
        if (!(inner instanceof WhileLoopTree
            || inner instanceof DoWhileLoopTree
            || inner instanceof ForLoopTree)) {
          throw new Unsupported(tree, Message.LABEL);
        }
        out.add(loop(new TreePath(path, inner), inner, labeled.getLabel().toString()));
      }
      case BREAK -> out.add(new Stmt.Break(name(((BreakTree) tree).getLabel())));
      case CONTINUE -> out.add(new Stmt.Continue(name(((ContinueTree) tree).getLabel())));
      case SWITCH -> new SwitchLowering(this, path, (SwitchTree) tree).lower(out);
      case ENHANCED_FOR_LOOP -> throw new Unsupported(tree, Message.ARRAY);
      case TRY, THROW, SYNCHRONIZED -> throw new Unsupported(tree, Message.TRY);
      case CLASS -> throw new Unsupported(tree, Message.LOCAL_CLASS);
      default -> throw new Unsupported(tree, Message.STATEMENT, tree.getKind().toString().toLowerCase());
    }
  }

  private static String name(javax.lang.model.element.Name label) {
    return label == null ? null : label.toString();
  }

  private Stmt ifStatement(TreePath path, IfTree tree) throws Unsupported {
    Expr condition = condition(new TreePath(path, tree.getCondition()));
    return new Stmt.If(
        condition,
        body(path, tree.getThenStatement()),
        body(path, tree.getElseStatement()));
  }

  private Stmt loop(TreePath path, Tree tree, String label) throws Unsupported {
    if (tree instanceof WhileLoopTree w) {
      Expr condition = condition(new TreePath(path, w.getCondition()));
      return new Stmt.Loop(label, Stmt.LoopKind.WHILE, List.of(), condition, List.of(), body(path, w.getStatement()));
    }
    if (tree instanceof DoWhileLoopTree d) {
      List<Stmt> loopBody = body(path, d.getStatement());
      Expr condition = condition(new TreePath(path, d.getCondition()));
      return new Stmt.Loop(label, Stmt.LoopKind.DO_WHILE, List.of(), condition, List.of(), loopBody);
    }
    ForLoopTree f = (ForLoopTree) tree;
    List<Stmt> init = statements(path, f.getInitializer());
    Expr condition = f.getCondition() == null ? null : condition(new TreePath(path, f.getCondition()));
    List<Stmt> update = statements(path, f.getUpdate());
    return new Stmt.Loop(label, Stmt.LoopKind.FOR, init, condition, update, body(path, f.getStatement()));
  }

  /** Marks a parameter's name as taken by a declaration. */
  void declared(String name) {
    declaredNames.add(name);
  }

  /** A boolean expression: an if or loop condition. */
  Expr condition(TreePath path) throws Unsupported {
    return expressions.read(path);
  }

  ExpressionReader expressions() {
    return expressions;
  }

  /** A fresh local for a value the lowering needs to keep, named apart from the user's. */
  Variable temporary(String base, io.javad.processor.ir.Type type) {
    return new Variable(namer.fresh(base), type, nextId++, false);
  }

  /** Reads statements of a lowered construct, with this reader's error handling. */
  List<Stmt> statementsOf(TreePath parent, List<? extends StatementTree> trees) {
    return statements(parent, trees);
  }

  private Stmt declaration(TreePath path, VariableTree tree) throws Unsupported {
    Element element = trees.getElement(path);
    Type type = element == null ? null : Types.of(element.asType());
    // float locals wait for float tangents (their tangent must be a float too).
    if (type == null || type == Type.FLOAT) {
      expressions.alreadyReported(element);
      String shown = element == null ? tree.getType().toString() : element.asType().toString();
      if (element != null && element.asType().getKind() == javax.lang.model.type.TypeKind.ARRAY) {
        throw new Unsupported(tree, Message.ARRAY);
      }
      throw new Unsupported(tree, Message.LOCAL_TYPE, tree.getName(), shown);
    }
    // In scope before its initializer is read, so that an error there does not make every later
    // use of the variable an error too.
    Variable variable = new Variable(uniqueName(tree.getName().toString()), type, nextId++, false);
    scope.put(element, variable);
    Expr init =
        tree.getInitializer() == null
            ? null
            : expressions.read(new TreePath(path, tree.getInitializer()));
    return new Stmt.Declare(variable, init);
  }

  /**
   * The variable's name, or a fresh one if an earlier block of the method already declared it: the
   * reverse sweep declares nested locals at method level, where sibling blocks' {@code t}s meet.
   */
  private String uniqueName(String name) {
    return declaredNames.add(name) ? name : namer.fresh(name);
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
