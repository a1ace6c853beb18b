package io.javad.processor.front;

import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.PrimitiveTypeTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.Trees;
import io.javad.Differentiable;
import io.javad.processor.diag.Message;
import io.javad.processor.ir.BinaryOp;
import io.javad.processor.ir.Callee;
import io.javad.processor.ir.Expr;
import io.javad.processor.ir.Type;
import io.javad.processor.ir.UnaryOp;
import io.javad.processor.ir.Variable;
import io.javad.processor.rules.MathRules;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.util.Elements;

/**
 * Translates javac expression trees into typed IR expressions. Types follow the Java rules for the
 * subset (literal kinds, declared types, binary numeric promotion, the chosen overload of a Math
 * function); names are resolved by {@link NameResolver}. A name javac cannot resolve either is a
 * typo: it is left to javac to report, not reported twice.
 */
final class ExpressionReader {

  private final Trees trees;
  private final Elements elements;
  private final CompilationUnitTree unit;
  private final LocalScope scope;
  private final NameResolver names;
  /** Compile-time constant locals ({@code final int K = 3}): read as their value. */
  private final Map<Variable, Expr.Literal> constants;
  private final DerivativeRules rules;
  /** Where each opaque call first appears. */
  private final Map<Expr.Call, CallSite> callSites;
  private CharSequence source;
  /** The class of the instance method being read, whose object is {@code self}; null if static. */
  private final TypeElement self;
  /** Handles on the private members the body reads or calls. */
  private final PrivateMembers privateMembers;
  /** The companion's package: what its generated code can name without a handle. */
  private final String companionPackage;
  /**
   * For a method of a value inlined into the body ({@link ValueMethods}), the call in the body:
   * where what is found in the inlined code is reported. Null in the body itself.
   */
  private final Tree inlinedAt;
  /** How many inlined methods this reader is inside. */
  private final int depth;
  /** Assignments and increments inside expressions, placed by the body's reader; null if none. */
  private SideEffects sideEffects;

  /**
   * What an assignment or increment inside an expression becomes: statements before the statement
   * that holds it, in Java's order of evaluation ({@link BodyReader} places them).
   */
  interface SideEffects {
    /** The statements of {@code tree} (an assignment or increment) placed; its value. */
    Expr sideEffect(ExpressionTree tree) throws Unsupported;

    /** How many such statements the current statement has so far. */
    int mark();

    /**
     * {@code earlier}, an operand evaluated before the statements placed since {@code mark}, in a
     * temporary taken before them if they assign what it reads.
     */
    Expr protect(Expr earlier, int mark);

    /** The statements placed since {@code mark}, taken away (to run only in a branch). */
    List<io.javad.processor.ir.Stmt> takeSince(int mark);

    /** Places {@code s} after the statements placed so far. */
    void place(io.javad.processor.ir.Stmt s);

    /** A fresh local of the method, declared where it is used. */
    Variable temporary(String base, Type type);

    /**
     * {@code c ? a : b} between two arrays anywhere but a local's initializer, {@code condition}
     * already read: a local naming the choice, declared before the statement (read through by
     * ChosenArrays); null where the branches are not two array variables of one type and rank.
     */
    Expr arrayChoice(Expr condition, ExpressionTree whenTrue, ExpressionTree whenFalse);

    /** A switch expression's statements placed; its value. */
    Expr switchValue(com.sun.source.tree.SwitchExpressionTree tree) throws Unsupported;

    /**
     * A block lambda's statements, read in the current scope and placed, each {@code return}
     * assigning a temporary, which is the value; {@code declared}: the interface's result type,
     * null if not known. An error in a statement is reported at it, and stops the expression.
     */
    Expr lambdaValue(
        List<? extends com.sun.source.tree.StatementTree> block,
        Type declared,
        com.sun.source.tree.LambdaExpressionTree lambda)
        throws Unsupported;
  }

  /** Lets assignments and increments inside expressions become statements (see SideEffects). */
  void placeSideEffects(SideEffects sideEffects) {
    this.sideEffects = sideEffects;
  }

  ExpressionReader(
      Trees trees,
      Elements elements,
      CompilationUnitTree unit,
      LocalScope scope,
      NameResolver names,
      Map<Variable, Expr.Literal> constants,
      DerivativeRules rules,
      Map<Expr.Call, CallSite> callSites,
      TypeElement self,
      PrivateMembers privateMembers) {
    this(
        trees, elements, unit, scope, names, constants, rules, callSites, self, privateMembers,
        unit.getPackageName() == null ? "" : unit.getPackageName().toString(), null, 0);
  }

  private ExpressionReader(
      Trees trees,
      Elements elements,
      CompilationUnitTree unit,
      LocalScope scope,
      NameResolver names,
      Map<Variable, Expr.Literal> constants,
      DerivativeRules rules,
      Map<Expr.Call, CallSite> callSites,
      TypeElement self,
      PrivateMembers privateMembers,
      String companionPackage,
      Tree inlinedAt,
      int depth) {
    this.companionPackage = companionPackage;
    this.inlinedAt = inlinedAt;
    this.depth = depth;
    this.self = self;
    this.privateMembers = privateMembers;
    this.trees = trees;
    this.elements = elements;
    this.unit = unit;
    this.scope = scope;
    this.names = names;
    this.constants = constants;
    this.rules = rules;
    this.callSites = callSites;
  }

  Expr read(ExpressionTree tree) throws Unsupported {
    switch (tree.getKind()) {
      case PARENTHESIZED:
        return read(((ParenthesizedTree) tree).getExpression());
      case INT_LITERAL:
      case LONG_LITERAL:
      case FLOAT_LITERAL:
      case DOUBLE_LITERAL:
      case CHAR_LITERAL:
      case BOOLEAN_LITERAL:
        return literal((LiteralTree) tree);
      case IDENTIFIER:
        return identifier((IdentifierTree) tree);
      case MEMBER_SELECT:
        return select((MemberSelectTree) tree);
      case UNARY_MINUS:
        return arithmeticUnary((UnaryTree) tree, UnaryOp.NEGATE);
      case UNARY_PLUS:
        return arithmeticUnary((UnaryTree) tree, UnaryOp.PLUS);
      case LOGICAL_COMPLEMENT:
        return new Expr.Unary(UnaryOp.NOT, bool(((UnaryTree) tree).getExpression()), Type.BOOLEAN);
      case PLUS:
        return arithmetic((BinaryTree) tree, BinaryOp.ADD);
      case MINUS:
        return arithmetic((BinaryTree) tree, BinaryOp.SUBTRACT);
      case MULTIPLY:
        return arithmetic((BinaryTree) tree, BinaryOp.MULTIPLY);
      case DIVIDE:
        return arithmetic((BinaryTree) tree, BinaryOp.DIVIDE);
      case REMAINDER:
        return arithmetic((BinaryTree) tree, BinaryOp.REMAINDER);
      case LESS_THAN:
        return comparison((BinaryTree) tree, BinaryOp.LESS);
      case LESS_THAN_EQUAL:
        return comparison((BinaryTree) tree, BinaryOp.LESS_EQUAL);
      case GREATER_THAN:
        return comparison((BinaryTree) tree, BinaryOp.GREATER);
      case GREATER_THAN_EQUAL:
        return comparison((BinaryTree) tree, BinaryOp.GREATER_EQUAL);
      case EQUAL_TO:
        return comparison((BinaryTree) tree, BinaryOp.EQUAL);
      case NOT_EQUAL_TO:
        return comparison((BinaryTree) tree, BinaryOp.NOT_EQUAL);
      case CONDITIONAL_AND:
        return logical((BinaryTree) tree, BinaryOp.AND);
      case CONDITIONAL_OR:
        return logical((BinaryTree) tree, BinaryOp.OR);
      case CONDITIONAL_EXPRESSION:
        return conditional((ConditionalExpressionTree) tree);
      case TYPE_CAST:
        return cast((TypeCastTree) tree);
      case METHOD_INVOCATION:
        return call((MethodInvocationTree) tree);
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
        if (sideEffects == null) {
          throw new Unsupported(tree, Message.ASSIGNMENT_IN_EXPRESSION);
        }
        return sideEffects.sideEffect(tree);
      case ARRAY_ACCESS:
        return element((com.sun.source.tree.ArrayAccessTree) tree);
      case NEW_ARRAY:
        return newArray((com.sun.source.tree.NewArrayTree) tree, 0);
      case LAMBDA_EXPRESSION:
        throw new Unsupported(tree, Message.LAMBDA);
      case MEMBER_REFERENCE:
        throw new Unsupported(tree, Message.METHOD_REFERENCE);
      case NEW_CLASS:
        throw new Unsupported(tree, Message.NEW_OBJECT);
      case SWITCH_EXPRESSION:
        if (sideEffects == null) {
          throw new Unsupported(tree, Message.EXPRESSION, describe(tree));
        }
        return sideEffects.switchValue((com.sun.source.tree.SwitchExpressionTree) tree);
      case STRING_LITERAL:
      case NULL_LITERAL:
        throw new Unsupported(
            tree, Message.EXPRESSION_TYPE, tree.getKind() == Tree.Kind.STRING_LITERAL ? "String" : "null");
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
        throw new Unsupported(tree, Message.EXPRESSION, describe(tree));
    }
  }

  private int mark() {
    return sideEffects == null ? 0 : sideEffects.mark();
  }

  /** Reads an operand tree. */
  @FunctionalInterface
  interface Reading {
    Expr read(ExpressionTree tree) throws Unsupported;
  }

  /** Reads {@code trees} left to right, each kept as Java read it before the ones after it run. */
  List<Expr> readInOrder(List<? extends ExpressionTree> trees) throws Unsupported {
    return readInOrder(trees, this::read);
  }

  private List<Expr> readInOrder(List<? extends ExpressionTree> trees, Reading reading)
      throws Unsupported {
    List<Expr> out = new ArrayList<>();
    for (ExpressionTree tree : trees) {
      int mark = mark();
      Expr e = reading.read(tree);
      protectEarlier(out, mark);
      out.add(e);
    }
    return out;
  }

  /**
   * Keeps {@code earlier} operands (arguments, elements) as they were before the statements placed
   * since {@code mark}: Java evaluates them left to right, before what follows runs.
   */
  private void protectEarlier(List<Expr> earlier, int mark) {
    if (sideEffects == null || mark() == mark) {
      return;
    }
    for (int i = 0; i < earlier.size(); i++) {
      earlier.set(i, protectAny(earlier.get(i), mark));
    }
  }

  /** How many statements the current statement has placed so far (see SideEffects.mark). */
  int placed() {
    return mark();
  }

  /** Each value of {@code values} kept as it was before the statements placed since {@code mark}. */
  void protectAll(Map<Variable, Expr> values, int mark) {
    if (sideEffects == null || mark() == mark) {
      return;
    }
    for (Map.Entry<Variable, Expr> e : values.entrySet()) {
      e.setValue(protectAny(e.getValue(), mark));
    }
  }

  /** Forgets the statements placed since {@code mark} (their expressions are read again). */
  void discardSince(int mark) {
    if (sideEffects != null && mark() != mark) {
      sideEffects.takeSince(mark);
    }
  }

