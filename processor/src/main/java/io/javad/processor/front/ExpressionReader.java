package io.javad.processor.front;

import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import io.javad.processor.diag.Message;
import io.javad.processor.ir.BinaryOp;
import io.javad.processor.ir.Expr;
import io.javad.processor.ir.Type;
import io.javad.processor.ir.UnaryOp;
import io.javad.processor.ir.Variable;
import io.javad.processor.rules.MathRules;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/** Translates javac expression trees (attributed, so typed) into IR expressions. */
final class ExpressionReader {

  private final Trees trees;
  private final CompilationUnitTree unit;
  private final Map<Element, Variable> scope;
  private final Set<Element> reported = new HashSet<>();
  private CharSequence source;

  ExpressionReader(Trees trees, CompilationUnitTree unit, Map<Element, Variable> scope) {
    this.trees = trees;
    this.unit = unit;
    this.scope = scope;
  }

  /** Marks a declaration already reported as unsupported: its uses are not reported again. */
  void alreadyReported(Element element) {
    if (element != null) {
      reported.add(element);
    }
  }

  Expr read(TreePath path) throws Unsupported {
    Tree tree = path.getLeaf();
    switch (tree.getKind()) {
      case PARENTHESIZED:
        return read(child(path, ((ParenthesizedTree) tree).getExpression()));
      case INT_LITERAL:
      case LONG_LITERAL:
      case FLOAT_LITERAL:
      case DOUBLE_LITERAL:
      case CHAR_LITERAL:
        return literal(path, (LiteralTree) tree);
      case IDENTIFIER:
      case MEMBER_SELECT:
        return name(path);
      case UNARY_MINUS:
        return unary(path, UnaryOp.NEGATE);
      case UNARY_PLUS:
        return unary(path, UnaryOp.PLUS);
      case PLUS:
        return binary(path, BinaryOp.ADD);
      case MINUS:
        return binary(path, BinaryOp.SUBTRACT);
      case MULTIPLY:
        return binary(path, BinaryOp.MULTIPLY);
      case DIVIDE:
        return binary(path, BinaryOp.DIVIDE);
      case REMAINDER:
        return binary(path, BinaryOp.REMAINDER);
      case TYPE_CAST:
        return cast(path, (TypeCastTree) tree);
      case METHOD_INVOCATION:
        return call(path, (MethodInvocationTree) tree);
      case CONDITIONAL_EXPRESSION:
        return conditional(path, (ConditionalExpressionTree) tree);
      case LESS_THAN:
        return binary(path, BinaryOp.LESS);
      case LESS_THAN_EQUAL:
        return binary(path, BinaryOp.LESS_EQUAL);
      case GREATER_THAN:
        return binary(path, BinaryOp.GREATER);
      case GREATER_THAN_EQUAL:
        return binary(path, BinaryOp.GREATER_EQUAL);
      case EQUAL_TO:
        return binary(path, BinaryOp.EQUAL);
      case NOT_EQUAL_TO:
        return binary(path, BinaryOp.NOT_EQUAL);
      case CONDITIONAL_AND:
        return binary(path, BinaryOp.AND);
      case CONDITIONAL_OR:
        return binary(path, BinaryOp.OR);
      case LOGICAL_COMPLEMENT:
        return unary(path, UnaryOp.NOT);
      case BOOLEAN_LITERAL:
        return literal(path, (LiteralTree) tree);
      case ASSIGNMENT:
      case PLUS_ASSIGNMENT:
      case MINUS_ASSIGNMENT:
      case MULTIPLY_ASSIGNMENT:
      case DIVIDE_ASSIGNMENT:
      case REMAINDER_ASSIGNMENT:
      case PREFIX_INCREMENT:
      case PREFIX_DECREMENT:
      case POSTFIX_INCREMENT:
      case POSTFIX_DECREMENT:
        throw new Unsupported(tree, Message.ASSIGNMENT_IN_EXPRESSION);
      case ARRAY_ACCESS:
        // An access to an array already reported at its declaration is not reported again.
        read(child(path, ((com.sun.source.tree.ArrayAccessTree) tree).getExpression()));
        throw new Unsupported(tree, Message.ARRAY);
      case NEW_ARRAY:
        throw new Unsupported(tree, Message.ARRAY);
      case LAMBDA_EXPRESSION:
      case MEMBER_REFERENCE:
        throw new Unsupported(tree, Message.LAMBDA);
      case NEW_CLASS:
        throw new Unsupported(tree, Message.NEW_OBJECT);
      case AND:
      case OR:
      case XOR:
      case LEFT_SHIFT:
      case RIGHT_SHIFT:
      case UNSIGNED_RIGHT_SHIFT:
      case BITWISE_COMPLEMENT:
      case INSTANCE_OF:
        throw new Unsupported(tree, Message.OPERATOR, operatorName(tree));
      default:
        throw new Unsupported(tree, Message.EXPRESSION, tree.getKind().toString().toLowerCase());
    }
  }

