package io.javad.processor.front;

import com.sun.source.tree.ArrayTypeTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.PrimitiveTypeTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WhileLoopTree;
import io.javad.processor.diag.Message;
import io.javad.processor.diag.Reporter;
import io.javad.processor.ir.BinaryOp;
import io.javad.processor.ir.Expr;
import io.javad.processor.ir.Namer;
import io.javad.processor.ir.Stmt;
import io.javad.processor.ir.StmtScan;
import io.javad.processor.ir.Type;
import io.javad.processor.ir.Variable;
import io.javad.processor.rules.MathRules;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import javax.lang.model.element.TypeElement;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * Translates the statements of a method body into IR. An unsupported construct is reported at its
 * node and reading goes on with the next statement, so one compilation shows every problem.
 */
final class BodyReader implements ExpressionReader.SideEffects {

  private final CompilationUnitTree unit;
  private final StatementLines lines;
  private final Reporter reporter;
  private final LocalScope scope;
  private final ExpressionReader expressions;
  private final Namer namer;
  private final Map<Variable, Expr.Literal> constants = new HashMap<>();
  private final Set<String> declaredNames = new HashSet<>();
  private int nextId;
  private boolean failed;
  /**
   * The statements that the assignments and increments inside the current statement's expressions
   * become, in Java's order, placed before it.
   */
  private List<Stmt> pending;
  /** The record the method returns, as its components; null for a method returning a number. */
  private ValueShape result;
  private boolean returnsVoid;
  /** For a {@code @Differentiable @TangentOf} rule: its returns give their tangents (TangentRules). */
  private TangentRules.Form tangent;
  /** Whether the method returns an array: a returned {@code c ? a : b} becomes an if of returns. */
  private boolean returnsArray;

  BodyReader(
      ExpressionContext context,
      Reporter reporter,
      LocalScope scope,
      int firstLocalId,
      Namer namer) {
    this.unit = context.unit();
    this.lines = new StatementLines(context.trees(), unit);
    this.reporter = reporter;
    this.scope = scope;
    this.expressions =
        new ExpressionReader(
            context.trees(), context.elements(), unit, scope, context.names(), constants,
            context.rules(), context.callSites(), context.self(), context.privateMembers());
    this.nextId = firstLocalId;
    this.namer = namer;
    expressions.placeSideEffects(this);
  }

  /** The IR of the body, or {@code null} if anything in it was reported as unsupported. */
  List<Stmt> read(BlockTree body) {
    List<Stmt> statements = statements(body.getStatements());
    if (failed) {
      return null;
    }
    if (result != null) {
      // The record's components are returned once, at the end (SingleExit).
      List<Variable> results = new ArrayList<>();
      for (String c : result.components()) {
        String unique = namer.fresh("result" + Character.toUpperCase(c.charAt(0)) + c.substring(1));
        declaredNames.add(unique);
        results.add(new Variable(unique, Type.DOUBLE, nextId++, false));
      }
      statements = io.javad.processor.lower.SingleExit.apply(statements, results);
    }
    return statements;
  }

  /** Reads a list of statements in the current scope; each bad one is reported once. */
  private List<Stmt> statements(List<? extends StatementTree> trees) {
    List<Stmt> out = new ArrayList<>();
    for (StatementTree tree : trees) {
      List<Stmt> outer = pending;
      pending = new ArrayList<>();
      try {
        List<Stmt> produced = new ArrayList<>();
        statement(tree, produced);
        // Each statement this one became, and what its expressions placed before it, came from
        // its line (nested statements have their own already).
        io.javad.processor.ir.SourceLines.Line line = lines.of(tree);
        if (line != null) {
          pending.forEach(s -> io.javad.processor.ir.SourceLines.setIfAbsent(s, line));
          produced.forEach(s -> io.javad.processor.ir.SourceLines.setIfAbsent(s, line));
        }
        out.addAll(pending);
        out.addAll(produced);
      } catch (Unsupported u) {
        failed = true;
        if (!u.isFollowUp()) {
          reporter.error(u.node(), unit, u.message(), u.args());
        }
      } finally {
        pending = outer;
      }
    }
    return out;
  }

  @Override
  public Expr sideEffect(ExpressionTree tree) throws Unsupported {
    switch (tree.getKind()) {
      case ASSIGNMENT -> {
        AssignmentTree a = (AssignmentTree) tree;
        return assignedInside(a.getVariable(), null, a.getExpression());
      }
      case PREFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_INCREMENT, POSTFIX_DECREMENT -> {
        return steppedInside((UnaryTree) tree);
      }
      default -> {
        CompoundAssignmentTree a = (CompoundAssignmentTree) tree;
        return assignedInside(a.getVariable(), compoundOperator(tree.getKind()), a.getExpression());
      }
    }
  }

  /** {@code (x = y)}, {@code (a[i] *= 5)}: the assignment placed; its value, read after it. */
  private Expr assignedInside(ExpressionTree target, BinaryOp op, ExpressionTree value)
      throws Unsupported {
    if (target instanceof com.sun.source.tree.ArrayAccessTree element) {
      Stmt.Store store = (Stmt.Store) store(element, op, value);
      pending.add(store);
      return store.target();
    }
    Variable v = target(target);
    pending.add(op == null ? new Stmt.Assign(v, null, expressions.read(value)) : compoundAssignment(v, op, value));
    return new Expr.Local(v);
  }

  /**
   * {@code v op= value}: Java reads v before evaluating the value, so if the value's assignments
   * change v ({@code s += s++}), the old v is kept in a temporary first.
   */
  private Stmt.Assign compoundAssignment(Variable v, BinaryOp op, ExpressionTree value)
      throws Unsupported {
    int mark = mark();
    Expr e = expressions.read(value);
    if (!writtenSince(mark).contains(v)) {
      return new Stmt.Assign(v, op, e);
    }
    Variable old = temporary("before", v.type());
    pending.add(mark, new Stmt.Declare(old, new Expr.Local(v)));
    Type promoted = Type.promote(v.type(), e.type());
    Expr combined = new Expr.Binary(op, new Expr.Local(old), e, promoted);
    return new Stmt.Assign(v, null, promoted == v.type() ? combined : new Expr.Cast(v.type(), combined));
  }

  /** {@code i++}, {@code --a[k]}: the step placed; the old value (postfix) or the new one. */
  private Expr steppedInside(UnaryTree tree) throws Unsupported {
    boolean up =
        tree.getKind() == Tree.Kind.PREFIX_INCREMENT || tree.getKind() == Tree.Kind.POSTFIX_INCREMENT;
    boolean postfix =
        tree.getKind() == Tree.Kind.POSTFIX_INCREMENT || tree.getKind() == Tree.Kind.POSTFIX_DECREMENT;
    BinaryOp op = up ? BinaryOp.ADD : BinaryOp.SUBTRACT;
    Expr.Literal one = Expr.Literal.of(1, Type.INT);
    Expr place;
    Stmt step;
    if (tree.getExpression() instanceof com.sun.source.tree.ArrayAccessTree element) {
      Expr.Element target = expressions.element(element);
      place = target;
      step = new Stmt.Store(target, op, one);
    } else {
      Variable v = target(tree.getExpression());
      place = new Expr.Local(v);
      step = new Stmt.Assign(v, op, one);
    }
    if (!postfix) {
      pending.add(step);
      return place;
    }
    Variable old = temporary("old", place.type());
    pending.add(new Stmt.Declare(old, place));
    pending.add(step);
    return new Expr.Local(old);
  }

  @Override
  public int mark() {
    return pending.size();
  }

  @Override
  public Expr protect(Expr earlier, int mark) {
    if (pending.size() == mark || earlier instanceof Expr.Literal || earlier.rank() > 0) {
      return earlier;
    }
    boolean clobbered = false;
    for (Variable written : writtenSince(mark)) {
      clobbered |= io.javad.processor.ir.ExprScan.reads(earlier, written);
    }
    if (!clobbered) {
      return earlier;
    }
    // Java has read it already: x + (x = y) adds the old x.
    Variable value = temporary("before", earlier.type());
    pending.add(mark, new Stmt.Declare(value, earlier));
    return new Expr.Local(value);
  }