  /**
   * {@code e} in a temporary placed before the statement if it calls a method other than Math's
   * (which must run exactly as often as in the function, however often the value is read); else
   * {@code e}, whose copies compute the same.
   */
  Expr once(Expr e) {
    if (sideEffects == null
        || e.rank() > 0
        || io.javad.processor.ir.ExprScan.firstCall(e, c -> !MathRules.isMathOwner(c.owner())) == null) {
      return e;
    }
    Variable t = sideEffects.temporary("argument", e.type());
    sideEffects.place(new io.javad.processor.ir.Stmt.Declare(t, e));
    return new Expr.Local(t);
  }

  /** {@link #protect}, and for a row {@code m[i]} its index. */
  private Expr protectAny(Expr e, int mark) {
    if (e instanceof Expr.Element el && el.rank() > 0) {
      return new Expr.Element(protectAny(el.array(), mark), protect(el.index(), mark));
    }
    return protect(e, mark);
  }

  private Expr protect(Expr earlier, int mark) {
    return sideEffects == null ? earlier : sideEffects.protect(earlier, mark);
  }

  /** A boolean expression: a condition. */
  Expr bool(ExpressionTree tree) throws Unsupported {
    Expr e = read(tree);
    if (e.type() != Type.BOOLEAN) {
      throw Unsupported.followUp(tree); // javac reports the type error
    }
    return e;
  }

  private Expr literal(LiteralTree tree) throws Unsupported {
    Object value = tree.getValue();
    Type type =
        switch (tree.getKind()) {
          case INT_LITERAL -> Type.INT;
          case LONG_LITERAL -> Type.LONG;
          case FLOAT_LITERAL -> Type.FLOAT;
          case DOUBLE_LITERAL -> Type.DOUBLE;
          case CHAR_LITERAL -> Type.CHAR;
          default -> Type.BOOLEAN;
        };
    double numeric =
        value instanceof Character c
            ? c
            : value instanceof Boolean b ? (b ? 1 : 0) : ((Number) value).doubleValue();
    String text = sourceText(tree);
    return new Expr.Literal(numeric, type, text != null ? text : Expr.Literal.of(numeric, type).text());
  }

  private Expr identifier(IdentifierTree tree) throws Unsupported {
    String name = tree.getName().toString();
    Variable variable = scope.lookup(name);
    if (variable != null) {
      Expr.Literal constant = constants.get(variable);
      return constant != null ? constant : new Expr.Local(variable);
    }
    if (scope.isReported(name)) {
      throw Unsupported.followUp(tree);
    }
    if (scope.lambda(name) != null) {
      throw new Unsupported(tree, Message.LAMBDA); // a lambda's local passed on, not called
    }
    String opaque = scope.opaqueType(name);
    if (opaque != null) {
      if (opaque.endsWith("[]")) {
        boolean numbers = opaque.matches("(double|float|long|int|short|char|byte|boolean)(\\[])+");
        throw !numbers
            ? new Unsupported(tree, Message.OBJECT_ARRAY, name, opaque)
            : opaque.endsWith("[][][]")
                ? new Unsupported(tree, Message.ARRAY_RANK, name, opaque)
                : new Unsupported(tree, Message.ARRAY);
      }
      throw new Unsupported(tree, Message.OBJECT_VALUE, name, opaque);
    }
    Receiver alias = scope.alias(name);
    if (alias != null) {
      throw new Unsupported(tree, Message.OBJECT_VALUE, name, alias.type().getQualifiedName());
    }
    TypeElement value = scope.recordType(name);
    if (value != null) {
      throw new Unsupported(tree, Message.OBJECT_VALUE, name, value.getQualifiedName());
    }
    VariableElement field = names.field(name);
    if (field == null) {
      throw Unsupported.followUp(tree); // not a name javac knows either: its error says so
    }
    if (!field.getModifiers().contains(Modifier.STATIC) && isFieldOfSelf(field)) {
      Variable component = scope.recordComponent(MethodReader.SELF, name);
      if (component != null) {
        return new Expr.Local(component); // in an inlined method of a value: its component
      }
      return instanceField(tree, MethodReader.SELF, field);
    }
    return staticField(tree, field);
  }

  private boolean isFieldOfSelf(VariableElement field) {
    return self != null && field.equals(names.field(self, field.getSimpleName().toString()));
  }

  /**
   * {@code self.k}, {@code spring.k}: a field of an object, a constant of the differentiation
   * (arrays are data).
   */
  private Expr instanceField(Tree tree, String receiver, VariableElement field) throws Unsupported {
    Type type = Types.element(field.asType());
    int rank = Types.rank(field.asType());
    if (type == null) {
      throw unreadable(tree, field);
    }
    if (rank > 2) {
      throw new Unsupported(tree, Message.ARRAY);
    }
    return new Expr.InstanceField(
        receiver, field.getSimpleName().toString(), type, rank, handle(field), false,
        field.getModifiers().contains(Modifier.FINAL));
  }

  /**
   * {@code data.x()}: a component of a record, read through its accessor (public, so no handle); a
   * constant of the differentiation like a field. Null if {@code name} is not a component of
   * {@code type} or not of a type javad reads.
   */
  private Expr recordComponent(String receiver, TypeElement type, String name) {
    Variable getter = scope.getter(receiver, name);
    if (getter != null) {
      return new Expr.Local(getter); // c.re() of a value taken apart: its component
    }
    if (type.getKind() != ElementKind.RECORD) {
      return null;
    }
    Variable component = scope.recordComponent(receiver, name);
    if (component != null) {
      return new Expr.Local(component); // p.w() of an active record: the parameter pW
    }
    for (javax.lang.model.element.RecordComponentElement c : type.getRecordComponents()) {
      if (c.getSimpleName().contentEquals(name)) {
        Type element = Types.element(c.asType());
        int rank = Types.rank(c.asType());
        return element == null || rank > 2
            ? null
            : new Expr.InstanceField(receiver, name, element, rank, null, true, false);
      }
    }
    return null;
  }

  /**
   * The companion's handle on a member it cannot name (private, or of a private class), or null if
   * it can name it.
   */
  private String handle(Element member) {
    if (Visibility.visibleFromPackage(member, unitPackage())) {
      return null;
    }
    PrivateMembers.Handle handle = privateMembers.of(member);
    return handle.isField() ? handle.constant() : handle.bridge();
  }

  /**
   * The enum an expression's value belongs to ({@code kind} for a parameter {@code Loss kind}), or
   * null if it is not an enum value the companion can name.
   */
  TypeElement enumOf(ExpressionTree tree) throws Unsupported {
    Receiver r = receiver(tree);
    return r != null && r.type().getKind() == ElementKind.ENUM && Visibility.nameable(r.type())
        ? r.type()
        : null;
  }

  /** {@code kind.ordinal()}: what a switch on an enum compares. */
  Expr ordinal(ExpressionTree tree, TypeElement type) throws Unsupported {
    return new Expr.Ordinal(receiver(tree).source());
  }

  /**
   * {@code Loss.SQUARED.ordinal()} for the case label {@code SQUARED}: read when the code runs, so
   * that a library's enum reordered later still matches (javac's own switch maps at run time too).
   */
  Expr ordinalOfConstant(TypeElement type, ExpressionTree label) throws Unsupported {
    String name = label instanceof IdentifierTree id ? id.getName().toString() : null;
    boolean constant =
        name != null
            && type.getEnclosedElements().stream()
                .anyMatch(e -> e.getKind() == ElementKind.ENUM_CONSTANT
                    && e.getSimpleName().contentEquals(name));
    if (!constant) {
      throw Unsupported.followUp(label); // javac reports a label that is not a constant of the enum
    }
    return new Expr.Ordinal(typeSource(type) + "." + name);
  }

  /**
   * {@code throw new E("bad n: " + n)}: the exception's class (visible from the companion, in the
   * same package) and each argument as the parts of its String concatenation, or a number.
   */
  io.javad.processor.ir.Stmt.Throw throwOf(com.sun.source.tree.ThrowTree tree) throws Unsupported {
    if (!(tree.getExpression() instanceof com.sun.source.tree.NewClassTree created)
        || created.getClassBody() != null
        || created.getEnclosingExpression() != null) {
      throw new Unsupported(
          tree, Message.THROW, "it throws an exception it did not create here; throw new E(...)");
    }
    TypeElement type = names.type(created.getIdentifier());
    if (type == null
        || type.getModifiers().contains(javax.lang.model.element.Modifier.PRIVATE)
        || !type.getTypeParameters().isEmpty()) {
      throw new Unsupported(
          created.getIdentifier(), Message.THROW,
          "the generated code cannot name its class " + created.getIdentifier()
              + "; throw a public or package-private exception class");
    }
    if (!unchecked(type)) {
      // The derivative members declare no exceptions: a checked one would not compile there.
      throw new Unsupported(
          created.getIdentifier(), Message.THROW,
          type.getSimpleName() + " is a checked exception, which the generated members do not"
              + " declare; throw an unchecked one (a RuntimeException)");
    }
    List<Expr> arguments = new ArrayList<>();
    for (ExpressionTree argument : created.getArguments()) {
      arguments.add(message(argument));
    }
    return new io.javad.processor.ir.Stmt.Throw(type.getQualifiedName().toString(), arguments);
  }

  /**
   * An exception's argument, its message: {@link #text}, calling no method but Math's, the
   * numbers' and String's (format, valueOf), since every member builds it again where it throws.
   */
  private Expr message(ExpressionTree argument) throws Unsupported {
    Expr value = text(argument);
    Expr.Call call = io.javad.processor.ir.ExprScan.firstCall(value, c -> !pure(c));
    if (call != null) {
      throw new Unsupported(
          argument, Message.THROW, "its message calls " + call.name() + "; call it in a local first");
    }
    return value;
  }

  /**
   * {@code assert c : detail;} as Java runs it: {@code if (Owner.class.desiredAssertionStatus()) {
   * if (!c) throw new AssertionError(detail); }}, the condition evaluated only where assertions are
   * on; so it must neither assign nor call (which would run only then).
   */
  io.javad.processor.ir.Stmt assertion(com.sun.source.tree.AssertTree tree) throws Unsupported {
    int mark = mark();
    Expr condition = bool(tree.getCondition());
    Expr.Call call =
        io.javad.processor.ir.ExprScan.firstCall(condition, c -> !pure(c));
    if (mark() != mark || call != null) {
      throw new Unsupported(tree.getCondition(), Message.ASSERT_EFFECTS);
    }
    List<Expr> detail = new ArrayList<>();
    if (tree.getDetail() != null) {
      detail.add(text(tree.getDetail()));
      if (mark() != mark
          || io.javad.processor.ir.ExprScan.firstCall(detail.get(0), c -> !pure(c)) != null) {
        throw new Unsupported(tree.getDetail(), Message.ASSERT_EFFECTS);
      }
    }
    String owner = names.topLevel().getQualifiedName().toString();
    Expr enabled =
        new Expr.Call(
            "java.lang.Class", "desiredAssertionStatus", List.of(), Type.BOOLEAN, List.of(), null,
            owner + ".class", null);
    Expr failing =
        condition instanceof Expr.Unary not && not.op() == io.javad.processor.ir.UnaryOp.NOT
            ? not.operand()
            : new Expr.Unary(io.javad.processor.ir.UnaryOp.NOT, condition, Type.BOOLEAN);
    io.javad.processor.ir.Stmt fails =
        new io.javad.processor.ir.Stmt.If(
            failing,
            List.of(new io.javad.processor.ir.Stmt.Throw("java.lang.AssertionError", detail)),
            List.of());
    return new io.javad.processor.ir.Stmt.If(enabled, List.of(fails), List.of());
  }