  private static TreePath child(TreePath parent, Tree child) {
    return new TreePath(parent, child);
  }

  /** The expression's primitive type from javac's attribution; anything else is unsupported. */
  Type typeOf(TreePath path) throws Unsupported {
    TypeMirror mirror = trees.getTypeMirror(path);
    Type type = Types.of(mirror);
    if (type == null) {
      throw new Unsupported(path.getLeaf(), Message.EXPRESSION_TYPE, String.valueOf(mirror));
    }
    return type;
  }

  private Expr literal(TreePath path, LiteralTree tree) throws Unsupported {
    Type type = typeOf(path);
    Object value = tree.getValue();
    double numeric =
        value instanceof Character c
            ? c
            : value instanceof Boolean b ? (b ? 1 : 0) : ((Number) value).doubleValue();
    String text = sourceText(tree);
    return new Expr.Literal(numeric, type, text != null ? text : Expr.Literal.of(numeric, type).text());
  }

  private Expr name(TreePath path) throws Unsupported {
    Tree tree = path.getLeaf();
    if (tree instanceof MemberSelectTree select && select.getIdentifier().contentEquals("length")) {
      TypeMirror owner = trees.getTypeMirror(new TreePath(path, select.getExpression()));
      if (owner != null && owner.getKind() == TypeKind.ARRAY) {
        throw new Unsupported(tree, Message.ARRAY);
      }
    }
    Element element = trees.getElement(path);
    if (element == null) {
      throw new Unsupported(tree, Message.EXPRESSION, tree.toString());
    }
    Variable variable = scope.get(element);
    if (variable != null) {
      return new Expr.Local(variable);
    }
    if (reported.contains(element)) {
      throw Unsupported.followUp(tree);
    }
    if (element.getKind() == ElementKind.FIELD) {
      return staticField(tree, (VariableElement) element);
    }
    if (element.getKind() == ElementKind.LOCAL_VARIABLE
        || element.getKind() == ElementKind.PARAMETER) {
      throw new Unsupported(tree, Message.EXPRESSION, tree.toString());
    }
    throw new Unsupported(tree, Message.FIELD, tree.toString());
  }

  private Expr staticField(Tree tree, VariableElement field) throws Unsupported {
    if (!field.getModifiers().contains(Modifier.STATIC)) {
      throw new Unsupported(tree, Message.FIELD, tree.toString());
    }
    Type type = Types.of(field.asType());
    if (type == null || type == Type.BOOLEAN) {
      throw new Unsupported(tree, Message.EXPRESSION_TYPE, field.asType().toString());
    }
    TypeElement owner = (TypeElement) field.getEnclosingElement();
    if (!visibleFromPackage(field, unitPackage())) {
      // The companion lives in the user's package but is not the user's class: a compile-time
      // constant is copied by value (as javac itself does), anything else cannot be read there.
      Object constant = field.getConstantValue();
      if (constant == null) {
        throw new Unsupported(tree, Message.PRIVATE_FIELD, field.getSimpleName());
      }
      double value = constant instanceof Character c ? c : ((Number) constant).doubleValue();
      return Expr.Literal.of(value, type);
    }
    return new Expr.StaticField(packageOf(owner), nestedName(owner), field.getSimpleName().toString(), type);
  }

  private Expr unary(TreePath path, UnaryOp op) throws Unsupported {
    UnaryTree tree = (UnaryTree) path.getLeaf();
    Expr operand = read(child(path, tree.getExpression()));
    return new Expr.Unary(op, operand, typeOf(path));
  }

  private Expr binary(TreePath path, BinaryOp op) throws Unsupported {
    BinaryTree tree = (BinaryTree) path.getLeaf();
    Type type = typeOf(path);
    Expr left = read(child(path, tree.getLeftOperand()));
    Expr right = read(child(path, tree.getRightOperand()));
    return new Expr.Binary(op, left, right, type);
  }