  /** The variables and arrays the statements placed since {@code mark} write, nested ones too. */
  private Set<Variable> writtenSince(int mark) {
    Set<Variable> written = new HashSet<>();
    io.javad.processor.ir.StmtScan.forEach(pending.subList(mark, pending.size()), s -> {
      if (s instanceof Stmt.Assign a) {
        written.add(a.variable());
      } else if (s instanceof Stmt.Store st && base(st.target()) != null) {
        written.add(base(st.target()));
      }
    });
    return written;
  }

  private static Variable base(Expr e) {
    while (e instanceof Expr.Element el) {
      e = el.array();
    }
    return e instanceof Expr.Local l ? l.variable() : null;
  }

  @Override
  public List<Stmt> takeSince(int mark) {
    List<Stmt> taken = new ArrayList<>(pending.subList(mark, pending.size()));
    pending.subList(mark, pending.size()).clear();
    return taken;
  }

  @Override
  public void place(Stmt s) {
    pending.add(s);
  }

  @Override
  public Expr lambdaValue(
      List<? extends StatementTree> block,
      Type declared,
      com.sun.source.tree.LambdaExpressionTree lambda)
      throws Unsupported {
    // Typed once the returned values are read, unless the interface says.
    Variable result = temporary("returned", declared != null ? declared : Type.DOUBLE);
    String exit = "return$" + nextId++;
    List<Expr> values = new ArrayList<>();
    boolean failedBefore = failed;
    failed = false;
    lambdaReturns.push(new LambdaReturn(result, exit, values, new ArrayList<>(), declared != null));
    List<Stmt> read;
    LambdaReturn returns;
    try {
      read = statements(block);
    } finally {
      returns = lambdaReturns.pop();
    }
    boolean failedHere = failed;
    failed |= failedBefore;
    if (failedHere) {
      throw Unsupported.followUp(lambda); // each bad statement is reported already
    }
    if (StmtScan.completesNormally(read)) {
      if (declared != null && declared != Type.VOID) {
        throw Unsupported.followUp(lambda); // javac reports a missing return
      }
      throw new Unsupported(lambda, Message.LAMBDA_BODY); // a consumer: no value to inline
    }
    // Each return ends its path: what follows it moves into the branches that do not return.
    List<Stmt> structured = io.javad.processor.lower.EarlyExits.structure(read, exit);
    if (structured == null || values.isEmpty()) {
      Tree at = returns.trees().isEmpty() ? lambda : returns.trees().get(0);
      throw new Unsupported(at, Message.LAMBDA_BODY);
    }
    if (values.stream().anyMatch(v -> v.rank() > 0)) {
      throw new Unsupported(returns.trees().get(0), Message.LAMBDA_BODY);
    }
    if (declared == null) {
      Type type = values.get(0).type();
      for (Expr v : values) {
        type = type == v.type() ? type : Type.promote(type, v.type());
      }
      if (type != Type.DOUBLE) {
        Variable typed = temporary("returned", type);
        structured = SwitchLowering.retarget(structured, result, typed);
        result = typed;
      }
    }
    pending.add(new Stmt.Declare(result, null));
    pending.addAll(structured);
    return new Expr.Local(result);
  }

  /**
   * A block lambda being inlined: its returns assign {@code result} ({@code typed}: of the type
   * the interface returns) and leave by {@code exit}.
   */
  private record LambdaReturn(
      Variable result, String exit, List<Expr> values, List<Tree> trees, boolean typed) {}

  private final java.util.Deque<LambdaReturn> lambdaReturns = new java.util.ArrayDeque<>();

  /** The statements of a block, a branch or a loop body, in a scope of their own. */
  private List<Stmt> body(StatementTree tree) {
    if (tree == null) {
      return List.of();
    }
    scope.enter();
    try {
      return statements(tree instanceof BlockTree block ? block.getStatements() : List.of(tree));
    } finally {
      scope.exit();
    }
  }

  private void statement(StatementTree tree, List<Stmt> out) throws Unsupported {
    switch (tree.getKind()) {
      case VARIABLE -> {
        if (arrayCopyOf((VariableTree) tree, out)) {
          return;
        }
        if (!recordLocal((VariableTree) tree, out)) {
          Stmt declared = declaration((VariableTree) tree);
          if (declared != null) {
            out.add(declared);
          }
        }
      }
      case EXPRESSION_STATEMENT -> out.add(expressionStatement((ExpressionStatementTree) tree));
      case RETURN -> {
        LambdaReturn lambda = lambdaReturns.peek();
        ReturnTree r = (ReturnTree) tree;
        if (lambda == null) {
          out.add(returnStatement(r));
          return;
        }
        // return v; in an inlined lambda: its value, and the end of its path (EarlyExits).
        if (r.getExpression() == null) {
          throw new Unsupported(r, Message.LAMBDA_BODY);
        }
        Expr value = expressions.read(r.getExpression());
        lambda.values().add(value);
        lambda.trees().add(r);
        if (lambda.typed() && value.type().isNumeric() && lambda.result().type().isNumeric()) {
          value = ValueMethods.converted(value, lambda.result().type()); // as the interface returns
        }
        out.add(new Stmt.Assign(lambda.result(), null, value));
        out.add(new Stmt.Break(lambda.exit()));
      }
      case EMPTY_STATEMENT -> {}
      case BLOCK -> out.add(new Stmt.Block(body(tree)));
      case IF -> out.add(ifStatement((IfTree) tree));
      case WHILE_LOOP, DO_WHILE_LOOP, FOR_LOOP -> out.add(loop(tree, null));
      case LABELED_STATEMENT -> {
        LabeledStatementTree labeled = (LabeledStatementTree) tree;
        StatementTree inner = labeled.getStatement();
        if (inner instanceof com.sun.source.tree.EnhancedForLoopTree each) {
          out.add(forEach(each, labeled.getLabel().toString()));
          return;
        }
        if (!(inner instanceof WhileLoopTree
            || inner instanceof DoWhileLoopTree
            || inner instanceof ForLoopTree)) {
          throw new Unsupported(tree, Message.LABEL);
        }
        out.add(loop(inner, labeled.getLabel().toString()));
      }
      case BREAK -> {
        String exit = caseExits.get(tree);
        if (exit != null) {
          out.add(new Stmt.Break(exit)); // removed again by EarlyExits
        } else if (!droppedBreaks.contains(tree)) {
          out.add(new Stmt.Break(name(((BreakTree) tree).getLabel())));
        }
      }
      case YIELD -> {
        if (yields.isEmpty()) {
          throw new Unsupported(tree, Message.STATEMENT, "yield");
        }
        Expr value = expressions.read(((com.sun.source.tree.YieldTree) tree).getValue());
        yields.peek().values().add(value);
        out.add(new Stmt.Assign(yields.peek().result(), null, value));
      }
      case CONTINUE -> out.add(new Stmt.Continue(name(((ContinueTree) tree).getLabel())));
      case SWITCH -> new SwitchLowering(this, (SwitchTree) tree).lower(out);
      case ENHANCED_FOR_LOOP -> out.add(forEach((com.sun.source.tree.EnhancedForLoopTree) tree, null));
      case THROW -> {
        if (!lambdaReturns.isEmpty()) {
          throw new Unsupported(tree, Message.THROW, "it is inside a lambda; throw outside it");
        }
        out.add(expressions.throwOf((com.sun.source.tree.ThrowTree) tree));
      }
      case ASSERT -> {
        if (!lambdaReturns.isEmpty()) {
          throw new Unsupported(tree, Message.THROW, "it is an assert inside a lambda; assert outside it");
        }
        out.add(expressions.assertion((com.sun.source.tree.AssertTree) tree));
      }
      case TRY, SYNCHRONIZED -> throw new Unsupported(tree, Message.TRY);
      case CLASS -> throw new Unsupported(tree, Message.LOCAL_CLASS);
      default -> throw new Unsupported(tree, Message.STATEMENT, ExpressionReader.describe(tree));
    }
  }

  private static String name(javax.lang.model.element.Name label) {
    return label == null ? null : label.toString();
  }