  /**
   * A call that changes nothing and sees nothing that changes, which derivative code may make
   * where Java would not, or make again: Math's, and the number classes' static tests and
   * conversions ({@code Double.isNaN}).
   */
  private static boolean pure(Expr.Call c) {
    return c.receiver() == null
        && c.callee() == null
        && (MathRules.isMathOwner(c.owner())
            || java.util.Set.of("java.lang.Double", "java.lang.Float", "java.lang.Integer",
                    "java.lang.Long", "java.lang.String")
                .contains(c.owner()));
  }

  /**
   * An argument that may be a String ({@code "loss = " + s}, a log line's, a message's): joined
   * from its parts ({@link Expr.Concat}); a String literal or variable as source; else a number.
   */
  Expr text(ExpressionTree tree) throws Unsupported {
    Expr.Call formatted = formatted(tree);
    if (formatted != null) {
      return formatted;
    }
    if (!isString(tree)) {
      Receiver r = receiver(tree);
      return r != null
          ? new Expr.ObjectRef(r.source(), r.type().getQualifiedName().toString())
          : read(tree);
    }
    List<Expr> parts = new ArrayList<>();
    concatenated(tree, parts);
    return parts.size() == 1 ? parts.get(0) : new Expr.Concat(parts);
  }

  /** Whether {@code type} is a RuntimeException or an Error, which no method must declare. */
  private static boolean unchecked(TypeElement type) {
    for (TypeElement t = type; t != null; ) {
      String name = t.getQualifiedName().toString();
      if (name.equals("java.lang.RuntimeException") || name.equals("java.lang.Error")) {
        return true;
      }
      t = t.getSuperclass() instanceof javax.lang.model.type.DeclaredType d
          ? (TypeElement) d.asElement()
          : null;
    }
    return false;
  }

  /** The parts of a String concatenation in order: literals and String variables, and numbers. */
  private void concatenated(ExpressionTree tree, List<Expr> parts) throws Unsupported {
    while (tree instanceof ParenthesizedTree p && isString(p.getExpression())) {
      tree = p.getExpression();
    }
    Expr.Call formatted = formatted(tree);
    if (formatted != null) {
      parts.add(formatted);
    } else if (tree.getKind() == Tree.Kind.STRING_LITERAL) {
      parts.add(new Expr.ObjectRef(tree.toString(), "java.lang.String"));
    } else if (tree.getKind() == Tree.Kind.PLUS && isString(tree)) {
      concatenated(((BinaryTree) tree).getLeftOperand(), parts);
      concatenated(((BinaryTree) tree).getRightOperand(), parts);
    } else if (receiver(tree) != null) {
      // A String, or another object (an enum, a parameter), concatenated by its toString().
      Receiver r = receiver(tree);
      parts.add(new Expr.ObjectRef(r.source(), r.type().getQualifiedName().toString()));
    } else {
      parts.add(read(tree));
    }
  }

  /**
   * {@code String.format("%.3f", x)} or {@code String.valueOf(x)} in a message or a log line: a
   * String made from data, each argument a text or a number; null for any other expression.
   */
  private Expr.Call formatted(ExpressionTree tree) throws Unsupported {
    while (tree instanceof ParenthesizedTree p) {
      tree = p.getExpression();
    }
    if (!(tree instanceof MethodInvocationTree call)
        || !(call.getMethodSelect() instanceof MemberSelectTree select)
        || !(select.getIdentifier().contentEquals("format") || select.getIdentifier().contentEquals("valueOf"))) {
      return null;
    }
    TypeElement owner = names.type(select.getExpression());
    if (owner == null || !owner.getQualifiedName().contentEquals("java.lang.String")) {
      return null;
    }
    List<Expr> arguments = new ArrayList<>();
    for (ExpressionTree argument : call.getArguments()) {
      arguments.add(text(argument));
    }
    return new Expr.Call("java.lang.String", select.getIdentifier().toString(), arguments, Type.OBJECT);
  }

  /** Whether {@code tree} is a String by Java's rule for {@code +}: a String operand makes one. */
  private boolean isString(ExpressionTree tree) throws Unsupported {
    while (tree instanceof ParenthesizedTree p) {
      tree = p.getExpression();
    }
    if (tree.getKind() == Tree.Kind.STRING_LITERAL || formatted(tree) != null) {
      return true;
    }
    if (tree.getKind() == Tree.Kind.PLUS) {
      BinaryTree b = (BinaryTree) tree;
      return isString(b.getLeftOperand()) || isString(b.getRightOperand());
    }
    return tree instanceof IdentifierTree || tree instanceof MemberSelectTree ? stringOf(tree) != null : false;
  }

  /**
   * The source of a {@code String} a switch selects on ({@code kind}, {@code self.mode}, {@code
   * settings.loss()}), or null if it is not a String the companion can name.
   */
  String stringOf(ExpressionTree tree) throws Unsupported {
    Receiver r = receiver(tree);
    return r != null && r.type().getQualifiedName().contentEquals("java.lang.String")
        ? r.source()
        : null;
  }

  /**
   * {@code selector.equals("squared")} for the case label {@code "squared"} (or a constant naming
   * it): as Java's switch on a String, a null selector throws.
   */
  Expr stringCase(String selector, ExpressionTree label) throws Unsupported {
    Object constant = null;
    if (label instanceof LiteralTree literal) {
      constant = literal.getValue();
    } else if (label instanceof IdentifierTree || label instanceof MemberSelectTree) {
      VariableElement field = null;
      if (label instanceof IdentifierTree id) {
        field = names.field(id.getName().toString());
      } else {
        MemberSelectTree select = (MemberSelectTree) label;
        TypeElement owner = names.type(select.getExpression());
        field = owner == null ? null : names.field(owner, select.getIdentifier().toString());
      }
      constant = field == null ? null : field.getConstantValue();
    }
    if (!(constant instanceof String text)) {
      throw Unsupported.followUp(label); // javac reports a label that is not a String constant
    }
    return new Expr.Call(
        "java.lang.String", "equals",
        List.of(new Expr.ObjectRef(elements.getConstantExpression(text), "java.lang.String")),
        Type.BOOLEAN, List.of(), null, selector);
  }

  /**
   * The components of a value javad takes apart ({@link ValueShape}), as expressions: a local or
   * parameter standing for one ({@code this} in an inlined method of one), {@code new C(...)}, or
   * a call of a value's method that returns one; null for anything else.
   */
  ValueMethods.Value valueOf(ExpressionTree tree) throws Unsupported {
    if (tree instanceof ParenthesizedTree p) {
      return valueOf(p.getExpression());
    }
    if (tree instanceof IdentifierTree id) {
      return valueNamed(
          id.getName().contentEquals("this") ? MethodReader.SELF : id.getName().toString());
    }
    if (tree instanceof com.sun.source.tree.NewClassTree created) {
      TypeElement type =
          created.getClassBody() == null ? names.type(created.getIdentifier()) : null;
      ValueShape shape = type == null ? null : ValueShape.of(type, trees, elements);
      List<Integer> from =
          shape == null ? null : shape.constructorArguments(created.getArguments().size(), trees);
      if (from == null) {
        return null;
      }
      // The arguments in order, each once (a parameter may give two fields, or none).
      List<Expr> arguments = readInOrder(created.getArguments());
      for (int a = 0; a < arguments.size(); a++) {
        int uses = java.util.Collections.frequency(from, a);
        if (uses > 1) {
          arguments.set(a, once(arguments.get(a)));
        }
      }
      List<Expr> parts = new ArrayList<>();
      for (int i = 0; i < from.size(); i++) {
        Type component = Types.of(shape.types().get(i));
        Expr part = arguments.get(from.get(i));
        parts.add(component == null ? part : ValueMethods.converted(part, component));
      }
      return new ValueMethods.Value(shape, parts);
    }
    if (tree instanceof MethodInvocationTree call) {
      ValueMethods.Result result = valueMethod(call);
      return result == null ? null : result.value();
    }
    if (tree instanceof ConditionalExpressionTree c) {
      // far = a.norm() > b.norm() ? a : b: each component chosen.
      int mark = mark();
      ValueMethods.Value whenTrue = valueOf(c.getTrueExpression());
      ValueMethods.Value whenFalse = whenTrue == null ? null : valueOf(c.getFalseExpression());
      boolean armsPlaced = mark() != mark; // an arm's assignments would run whatever is chosen
      if (whenFalse == null || !whenTrue.shape().type().equals(whenFalse.shape().type())) {
        return null;
      }
      Expr condition = bool(c.getCondition());
      if (armsPlaced) {
        throw new Unsupported(c, Message.VALUE_CHOICE);
      }
      List<Expr> parts = new ArrayList<>();
      for (int i = 0; i < whenTrue.parts().size(); i++) {
        Expr t = whenTrue.parts().get(i);
        Expr f = whenFalse.parts().get(i);
        if (t.rank() > 0 && !t.equals(f)) {
          return null; // choosing between arrays: not supported
        }
        parts.add(t.rank() > 0 ? t : new Expr.Conditional(condition, t, f, t.type()));
      }
      return new ValueMethods.Value(whenTrue.shape(), parts);
    }
    return null;
  }

  /** The shape of {@code type} if javad takes its values apart, else null. */
  ValueShape valueShape(TypeElement type) {
    return ValueShape.of(type, trees, elements);
  }

  private ValueMethods.Value valueNamed(String name) throws Unsupported {
    if (scope.lookup(name) == null && scope.isReported(name)) {
      throw Unsupported.followUp(null); // its declaration was reported
    }
    ValueShape shape = scope.lookup(name) == null ? scope.shape(name) : null;
    if (shape == null) {
      return null;
    }
    return new ValueMethods.Value(
        shape, scope.components(name).stream().map(v -> (Expr) new Expr.Local(v)).toList());
  }

