package io.javad.processor.front;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import io.javad.processor.ir.Callee;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Whether a {@code @Differentiable} method writes into an array it was passed, or returns it: a
 * caller's derivative treats a call as reading its arguments and returning a new array, so such a
 * callee cannot be called from differentiable code. Known for callees compiled with the caller
 * (their source is at hand); a library's are documented to need the same.
 */
final class ParameterWrites {

  /** The array parameter concerned, and whether it is returned (else written into). */
  record Finding(String parameter, boolean returned) {}

  private ParameterWrites() {}

  /**
   * The first array parameter {@code method} writes into or returns (also through a row), or null:
   * from its source, or for a class file from the {@code @ArrayParameterEffects} on the members
   * of its companion.
   */
  static Finding of(Trees trees, Elements elements, ExecutableElement method, Callee callee) {
    MethodTree tree = trees.getTree(method);
    if (tree == null || tree.getBody() == null) {
      return compiled(elements, method, callee);
    }
    // Each array variable that refers into a parameter, to that parameter: a, and row = a[i].
    Map<String, String> into = new HashMap<>();
    for (VariableElement p : method.getParameters()) {
      if (p.asType().getKind() == TypeKind.ARRAY) {
        into.put(p.getSimpleName().toString(), p.getSimpleName().toString());
      }
    }
    Finding[] found = {null};
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitVariable(VariableTree node, Void unused) {
        String root = node.getInitializer() == null ? null : root(node.getInitializer());
        if (root != null && into.containsKey(root)) {
          into.put(node.getName().toString(), into.get(root));
        } else {
          into.remove(node.getName().toString()); // a local of the same name shadows it
        }
        return super.visitVariable(node, unused);
      }

      @Override
      public Void visitEnhancedForLoop(EnhancedForLoopTree node, Void unused) {
        // for (double[] row : m): row refers into m.
        scan(node.getExpression(), null);
        String root = root(node.getExpression());
        String name = node.getVariable().getName().toString();
        if (root != null && into.containsKey(root)) {
          into.put(name, into.get(root));
        } else {
          into.remove(name);
        }
        return scan(node.getStatement(), null);
      }

      @Override
      public Void visitAssignment(AssignmentTree node, Void unused) {
        written(node.getVariable());
        return super.visitAssignment(node, unused);
      }

      @Override
      public Void visitCompoundAssignment(CompoundAssignmentTree node, Void unused) {
        written(node.getVariable());
        return super.visitCompoundAssignment(node, unused);
      }

      @Override
      public Void visitUnary(UnaryTree node, Void unused) {
        switch (node.getKind()) {
          case PREFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_INCREMENT, POSTFIX_DECREMENT ->
              written(node.getExpression());
          default -> {}
        }
        return super.visitUnary(node, unused);
      }

      @Override
      public Void visitMethodInvocation(MethodInvocationTree node, Void unused) {
        // Arrays.fill(a, v) and System.arraycopy(src, i, a, j, n) write into a.
        if (node.getMethodSelect() instanceof MemberSelectTree select) {
          List<? extends ExpressionTree> args = node.getArguments();
          String name = select.getIdentifier().toString();
          if (name.equals("fill") && !args.isEmpty()) {
            target(args.get(0));
          } else if (name.equals("arraycopy") && args.size() == 5) {
            target(args.get(2));
          }
        }
        return super.visitMethodInvocation(node, unused);
      }

      @Override
      public Void visitReturn(ReturnTree node, Void unused) {
        String root = node.getExpression() == null ? null : root(node.getExpression());
        if (found[0] == null && root != null && into.containsKey(root)) {
          found[0] = new Finding(into.get(root), true);
        }
        return super.visitReturn(node, unused);
      }

      private void written(ExpressionTree target) {
        if (target instanceof ArrayAccessTree) {
          target(target);
        }
      }

      private void target(ExpressionTree array) {
        String root = root(array);
        if (found[0] == null && root != null && into.containsKey(root)) {
          found[0] = new Finding(into.get(root), false);
        }
      }
    }.scan(tree.getBody(), null);
    return found[0];
  }

  private static Finding compiled(Elements elements, ExecutableElement method, Callee callee) {
    TypeElement companion = elements.getTypeElement(callee.companion());
    if (companion == null) {
      return null;
    }
    int arity = method.getParameters().size();
    for (ExecutableElement member : ElementFilter.methodsIn(companion.getEnclosedElements())) {
      String name = member.getSimpleName().toString();
      boolean ours =
          name.equals(callee.tangent()) || name.equals(callee.method() + "Gradient")
              || name.equals(callee.adjoint());
      // An overload of the same name has other parameters: the primal's come first (after the
      // object), or interleaved with tangents.
      if (!ours || member.getParameters().size() < arity) {
        continue;
      }
      for (AnnotationMirror mirror : member.getAnnotationMirrors()) {
        if (!((TypeElement) mirror.getAnnotationType().asElement())
            .getQualifiedName()
            .contentEquals("io.javad.runtime.ArrayParameterEffects")) {
          continue;
        }
        for (var entry : mirror.getElementValues().entrySet()) {
          Object value = entry.getValue().getValue();
          String key = entry.getKey().getSimpleName().toString();
          if (key.equals("returned") && !value.toString().isEmpty()) {
            return new Finding(value.toString(), true);
          }
          if (key.equals("written") && value instanceof List<?> written && !written.isEmpty()) {
            return new Finding(
                ((javax.lang.model.element.AnnotationValue) written.get(0)).getValue().toString(), false);
          }
        }
      }
    }
    return null;
  }

  /** {@code a} for {@code a}, {@code a[i]}, {@code a[i][j]}; null for anything else. */
  private static String root(ExpressionTree e) {
    while (e instanceof ArrayAccessTree || e instanceof ParenthesizedTree) {
      e = e instanceof ArrayAccessTree a ? a.getExpression() : ((ParenthesizedTree) e).getExpression();
    }
    return e instanceof IdentifierTree id ? id.getName().toString() : null;
  }
}