  private Stmt ifStatement(IfTree tree) throws Unsupported {
    Expr condition = expressions.bool(tree.getCondition());
    return new Stmt.If(condition, body(tree.getThenStatement()), body(tree.getElseStatement()));
  }

  private Stmt loop(StatementTree tree, String label) throws Unsupported {
    if (tree instanceof WhileLoopTree w) {
      int mark = mark();
      Expr condition = expressions.bool(w.getCondition());
      List<Stmt> test = takeSince(mark);
      return testedLoop(
          label, Stmt.LoopKind.WHILE, List.of(), condition, test, List.of(), body(w.getStatement()));
    }
    if (tree instanceof DoWhileLoopTree d) {
      List<Stmt> loopBody = body(d.getStatement());
      int mark = mark();
      Expr condition = expressions.bool(d.getCondition());
      List<Stmt> test = takeSince(mark);
      if (test.isEmpty()) {
        return new Stmt.Loop(label, Stmt.LoopKind.DO_WHILE, List.of(), condition, List.of(), loopBody);
      }
      // do { body } while (--n > 0): for (;;) { body; n = n - 1; if (!(n > 0)) break; }, a
      // continue going to the test
      List<Stmt> after = new ArrayList<>(test);
      after.add(Stmt.breakUnless(condition));
      List<Stmt> tested = io.javad.processor.lower.EarlyExits.beforeNextIteration(loopBody, label, after);
      if (tested == null) {
        // A continue from a nested loop would skip the assignments the condition makes.
        throw new Unsupported(d.getCondition(), Message.ASSIGNMENT_IN_EXPRESSION);
      }
      return new Stmt.Loop(label, Stmt.LoopKind.FOR, List.of(), null, List.of(), tested);
    }
    ForLoopTree f = (ForLoopTree) tree;
    scope.enter(); // the header's declarations belong to the loop
    try {
      List<Stmt> init = statements(f.getInitializer());
      int mark = mark();
      Expr condition = f.getCondition() == null ? null : expressions.bool(f.getCondition());
      List<Stmt> test = takeSince(mark);
      List<Stmt> update = statements(f.getUpdate());
      List<Stmt> loopBody = body(f.getStatement());
      if (!update.stream().allMatch(BodyReader::isExpressionStatement)) {
        // An update that placed statements (a block lambda's): the end of the body, where each
        // continue goes too.
        loopBody = io.javad.processor.lower.EarlyExits.beforeNextIteration(loopBody, label, update);
        if (loopBody == null) {
          throw new Unsupported(f.getUpdate().get(0), Message.LAMBDA_BODY);
        }
        update = List.of();
      }
      Stmt loop = testedLoop(label, Stmt.LoopKind.FOR, init, condition, test, update, loopBody);
      if (init.stream().allMatch(BodyReader::isExpressionStatement)
          || init.stream().allMatch(st -> st instanceof Stmt.Declare)
              && init.stream().map(st -> ((Stmt.Declare) st).variable().type()).distinct().count() == 1
              && init.stream().map(st -> ((Stmt.Declare) st).variable().rank()).distinct().count() == 1) {
        return loop;
      }
      // An initialization that placed statements: they run once, before the loop.
      Stmt.Loop l = (Stmt.Loop) loop;
      List<Stmt> block = new ArrayList<>(init);
      block.add(new Stmt.Loop(l.label(), l.kind(), List.of(), l.condition(), l.update(), l.body()));
      return new Stmt.Block(block);
    } finally {
      scope.exit();
    }
  }

  /**
   * {@code c ? a : b} between two array variables of one type and rank, as a local's initializer:
   * {@code c} kept in a boolean placed before, the choice read through later (ChosenArrays); null
   * for any other initializer.
   */
  private Expr arrayChoice(ExpressionTree tree) throws Unsupported {
    while (tree instanceof com.sun.source.tree.ParenthesizedTree p) {
      tree = p.getExpression();
    }
    if (!(tree instanceof com.sun.source.tree.ConditionalExpressionTree c)) {
      return null;
    }
    Variable a = wholeArrayOfAnyRank(c.getTrueExpression());
    Variable b = wholeArrayOfAnyRank(c.getFalseExpression());
    if (a == null || b == null || a.rank() != b.rank() || a.type() != b.type()) {
      return null;
    }
    Variable chosen = temporary("chosen", Type.BOOLEAN);
    place(new Stmt.Declare(chosen, expressions.bool(c.getCondition())));
    return new Expr.Conditional(new Expr.Local(chosen), new Expr.Local(a), new Expr.Local(b), a.type());
  }

  @Override
  public Expr arrayChoice(Expr condition, ExpressionTree whenTrue, ExpressionTree whenFalse) {
    Variable a = wholeArrayOfAnyRank(whenTrue);
    Variable b = wholeArrayOfAnyRank(whenFalse);
    if (a == null || b == null || a.rank() != b.rank() || a.type() != b.type()) {
      return null;
    }
    Variable chosen = temporary("chosen", Type.BOOLEAN);
    place(new Stmt.Declare(chosen, condition));
    Variable choice = Variable.temporary(namer.fresh("choice"), a.type(), a.rank());
    place(
        new Stmt.Declare(
            choice,
            new Expr.Conditional(new Expr.Local(chosen), new Expr.Local(a), new Expr.Local(b), a.type())));
    return new Expr.Local(choice);
  }

  /** The array variable {@code tree} names, of any rank, other than a row's local; else null. */
  private Variable wholeArrayOfAnyRank(ExpressionTree tree) {
    while (tree instanceof com.sun.source.tree.ParenthesizedTree p) {
      tree = p.getExpression();
    }
    if (!(tree instanceof IdentifierTree id)) {
      return null;
    }
    Variable v = scope.lookup(id.getName().toString());
    return v != null && v.rank() > 0 && !rowAliases.contains(v) ? v : null;
  }

  /** A statement Java allows in a for loop's update: an assignment, a store, a call. */
  private static boolean isExpressionStatement(Stmt s) {
    return s instanceof Stmt.Assign || s instanceof Stmt.Store || s instanceof Stmt.Eval;
  }

  /**
   * A loop whose condition assigns ({@code while (n-- > 0)}): {@code for (init; ; update) { test;
   * if (!condition) break; body }}, so that the assignments run before each test, as in Java.
   */
  private static Stmt testedLoop(
      String label,
      Stmt.LoopKind kind,
      List<Stmt> init,
      Expr condition,
      List<Stmt> test,
      List<Stmt> update,
      List<Stmt> body) {
    if (test.isEmpty()) {
      return new Stmt.Loop(label, kind, init, condition, update, body);
    }
    List<Stmt> tested = new ArrayList<>(test);
    tested.add(Stmt.breakUnless(condition));
    tested.addAll(body);
    return new Stmt.Loop(label, Stmt.LoopKind.FOR, init, null, update, tested);
  }