  /**
   * {@code a.plus(b)}, {@code v.norm()}: a method of a value javad takes apart, inlined; null if
   * {@code tree} calls something else.
   */
  private ValueMethods.Result valueMethod(MethodInvocationTree tree) throws Unsupported {
    ExpressionTree select = tree.getMethodSelect();
    ValueMethods.Value receiver;
    String name;
    if (select instanceof MemberSelectTree member) {
      TypeElement owner = names.type(member.getExpression());
      if (owner != null) {
        return staticValueHelper(tree, names.methods(owner, member.getIdentifier().toString()));
      }
      receiver = valueOf(member.getExpression());
      name = member.getIdentifier().toString();
    } else {
      name = ((IdentifierTree) select).getName().toString();
      // In an inlined method, plus(o) is this.plus(o) if it is a method of the value's class.
      receiver =
          self != null && !names.methods(self, name).isEmpty() ? valueNamed(MethodReader.SELF) : null;
      if (receiver == null) {
        return staticValueHelper(tree, names.methods(name));
      }
    }
    if (receiver == null) {
      return null;
    }
    String component = tree.getArguments().isEmpty() ? receiver.shape().getters().get(name) : null;
    if (component != null) {
      return new ValueMethods.Result(
          receiver.parts().get(receiver.shape().indexOf(component)), null);
    }
    List<ExecutableElement> methods =
        names.methods(receiver.shape().type(), name).stream()
            .filter(m -> m.getParameters().size() == tree.getArguments().size())
            .toList();
    if (methods.size() != 1) {
      throw new Unsupported(
          select, Message.VALUE_METHOD, name,
          methods.isEmpty() ? "javad finds no such method" : "it is overloaded");
    }
    return ValueMethods.inline(this, tree, methods.get(0), receiver, depth, trees, elements);
  }

  /**
   * {@code step(s, dt)}: a static helper (not {@code @Differentiable}) whose body is one {@code
   * return}, given a value javad takes apart, or returning one, inlined like a value's method;
   * null for any other call, which is read as a call.
   */
  private ValueMethods.Result staticValueHelper(
      MethodInvocationTree tree, List<ExecutableElement> candidates) throws Unsupported {
    List<ExecutableElement> matching =
        candidates.stream()
            .filter(m -> m.getModifiers().contains(Modifier.STATIC)
                && m.getParameters().size() == tree.getArguments().size())
            .toList();
    if (matching.size() != 1) {
      return null;
    }
    ExecutableElement helper = matching.get(0);
    if (helper.getAnnotation(Differentiable.class) != null || trees.getTree(helper) == null) {
      return null;
    }
    boolean givenValue = false;
    int mark = mark();
    for (int i = 0; i < helper.getParameters().size(); i++) {
      givenValue |=
          ValueMethods.shapeOf(helper.getParameters().get(i).asType(), trees, elements) != null
              && valueOf(tree.getArguments().get(i)) != null;
    }
    discardSince(mark); // a probe: the arguments are read again where the helper is inlined
    boolean returnsValue = ValueMethods.shapeOf(helper.getReturnType(), trees, elements) != null;
    return givenValue || returnsValue
        ? ValueMethods.inline(this, tree, helper, null, depth, trees, elements)
        : null;
  }

  /**
   * {@code f(t)} for a static {@code @Differentiable} method returning a record javad returns as
   * its components: the call, an array of them, and the record; null for any other expression.
   */
  RecordCall recordCall(ExpressionTree tree) throws Unsupported {
    if (!(tree instanceof MethodInvocationTree call)) {
      return null;
    }
    List<ExecutableElement> candidates;
    if (call.getMethodSelect() instanceof IdentifierTree id) {
      candidates = names.methods(id.getName().toString());
    } else {
      MemberSelectTree member = (MemberSelectTree) call.getMethodSelect();
      TypeElement owner = names.type(member.getExpression());
      Receiver object = owner == null ? receiver(member.getExpression()) : null;
      TypeElement type = owner != null ? owner : object != null ? object.type() : null;
      candidates =
          type == null ? List.of() : names.methods(type, member.getIdentifier().toString());
    }
    ExecutableElement method =
        candidates.stream()
            .filter(m -> m.getParameters().size() == call.getArguments().size()
                && m.getAnnotation(Differentiable.class) != null
                && RecordParameters.returnsRecord(m, trees, elements))
            .findFirst()
            .orElse(null);
    return method == null
        ? null
        : new RecordCall(read(tree), ValueMethods.shapeOf(method.getReturnType(), trees, elements));
  }

  /** A call returning a record's components as an array, and the record. */
  record RecordCall(Expr call, ValueShape shape) {}

  /**
   * A reader for the body of {@code method}, inlined at {@code call}: an instance method of a
   * value (whose {@code this} {@code scope} binds) or a static helper.
   */
  ExpressionReader inside(ExecutableElement method, LocalScope methodScope, Tree call) {
    TypeElement owner = (TypeElement) method.getEnclosingElement();
    CompilationUnitTree ownerUnit = trees.getPath(owner).getCompilationUnit();
    boolean isStatic = method.getModifiers().contains(Modifier.STATIC);
    return new ExpressionReader(
        trees, elements, ownerUnit, methodScope, new NameResolver(elements, owner, ownerUnit),
        new java.util.HashMap<>(), rules, callSites, isStatic ? null : owner, privateMembers,
        companionPackage, inlinedAt != null ? inlinedAt : call, depth + 1);
  }

  /** An object a method is called on or a field read from: as generated source, and its class. */
  record Receiver(String source, TypeElement type) {}

  /** Whether javad differentiates {@code record} as its components (see RecordParameters). */
  boolean differentiableRecord(TypeElement record) {
    return RecordParameters.differentiable(record, trees, elements);
  }

  /** Why javad cannot differentiate {@code record}, a record of numbers, or null. */
  String whyNotDifferentiable(TypeElement record) {
    return RecordParameters.notDifferentiable(record, trees, elements);
  }

  Elements elements() {
    return elements;
  }

  LocalScope scope() {
    return scope;
  }

  SideEffects sideEffects() {
    return sideEffects;
  }

  /** The class a {@code new} or a type names, or null. */
  TypeElement typeNamed(Tree identifier) {
    return identifier instanceof ExpressionTree e ? names.type(e) : null;
  }

  /** Why a class of numbers is not a value javad takes apart, or null ({@link ValueShape}). */
  String valueRefusal(TypeElement type) {
    return ValueShape.refusal(type, trees);
  }

  /** The record class a {@code new} or a type names, or null. */
  TypeElement recordType(Tree identifier) {
    TypeElement type = identifier instanceof ExpressionTree e ? names.type(e) : null;
    return type != null && type.getKind() == ElementKind.RECORD ? type : null;
  }

  /** The object {@code tree} names (a parameter, a field, an object one holds), or null. */
  Receiver receiverOf(ExpressionTree tree) throws Unsupported {
    return receiver(tree);
  }

  /**
   * {@code this}, an object parameter, or a field of one of them holding an object ({@code
   * this.left}, {@code pair.left}); null for anything else.
   */
  private Receiver receiver(ExpressionTree tree) throws Unsupported {
    if (tree instanceof ParenthesizedTree p) {
      return receiver(p.getExpression());
    }
    if (tree instanceof IdentifierTree id) {
      String name = id.getName().toString();
      if (name.equals("this")) {
        return self == null ? null : new Receiver(MethodReader.SELF, self);
      }
      Receiver alias = scope.lookup(name) == null ? scope.alias(name) : null;
      if (alias != null) {
        return alias;
      }
      TypeElement record = scope.lookup(name) == null ? scope.recordType(name) : null;
      if (record != null) {
        return new Receiver(name, record); // a record built in the method: its components
      }
      String opaque = scope.opaqueType(name);
      if (opaque != null) {
        TypeElement type = opaque.endsWith("]") ? null : elements.getTypeElement(opaque);
        return type == null ? null : new Receiver(name, type);
      }
      if (scope.lookup(name) != null) {
        return null;
      }
      VariableElement field = names.field(name);
      if (field != null && field.getModifiers().contains(Modifier.STATIC)) {
        return objectField(null, field); // DEFAULTS.w()
      }
      if (field != null && isFieldOfSelf(field)) {
        return objectField(new Receiver(MethodReader.SELF, self), field);
      }
      return null;
    }
    if (tree instanceof MethodInvocationTree call && call.getArguments().isEmpty()) {
      return componentObject(call.getMethodSelect()); // settings.loss(), kind() in a record
    }
    if (tree instanceof MemberSelectTree select) {
      TypeElement owner = names.type(select.getExpression());
      String name = select.getIdentifier().toString();
      if (owner != null) {
        VariableElement field = names.field(owner, name);
        return field != null && field.getModifiers().contains(Modifier.STATIC)
            ? objectField(null, field) // Model.DEFAULTS.w()
            : null;
      }
      Receiver outer = receiver(select.getExpression());
      VariableElement field = outer == null ? null : names.field(outer.type(), name);
      if (field != null && !field.getModifiers().contains(Modifier.STATIC)) {
        return objectField(outer, field);
      }
    }
    return null;
  }

  /**
   * The object a record component holds, read through its accessor ({@code settings.loss()}, or
   * {@code loss()} in the record's own method), as a receiver; null for anything else.
   */
  private Receiver componentObject(ExpressionTree select) throws Unsupported {
    Receiver outer;
    String name;
    if (select instanceof MemberSelectTree member && names.type(member.getExpression()) == null) {
      outer = receiver(member.getExpression());
      name = member.getIdentifier().toString();
    } else if (select instanceof IdentifierTree id && self != null) {
      outer = new Receiver(MethodReader.SELF, self);
      name = id.getName().toString();
    } else {
      return null;
    }
    if (outer == null || outer.type().getKind() != ElementKind.RECORD) {
      return null;
    }
    for (javax.lang.model.element.RecordComponentElement c : outer.type().getRecordComponents()) {
      if (c.getSimpleName().contentEquals(name)
          && c.asType() instanceof javax.lang.model.type.DeclaredType declared) {
        return new Receiver(outer.source() + "." + name + "()", (TypeElement) declared.asElement());
      }
    }
    return null;
  }

  /** The object a field holds, as a receiver: of {@code outer}, or static if it is null. */
  private Receiver objectField(Receiver outer, VariableElement field) {
    if (!(field.asType() instanceof javax.lang.model.type.DeclaredType declared)) {
      return null;
    }
    TypeElement type = (TypeElement) declared.asElement();
    String handle = handle(field);
    if (handle == null) {
      String holder =
          outer != null ? outer.source() : typeSource((TypeElement) field.getEnclosingElement());
      return new Receiver(holder + "." + field.getSimpleName(), type);
    }
    // ((p.Pair) LEFT.get(self)): the object the private field holds, as a receiver; an Object if
    // the companion cannot name its class (the handles on its members adapt it).
    String read = handle + ".get(" + (outer != null ? outer.source() : "") + ")";
    String source =
        Visibility.nameable(type) ? "((" + type.getQualifiedName() + ") " + read + ")" : read;
    return new Receiver(source, type);
  }

  /** The class a qualifier names ({@code Arrays} in {@code Arrays.fill}), or null. */
  TypeElement ownerType(ExpressionTree qualifier) {
    return names.type(qualifier);
  }

