package io.javad.processor.front;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchExpressionTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.tree.YieldTree;
import com.sun.source.util.TreeScanner;
import io.javad.processor.diag.Message;
import io.javad.processor.ir.BinaryOp;
import io.javad.processor.ir.Expr;
import io.javad.processor.ir.Stmt;
import io.javad.processor.ir.Type;
import io.javad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Lowers a {@code switch} on an integer, an enum or a String, statement or expression, to an
 * {@code if}/{@code else if} chain, which the rest of javad already differentiates. The selector
 * is evaluated once (a String is a variable or field, compared with {@code equals}). A group of statements that falls through into the next gets the next one's
 * statements after its own (repeated in the chain, as a compiler's lowering would jump there); a
 * {@code break} ending a group, also inside a final block, leaves the switch, and one elsewhere
 * inside a case gives the statements after it to the branches that do not break ({@link
 * EarlyExits}). A switch expression's arms assign a temporary, which is its
 * value; {@code yield} ends an arm.
 */
final class SwitchLowering {

  private final BodyReader reader;
  private final ExpressionTree selectorTree;
  private final List<? extends CaseTree> cases;
  /** The enum switched on, or null for a switch on an integer or a String. */
  private javax.lang.model.element.TypeElement enumType;
  /** The String switched on, as source, or null for a switch on an integer or an enum. */
  private String stringSelector;

  SwitchLowering(BodyReader reader, SwitchTree tree) {
    this(reader, tree.getExpression(), tree.getCases());
  }

  SwitchLowering(BodyReader reader, SwitchExpressionTree tree) {
    this(reader, tree.getExpression(), tree.getCases());
  }

  private SwitchLowering(
      BodyReader reader, ExpressionTree selectorTree, List<? extends CaseTree> cases) {
    this.reader = reader;
    this.selectorTree = selectorTree;
    this.cases = cases;
  }

  /**
   * One arm of the chain: the labels that select it (none for default), its statements or its
   * value, the breaks that end it (dropped: leaving the arm is leaving the switch), and the breaks
   * that leave it from inside ({@link io.javad.processor.lower.EarlyExits}).
   */
  private record Arm(
      List<ExpressionTree> labels,
      boolean isDefault,
      List<? extends StatementTree> body,
      ExpressionTree value,
      Set<Tree> endingBreaks,
      List<com.sun.source.tree.VariableTree> predeclared,
      List<BreakTree> exits) {

    Arm(
        List<ExpressionTree> labels,
        boolean isDefault,
        List<? extends StatementTree> body,
        ExpressionTree value,
        Set<Tree> endingBreaks) {
      this(labels, isDefault, body, value, endingBreaks, List.of(), List.of());
    }
  }

  /** A switch statement, as statements added to {@code out}. */
  void lower(List<Stmt> out) throws Unsupported {
    checkLabels();
    Expr selector = selector(out);
    out.addAll(chain(selector, statementArms(), null));
  }

  /**
   * A switch expression: its statements added to {@code out}, and its value, a temporary each arm
   * assigns.
   */
  Expr value(List<Stmt> out) throws Unsupported {
    checkLabels();
    Expr selector = selector(out);
    List<Arm> arms = expressionArms();
    // Typed once the arms are read: double until then.
    Variable result = reader.temporary("switched", Type.DOUBLE);
    List<Expr> values = new ArrayList<>();
    Variable target = result;
    List<Stmt> chain = reader.yielding(target, values, () -> chain(selector, arms, target));
    if (values.stream().anyMatch(v -> v.rank() > 0)) {
      throw new Unsupported(selectorTree, Message.ARRAY); // a choice between arrays, as ?: would be
    }
    Type type = values.get(0).type();
    for (Expr v : values) {
      type = type == v.type() ? type : Type.promote(type, v.type());
    }
    if (type != Type.DOUBLE) {
      Variable typed = reader.temporary("switched", type);
      chain = retarget(chain, result, typed);
      result = typed;
    }
    out.add(new Stmt.Declare(result, null));
    out.addAll(chain);
    return new Expr.Local(result);
  }

  /**
   * Rejects the labels of newer Java that javad does not lower: type and record patterns ({@code
   * case String t}), guards ({@code when}), {@code case null}. Read through reflection: javad runs
   * on javac 17, whose trees have no such labels, and on newer ones.
   */
  private void checkLabels() throws Unsupported {
    for (CaseTree c : cases) {
      for (ExpressionTree e : c.getExpressions()) {
        if (e.getKind() == Tree.Kind.NULL_LITERAL) {
          throw new Unsupported(e, Message.SWITCH_PATTERN);
        }
      }
      Tree found = null;
      try {
        for (Object label : (List<?>) CaseTree.class.getMethod("getLabels").invoke(c)) {
          if (label instanceof Tree t && t.getKind().name().contains("PATTERN")) {
            found = t;
            break;
          }
        }
        Object guard =
            found == null ? CaseTree.class.getMethod("getGuard").invoke(c) : null;
        found = found != null ? found : guard instanceof Tree g ? g : null;
      } catch (ReflectiveOperationException | RuntimeException absent) {
        // An older javac: a case has constants only.
      }
      if (found != null) {
        throw new Unsupported(found, Message.SWITCH_PATTERN);
      }
    }
  }

  private Expr selector(List<Stmt> out) throws Unsupported {
    // A switch on an enum compares ordinals: kind.ordinal() == Loss.SQUARED.ordinal().
    enumType = reader.expressions().enumOf(selectorTree);
    // A switch on a String compares with equals: kind.equals("squared").
    stringSelector = enumType == null ? reader.expressions().stringOf(selectorTree) : null;
    if (stringSelector != null) {
      return null;
    }
    Expr selector;
    try {
      selector =
          enumType != null
              ? reader.expressions().ordinal(selectorTree, enumType)
              : reader.expressions().read(selectorTree);
    } catch (Unsupported u) {
      // The object's type: a name's, or a choice's (?:) between objects.
      Object type =
          u.message() == Message.OBJECT_VALUE ? u.args()[1]
              : u.message() == Message.OBJECT_CHOICE ? u.args()[0]
              : null;
      if ("java.lang.String".equals(String.valueOf(type))) {
        throw new Unsupported(selectorTree, Message.SWITCH_STRING);
      }
      if (type != null) {
        // A switch on another object: said as such.
        throw new Unsupported(selectorTree, Message.SWITCH_TYPE, type);
      }
      throw u;
    }
    if (selector.type().isFloating() || selector.type() == Type.BOOLEAN) {
      throw new Unsupported(selectorTree, Message.SWITCH_TYPE, selector.type().javaName());
    }
    if (!(selector instanceof Expr.Local || selector instanceof Expr.Literal)) {
      // Evaluated once, as Java does.
      Variable temp = reader.temporary("selector", selector.type());
      out.add(new Stmt.Declare(temp, selector));
      selector = new Expr.Local(temp);
    }
    return selector;
  }

  /**
   * The if/else chain: each arm with labels tests them in order; the default arm (for a switch
   * expression without one, the last arm, which javac has checked covers what is left) is the
   * final else.
   */
  private List<Stmt> chain(Expr selector, List<Arm> arms, Variable result) throws Unsupported {
    List<Stmt> chain = List.of();
    Arm fallback = null;
    for (Arm arm : arms) {
      if (arm.isDefault()) {
        fallback = arm;
      }
    }
    if (fallback == null && result != null && !arms.isEmpty()) {
      fallback = arms.get(arms.size() - 1);
    }
    for (int i = arms.size() - 1; i >= 0; i--) {
      Arm arm = arms.get(i);
      if (arm == fallback) {
        continue;
      }
      Expr condition = null;
      for (ExpressionTree label : arm.labels()) {
        Expr equal;
        if (stringSelector != null) {
          equal = reader.expressions().stringCase(stringSelector, label);
        } else {
          Expr test =
              enumType != null
                  ? reader.expressions().ordinalOfConstant(enumType, label)
                  : reader.expressions().read(label);
          equal = new Expr.Binary(BinaryOp.EQUAL, selector, test, Type.BOOLEAN);
        }
        condition =
            condition == null ? equal : new Expr.Binary(BinaryOp.OR, condition, equal, Type.BOOLEAN);
      }
      chain = List.of(new Stmt.If(condition, body(arm, result), chain));
    }
    if (fallback != null) {
      List<Stmt> otherwise = body(fallback, result);
      chain =
          chain.isEmpty() ? otherwise : List.of(withFinalElse((Stmt.If) chain.get(0), otherwise));
    }
    return chain;
  }

  private List<Stmt> body(Arm arm, Variable result) throws Unsupported {
    if (arm.value() != null) {
      return reader.armValue(arm.value(), result);
    }
    if (arm.exits().isEmpty()) {
      return reader.statementsOf(arm.body(), arm.endingBreaks(), arm.predeclared());
    }
    String label = reader.caseExits(Set.copyOf(arm.exits()));
    List<Stmt> body =
        io.javad.processor.lower.EarlyExits.structure(
            reader.statementsOf(arm.body(), arm.endingBreaks(), arm.predeclared()), label);
    if (body == null) {
      throw new Unsupported(arm.exits().get(0), Message.SWITCH_BREAK);
    }
    return body;
  }

  /** Appends {@code otherwise} as the else of the last if of the chain. */
  private static Stmt.If withFinalElse(Stmt.If first, List<Stmt> otherwise) {
    if (first.otherwise().isEmpty()) {
      return new Stmt.If(first.condition(), first.then(), otherwise);
    }
    Stmt.If next = (Stmt.If) first.otherwise().get(0);
    return new Stmt.If(first.condition(), first.then(), List.of(withFinalElse(next, otherwise)));
  }

  /** The arms of a switch statement, old-style groups with fall-through or arrow cases. */
  private List<Arm> statementArms() throws Unsupported {
    List<Arm> arms = new ArrayList<>(rules(false));
    if (!arms.isEmpty()) {
      return arms;
    }
    return groupArms();
  }

  /** Old-style groups as arms, each with the groups it falls through into. */
  private List<Arm> groupArms() throws Unsupported {
    List<Arm> arms = new ArrayList<>();
    List<Group> groups = groups();
    for (int i = 0; i < groups.size(); i++) {
      // A group that does not end abruptly goes on into the next: its arm has both.
      List<StatementTree> body = new ArrayList<>();
      int j = i;
      for (; j < groups.size(); j++) {
        body.addAll(groups.get(j).statements());
        if (!body.isEmpty() && endsAbruptly(body.get(body.size() - 1))) {
          break;
        }
      }
      Tree ending = body.isEmpty() ? null : finalBreak(body.get(body.size() - 1));
      Set<Tree> endingBreaks = ending == null ? Set.of() : Set.of(ending);
      List<BreakTree> exits = new ArrayList<>();
      for (StatementTree s : body) {
        exits.addAll(innerSwitchBreaks(s, endingBreaks));
      }
      Group g = groups.get(i);
      // Locals the groups before this one declare: in scope here, their initializers skipped.
      List<com.sun.source.tree.VariableTree> predeclared = new ArrayList<>();
      for (int e = 0; e < i; e++) {
        for (StatementTree st : groups.get(e).statements()) {
          if (st instanceof com.sun.source.tree.VariableTree v) {
            predeclared.add(v);
          }
        }
      }
      arms.add(new Arm(g.labels(), g.isDefault(), body, null, endingBreaks, predeclared, exits));
    }
    return arms;
  }

  /** The arms of a switch expression: arrow cases, or groups (which end in {@code yield}). */
  private List<Arm> expressionArms() throws Unsupported {
    List<Arm> arms = new ArrayList<>(rules(true));
    if (!arms.isEmpty()) {
      return arms;
    }
    for (Arm arm : groupArms()) {
      checkYields(arm.body());
      arms.add(arm);
    }
    return arms;
  }

  /** Arrow cases ({@code case 1, 2 -> ...}) as arms; empty for a switch of old-style groups. */
  private List<Arm> rules(boolean expression) throws Unsupported {
    List<Arm> arms = new ArrayList<>();
    for (CaseTree c : cases) {
      if (c.getCaseKind() != CaseTree.CaseKind.RULE) {
        return List.of();
      }
      List<ExpressionTree> labels = List.copyOf(c.getExpressions());
      boolean isDefault = labels.isEmpty();
      Tree body = c.getBody();
      if (body instanceof ExpressionTree value) {
        if (expression) {
          arms.add(new Arm(labels, isDefault, List.of(), value, Set.of()));
        } else {
          arms.add(new Arm(labels, isDefault, List.of(asStatement(c)), null, Set.of()));
        }
      } else if (body instanceof BlockTree block) {
        if (expression) {
          checkYields(block.getStatements());
        }
        List<BreakTree> exits = new ArrayList<>();
        for (StatementTree s : block.getStatements()) {
          exits.addAll(innerSwitchBreaks(s, Set.of()));
        }
        arms.add(
            new Arm(labels, isDefault, block.getStatements(), null, Set.of(), List.of(), exits));
      } else if (body instanceof StatementTree statement) {
        arms.add(new Arm(labels, isDefault, List.of(statement), null, Set.of())); // throw
      } else {
        throw new Unsupported(c, Message.SWITCH_FORM);
      }
    }
    return arms;
  }

  /** {@code case 1 -> x = 2;}: the rule's expression statement, as javac keeps it. */
  private static StatementTree asStatement(CaseTree c) throws Unsupported {
    if (c.getStatements() != null && c.getStatements().size() == 1) {
      return c.getStatements().get(0);
    }
    throw new Unsupported(c, Message.SWITCH_FORM);
  }

  /** A group of old-style cases: its labels ({@code case 1: case 2:}), default or not, statements. */
  private record Group(
      List<ExpressionTree> labels,
      boolean isDefault,
      List<? extends StatementTree> statements,
      CaseTree at) {}

  private List<Group> groups() {
    List<Group> groups = new ArrayList<>();
    List<ExpressionTree> labels = new ArrayList<>();
    boolean isDefault = false;
    for (int i = 0; i < cases.size(); i++) {
      CaseTree c = cases.get(i);
      labels.addAll(c.getExpressions());
      isDefault |= c.getExpressions().isEmpty();
      if (c.getStatements().isEmpty() && i < cases.size() - 1) {
        continue; // case 1: case 2: ... share the next group's statements
      }
      groups.add(new Group(List.copyOf(labels), isDefault, c.getStatements(), c));
      labels.clear();
      isDefault = false;
    }
    return groups;
  }

  /** Every {@code yield} must end its arm: the last statement, or the last of a final if's branches. */
  private static void checkYields(List<? extends StatementTree> statements) throws Unsupported {
    Tree misplaced = misplacedYield(statements, true);
    if (misplaced != null) {
      throw new Unsupported(misplaced, Message.SWITCH_YIELD);
    }
  }

  private static Tree misplacedYield(List<? extends StatementTree> statements, boolean tail) {
    for (int i = 0; i < statements.size(); i++) {
      StatementTree s = statements.get(i);
      boolean last = tail && i == statements.size() - 1;
      if (s instanceof YieldTree y) {
        if (!last) {
          return y;
        }
      } else if (s instanceof BlockTree b) {
        Tree found = misplacedYield(b.getStatements(), last);
        if (found != null) {
          return found;
        }
      } else if (s instanceof IfTree f) {
        Tree found = misplacedYield(List.of(f.getThenStatement()), last);
        if (found == null && f.getElseStatement() != null) {
          found = misplacedYield(List.of(f.getElseStatement()), last);
        }
        if (found != null) {
          return found;
        }
      } else {
        Tree[] found = {null};
        new TreeScanner<Void, Void>() {
          @Override
          public Void visitYield(YieldTree y, Void unused) {
            found[0] = found[0] == null ? y : found[0];
            return null;
          }

          @Override
          public Void visitSwitchExpression(SwitchExpressionTree t, Void unused) {
            return null; // its yields are its own
          }
        }.scan(s, null);
        if (found[0] != null) {
          return found[0];
        }
      }
    }
    return null;
  }

  private static boolean endsAbruptly(StatementTree s) {
    return switch (s.getKind()) {
      case RETURN, CONTINUE, THROW, BREAK, YIELD -> true;
      case BLOCK -> {
        List<? extends StatementTree> inner = ((BlockTree) s).getStatements();
        yield !inner.isEmpty() && endsAbruptly(inner.get(inner.size() - 1));
      }
      default -> false;
    };
  }

  /** The unlabeled break that ends a group: its last statement, or the last of a final block. */
  private static Tree finalBreak(StatementTree s) {
    if (s instanceof BreakTree b && b.getLabel() == null) {
      return b;
    }
    if (s instanceof BlockTree block && !block.getStatements().isEmpty()) {
      return finalBreak(block.getStatements().get(block.getStatements().size() - 1));
    }
    return null;
  }

  /** The unlabeled breaks that leave the switch from inside a case, not at its end. */
  private static List<BreakTree> innerSwitchBreaks(StatementTree s, Set<Tree> ending) {
    List<BreakTree> found = new ArrayList<>();
    new TreeScanner<Void, Integer>() {
      @Override
      public Void visitBreak(BreakTree b, Integer loops) {
        if (b.getLabel() == null && loops == 0 && !ending.contains(b)) {
          found.add(b);
        }
        return null;
      }

      @Override
      public Void visitWhileLoop(WhileLoopTree t, Integer loops) {
        return super.visitWhileLoop(t, loops + 1);
      }

      @Override
      public Void visitDoWhileLoop(DoWhileLoopTree t, Integer loops) {
        return super.visitDoWhileLoop(t, loops + 1);
      }

      @Override
      public Void visitForLoop(ForLoopTree t, Integer loops) {
        return super.visitForLoop(t, loops + 1);
      }

      @Override
      public Void visitEnhancedForLoop(EnhancedForLoopTree t, Integer loops) {
        return super.visitEnhancedForLoop(t, loops + 1);
      }

      @Override
      public Void visitSwitch(SwitchTree t, Integer loops) {
        return super.visitSwitch(t, loops + 1);
      }

      @Override
      public Void visitSwitchExpression(SwitchExpressionTree t, Integer loops) {
        return null;
      }
    }.scan(s, 0);
    return found;
  }

  /** {@code body} with the assignments to {@code from} made to {@code to}. */
  static List<Stmt> retarget(List<Stmt> body, Variable from, Variable to) {
    List<Stmt> out = new ArrayList<>();
    for (Stmt s : body) {
      if (s instanceof Stmt.Assign a && a.variable().equals(from)) {
        out.add(new Stmt.Assign(to, a.op(), a.value()));
      } else if (s instanceof Stmt.Block b) {
        out.add(new Stmt.Block(retarget(b.body(), from, to)));
      } else if (s instanceof Stmt.If i) {
        out.add(
            new Stmt.If(i.condition(), retarget(i.then(), from, to), retarget(i.otherwise(), from, to)));
      } else {
        out.add(s);
      }
    }
    return out;
  }
}