  /**
   * {@code for (double v : a) body} as {@code for (int i = 0; i < a.length; i++) { double v = a[i];
   * body }}: a counted loop, which reverse mode runs backwards by index.
   */
  private Stmt forEach(com.sun.source.tree.EnhancedForLoopTree tree, String label)
      throws Unsupported {
    Expr array;
    try {
      array = expressions.read(tree.getExpression());
    } catch (Unsupported u) {
      boolean reported =
          tree.getExpression() instanceof IdentifierTree id && scope.isReported(id.getName().toString());
      if (!reported && (u.isFollowUp() || u.message() == Message.OBJECT_VALUE)) {
        // An Iterable (a list, this): said as such, not as an object that cannot be passed.
        throw new Unsupported(tree.getExpression(), Message.FOR_EACH);
      }
      throw u; // a local whose declaration was reported: not again
    }
    if (array.rank() == 0) {
      throw new Unsupported(tree.getExpression(), Message.FOR_EACH);
    }
    if (array instanceof Expr.Local l && assignsWhole(tree.getStatement(), tree.getExpression().toString())) {
      // Java iterates the array the loop started with; javad reads such assignments as copies.
      throw new Unsupported(tree.getExpression(), Message.ARRAY_REASSIGNED, l.variable().name());
    }
    scope.enter();
    List<Stmt> prelude = new ArrayList<>();
    if (!(array instanceof Expr.Local)) {
      // for (double v : new double[] {a, b}): the array is evaluated once, into a local.
      Variable values = new Variable(namer.fresh("values"), array.type(), nextId++, false, array.rank());
      prelude.add(new Stmt.Declare(values, array));
      array = new Expr.Local(values);
    }
    try {
      Variable index = temporary("i", Type.INT);
      Expr.Local i = new Expr.Local(index);
      Stmt init = new Stmt.Declare(index, Expr.Literal.of(0, Type.INT));
      Expr condition =
          new Expr.Binary(BinaryOp.LESS, i, new Expr.Length(array), Type.BOOLEAN);
      Stmt update = new Stmt.Assign(index, BinaryOp.ADD, Expr.Literal.of(1, Type.INT));
      String name = tree.getVariable().getName().toString();
      Expr element = new Expr.Element(array, i);
      // The loop variable has its declared type: for (double v : ints) widens each element.
      Type declared =
          tree.getVariable().getType() instanceof PrimitiveTypeTree p
              ? Types.of(p.getPrimitiveTypeKind())
              : null;
      if (declared != null && element.rank() == 0 && declared != element.type()) {
        element = ValueMethods.converted(element, declared);
      }
      Variable each = new Variable(uniqueName(name), element.type(), nextId++, false, element.rank());
      scope.enter();
      List<Stmt> body = new ArrayList<>();
      body.add(new Stmt.Declare(each, element));
      scope.declare(name, each);
      StatementTree inner = tree.getStatement();
      body.addAll(statements(inner instanceof BlockTree b ? b.getStatements() : List.of(inner)));
      scope.exit();
      Stmt loop = new Stmt.Loop(label, Stmt.LoopKind.FOR, List.of(init), condition, List.of(update), body);
      if (prelude.isEmpty()) {
        return loop;
      }
      prelude.add(loop);
      return new Stmt.Block(prelude);
    } finally {
      scope.exit();
    }
  }

  ExpressionReader expressions() {
    return expressions;
  }

  /** A fresh local for a value the lowering needs to keep, named apart from the user's. */
  @Override
  public Variable temporary(String base, Type type) {
    return new Variable(namer.fresh(base), type, nextId++, false);
  }

  /**
   * Reads the statements of a lowered construct in a scope of their own, leaving out {@code
   * endingBreaks} (the breaks that end a switch's case: the lowering leaves the switch there).
   */
  List<Stmt> statementsOf(List<? extends StatementTree> trees, Set<Tree> endingBreaks) {
    return statementsOf(trees, endingBreaks, List.of());
  }

  /**
   * As above, after declaring (without their initializers) {@code predeclared}: the locals an
   * earlier case of a switch declares, which a later case may assign and use (they share the
   * switch's block; jumping to the later case skips the initializer).
   */
  List<Stmt> statementsOf(
      List<? extends StatementTree> trees, Set<Tree> endingBreaks, List<VariableTree> predeclared) {
    scope.enter();
    droppedBreaks.addAll(endingBreaks);
    try {
      List<Stmt> out = new ArrayList<>();
      for (VariableTree v : predeclared) {
        Tree typeTree = v.getType();
        int rank = 0;
        while (typeTree instanceof ArrayTypeTree array) {
          typeTree = array.getType();
          rank++;
        }
        if (typeTree instanceof PrimitiveTypeTree primitive && rank <= 2) {
          String name = v.getName().toString();
          Variable variable =
              new Variable(uniqueName(name), Types.of(primitive.getPrimitiveTypeKind()), nextId++, false, rank);
          scope.declare(name, variable);
          out.add(new Stmt.Declare(variable, null));
        }
      }
      out.addAll(statements(trees));
      return out;
    } finally {
      scope.exit();
    }
  }

  /**
   * Reads {@code breaks}, which leave a switch from inside a case, as breaks with a label of their
   * own, which is returned: {@link io.javad.processor.lower.EarlyExits} removes them once the case is read.
   */
  String caseExits(Set<? extends Tree> breaks) {
    String label = "case$" + nextId++;
    for (Tree b : breaks) {
      caseExits.put(b, label);
    }
    return label;
  }

  /** A body whose {@code yield}s assign {@code result}, each value also added to {@code values}. */
  List<Stmt> yielding(Variable result, List<Expr> values, Lowering body) throws Unsupported {
    yields.push(new Yield(result, values));
    try {
      return body.lower();
    } finally {
      yields.pop();
    }
  }

  /** {@code case 1 -> x * x}: the statements that assign a switch expression's arm value. */
  List<Stmt> armValue(ExpressionTree value, Variable result) throws Unsupported {
    List<Stmt> outer = pending;
    pending = new ArrayList<>();
    try {
      Expr e = expressions.read(value);
      yields.peek().values().add(e);
      List<Stmt> out = new ArrayList<>(pending);
      out.add(new Stmt.Assign(result, null, e));
      return out;
    } finally {
      pending = outer;
    }
  }

  @Override
  public Expr switchValue(com.sun.source.tree.SwitchExpressionTree tree) throws Unsupported {
    List<Stmt> out = new ArrayList<>();
    Expr value = new SwitchLowering(this, tree).value(out);
    pending.addAll(out);
    return value;
  }

  /** A lowering step that reads trees. */
  interface Lowering {
    List<Stmt> lower() throws Unsupported;
  }

  /** The switch expression whose arm is being read: where its yields go. */
  private record Yield(Variable result, List<Expr> values) {}

  private final java.util.Deque<Yield> yields = new java.util.ArrayDeque<>();
  /** Locals naming a row of a matrix, which javad reads through the matrix. */
  private final Set<Variable> rowAliases = new HashSet<>();
  /** Breaks that end a switch case, which its lowering leaves out. */
  private final Set<Tree> droppedBreaks = new HashSet<>();
  /** Breaks that leave a switch from inside a case, with the label they are read with. */
  private final java.util.Map<Tree, String> caseExits = new java.util.HashMap<>();

  /** Marks a parameter's name as taken by a declaration. */
  void declared(String name) {
    declaredNames.add(name);
  }

  private Stmt declaration(VariableTree tree) throws Unsupported {
    String sourceName = tree.getName().toString();
    Tree typeTree = tree.getType();
    if (tree.getInitializer() instanceof com.sun.source.tree.LambdaExpressionTree lambda) {
      // Inlined where it is called (Lambdas); nothing to compute here.
      TypeElement type = expressions.typeNamed(typeTree);
      scope.declareLambda(
          sourceName,
          new Lambdas.Lambda(
              lambda, Lambdas.functionalMethod(type, expressions.elements()), scope.visibleLocals()));
      return null;
    }
    if (tree.getInitializer() instanceof com.sun.source.tree.MemberReferenceTree reference) {
      // Math::exp: inlined where it is called, as the lambda v -> Math.exp(v).
      TypeElement type = expressions.typeNamed(typeTree);
      scope.declareLambda(
          sourceName,
          Lambdas.Lambda.of(reference, Lambdas.functionalMethod(type, expressions.elements())));
      return null;
    }
    Expr init;
    Type type;
    int rank = 0;
    while (typeTree instanceof ArrayTypeTree array) {
      typeTree = array.getType();
      rank++;
    }
    if (typeTree instanceof PrimitiveTypeTree primitive) {
      type = Types.of(primitive.getPrimitiveTypeKind());
    } else if (typeTree == null || isVar(typeTree)) {
      type = null; // var: the initializer's type
      if (objectAlias(tree, sourceName)) {
        return null;
      }
    } else if (rank == 0 && objectAlias(tree, sourceName)) {
      return null;
    } else if (rank == 0 && tree.getInitializer() instanceof MethodInvocationTree
        && expressions.recordType(typeTree) != null) {
      scope.declareReported(sourceName);
      throw new Unsupported(tree, Message.RECORD_RETURNED, sourceName);
    } else {
      scope.declareReported(sourceName);
      throw new Unsupported(tree, Message.LOCAL_TYPE, sourceName, tree.getType().toString());
    }
    if (rank > 2) {
      scope.declareReported(sourceName);
      throw new Unsupported(tree, Message.LOCAL_TYPE, sourceName, tree.getType().toString());
    }
    try {
      ExpressionTree initTree = tree.getInitializer();
      Expr choice = rank > 0 || type == null ? arrayChoice(initTree) : null;
      if (choice != null) {
        init = choice; // double[] w = c ? a : b;
      } else if (initTree instanceof com.sun.source.tree.NewArrayTree braces && braces.getType() == null) {
        init = expressions.initializer(braces, type, rank); // double[] a = {x, y};
      } else {
        init = initTree == null ? null : expressions.read(initTree);
      }
    } catch (Unsupported u) {
      // Declared all the same, so that an error in the initializer is not repeated at every use.
      scope.declareReported(sourceName);
      throw u;
    }
    if (type == null) {
      type = init.type();
      rank = init.rank();
    }
    Variable variable = new Variable(uniqueName(sourceName), type, nextId++, false, rank);
    scope.declare(sourceName, variable);
    if (rank > 0 && init instanceof Expr.Element) {
      rowAliases.add(variable); // double[] row = m[i]: read through m (AliasInlining)
    }
    if (isFinal(tree.getModifiers()) && init instanceof Expr.Literal literal && !type.isFloating()) {
      // A compile-time constant: `byte b = K;` needs K's value to be seen as a constant. Its
      // text carries its type where Java has the syntax: `final long K = 3` reads as 3L.
      String text = literal.text();
      if (type == Type.LONG && !text.endsWith("L") && !text.endsWith("l")) {
        text += "L";
      }
      constants.put(variable, new Expr.Literal(literal.value(), type, text));
    }
    return new Stmt.Declare(variable, init);
  }