  /** {@code a[i]}: an element of an array, or a row of a matrix. */
  Expr.Element element(com.sun.source.tree.ArrayAccessTree tree) throws Unsupported {
    ExpressionTree arrayTree = tree.getExpression();
    if (arrayTree instanceof IdentifierTree id && scope.isReported(id.getName().toString())
        && scope.opaqueType(id.getName().toString()) == null) {
      throw Unsupported.followUp(tree); // the array's declaration was reported
    }
    Expr array = read(arrayTree);
    if (array.rank() == 0) {
      throw Unsupported.followUp(tree); // javac reports indexing a scalar
    }
    if (array instanceof Expr.ArrayCopy copy) {
      array = copy.array(); // a.clone()[i] reads a[i]
    }
    int mark = mark();
    Expr index = read(tree.getIndex());
    array = protectAny(array, mark); // m[i][i++]: the row of the old i
    if (index.type().isFloating() || index.type() == Type.BOOLEAN || index.rank() > 0) {
      throw Unsupported.followUp(tree);
    }
    return new Expr.Element(array, index);
  }

  /**
   * {@code new double[n]}, {@code new double[n][m]}, {@code new double[] {a, b}}, or an initializer
   * {@code {a, b}} of a declaration ({@code rank} > 0 gives its type).
   */
  Expr newArray(com.sun.source.tree.NewArrayTree tree, int declaredRank) throws Unsupported {
    Type type;
    int rank;
    if (tree.getType() != null) {
      Tree t = tree.getType();
      int extra = 0;
      while (t instanceof com.sun.source.tree.ArrayTypeTree at) {
        t = at.getType();
        extra++;
      }
      if (!(t instanceof PrimitiveTypeTree primitive)) {
        throw new Unsupported(tree, Message.EXPRESSION_TYPE, tree.getType().toString());
      }
      type = Types.of(primitive.getPrimitiveTypeKind());
      rank = Math.max(tree.getDimensions().size(), 1) + extra;
    } else {
      type = null; // {a, b} in a declaration: the element type comes from the elements
      rank = declaredRank;
    }
    List<Expr> sizes = readInOrder(tree.getDimensions());
    int elementRank = rank;
    Type elementType = type;
    // new double[][] {{x, 0}, {0, y}}: the nested initializers have the outer array's type.
    List<Expr> elements =
        tree.getInitializers() == null
            ? null
            : readInOrder(
                tree.getInitializers(),
                init ->
                    init instanceof com.sun.source.tree.NewArrayTree nested && nested.getType() == null
                        ? (elementType != null
                            ? initializer(nested, elementType, elementRank - 1)
                            : newArray(nested, elementRank - 1))
                        : read(init));
    if (type == null) {
      throw new IllegalStateException("initializer without a type");
    }
    return new Expr.NewArray(type, rank, sizes, elements);
  }

  /** {@code {a, b}} initializing a local declared {@code T[]...} with {@code rank} dimensions. */
  Expr initializer(com.sun.source.tree.NewArrayTree tree, Type type, int rank) throws Unsupported {
    List<Expr> elements =
        readInOrder(
            tree.getInitializers(),
            init ->
                init instanceof com.sun.source.tree.NewArrayTree nested && nested.getType() == null
                    ? initializer(nested, type, rank - 1)
                    : read(init));
    return new Expr.NewArray(type, rank, List.of(), elements);
  }

  private Expr select(MemberSelectTree tree) throws Unsupported {
    String name = tree.getIdentifier().toString();
    if (name.equals("length") && names.type(tree.getExpression()) == null) {
      // a.length of a local, a parameter or a field (weights.length, this.weights.length).
      ExpressionTree qualifier = tree.getExpression();
      VariableElement field =
          qualifier instanceof IdentifierTree id && scope.lookup(id.getName().toString()) == null
              ? names.field(id.getName().toString())
              : null;
      boolean isLocal = !(qualifier instanceof IdentifierTree id)
          || scope.lookup(id.getName().toString()) != null
          || scope.opaqueType(id.getName().toString()) != null; // reported as what it is
      if (isLocal || (field != null && field.asType().getKind() == TypeKind.ARRAY)) {
        Expr array = read(qualifier);
        if (array.rank() > 0) {
          return new Expr.Length(array);
        }
      }
    }
    TypeElement owner = names.type(tree.getExpression());
    Receiver receiver = owner == null ? receiver(tree.getExpression()) : null;
    Variable component =
        receiver == null ? null : scope.recordComponent(receiver.source(), name);
    if (component != null) {
      return new Expr.Local(component); // a.x, in the record's own class: the component
    }
    if (receiver != null) {
      VariableElement field = names.field(receiver.type(), name);
      if (field != null && !field.getModifiers().contains(Modifier.STATIC)) {
        return instanceField(tree, receiver.source(), field);
      }
    }
    if (owner == null && !(tree.getExpression() instanceof IdentifierTree)) {
      ValueMethods.Value value = valueOf(tree.getExpression()); // a.plus(b).re
      if (value != null && value.shape().indexOf(name) >= 0) {
        return value.parts().get(value.shape().indexOf(name));
      }
    }
    if (owner == null) {
      ExpressionTree qualifier = tree.getExpression();
      if (qualifier instanceof IdentifierTree id && scope.isReported(id.getName().toString())) {
        throw Unsupported.followUp(tree);
      }
      if (qualifier instanceof IdentifierTree id && scope.lookup(id.getName().toString()) == null
          && names.field(id.getName().toString()) == null) {
        throw Unsupported.followUp(tree);
      }
      throw new Unsupported(tree, Message.FIELD, tree.toString());
    }
    VariableElement field = names.field(owner, name);
    if (field == null) {
      throw Unsupported.followUp(tree);
    }
    return staticField(tree, field);
  }

  private Expr staticField(Tree tree, VariableElement field) throws Unsupported {
    if (!field.getModifiers().contains(Modifier.STATIC)) {
      throw new Unsupported(tree, Message.FIELD, tree.toString());
    }
    Type type = Types.element(field.asType());
    int rank = Types.rank(field.asType());
    if (type == null) {
      throw unreadable(tree, field);
    }
    if (rank > 2) {
      throw new Unsupported(tree, Message.ARRAY);
    }
    TypeElement owner = (TypeElement) field.getEnclosingElement();
    Object constant = field.getConstantValue();
    if (constant != null && !Visibility.visibleFromPackage(field, unitPackage())) {
      return constantLiteral(constant, type); // copied as javac writes it: no handle needed
    }
    return new Expr.StaticField(
        Visibility.packageOf(owner), nestedName(owner), field.getSimpleName().toString(), type,
        rank, handle(field),
        field.getModifiers().contains(Modifier.FINAL));
  }

  /** A field read as a value that javad cannot compute with: an object, a boxed number. */
  private static Unsupported unreadable(Tree tree, VariableElement field) {
    String type = Types.source(field.asType());
    return field.asType().getKind() == TypeKind.DECLARED
        ? new Unsupported(tree, Message.OBJECT_VALUE, field.getSimpleName(), type)
        : new Unsupported(tree, Message.EXPRESSION_TYPE, type);
  }

  /** A constant as a literal, spelled by javac ({@code 123456789012345679L}, {@code 1.0/0.0}). */
  Expr.Literal constantLiteral(Object constant, Type type) {
    double value =
        constant instanceof Character c
            ? c
            : constant instanceof Boolean b ? (b ? 1 : 0) : ((Number) constant).doubleValue();
    String text = elements.getConstantExpression(constant);
    if (text.contains("/")) {
      text = "(" + text + ")"; // 1.0/0.0 for infinity, 0.0/0.0 for NaN
    }
    return new Expr.Literal(value, type, text);
  }

  private Expr arithmeticUnary(UnaryTree tree, UnaryOp op) throws Unsupported {
    Expr operand = read(tree.getExpression());
    requireNumeric(tree, operand);
    return new Expr.Unary(op, operand, Type.promote(operand.type(), Type.INT));
  }

  private Expr arithmetic(BinaryTree tree, BinaryOp op) throws Unsupported {
    Expr left = read(tree.getLeftOperand());
    int mark = mark();
    Expr right = read(tree.getRightOperand());
    left = protect(left, mark);
    requireNumeric(tree, left);
    requireNumeric(tree, right);
    return new Expr.Binary(op, left, right, Type.promote(left.type(), right.type()));
  }

  private Expr comparison(BinaryTree tree, BinaryOp op) throws Unsupported {
    boolean equality = op == BinaryOp.EQUAL || op == BinaryOp.NOT_EQUAL;
    TypeElement leftEnum = equality ? enumOf(tree.getLeftOperand()) : null;
    if (leftEnum != null && leftEnum.equals(enumOf(tree.getRightOperand()))) {
      // kind == Kind.SQUARED: one value of an enum is one constant, compared by position.
      return new Expr.Binary(
          op, ordinal(tree.getLeftOperand(), leftEnum), ordinal(tree.getRightOperand(), leftEnum),
          Type.BOOLEAN);
    }
    if (equality
        && (tree.getLeftOperand().getKind() == Tree.Kind.NULL_LITERAL
            || tree.getRightOperand().getKind() == Tree.Kind.NULL_LITERAL)) {
      return nullTest(tree, op);
    }
    Expr left = read(tree.getLeftOperand());
    int mark = mark();
    Expr right = read(tree.getRightOperand());
    left = protect(left, mark);
    boolean bothBoolean = left.type() == Type.BOOLEAN && right.type() == Type.BOOLEAN;
    if (!(bothBoolean && equality)) {
      requireNumeric(tree, left);
      requireNumeric(tree, right);
    }
    return new Expr.Binary(op, left, right, Type.BOOLEAN);
  }

  /**
   * {@code Objects.requireNonNull(a, "a");} as a statement, a guard on an array or object the
   * method is given: {@code if (Objects.isNull(a)) throw new NullPointerException("a");}, which
   * every member runs where the function does; null for any other call.
   */
  io.javad.processor.ir.Stmt nullCheck(MethodInvocationTree call) throws Unsupported {
    if (call.getArguments().isEmpty() || call.getArguments().size() > 2) {
      return null;
    }
    boolean objects;
    if (call.getMethodSelect() instanceof MemberSelectTree select) {
      TypeElement owner = names.type(select.getExpression());
      objects =
          select.getIdentifier().contentEquals("requireNonNull")
              && owner != null
              && owner.getQualifiedName().contentEquals("java.util.Objects");
    } else {
      // requireNonNull(a, "a") through a static import.
      objects =
          call.getMethodSelect() instanceof IdentifierTree id
              && id.getName().contentEquals("requireNonNull")
              && names.methods("requireNonNull").stream()
                  .anyMatch(m -> ((TypeElement) m.getEnclosingElement()).getQualifiedName()
                      .contentEquals("java.util.Objects"));
    }
    if (!objects) {
      return null;
    }
    if (call.getArguments().size() == 2 && !isString(call.getArguments().get(1))) {
      return null; // the Supplier<String> overload: refused as a call
    }
    ExpressionTree tested = call.getArguments().get(0);
    if (tested instanceof IdentifierTree id && scope.isActiveRecord(id.getName().toString())) {
      // A record javad takes apart into its components, which its members take: reading them
      // throws the NullPointerException (without the message).
      return new io.javad.processor.ir.Stmt.Block(List.of());
    }
    Receiver object = receiver(tested);
    Expr value =
        object != null
            ? new Expr.ObjectRef(object.source(), object.type().getQualifiedName().toString())
            : read(tested);
    if (!(value instanceof Expr.ObjectRef) && value.rank() == 0) {
      return null;
    }
    List<Expr> message = new ArrayList<>();
    if (call.getArguments().size() == 2) {
      message.add(message(call.getArguments().get(1)));
    }
    Expr isNull =
        new Expr.Call("java.util.Objects", "isNull", List.of(value), Type.BOOLEAN, List.of(), null, null, null);
    return new io.javad.processor.ir.Stmt.If(
        isNull,
        List.of(new io.javad.processor.ir.Stmt.Throw("java.lang.NullPointerException", message)),
        List.of());
  }