  private Expr conditional(TreePath path, ConditionalExpressionTree tree) throws Unsupported {
    Type type = typeOf(path);
    Expr condition = read(child(path, tree.getCondition()));
    Expr whenTrue = read(child(path, tree.getTrueExpression()));
    Expr whenFalse = read(child(path, tree.getFalseExpression()));
    return new Expr.Conditional(condition, whenTrue, whenFalse, type);
  }

  private Expr cast(TreePath path, TypeCastTree tree) throws Unsupported {
    Type type = typeOf(path);
    Expr operand = read(child(path, tree.getExpression()));
    return new Expr.Cast(type, operand);
  }

  private Expr call(TreePath path, MethodInvocationTree tree) throws Unsupported {
    Element element = trees.getElement(path);
    if (!(element instanceof ExecutableElement method)) {
      throw new Unsupported(tree, Message.EXPRESSION, tree.toString());
    }
    TypeElement owner = (TypeElement) method.getEnclosingElement();
    String ownerName = owner.getQualifiedName().toString();
    String name = method.getSimpleName().toString();
    String shown = owner.getSimpleName() + "." + name;
    if (!MathRules.isMathOwner(ownerName)) {
      throw new Unsupported(tree.getMethodSelect(), Message.CALL, shown);
    }
    Type type = typeOf(path);
    List<Expr> arguments = new ArrayList<>();
    boolean floatingArgument = false;
    for (ExpressionTree argument : tree.getArguments()) {
      Expr arg = read(child(path, argument));
      floatingArgument |= arg.type().isFloating();
      arguments.add(arg);
    }
    // An integer-valued function (round, floorDiv) is constant between jumps: derivative zero.
    boolean known = MathRules.isKnown(ownerName, name) || !type.isFloating();
    if (!known && floatingArgument) {
      throw new Unsupported(tree.getMethodSelect(), Message.MATH_NO_RULE, shown);
    }
    return new Expr.Call(ownerName, name, arguments, type);
  }

  private String sourceText(Tree tree) {
    try {
      if (source == null) {
        source = unit.getSourceFile().getCharContent(true);
      }
      SourcePositions positions = trees.getSourcePositions();
      long start = positions.getStartPosition(unit, tree);
      long end = positions.getEndPosition(unit, tree);
      if (start < 0 || end <= start || end > source.length()) {
        return null;
      }
      return source.subSequence((int) start, (int) end).toString();
    } catch (IOException | RuntimeException e) {
      return null; // the printed value is an exact substitute
    }
  }

  private static String operatorName(Tree tree) {
    return switch (tree.getKind()) {
      case AND -> "&";
      case OR -> "|";
      case XOR -> "^";
      case LEFT_SHIFT -> "<<";
      case RIGHT_SHIFT -> ">>";
      case UNSIGNED_RIGHT_SHIFT -> ">>>";
      case BITWISE_COMPLEMENT -> "~";
      case INSTANCE_OF -> "instanceof";
      default -> tree.getKind().toString();
    };
  }

  private String unitPackage() {
    return unit.getPackageName() == null ? "" : unit.getPackageName().toString();
  }

  /** Whether code in {@code pkg} that is not a subclass can read {@code member}. */
  private static boolean visibleFromPackage(Element member, String pkg) {
    for (Element e = member; e instanceof TypeElement || e == member; e = e.getEnclosingElement()) {
      Set<Modifier> modifiers = e.getModifiers();
      if (modifiers.contains(Modifier.PRIVATE)) {
        return false;
      }
      boolean isPublic = modifiers.contains(Modifier.PUBLIC);
      TypeElement type = e instanceof TypeElement t ? t : (TypeElement) e.getEnclosingElement();
      if (!isPublic && !packageOf(type).equals(pkg)) {
        return false;
      }
    }
    return true;
  }

  static String packageOf(TypeElement type) {
    Element e = type;
    while (!(e instanceof PackageElement)) {
      e = e.getEnclosingElement();
    }
    return ((PackageElement) e).getQualifiedName().toString();
  }

  /** {@code Outer.Inner} for a nested class, without the package. */
  static String nestedName(TypeElement type) {
    String qualified = type.getQualifiedName().toString();
    String pkg = packageOf(type);
    return pkg.isEmpty() ? qualified : qualified.substring(pkg.length() + 1);
  }
}