  /** The record the method returns as its components, or null: see {@link #returnStatement}. */
  void returnsValue(ValueShape record) {
    this.result = record;
  }

  void returnsArray(boolean returnsArray) {
    this.returnsArray = returnsArray;
  }

  /** A tangent rule's {@code return new Dual(value, tangent);} returns the tangent alone. */
  void returnsTangent(TangentRules.Form form) {
    this.tangent = form;
  }

  /** A {@code void} method's {@code return;}, as the value 0 of its IR (MethodIr.ofVoid). */
  void returnsVoid(boolean returnsVoid) {
    this.returnsVoid = returnsVoid;
  }

  static Stmt.Return voidReturn() {
    return new Stmt.Return(Expr.Literal.of(0, Type.DOUBLE));
  }

  /** {@code return e;}, and {@code return new Vec3(a, b, c);} as {@code return new double[] {a, b, c};}. */
  private Stmt returnStatement(ReturnTree tree) throws Unsupported {
    if (returnsVoid) {
      return voidReturn();
    }
    if (tangent != null) {
      return new Stmt.Return(expressions.read(tangentOf(tree)));
    }
    if (result == null && returnsArray) {
      return returnedChoice(tree.getExpression());
    }
    if (result == null) {
      return new Stmt.Return(expressions.read(tree.getExpression()));
    }
    ValueMethods.Value value = expressions.valueOf(tree.getExpression());
    if (value == null || !value.shape().type().equals(result.type())) {
      throw new Unsupported(
          tree.getExpression(), Message.RECORD_RESULT_VALUE, result.type().getSimpleName());
    }
    return new Stmt.Return(new Expr.NewArray(Type.DOUBLE, 1, List.of(), value.parts()));
  }

  /**
   * {@code return c ? a : b;} of arrays as {@code if (c) return a; else return b;} (nested choices
   * too), which reverse mode follows like any return inside a branch; any other return as it is.
   * What a branch's expression places before it stays in that branch.
   */
  private Stmt returnedChoice(ExpressionTree tree) throws Unsupported {
    while (tree instanceof com.sun.source.tree.ParenthesizedTree p) {
      tree = p.getExpression();
    }
    if (!(tree instanceof com.sun.source.tree.ConditionalExpressionTree c)) {
      return new Stmt.Return(expressions.read(tree));
    }
    Expr condition = expressions.bool(c.getCondition());
    return new Stmt.If(condition, branch(c.getTrueExpression()), branch(c.getFalseExpression()));
  }

  private List<Stmt> branch(ExpressionTree tree) throws Unsupported {
    int mark = mark();
    Stmt returned = returnedChoice(tree);
    List<Stmt> out = takeSince(mark);
    out.add(returned);
    return out;
  }

  /**
   * The tangent of a tangent rule's {@code return new Dual(value, tangent);}: the rule's
   * derivative is the tangent's, and its value is its function's, which callers compute anyway.
   */
  private ExpressionTree tangentOf(ReturnTree tree) throws Unsupported {
    String type = tangent.rank() == 0 ? "Dual" : "DualArray";
    ExpressionTree e = tree.getExpression();
    while (e instanceof com.sun.source.tree.ParenthesizedTree p) {
      e = p.getExpression();
    }
    if (e instanceof NewClassTree created
        && created.getClassBody() == null
        && created.getArguments().size() == 2
        && expressions.typeNamed(created.getIdentifier()) != null
        && expressions.typeNamed(created.getIdentifier()).getQualifiedName()
            .contentEquals("io.javad.runtime." + type)) {
      return created.getArguments().get(1);
    }
    throw new Unsupported(tree.getExpression(), Message.TANGENT_RULE_RETURN, type);
  }

  /**
   * {@code Vec3 v = new Vec3(a, b, c);}, {@code Complex c = a.times(b);}: a value javad takes
   * apart (a record of numbers, a small immutable class: {@link ValueShape}) becomes one local per
   * component ({@code double vX = a; ...}: scalar replacement), read by {@code v.x()} and passed on
   * as the record to {@code @Differentiable} callees. False if the declaration is not one.
   */
  private boolean recordLocal(VariableTree tree, List<Stmt> out) throws Unsupported {
    String sourceName = tree.getName().toString();
    ExpressionTree init = tree.getInitializer();
    while (init instanceof com.sun.source.tree.ParenthesizedTree p) {
      init = p.getExpression();
    }
    if (init instanceof NewClassTree created && created.getClassBody() == null) {
      TypeElement type = expressions.typeNamed(created.getIdentifier());
      String refused = type == null ? null : refusal(type);
      if (refused != null) {
        scope.declareReported(sourceName);
        throw new Unsupported(
            created,
            type.getKind() == javax.lang.model.element.ElementKind.RECORD
                ? Message.RECORD_CUSTOM
                : Message.VALUE_CLASS,
            type.getSimpleName(), refused);
      }
    } else if (tree.getType() instanceof PrimitiveTypeTree
        || tree.getType() instanceof ArrayTypeTree) {
      return false;
    } else if (init == null) {
      return uninitializedValue(tree, out);
    }
    ValueMethods.Value value;
    int mark = mark();
    try {
      value = expressions.valueOf(init);
      if (value == null) {
        value = calledValue(init, sourceName, out);
      }
    } catch (Unsupported u) {
      scope.declareReported(sourceName); // its uses are not reported again
      throw u;
    }
    if (value == null) {
      expressions.discardSince(mark); // the declaration reads its initializer again
      return false;
    }
    ValueShape shape = value.shape();
    List<Variable> components = new ArrayList<>();
    for (int i = 0; i < shape.components().size(); i++) {
      String name = shape.components().get(i);
      Expr part = value.parts().get(i);
      if (Types.rank(shape.types().get(i)) > 0) {
        // An array component is the array itself, as in Java: the local names the same array.
        if (!(part instanceof Expr.Local array)) {
          scope.declareReported(sourceName);
          throw new Unsupported(init, Message.RECORD_ARRAY_LOCAL, shape.type().getSimpleName(), name);
        }
        components.add(array.variable());
        continue;
      }
      String local = sourceName + Character.toUpperCase(name.charAt(0)) + name.substring(1);
      // A name of its own: a sibling block may build a value under the same name.
      String unique = namer.fresh(local);
      declaredNames.add(unique);
      Variable v = new Variable(unique, Types.element(shape.types().get(i)), nextId++, false);
      components.add(v);
      out.add(new Stmt.Declare(v, part));
    }
    scope.declareRecord(sourceName, shape, components);
    return true;
  }