  /**
   * {@code a == null} or {@code a != null} of an array or an object the method is given (an
   * optional input): {@code Objects.isNull(a)}, a test on data.
   */
  private Expr nullTest(BinaryTree tree, BinaryOp op) throws Unsupported {
    ExpressionTree tested =
        tree.getLeftOperand().getKind() == Tree.Kind.NULL_LITERAL
            ? tree.getRightOperand()
            : tree.getLeftOperand();
    Receiver object = receiver(tested);
    Expr value =
        object != null
            ? new Expr.ObjectRef(object.source(), object.type().getQualifiedName().toString())
            : read(tested);
    if (!(value instanceof Expr.ObjectRef) && value.rank() == 0) {
      throw new Unsupported(tree, Message.EXPRESSION_TYPE, "null");
    }
    return new Expr.Call(
        "java.util.Objects", op == BinaryOp.EQUAL ? "isNull" : "nonNull", List.of(value),
        Type.BOOLEAN, List.of(), null, null, null);
  }

  private Expr logical(BinaryTree tree, BinaryOp op) throws Unsupported {
    Expr left = bool(tree.getLeftOperand());
    int mark = mark();
    Expr right = bool(tree.getRightOperand());
    if (mark() == mark) {
      return new Expr.Binary(op, left, right, Type.BOOLEAN);
    }
    // The right operand's assignments run only when it is evaluated: an if.
    List<io.javad.processor.ir.Stmt> effects = new ArrayList<>(sideEffects.takeSince(mark));
    Variable test = sideEffects.temporary("test", Type.BOOLEAN);
    sideEffects.place(new io.javad.processor.ir.Stmt.Declare(test, left));
    effects.add(new io.javad.processor.ir.Stmt.Assign(test, null, right));
    Expr evaluated =
        op == BinaryOp.AND
            ? new Expr.Local(test)
            : new Expr.Unary(UnaryOp.NOT, new Expr.Local(test), Type.BOOLEAN);
    sideEffects.place(new io.javad.processor.ir.Stmt.If(evaluated, effects, List.of()));
    return new Expr.Local(test);
  }

  /** A branch of {@code choice}; an object there is a choice between objects, said as such. */
  private Expr branch(ConditionalExpressionTree choice, ExpressionTree branch) throws Unsupported {
    try {
      return read(branch);
    } catch (Unsupported u) {
      if (u.message() == Message.OBJECT_VALUE) {
        throw new Unsupported(choice, Message.OBJECT_CHOICE, u.args()[1]);
      }
      throw u;
    }
  }

  private Expr conditional(ConditionalExpressionTree tree) throws Unsupported {
    Expr condition = bool(tree.getCondition());
    int mark = mark();
    Expr whenTrue = branch(tree, tree.getTrueExpression());
    List<io.javad.processor.ir.Stmt> thenEffects =
        mark() == mark ? List.of() : sideEffects.takeSince(mark);
    Expr whenFalse = branch(tree, tree.getFalseExpression());
    List<io.javad.processor.ir.Stmt> elseEffects =
        mark() == mark ? List.of() : sideEffects.takeSince(mark);
    if (!thenEffects.isEmpty() || !elseEffects.isEmpty()) {
      // A branch's assignments run only when it is chosen: an if assigning a temporary.
      Type type =
          whenTrue.type() == whenFalse.type()
              ? whenTrue.type()
              : Type.promote(whenTrue.type(), whenFalse.type());
      Variable chosen = sideEffects.temporary("chosen", type);
      List<io.javad.processor.ir.Stmt> then = new ArrayList<>(thenEffects);
      then.add(new io.javad.processor.ir.Stmt.Assign(chosen, null, whenTrue));
      List<io.javad.processor.ir.Stmt> otherwise = new ArrayList<>(elseEffects);
      otherwise.add(new io.javad.processor.ir.Stmt.Assign(chosen, null, whenFalse));
      sideEffects.place(new io.javad.processor.ir.Stmt.Declare(chosen, null));
      sideEffects.place(new io.javad.processor.ir.Stmt.If(condition, then, otherwise));
      return new Expr.Local(chosen);
    }
    if (whenTrue.rank() > 0 || whenFalse.rank() > 0) {
      // x > 0 ? a : b, a choice between arrays: a local naming it, placed before the statement.
      Expr.Call call =
          io.javad.processor.ir.ExprScan.firstCall(condition, c -> !pure(c));
      if (call != null && sideEffects != null) {
        // Its call would run before the calls of the expression that come first.
        throw new Unsupported(tree, Message.ARRAY_CHOICE_CALL, call.name());
      }
      Expr choice =
          sideEffects == null
              ? null
              : sideEffects.arrayChoice(condition, tree.getTrueExpression(), tree.getFalseExpression());
      if (choice == null) {
        throw new Unsupported(tree, Message.ARRAY_CHOICE);
      }
      return choice;
    }
    Type type;
    if (whenTrue.type() == Type.BOOLEAN && whenFalse.type() == Type.BOOLEAN) {
      type = Type.BOOLEAN;
    } else {
      requireNumeric(tree, whenTrue);
      requireNumeric(tree, whenFalse);
      type = whenTrue.type() == whenFalse.type()
          ? whenTrue.type()
          : Type.promote(whenTrue.type(), whenFalse.type());
    }
    return new Expr.Conditional(condition, whenTrue, whenFalse, type);
  }

  private Expr cast(TypeCastTree tree) throws Unsupported {
    if (!(tree.getType() instanceof PrimitiveTypeTree primitive)) {
      throw new Unsupported(tree, Message.EXPRESSION_TYPE, tree.getType().toString());
    }
    Type type = Types.of(primitive.getPrimitiveTypeKind());
    Expr operand = read(tree.getExpression());
    if ((type == Type.BOOLEAN) != (operand.type() == Type.BOOLEAN)) {
      throw Unsupported.followUp(tree);
    }
    return new Expr.Cast(type, operand);
  }

  private Expr call(MethodInvocationTree tree) throws Unsupported {
    ExpressionTree select = tree.getMethodSelect();
    if (select instanceof MemberSelectTree member
        && member.getExpression() instanceof IdentifierTree named
        && scope.lookup(named.getName().toString()) == null
        && scope.lambda(named.getName().toString()) != null) {
      // sq.applyAsDouble(x): the lambda's body, inlined.
      Lambdas.Lambda lambda = scope.lambda(named.getName().toString());
      String method = member.getIdentifier().toString();
      if (lambda.method() != null && !lambda.method().getSimpleName().contentEquals(method)) {
        // A default method of the interface (f.andThen(g), f.twice(x)) is not the lambda.
        throw new Unsupported(select, Message.LAMBDA);
      }
      List<Expr> arguments = readInOrder(tree.getArguments());
      return Lambdas.apply(
          scope.lambda(named.getName().toString()), arguments, tree, scope, this, sideEffects);
    }
    Expr stream = Streams.of(tree, this);
    if (stream != null) {
      return stream;
    }
    if (select instanceof MemberSelectTree copy
        && isArrayCopy(copy)
        && copy.getIdentifier().contentEquals("copyOf")
        && tree.getArguments().size() == 2
        && tree.getArguments().get(1) instanceof MemberSelectTree length
        && length.getIdentifier().contentEquals("length")
        && length.getExpression().toString().equals(tree.getArguments().get(0).toString())) {
      // Arrays.copyOf(a, a.length) is a.clone(), wherever it is (c[i] = copyOf(a[i], a[i].length)).
      Expr array = read(tree.getArguments().get(0));
      if (array.rank() == 1) {
        return new Expr.ArrayCopy(array);
      }
    }
    if (select instanceof MemberSelectTree copy && isArrayCopy(copy)) {
      // Read where they are statements or initializers (BodyReader); anywhere else, said so.
      throw new Unsupported(select, Message.ARRAY_HELPER_PLACE, copy.toString());
    }
    ValueMethods.Result inlined = valueMethod(tree);
    if (inlined != null) {
      if (inlined.number() == null) {
        throw new Unsupported(tree, Message.VALUE_RESULT, ValueMethods.nameOf(tree));
      }
      return inlined.number();
    }
    String name;
    List<ExecutableElement> candidates;
    if (select instanceof MemberSelectTree member
        && member.getIdentifier().contentEquals("clone")
        && tree.getArguments().isEmpty()
        && names.type(member.getExpression()) == null) {
      Expr array = read(member.getExpression());
      if (array.rank() == 1) {
        return new Expr.ArrayCopy(array);
      }
      if (array.rank() > 1) {
        // A matrix's clone() shares its rows with the original: aliasing javad does not follow.
        String m = member.getExpression().toString();
        throw new Unsupported(select, Message.MATRIX_CLONE, m, m, m, m, m);
      }
    }
    String receiver = null;
    if (select instanceof MemberSelectTree member) {
      name = member.getIdentifier().toString();
      TypeElement owner = names.type(member.getExpression());
      if (member.getExpression() instanceof IdentifierTree q
          && q.getName().contentEquals("super")) {
        throw new Unsupported(select, Message.SUPER_CALL);
      }
      if (member.getExpression() instanceof IdentifierTree q
          && scope.lookup(q.getName().toString()) == null
          && scope.isReported(q.getName().toString())) {
        throw Unsupported.followUp(select); // its declaration was reported
      }
      Receiver object = owner == null ? receiver(member.getExpression()) : null;
      if (owner == null && object == null) {
        // A method of an object (System.out.println, stream.sum): named by its simple name.
        throw new Unsupported(select, Message.CALL, name);
      }
      if (object != null) {
        owner = object.type();
        receiver = object.source();
      }
      candidates = names.methods(owner, name);
      Expr component =
          object != null && tree.getArguments().isEmpty()
              ? recordComponent(receiver, owner, name)
              : null;
      if (component != null) {
        return component;
      }
    } else {
      name = ((IdentifierTree) select).getName().toString();
      candidates = names.methods(name);
      // this.name(...) if it is a method of this object's class, not of an enclosing one.
      boolean own = self != null && !names.methods(self, name).isEmpty();
      receiver = own ? MethodReader.SELF : null;
      Expr component =
          own && tree.getArguments().isEmpty() ? recordComponent(receiver, self, name) : null;
      if (component != null) {
        return component;
      }
    }
    if (candidates.isEmpty()) {
      throw Unsupported.followUp(tree); // no such method: javac says so
    }
    TypeElement declaring = (TypeElement) candidates.get(0).getEnclosingElement();
    String ownerName = declaring.getQualifiedName().toString();
    String shown = declaring.getSimpleName() + "." + name;
    if (!MathRules.isMathOwner(ownerName)) {
      return opaqueCall(tree, select, candidates, ownerName, shown, receiver);
    }
    return mathCall(ownerName, name, candidates, readInOrder(tree.getArguments()), select);
  }

