package io.javad.processor.front;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.util.TreeScanner;
import io.javad.processor.diag.Message;
import io.javad.processor.ir.BinaryOp;
import io.javad.processor.ir.Expr;
import io.javad.processor.ir.Stmt;
import io.javad.processor.ir.Type;
import io.javad.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;

/**
 * Lowers a {@code switch} statement on an integer or an enum to an {@code if}/{@code else if}
 * chain, which the rest of javad already differentiates. Each case must end its group (with {@code break}, {@code
 * return} or {@code continue}) or be the last: fall-through from one group of statements into the
 * next has no counterpart in the chain and is reported.
 */
final class SwitchLowering {

  private final BodyReader reader;
  private final SwitchTree tree;
  /** The enum switched on, or null for a switch on an integer. */
  private javax.lang.model.element.TypeElement enumType;

  SwitchLowering(BodyReader reader, SwitchTree tree) {
    this.reader = reader;
    this.tree = tree;
  }

  /** One arm of the chain: the labels that select it (none for default) and its statements. */
  private record Arm(List<ExpressionTree> labels, List<? extends StatementTree> body, CaseTree at) {}

  void lower(List<Stmt> out) throws Unsupported {
    // A switch on an enum compares ordinals: kind.ordinal() == Loss.SQUARED.ordinal().
    enumType = reader.expressions().enumOf(tree.getExpression());
    Expr selector =
        enumType != null
            ? reader.expressions().ordinal(tree.getExpression(), enumType)
            : reader.expressions().read(tree.getExpression());
    if (selector.type().isFloating() || selector.type() == Type.BOOLEAN) {
      throw new Unsupported(tree.getExpression(), Message.SWITCH_TYPE, selector.type().javaName());
    }
    if (!(selector instanceof Expr.Local || selector instanceof Expr.Literal)) {
      // Evaluated once, as Java does.
      Variable temp = reader.temporary("selector", selector.type());
      out.add(new Stmt.Declare(temp, selector));
      selector = new Expr.Local(temp);
    }
    List<Arm> arms = arms();
    List<Stmt> chain = List.of();
    Arm fallback = null;
    for (int i = arms.size() - 1; i >= 0; i--) {
      Arm arm = arms.get(i);
      if (arm.labels().isEmpty()) {
        fallback = arm;
        continue;
      }
      Expr condition = null;
      for (ExpressionTree label : arm.labels()) {
        Expr test =
            enumType != null
                ? reader.expressions().ordinalOfConstant(enumType, label)
                : reader.expressions().read(label);
        Expr equal = new Expr.Binary(BinaryOp.EQUAL, selector, test, Type.BOOLEAN);
        condition = condition == null ? equal : new Expr.Binary(BinaryOp.OR, condition, equal, Type.BOOLEAN);
      }
      chain = List.of(new Stmt.If(condition, body(arm), chain));
    }
    if (fallback != null) {
      List<Stmt> otherwise = body(fallback);
      chain = chain.isEmpty() ? otherwise : List.of(withFinalElse((Stmt.If) chain.get(0), otherwise));
    }
    out.addAll(chain);
  }

  /** Appends {@code otherwise} as the else of the last if of the chain. */
  private static Stmt.If withFinalElse(Stmt.If first, List<Stmt> otherwise) {
    if (first.otherwise().isEmpty()) {
      return new Stmt.If(first.condition(), first.then(), otherwise);
    }
    Stmt.If next = (Stmt.If) first.otherwise().get(0);
    return new Stmt.If(first.condition(), first.then(), List.of(withFinalElse(next, otherwise)));
  }

  private List<Arm> arms() throws Unsupported {
    List<Arm> arms = new ArrayList<>();
    List<ExpressionTree> pending = new ArrayList<>();
    List<? extends CaseTree> cases = tree.getCases();
    for (int i = 0; i < cases.size(); i++) {
      CaseTree c = cases.get(i);
      boolean isDefault = c.getExpressions().isEmpty();
      if (c.getCaseKind() == CaseTree.CaseKind.RULE) {
        Tree body = c.getBody();
        List<StatementTree> statements =
            body instanceof BlockTree b
                ? new ArrayList<>(b.getStatements())
                : body instanceof StatementTree st ? List.of(st) : List.of();
        if (!(body instanceof StatementTree)) {
          throw new Unsupported(body, Message.SWITCH_FORM);
        }
        arms.add(new Arm(isDefault ? List.of() : List.copyOf(c.getExpressions()), statements, c));
        continue;
      }
      List<? extends StatementTree> statements = c.getStatements();
      if (isDefault) {
        if (!pending.isEmpty()) {
          throw new Unsupported(c, Message.SWITCH_FORM); // case 1: default: ...
        }
      } else {
        pending.addAll(c.getExpressions());
      }
      if (statements.isEmpty() && i < cases.size() - 1) {
        continue; // case 1: case 2: ... share the next group
      }
      boolean last = i == cases.size() - 1;
      List<StatementTree> body = new ArrayList<>(statements);
      if (!body.isEmpty() && isSwitchBreak(body.get(body.size() - 1))) {
        body.remove(body.size() - 1);
      } else if (!last && (body.isEmpty() || !endsAbruptly(body.get(body.size() - 1)))) {
        throw new Unsupported(c, Message.SWITCH_FALL_THROUGH);
      }
      for (StatementTree s : body) {
        BreakTree inner = innerSwitchBreak(s);
        if (inner != null) {
          throw new Unsupported(inner, Message.SWITCH_BREAK);
        }
      }
      arms.add(new Arm(isDefault ? List.of() : List.copyOf(pending), body, c));
      pending.clear();
    }
    return arms;
  }

  private List<Stmt> body(Arm arm) {
    return reader.statementsOf(arm.body());
  }

  private static boolean isSwitchBreak(StatementTree s) {
    return s instanceof BreakTree b && b.getLabel() == null;
  }

  private static boolean endsAbruptly(StatementTree s) {
    return switch (s.getKind()) {
      case RETURN, CONTINUE, THROW, BREAK -> true;
      default -> false;
    };
  }

  /** An unlabeled break that leaves the switch from inside a case, not at its end. */
  private static BreakTree innerSwitchBreak(StatementTree s) {
    BreakTree[] found = {null};
    new TreeScanner<Void, Integer>() {
      @Override
      public Void visitBreak(BreakTree b, Integer loops) {
        if (b.getLabel() == null && loops == 0 && found[0] == null) {
          found[0] = b;
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
    }.scan(s, 0);
    return found[0];
  }
}