  /**
   * {@code Vec3 r = f(t);} of a {@code @Differentiable} method returning a record: its components
   * in an array local ({@code double[] rValue = ...Derivatives.fComponents(t);}) and read from it;
   * null if {@code init} is not such a call.
   */
  private ValueMethods.Value calledValue(ExpressionTree init, String base, List<Stmt> out)
      throws Unsupported {
    ExpressionReader.RecordCall called = expressions.recordCall(init);
    if (called == null) {
      return null;
    }
    String unique = namer.fresh(base + "Value");
    declaredNames.add(unique);
    Variable array = new Variable(unique, Type.DOUBLE, nextId++, false, 1);
    out.add(new Stmt.Declare(array, called.call()));
    List<Expr> parts = new ArrayList<>();
    for (int i = 0; i < called.shape().components().size(); i++) {
      parts.add(new Expr.Element(new Expr.Local(array), Expr.Literal.of(i, Type.INT)));
    }
    return new ValueMethods.Value(called.shape(), parts);
  }

  /**
   * {@code Point p;}, assigned later: one uninitialized local per component. False if the type is
   * not a value javad takes apart.
   */
  private boolean uninitializedValue(VariableTree tree, List<Stmt> out) throws Unsupported {
    TypeElement type = expressions.typeNamed(tree.getType());
    ValueShape shape = type == null ? null : expressions.valueShape(type);
    if (shape == null) {
      return false;
    }
    String sourceName = tree.getName().toString();
    List<Variable> components = new ArrayList<>();
    for (int i = 0; i < shape.components().size(); i++) {
      if (Types.rank(shape.types().get(i)) > 0) {
        scope.declareReported(sourceName);
        throw new Unsupported(
            tree, Message.RECORD_ARRAY_LOCAL, shape.type().getSimpleName(), shape.components().get(i));
      }
      String name = shape.components().get(i);
      String unique =
          namer.fresh(sourceName + Character.toUpperCase(name.charAt(0)) + name.substring(1));
      declaredNames.add(unique);
      Variable v = new Variable(unique, Types.element(shape.types().get(i)), nextId++, false);
      components.add(v);
      out.add(new Stmt.Declare(v, null));
    }
    scope.declareRecord(sourceName, shape, components);
    return true;
  }

  /** Why a record or class of numbers built here cannot be taken apart, or null. */
  private String refusal(TypeElement type) {
    if (type.getKind() == javax.lang.model.element.ElementKind.RECORD) {
      return expressions.differentiableRecord(type) ? null : expressions.whyNotDifferentiable(type);
    }
    return expressions.valueRefusal(type);
  }

  /**
   * {@code Dataset d = this.data;}: a local naming an object the method reads (a parameter, a
   * field, an object one of them holds) stands for it, as data; generated code reads the object
   * itself. It cannot be reassigned: an assignment of an object is reported where it is.
   */
  private boolean objectAlias(VariableTree tree, String sourceName) throws Unsupported {
    ExpressionTree init = tree.getInitializer();
    ExpressionReader.Receiver named = init == null ? null : expressions.receiverOf(init);
    if (named == null) {
      return false;
    }
    scope.declareAlias(sourceName, named);
    return true;
  }

  private static boolean isVar(Tree typeTree) {
    return typeTree instanceof IdentifierTree id && id.getName().contentEquals("var");
  }

  private static boolean isFinal(ModifiersTree modifiers) {
    return modifiers != null && modifiers.getFlags().contains(Modifier.FINAL);
  }

  /**
   * The variable's name, or a fresh one if an earlier block of the method already declared it: the
   * reverse sweep declares nested locals at method level, where sibling blocks' {@code t}s meet.
   */
  private String uniqueName(String name) {
    return declaredNames.add(name) ? name : namer.fresh(name);
  }

  private Stmt expressionStatement(ExpressionStatementTree tree) throws Unsupported {
    ExpressionTree expression = tree.getExpression();
    switch (expression.getKind()) {
      case ASSIGNMENT: {
        AssignmentTree assign = (AssignmentTree) expression;
        if (assign.getVariable() instanceof com.sun.source.tree.ArrayAccessTree element) {
          return store(element, null, assign.getExpression());
        }
        if (assign.getVariable() instanceof IdentifierTree id
            && scope.lookup(id.getName().toString()) == null
            && scope.shape(id.getName().toString()) != null) {
          return valueAssignment(id.getName().toString(), assign.getExpression());
        }
        Variable whole = wholeArray(assign.getVariable());
        if (whole == null) {
          Variable matrix = wholeArrayOfAnyRank(assign.getVariable());
          whole = matrix != null && matrix.rank() == 2 && !constants.containsKey(matrix) ? matrix : null;
        }
        if (whole != null) {
          // b = a (vectors or matrices): lowered to a copy of the contents where that is the same
          // (ArrayMoves).
          Expr value = expressions.read(assign.getExpression());
          for (Variable v : java.util.Arrays.asList(whole, value instanceof Expr.Local l ? l.variable() : null)) {
            if (v != null && scope.heldByValue(v)) {
              // A record built with the array keeps it; a copy would leave the record behind.
              throw new Unsupported(assign, Message.ARRAY_REASSIGNED, whole.name());
            }
          }
          return new Stmt.Assign(whole, null, value);
        }
        Variable target = target(assign.getVariable());
        return new Stmt.Assign(target, null, expressions.read(assign.getExpression()));
      }
      case PLUS_ASSIGNMENT:
      case MINUS_ASSIGNMENT:
      case MULTIPLY_ASSIGNMENT:
      case DIVIDE_ASSIGNMENT:
      case REMAINDER_ASSIGNMENT: {
        CompoundAssignmentTree assign = (CompoundAssignmentTree) expression;
        BinaryOp op = compoundOperator(expression.getKind());
        if (assign.getVariable() instanceof com.sun.source.tree.ArrayAccessTree element) {
          return store(element, op, assign.getExpression());
        }
        return compoundAssignment(target(assign.getVariable()), op, assign.getExpression());
      }
      case PREFIX_INCREMENT:
      case POSTFIX_INCREMENT:
      case PREFIX_DECREMENT:
      case POSTFIX_DECREMENT: {
        UnaryTree step = (UnaryTree) expression;
        boolean up =
            expression.getKind() == Tree.Kind.PREFIX_INCREMENT
                || expression.getKind() == Tree.Kind.POSTFIX_INCREMENT;
        if (step.getExpression() instanceof com.sun.source.tree.ArrayAccessTree element) {
          Expr.Element target = expressions.element(element);
          return new Stmt.Store(
              target, up ? BinaryOp.ADD : BinaryOp.SUBTRACT, Expr.Literal.of(1, Type.INT));
        }
        Variable target = target(step.getExpression());
        return new Stmt.Assign(
            target, up ? BinaryOp.ADD : BinaryOp.SUBTRACT, Expr.Literal.of(1, Type.INT));
      }
      case METHOD_INVOCATION:
        Stmt fill = fill((MethodInvocationTree) expression);
        if (fill != null) {
          return fill;
        }
        Stmt copy = arraycopy((MethodInvocationTree) expression);
        if (copy != null) {
          return copy;
        }
        Stmt check = expressions.nullCheck((MethodInvocationTree) expression);
        if (check != null) {
          return check;
        }
        // A call as a statement: a @Differentiable method's writing into arrays it is passed
        // (out-parameters), or another method's effect (a log line), which has no derivative.
        expressions.statementCall(((MethodInvocationTree) expression).getMethodSelect());
        Expr call = expressions.read(expression);
        if (call instanceof Expr.Call c && !MathRules.isMathOwner(c.owner())) {
          return new Stmt.Eval(c);
        }
        throw new Unsupported(
            ((MethodInvocationTree) expression).getMethodSelect(), Message.CALL_STATEMENT);
      default:
        throw new Unsupported(expression, Message.STATEMENT, ExpressionReader.describe(expression));
    }
  }