  /** {@code Arrays.copyOf}, {@code Arrays.copyOfRange} or {@code System.arraycopy}. */
  private boolean isArrayCopy(MemberSelectTree select) {
    TypeElement owner = names.type(select.getExpression());
    String name = select.getIdentifier().toString();
    return owner != null
        && (owner.getQualifiedName().contentEquals("java.util.Arrays")
                && (name.equals("copyOf") || name.equals("copyOfRange"))
            || owner.getQualifiedName().contentEquals("java.lang.System")
                && name.equals("arraycopy"));
  }

  /**
   * {@code Math::exp} or {@code Model::sigmoid}, a static method, applied to {@code arguments}
   * (a lambda's arguments): the call it stands for; another kind of reference is reported.
   */
  Expr referenced(com.sun.source.tree.MemberReferenceTree reference, List<Expr> arguments)
      throws Unsupported {
    TypeElement owner =
        reference.getQualifierExpression() == null
            ? null
            : names.type(reference.getQualifierExpression());
    if (owner == null
        || reference.getMode() != com.sun.source.tree.MemberReferenceTree.ReferenceMode.INVOKE) {
      throw new Unsupported(reference, Message.METHOD_REFERENCE);
    }
    String name = reference.getName().toString();
    String ownerName = owner.getQualifiedName().toString();
    // Static methods only: Type::instanceMethod takes its receiver from the arguments.
    List<ExecutableElement> candidates =
        names.methods(owner, name).stream()
            .filter(m -> m.getModifiers().contains(Modifier.STATIC))
            .toList();
    if (candidates.isEmpty()) {
      throw new Unsupported(reference, Message.METHOD_REFERENCE);
    }
    if (MathRules.isMathOwner(ownerName)) {
      return mathCall(ownerName, name, candidates, arguments, reference);
    }
    if (ownerName.equals("java.lang.Double") && arguments.size() == 2) {
      // Double::sum, Double::max, Double::min (reduce's usual operators): what they compute.
      List<Expr> doubles = arguments.stream().map(a -> widen(a, Type.DOUBLE)).toList();
      switch (name) {
        case "sum" -> {
          return new Expr.Binary(BinaryOp.ADD, doubles.get(0), doubles.get(1), Type.DOUBLE);
        }
        case "max", "min" -> {
          return new Expr.Call("java.lang.Math", name, doubles, Type.DOUBLE);
        }
        default -> { }
      }
    }
    String shown = owner.getSimpleName() + "." + name;
    return resolvedCall(
        reference, null, candidates, arguments, Map.of(), ownerName, shown, null);
  }

  /** A call of {@code Math}'s or {@code StrictMath}'s {@code name}, its arguments read. */
  private Expr mathCall(
      String ownerName,
      String name,
      List<ExecutableElement> candidates,
      List<Expr> arguments,
      Tree select)
      throws Unsupported {
    arguments = new ArrayList<>(arguments);
    ExecutableElement chosen = Overloads.choose(candidates, arguments);
    if (chosen == null) {
      throw Unsupported.followUp(select);
    }
    Type type = Types.of(chosen.getReturnType());
    if (type == null) {
      throw new Unsupported(select, Message.EXPRESSION_TYPE, chosen.getReturnType().toString());
    }
    // An argument passed to a wider parameter is converted, as javac does: Math.sqrt(n) with an
    // int n computes in double.
    for (int i = 0; i < arguments.size(); i++) {
      Type parameter = Types.of(chosen.getParameters().get(i).asType());
      if (parameter != null && parameter != arguments.get(i).type()) {
        arguments.set(i, widen(arguments.get(i), parameter));
      }
    }
    // A function without a rule (Math.scalb) is fine on values that do not depend on the active
    // inputs; the check is made once activity is known (OpaqueCalls).
    Expr.Call call = new Expr.Call(ownerName, name, arguments, type);
    if (!MathRules.isKnown(ownerName, name) && type.isFloating()) {
      callSites.putIfAbsent(call, new CallSite(inlinedAt != null ? inlinedAt : select, chosen));
    }
    return call;
  }

  /**
   * A call to a method javad cannot see into: allowed as a value of the primal computation (an
   * integer helper, a log call), static or on an object; a private one is called through a
   * handle. Whether one of its arguments is active is checked once activity is known ({@code
   * OpaqueCalls}).
   */
  private Expr opaqueCall(
      MethodInvocationTree tree,
      ExpressionTree select,
      List<ExecutableElement> candidates,
      String ownerName,
      String shown,
      String receiver)
      throws Unsupported {
    List<Expr> arguments = new ArrayList<>();
    // Records of numbers built in the argument list (dot(new Vec3(a, b, c), v)): their components.
    Map<Integer, List<Expr>> built = new java.util.HashMap<>();
    for (ExpressionTree argument : tree.getArguments()) {
      List<Expr> components = builtRecord(argument);
      if (components != null) {
        TypeElement record =
            recordType(((com.sun.source.tree.NewClassTree) argument).getIdentifier());
        built.put(arguments.size(), components);
        arguments.add(
            new Expr.ObjectRef(
                "new " + record.getSimpleName(), record.getQualifiedName().toString()));
        continue;
      }
      Receiver object = receiver(argument);
      if (object != null) {
        arguments.add(
            new Expr.ObjectRef(object.source(), object.type().getQualifiedName().toString()));
        continue;
      }
      if (argument.getKind() == Tree.Kind.STRING_LITERAL) {
        // Data for the callee, as a String constant would be: "gauss".
        arguments.add(new Expr.ObjectRef(argument.toString(), "java.lang.String"));
        continue;
      }
      Expr.Call formatted = formatted(argument);
      if (formatted != null) {
        // A String made for the callee (a log line): data, made where the call runs.
        arguments.add(formatted);
        continue;
      }
      if (argument.getKind() == Tree.Kind.PLUS && isString(argument)) {
        // A String joined for the callee (a log line): data, read where the call runs.
        int mark = mark();
        Expr joined = text(argument);
        protectEarlier(arguments, mark);
        arguments.add(joined);
        continue;
      }
      int mark = mark();
      Expr arg = read(argument);
      // A short, byte or char constant has no literal syntax of its own; overload resolution
      // needs its type: note((short) 2).
      if (arg instanceof Expr.Literal l
          && (l.type() == Type.SHORT || l.type() == Type.BYTE || l.type() == Type.CHAR)) {
        arg = new Expr.Cast(l.type(), l);
      }
      protectEarlier(arguments, mark);
      arguments.add(arg);
    }
    return resolvedCall(
        select, tree.getArguments(), candidates, arguments, built, ownerName, shown, receiver);
  }

  /**
   * The call of one of {@code candidates}, given its arguments read ({@code built}: the components
   * of records built in the argument list, by position); {@code argumentTrees} for positions, null
   * for a method reference's call.
   */
  private Expr resolvedCall(
      ExpressionTree select,
      List<? extends ExpressionTree> argumentTrees,
      List<ExecutableElement> candidates,
      List<Expr> arguments,
      Map<Integer, List<Expr>> built,
      String ownerName,
      String shown,
      String receiver)
      throws Unsupported {
    ExecutableElement chosen = Overloads.choose(candidates, arguments);
    if (chosen != null
        && chosen.getModifiers().contains(Modifier.ABSTRACT)
        && arguments.stream().anyMatch(a -> a.type().isFloating())) {
      // An interface's or abstract class's method given numbers that may carry derivatives: which
      // body runs is known only at run time. Without them (a getter) it is data, called as it is.
      throw new Unsupported(select, Message.CALL_ABSTRACT, shown);
    }
    boolean differentiable = chosen != null && chosen.getAnnotation(Differentiable.class) != null;
    Map<Integer, Callee.RecordGroup> records =
        differentiable ? recordParameters(chosen) : Map.of();
    for (int i : built.keySet()) {
      if (!records.containsKey(i)) {
        throw new Unsupported(argumentTrees.get(i), Message.NEW_OBJECT);
      }
    }
    for (int i = 0; i < arguments.size(); i++) {
      // A differentiated record goes on only to a callee that differentiates that parameter.
      if (arguments.get(i) instanceof Expr.ObjectRef ref
          && scope.isActiveRecord(ref.source())
          && !records.containsKey(i)) {
        throw new Unsupported(
            argumentTrees.get(i), Message.ACTIVE_RECORD_ARGUMENT, ref.source());
      }
    }
    if (differentiable) {
      boolean isStatic = chosen.getModifiers().contains(Modifier.STATIC);
      if (!isStatic && receiver == null) {
        throw new Unsupported(select, Message.CALL, shown);
      }
      return differentiableCall(
          select, chosen, arguments, built, shown, isStatic ? null : receiver);
    }
    if (chosen != null && built.isEmpty()) {
      Expr.Call ruled = ruledCall(select, chosen, arguments, shown);
      if (ruled != null) {
        return ruled;
      }
    }
    boolean isStatic = chosen != null && chosen.getModifiers().contains(Modifier.STATIC);
    if (chosen != null
        && arguments.stream().anyMatch(a -> a.rank() > 0)
        && FunctionRules.problem(chosen) == null
        && (Types.rank(chosen.getReturnType()) > 0 || ReadOnlyArrays.problem(trees, chosen) != null)) {
      // A function of arrays: the rules it could have, written out. (One returning a number from
      // arrays it only reads is called as it is where they are data: see below.)
      throw new Unsupported(select, Message.CALL_ARRAYS, shown, FunctionRules.stubs(chosen));
    }
    if (chosen == null || (!isStatic && receiver == null)) {
      throw new Unsupported(select, Message.CALL, shown);
    }
    if (arguments.stream().anyMatch(a -> a.rank() > 0)) {
      // Arrays as data (a lookup, a search of a grid): called as they are, if only read.
      String why = ReadOnlyArrays.problem(trees, chosen);
      if (why != null || Types.rank(chosen.getReturnType()) > 0) {
        throw new Unsupported(
            select, Message.CALL_ARRAY_DATA, shown,
            why != null ? why : "it returns an array");
      }
    }
    if (!chosen.getThrownTypes().isEmpty()) {
      throw new Unsupported(select, Message.CALL_THROWS, shown);
    }
    // The overload may be inherited from another class than the first candidate's.
    ownerName = ((TypeElement) chosen.getEnclosingElement()).getQualifiedName().toString();
    Type type =
        chosen.getReturnType().getKind() == TypeKind.VOID ? Type.VOID : Types.of(chosen.getReturnType());
    if (type == null) {
      throw new Unsupported(select, Message.CALL, shown);
    }
    List<Expr.Rule> partials = new ArrayList<>();
    for (ExecutableElement rule : rules.of(chosen, unitPackage())) {
      partials.add(
          rule == null
              ? null
              : new Expr.Rule(
                  ((TypeElement) rule.getEnclosingElement()).getQualifiedName().toString(),
                  rule.getSimpleName().toString(),
                  handle(rule)));
    }
    Expr.Call call =
        new Expr.Call(
            ownerName, chosen.getSimpleName().toString(), arguments, type, partials, null,
            isStatic ? null : receiver, handle(chosen));
    callSites.putIfAbsent(call, new CallSite(inlinedAt != null ? inlinedAt : select, chosen));
    return call;
  }