  /**
   * {@code z = z.times(z).plus(c);} of a value local: its components assigned, through temporaries
   * where a later component's new value reads an earlier one's old value.
   */
  private Stmt valueAssignment(String name, ExpressionTree value) throws Unsupported {
    List<Stmt> out = new ArrayList<>();
    ValueMethods.Value assigned = expressions.valueOf(value);
    if (assigned == null) {
      assigned = calledValue(value, name, out);
    }
    List<Variable> components = scope.components(name);
    if (assigned == null || !assigned.shape().type().equals(scope.shape(name).type())) {
      throw new Unsupported(value, Message.OBJECT_REASSIGNED, name);
    }
    boolean clobbers = false;
    for (int i = 0; i < components.size(); i++) {
      for (int j = i + 1; j < components.size(); j++) {
        clobbers |= io.javad.processor.ir.ExprScan.reads(assigned.parts().get(j), components.get(i));
      }
    }
    List<Expr> values = new ArrayList<>(assigned.parts());
    for (int i = components.size() - 1; i >= 0; i--) {
      if (components.get(i).isArray()) {
        // The same array, or another one: an array variable is not assigned a new array.
        if (!(values.get(i) instanceof Expr.Local l) || !l.variable().equals(components.get(i))) {
          throw new Unsupported(value, Message.ARRAY_REASSIGNED, components.get(i).name());
        }
        components = new ArrayList<>(components);
        components.remove(i);
        values.remove(i);
      }
    }
    if (clobbers) {
      for (int i = 0; i < values.size(); i++) {
        Variable next = components.get(i);
        String unique = namer.fresh(next.name() + "Next");
        declaredNames.add(unique);
        Variable temporary = new Variable(unique, next.type(), nextId++, false);
        out.add(new Stmt.Declare(temporary, values.get(i)));
        values.set(i, new Expr.Local(temporary));
      }
    }
    for (int i = 0; i < values.size(); i++) {
      out.add(new Stmt.Assign(components.get(i), null, values.get(i)));
    }
    return new Stmt.Block(out);
  }

  /** {@code a[i] = value} or {@code a[i][j] op= value}: an element of a local or parameter array. */
  private Stmt store(com.sun.source.tree.ArrayAccessTree tree, BinaryOp op, ExpressionTree value)
      throws Unsupported {
    // A whole row assigned (m[k] = m[p]) is left to lowering: RowSwaps, which reports the rest.
    Expr.Element target = expressions.element(tree);
    Expr base = target;
    while (base instanceof Expr.Element el) {
      base = el.array();
    }
    if (!(base instanceof Expr.Local local)) {
      throw new Unsupported(tree, Message.ASSIGN_TARGET, tree.toString());
    }
    int mark = mark();
    Expr e = expressions.read(value);
    if (mark() == mark) {
      return new Stmt.Store(target, op, e);
    }
    // Java evaluates the target's index, and for a compound assignment reads the element, before
    // the value's assignments run: b[i] = a[i++] stores into the old b[i].
    int before = pending.size();
    target = protectIndices(target, mark);
    int indices = pending.size() - before; // the index temporaries, inserted at mark
    if (op != null && writtenSince(mark + indices).contains(local.variable())) {
      Variable old = temporary("element", target.type());
      pending.add(mark + indices, new Stmt.Declare(old, target));
      Type promoted = Type.promote(target.type(), e.type());
      Expr combined = new Expr.Binary(op, new Expr.Local(old), e, promoted);
      // The implicit narrowing of a compound assignment (an int element += a double).
      return new Stmt.Store(
          target, null, promoted == target.type() ? combined : new Expr.Cast(target.type(), combined));
    }
    return new Stmt.Store(target, op, e);
  }

  /** {@code target} with each index kept as it was before the statements placed since {@code mark}. */
  private Expr.Element protectIndices(Expr.Element target, int mark) {
    Expr array =
        target.array() instanceof Expr.Element inner ? protectIndices(inner, mark) : target.array();
    return new Expr.Element(array, protect(target.index(), mark));
  }

  /**
   * {@code Arrays.fill(a, v)} on a one-dimensional local or parameter array; {@code Arrays.fill(a,
   * from, to, v)} and {@code Arrays.fill(m[i], v)} as the loop they are; else null.
   */
  private Stmt fill(MethodInvocationTree call) throws Unsupported {
    if (!isArraysCall(call, "fill")) {
      return null;
    }
    List<? extends ExpressionTree> args = call.getArguments();
    if (args.size() == 2 && args.get(0) instanceof IdentifierTree arrayName) {
      Variable array = scope.lookup(arrayName.getName().toString());
      if (array != null && array.rank() == 1) {
        return new Stmt.Fill(array, expressions.read(args.get(1)));
      }
    }
    if (args.size() != 2 && args.size() != 4) {
      return null;
    }
    // for (int k = from; k < to; k++) a[k] = v; with a, from, to and v evaluated once, first.
    List<Expr> read = expressions.readInOrder(args);
    Expr array = read.get(0);
    if (array.rank() != 1) {
      return null;
    }
    List<Stmt> out = new ArrayList<>();
    Expr from = args.size() == 4 ? once("from", read.get(1), out) : Expr.Literal.of(0, Type.INT);
    Expr to = args.size() == 4 ? once("to", read.get(2), out) : new Expr.Length(array);
    Expr value = once("filled", read.get(args.size() - 1), out);
    Variable k = temporary("k", Type.INT);
    out.add(
        new Stmt.Loop(
            null, Stmt.LoopKind.FOR, List.of(new Stmt.Declare(k, from)),
            new Expr.Binary(BinaryOp.LESS, new Expr.Local(k), to, Type.BOOLEAN),
            List.of(new Stmt.Assign(k, BinaryOp.ADD, Expr.Literal.of(1, Type.INT))),
            List.of(new Stmt.Store(new Expr.Element(array, new Expr.Local(k)), null, value))));
    return new Stmt.Block(out);
  }

  /** {@code e} in a local declared in {@code out}, unless it is a constant or a local already. */
  private Expr once(String base, Expr e, List<Stmt> out) {
    if (e instanceof Expr.Literal || e instanceof Expr.Local) {
      return e;
    }
    Variable v = temporary(base, e.type());
    out.add(new Stmt.Declare(v, e));
    return new Expr.Local(v);
  }

  private boolean isArraysCall(MethodInvocationTree call, String name) {
    if (!(call.getMethodSelect() instanceof com.sun.source.tree.MemberSelectTree select)
        || !select.getIdentifier().contentEquals(name)) {
      return false;
    }
    javax.lang.model.element.TypeElement owner = expressions.ownerType(select.getExpression());
    return owner != null && owner.getQualifiedName().contentEquals("java.util.Arrays");
  }

  /**
   * {@code double[] b = Arrays.copyOf(a, n);} and {@code Arrays.copyOfRange(a, from, to)} of a
   * one-dimensional array variable: a new array and {@code System.arraycopy}, zeros past the end
   * of {@code a} as in Java. False if the declaration is not one.
   */
  private boolean arrayCopyOf(VariableTree tree, List<Stmt> out) throws Unsupported {
    if (!(tree.getInitializer() instanceof MethodInvocationTree call)) {
      return false;
    }
    boolean range = isArraysCall(call, "copyOfRange") && call.getArguments().size() == 3;
    if (!(range || (isArraysCall(call, "copyOf") && call.getArguments().size() == 2))) {
      return false;
    }
    Variable source = wholeArray(call.getArguments().get(0));
    // A row (m[i], or a row's local): its elements copied by a loop, as System.arraycopy's.
    Expr row = null;
    if (source == null) {
      row = onceIndexed(expressions.read(call.getArguments().get(0)), out);
      if (row.rank() != 1) {
        throw new Unsupported(
            call, Message.ARRAY_HELPER, range ? "Arrays.copyOfRange" : "Arrays.copyOf");
      }
    }
    Type element = source != null ? source.type() : row.type();
    List<Expr> read = expressions.readInOrder(call.getArguments().subList(1, call.getArguments().size()));
    Expr from = range ? once("from", read.get(0), out) : Expr.Literal.of(0, Type.INT);
    Expr to = once(range ? "to" : "length", read.get(range ? 1 : 0), out);
    if (range) {
      out.add(check("checkRange", new Expr.Length(row != null ? row : new Expr.Local(source)), from, to));
    }
    Expr length = range ? new Expr.Binary(BinaryOp.SUBTRACT, to, from, Type.INT) : to;
    String sourceNameText = tree.getName().toString();
    Variable copy = new Variable(uniqueName(sourceNameText), element, nextId++, false, 1);
    scope.declare(sourceNameText, copy);
    out.add(new Stmt.Declare(copy, new Expr.NewArray(element, 1, List.of(length), null)));
    // Java copies what there is: min(a.length, to) - from elements.
    Expr available =
        new Expr.Call(
            "java.lang.Math", "min",
            List.of(new Expr.Length(source != null ? new Expr.Local(source) : row), to), Type.INT);
    Expr count =
        range ? new Expr.Binary(BinaryOp.SUBTRACT, available, from, Type.INT) : available;
    Expr zero = Expr.Literal.of(0, Type.INT);
    if (source != null) {
      out.add(new Stmt.Copy(source, from, copy, zero, count));
    } else {
      out.add(elementCopy(row, from, new Expr.Local(copy), zero, once("copied", count, out)));
    }
    return true;
  }