  /**
   * A call to another {@code @Differentiable} method: its derivatives come from the callee's
   * companion (see {@link Callees}), in this compilation or from a library on the class path.
   */
  private Expr differentiableCall(
      ExpressionTree select,
      ExecutableElement chosen,
      List<Expr> arguments,
      Map<Integer, List<Expr>> built,
      String shown,
      String receiver)
      throws Unsupported {
    Callee callee = Callees.of(chosen, trees, elements);
    if (callee == null && trees.getTree(chosen) != null) {
      throw Unsupported.followUp(select); // its wrt names no parameter: reported at the callee
    }
    if (callee == null) {
      throw new Unsupported(select, Message.CALL_NO_NAMES, shown);
    }
    if (trees.getTree(chosen) == null && elements.getTypeElement(callee.companion()) == null) {
      // A library compiled without javad's processor: its derivatives do not exist.
      throw new Unsupported(select, Message.CALL_NO_COMPANION, shown, callee.companion());
    }
    ParameterWrites.Finding use = ParameterWrites.of(trees, elements, chosen, callee);
    if (use != null && use.returned()) {
      String p = use.parameter();
      boolean matrix =
          chosen.getParameters().stream()
              .anyMatch(v -> v.getSimpleName().contentEquals(p) && Types.rank(v.asType()) > 1);
      throw new Unsupported(
          select, Message.CALL_RETURNS_ARRAY, shown, p,
          matrix
              ? "a copy row by row: c = new double[" + p + ".length][] filled by c[i] = " + p
                  + "[i].clone() in a loop right after it"
              : "a copy (" + p + ".clone())");
    }
    if (use != null && !callee.written().contains(true)) {
      // Written, but under a name no parameter has (a class file without names): not known where.
      throw new Unsupported(select, Message.CALL_WRITES_ARRAY, shown, use.parameter());
    }
    widenToParameters(chosen, arguments);
    List<Expr> flat = new ArrayList<>();
    Map<Integer, Callee.RecordGroup> records = recordParameters(chosen);
    for (int i = 0; i < arguments.size(); i++) {
      VariableElement p = chosen.getParameters().get(i);
      if (built.containsKey(i)) {
        flat.addAll(built.get(i));
      } else if (records.containsKey(i)) {
        if (!(arguments.get(i) instanceof Expr.ObjectRef record)) {
          throw new Unsupported(select, Message.CALL, shown); // not a record javad can name
        }
        javax.lang.model.type.DeclaredType type = (javax.lang.model.type.DeclaredType) p.asType();
        flat.addAll(components(record, (TypeElement) type.asElement()));
      } else {
        flat.add(arguments.get(i));
      }
    }
    arguments = flat;
    outParameters(select, callee, arguments, shown);
    String ownerName = ((TypeElement) chosen.getEnclosingElement()).getQualifiedName().toString();
    Type type =
        callee.returnsVoid() ? Type.VOID : Types.element(chosen.getReturnType());
    String name = chosen.getSimpleName().toString();
    String bridge = handle(chosen);
    if (RecordParameters.returnsRecord(chosen, trees, elements)) {
      // Its value as an array of the record's components, from its companion (fComponents).
      if (receiver != null) {
        throw new Unsupported(select, Message.RECORD_RESULT_CALL, shown);
      }
      ownerName = callee.companion();
      name = callee.method();
      type = Type.DOUBLE;
      bridge = null;
    }
    Expr.Call call =
        new Expr.Call(ownerName, name, arguments, type, List.of(), callee, receiver, bridge);
    callSites.putIfAbsent(call, new CallSite(inlinedAt != null ? inlinedAt : select, chosen));
    return call;
  }

  /**
   * A call of a function with whole-function rules ({@code @TangentOf}, {@code @AdjointOf}): its
   * derivatives are the rules, called as a callee's companion members would be; null if it has
   * none.
   */
  private Expr.Call ruledCall(
      ExpressionTree select, ExecutableElement chosen, List<Expr> arguments, String shown)
      throws Unsupported {
    Callee callee = rules.functionRules(chosen, unitPackage(), this::handle);
    if (callee == null) {
      return null;
    }
    widenToParameters(chosen, arguments);
    String owner = ((TypeElement) chosen.getEnclosingElement()).getQualifiedName().toString();
    Expr.Call call =
        new Expr.Call(
            owner, chosen.getSimpleName().toString(), arguments, Types.element(chosen.getReturnType()),
            List.of(), callee, null, handle(chosen));
    callSites.putIfAbsent(call, new CallSite(inlinedAt != null ? inlinedAt : select, chosen));
    return call;
  }

  /**
   * Converts arguments to their parameters' types explicitly: the callee's partials have the
   * parameter's type (a float passed to a double gets a double adjoint back).
   */
  private void widenToParameters(ExecutableElement chosen, List<Expr> arguments) {
    for (int i = 0; i < arguments.size(); i++) {
      Expr arg = arguments.get(i);
      Type parameter = Types.of(chosen.getParameters().get(i).asType());
      if (parameter != null && parameter != arg.type()) {
        Expr widened = widen(arg, parameter);
        arguments.set(i, widened.type() == parameter ? widened : new Expr.Cast(parameter, widened));
      }
    }
  }

  /** The method select of the call that is the statement being read, if it is one. */
  private ExpressionTree statementCall;

  /** The statement being read is a call, {@code select} its method: it may have out-parameters. */
  void statementCall(ExpressionTree select) {
    statementCall = select;
  }

  /**
   * A call to a callee that writes into arrays it is passed (out-parameters) must be a statement
   * of its own, and the callee must return a number or nothing; what it is passed is checked once
   * lowered ({@link io.javad.processor.check.OutParameters}).
   */
  private void outParameters(
      ExpressionTree select, Callee callee, List<Expr> arguments, String shown)
      throws Unsupported {
    for (int i = 0; i < arguments.size(); i++) {
      if (!callee.writes(i)) {
        continue;
      }
      String parameter = callee.names().get(i);
      if (callee.rank() > 0) {
        throw new Unsupported(select, Message.CALL_WRITES_VECTOR, shown, parameter);
      }
      if (statementCall != select) {
        throw new Unsupported(select, Message.CALL_WRITES_ARRAY, shown, parameter, shown);
      }
      Expr arg = arguments.get(i);
      if (arg instanceof Expr.InstanceField || arg instanceof Expr.StaticField) {
        // Before lowering reads final fields into locals, which would name the field's array.
        throw new Unsupported(
            select, Message.CALL_WRITES_FIELD, shown, parameter, io.javad.processor.emit.JavaPrinter.text(arg));
      }
    }
  }

  /**
   * The parameters of a {@code @Differentiable} callee that its generated members take as a
   * record's components, by position in its signature (from its {@link Callee}).
   */
  private Map<Integer, Callee.RecordGroup> recordParameters(ExecutableElement callee) {
    Callee described = Callees.of(callee, trees, elements);
    Map<Integer, Callee.RecordGroup> out = new java.util.HashMap<>();
    if (described == null) {
      return out;
    }
    int flat = 0;
    for (int i = 0; i < callee.getParameters().size(); i++) {
      int at = flat;
      Callee.RecordGroup group =
          described.records().stream().filter(g -> g.start() == at).findFirst().orElse(null);
      if (group != null) {
        out.put(i, group);
        flat += group.size();
      } else {
        flat++;
      }
    }
    return out;
  }

  /**
   * The components of {@code new R(a, b)} for a record {@code R} of numbers, read as expressions;
   * null if {@code tree} is not one.
   */
  private List<Expr> builtRecord(ExpressionTree tree) throws Unsupported {
    if (!(tree instanceof com.sun.source.tree.NewClassTree created)
        || created.getClassBody() != null) {
      return null;
    }
    TypeElement record = recordType(created.getIdentifier());
    if (record == null
        || !differentiableRecord(record)
        || created.getArguments().size() != record.getRecordComponents().size()) {
      return null;
    }
    List<Expr> components = new ArrayList<>();
    for (int i = 0; i < created.getArguments().size(); i++) {
      ExpressionTree argument = created.getArguments().get(i);
      boolean array = Types.rank(record.getRecordComponents().get(i).asType()) > 0;
      if (array && !(argument instanceof com.sun.source.tree.IdentifierTree)) {
        // An array component is passed on as the array variable it names, as an argument would.
        throw new Unsupported(
            argument, Message.RECORD_ARGUMENT_ARRAY, record.getSimpleName(),
            record.getRecordComponents().get(i).getSimpleName());
      }
      components.add(read(argument));
    }
    return components;
  }

  /**
   * The components of a record given to a callee that differentiates it, as its generated members
   * take them: the caller's own component parameters for a record it differentiates, the
   * accessors ({@code data.w()}) for a record that is data here.
   */
  private List<Expr> components(Expr.ObjectRef record, TypeElement type) {
    List<Expr> out = new ArrayList<>();
    for (javax.lang.model.element.RecordComponentElement c : type.getRecordComponents()) {
      String name = c.getSimpleName().toString();
      Variable own = scope.recordComponent(record.source(), name);
      out.add(
          own != null
              ? new Expr.Local(own)
              : new Expr.InstanceField(
                  record.source(), name, Types.element(c.asType()), Types.rank(c.asType()), null,
                  true, false));
    }
    return out;
  }

  /** An argument converted to its parameter's type; a literal is simply retyped. */
  private static Expr widen(Expr e, Type to) {
    if (e instanceof Expr.Literal l && to.isFloating() && !l.type().isFloating()) {
      return new Expr.Literal(l.value(), to, l.text()); // Math.pow(x, 2): the literal stays 2
    }
    return e;
  }

  private static void requireNumeric(Tree tree, Expr e) throws Unsupported {
    if (!e.type().isNumeric()) {
      throw Unsupported.followUp(tree); // javac reports the bad operand
    }
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

  /** A construct's kind as a user would name it: "switch expression", not SWITCH_EXPRESSION. */
  static String describe(Tree tree) {
    return tree.getKind().toString().toLowerCase().replace('_', ' ');
  }

  private String unitPackage() {
    return companionPackage;
  }

  /** A class as the companion names it: without its package if it is the companion's. */
  private String typeSource(TypeElement type) {
    return Visibility.packageOf(type).equals(unitPackage())
        ? nestedName(type)
        : type.getQualifiedName().toString();
  }

  /** {@code Outer.Inner} for a nested class, without the package. */
  static String nestedName(TypeElement type) {
    String qualified = type.getQualifiedName().toString();
    String pkg = Visibility.packageOf(type);
    return pkg.isEmpty() ? qualified : qualified.substring(pkg.length() + 1);
  }
}