  /**
   * {@code System.arraycopy(a, i, b, j, n)} between one-dimensional array variables; between rows
   * ({@code System.arraycopy(a[i], 0, c[i], 0, n)}, also through a row's local) as the loop it
   * is; else null.
   */
  private Stmt arraycopy(MethodInvocationTree call) throws Unsupported {
    if (!(call.getMethodSelect() instanceof com.sun.source.tree.MemberSelectTree select)
        || !select.getIdentifier().contentEquals("arraycopy")
        || call.getArguments().size() != 5) {
      return null;
    }
    javax.lang.model.element.TypeElement owner = expressions.ownerType(select.getExpression());
    if (owner == null || !owner.getQualifiedName().contentEquals("java.lang.System")) {
      return null;
    }
    List<? extends ExpressionTree> args = call.getArguments();
    Variable source = wholeArray(args.get(0));
    Variable target = wholeArray(args.get(2));
    if (source != null && target != null) {
      return new Stmt.Copy(
          source, expressions.read(args.get(1)), target, expressions.read(args.get(3)),
          expressions.read(args.get(4)));
    }
    return rowCopy(call);
  }

  /**
   * {@code System.arraycopy} where a row takes part: {@code for (k...) b[j + k] = a[i + k];},
   * backwards where the source starts before the target (one array may be both, and Java copies
   * as if through a temporary); each argument evaluated once, first.
   */
  private Stmt rowCopy(MethodInvocationTree call) throws Unsupported {
    List<Expr> read = expressions.readInOrder(call.getArguments());
    if (read.get(0).rank() != 1 || read.get(2).rank() != 1) {
      throw new Unsupported(call, Message.ARRAY_HELPER, "System.arraycopy");
    }
    List<Stmt> out = new ArrayList<>();
    Expr from = onceIndexed(read.get(0), out);
    Expr fromStart = once("from", read.get(1), out);
    Expr to = onceIndexed(read.get(2), out);
    Expr toStart = once("to", read.get(3), out);
    Expr length = once("length", read.get(4), out);
    out.add(check("checkCopy", new Expr.Length(from), fromStart, new Expr.Length(to), toStart, length));
    out.add(elementCopy(from, fromStart, to, toStart, length));
    return new Stmt.Block(out);
  }

  /**
   * {@code ArrayShapes.name(args)}: the bounds checks of {@code System.arraycopy} or {@code
   * Arrays.copyOfRange} where javad copies element by element, so that it throws where Java would.
   */
  private static Stmt check(String name, Expr... arguments) {
    return new Stmt.Eval(
        new Expr.Call("io.javad.runtime.ArrayShapes", name, List.of(arguments), Type.VOID));
  }

  /**
   * {@code for (k...) to[toStart + k] = from[fromStart + k];}, backwards where the source may
   * start before the target in one array, as {@code System.arraycopy} copies.
   */
  private Stmt elementCopy(Expr from, Expr fromStart, Expr to, Expr toStart, Expr length) {
    Variable k = temporary("k", Type.INT);
    Expr.Local at = new Expr.Local(k);
    Stmt store =
        new Stmt.Store(
            new Expr.Element(to, offset(toStart, at)), null,
            new Expr.Element(from, offset(fromStart, at)));
    Expr one = Expr.Literal.of(1, Type.INT);
    Stmt forward =
        new Stmt.Loop(
            null, Stmt.LoopKind.FOR, List.of(new Stmt.Declare(k, Expr.Literal.of(0, Type.INT))),
            new Expr.Binary(BinaryOp.LESS, at, length, Type.BOOLEAN),
            List.of(new Stmt.Assign(k, BinaryOp.ADD, one)), List.of(store));
    boolean known = fromStart instanceof Expr.Literal && toStart instanceof Expr.Literal;
    if (fromStart.equals(toStart)
        || known && ((Expr.Literal) fromStart).value() >= ((Expr.Literal) toStart).value()) {
      return forward;
    }
    Stmt backward =
        new Stmt.Loop(
            null, Stmt.LoopKind.FOR,
            List.of(new Stmt.Declare(k, new Expr.Binary(BinaryOp.SUBTRACT, length, one, Type.INT))),
            new Expr.Binary(BinaryOp.GREATER_EQUAL, at, Expr.Literal.of(0, Type.INT), Type.BOOLEAN),
            List.of(new Stmt.Assign(k, BinaryOp.SUBTRACT, one)), List.of(store));
    return known
        ? backward
        : new Stmt.If(
            new Expr.Binary(BinaryOp.LESS, fromStart, toStart, Type.BOOLEAN),
            List.of(backward), List.of(forward));
  }

  /** {@code start + k}, or {@code k} from 0. */
  private static Expr offset(Expr start, Expr k) {
    return start instanceof Expr.Literal l && l.value() == 0
        ? k
        : new Expr.Binary(BinaryOp.ADD, start, k, Type.INT);
  }

  /** A row {@code m[i]} with its index in a local declared in {@code out} unless it is one. */
  private Expr onceIndexed(Expr array, List<Stmt> out) {
    if (array instanceof Expr.Element row) {
      return new Expr.Element(onceIndexed(row.array(), out), once("row", row.index(), out));
    }
    return array;
  }

  /** Whether {@code body} assigns a whole array to the variable named {@code name}. */
  private static boolean assignsWhole(StatementTree body, String name) {
    boolean[] found = {false};
    body.accept(new com.sun.source.util.TreeScanner<Void, Void>() {
      @Override
      public Void visitAssignment(AssignmentTree a, Void v) {
        found[0] |= a.getVariable() instanceof IdentifierTree id && id.getName().contentEquals(name);
        return super.visitAssignment(a, v);
      }
    }, null);
    return found[0];
  }

  /** The one-dimensional array variable {@code tree} names as a whole, other than a row's name. */
  private Variable wholeArray(ExpressionTree tree) {
    Variable v = wholeArrayOfAnyRank(tree);
    return v != null && v.rank() == 1 && !constants.containsKey(v) ? v : null;
  }

  private Variable target(ExpressionTree tree) throws Unsupported {
    if (tree instanceof IdentifierTree id) {
      String name = id.getName().toString();
      Variable variable = scope.lookup(name);
      if (variable != null) {
        if (constants.containsKey(variable)) {
          throw Unsupported.followUp(tree); // assigning a final local: javac's error
        }
        if (variable.isArray()) {
          throw new Unsupported(tree, Message.ARRAY_REASSIGNED, name);
        }
        return variable;
      }
      if (scope.isReported(name)) {
        throw Unsupported.followUp(tree);
      }
      if (scope.lambda(name) != null) {
        throw new Unsupported(tree, Message.LAMBDA_REASSIGNED, name);
      }
      boolean object =
          scope.recordType(name) != null || scope.isActiveRecord(name)
              || scope.alias(name) != null || scope.opaqueType(name) != null;
      if (object) {
        throw new Unsupported(tree, Message.OBJECT_REASSIGNED, name);
      }
    }
    if (tree.getKind() == Tree.Kind.ARRAY_ACCESS) {
      throw new Unsupported(tree, Message.ARRAY);
    }
    throw new Unsupported(tree, Message.ASSIGN_TARGET, tree.toString());
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
