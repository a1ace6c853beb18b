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
 * Which array parameters a {@code @Differentiable} method writes into (out-parameters, whose
 * derivatives its members update in place), and whether it returns one, which callers refuse: a
 * caller's derivative treats a returned array as new. Known for callees compiled with the caller
 * (their source is at hand, calls to other such methods included); for a class file, from the
 * {@code @ArrayParameterEffects} on the members of its companion.
 */
final class ParameterWrites {

  /** An array parameter concerned, and whether it is returned (else written into). */
  record Finding(String parameter, boolean returned) {}

  private ParameterWrites() {}

  /** The first array parameter {@code method} returns or writes into, or null. */
  static Finding of(Trees trees, Elements elements, ExecutableElement method, Callee callee) {
    List<Finding> all = all(trees, elements, method, callee);
    return all.stream().filter(Finding::returned).findFirst()
        .orElse(all.isEmpty() ? null : all.get(0));
  }

  /** Every array parameter {@code method} writes into (also through a row or a callee) or returns. */
  static List<Finding> all(
      Trees trees, Elements elements, ExecutableElement method, Callee callee) {
    return all(trees, elements, method, callee, new java.util.HashSet<>());
  }

  private static List<Finding> all(
      Trees trees,
      Elements elements,
      ExecutableElement method,
      Callee callee,
      java.util.Set<ExecutableElement> visiting) {
    MethodTree tree = trees.getTree(method);
    if (tree == null || tree.getBody() == null) {
      return compiled(elements, method, callee);
    }
    if (!visiting.add(method)) {
      return List.of(); // recursion: what it writes is found at the outermost call
    }
    // Each array variable that refers into a parameter, to that parameter: a, and row = a[i].
    Map<String, String> into = new HashMap<>();
    for (VariableElement p : method.getParameters()) {
      if (p.asType().getKind() == TypeKind.ARRAY) {
        into.put(p.getSimpleName().toString(), p.getSimpleName().toString());
      }
    }
    java.util.Set<Finding> found = new java.util.LinkedHashSet<>();
    com.sun.source.util.TreePath body = trees.getPath(method);
    new com.sun.source.util.TreePathScanner<Void, Void>() {
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
        List<? extends ExpressionTree> args = node.getArguments();
        // Arrays.fill(a, v) and System.arraycopy(src, i, a, j, n) write into a.
        if (node.getMethodSelect() instanceof MemberSelectTree select) {
          String name = select.getIdentifier().toString();
          if (name.equals("fill") && !args.isEmpty()) {
            target(args.get(0));
          } else if (name.equals("arraycopy") && args.size() == 5) {
            target(args.get(2));
          }
        }
        // So does a @Differentiable method that writes into its parameter.
        if (trees.getElement(getCurrentPath()) instanceof ExecutableElement called
            && called.getAnnotation(io.javad.Differentiable.class) != null
            && called.getParameters().size() == args.size()) {
          for (Finding f : all(trees, elements, called, null, visiting)) {
            for (int i = 0; i < args.size(); i++) {
              if (!f.returned()
                  && called.getParameters().get(i).getSimpleName().contentEquals(f.parameter())) {
                target(args.get(i));
              }
            }
          }
        }
        return super.visitMethodInvocation(node, unused);
      }

      @Override
      public Void visitReturn(ReturnTree node, Void unused) {
        String root = node.getExpression() == null ? null : root(node.getExpression());
        // An array (a row too) under a second name; a method returning a number returns an
        // element (trees are not attributed yet: the declared result tells).
        if (root != null && into.containsKey(root)
            && method.getReturnType().getKind() == TypeKind.ARRAY) {
          found.add(new Finding(into.get(root), true));
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
        if (root != null && into.containsKey(root)) {
          found.add(new Finding(into.get(root), false));
        }
      }
    }.scan(new com.sun.source.util.TreePath(body, tree.getBody()), null);
    visiting.remove(method);
    return List.copyOf(found);
  }

  private static List<Finding> compiled(
      Elements elements, ExecutableElement method, Callee callee) {
    String companionName =
        callee != null
            ? callee.companion()
            : io.javad.processor.emit.CompanionWriter.companionOf(
                    com.palantir.javapoet.ClassName.get((TypeElement) method.getEnclosingElement()))
                .canonicalName();
    TypeElement companion = elements.getTypeElement(companionName);
    if (companion == null) {
      return List.of();
    }
    String base = callee != null ? callee.method() : method.getSimpleName().toString();
    List<Finding> found = new java.util.ArrayList<>();
    int arity = method.getParameters().size();
    for (ExecutableElement member : ElementFilter.methodsIn(companion.getEnclosedElements())) {
      String name = member.getSimpleName().toString();
      boolean ours =
          name.equals(base + "Tangent") || name.equals(base + "Gradient")
              || name.equals(base + "Adjoint") || name.equals(base + "Pullback");
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
            found.add(new Finding(value.toString(), true));
          }
          if (key.equals("written") && value instanceof List<?> written) {
            for (Object w : written) {
              found.add(
                  new Finding(
                      ((javax.lang.model.element.AnnotationValue) w).getValue().toString(), false));
            }
          }
        }
        return found; // each member carries the same effects
      }
    }
    return found;
  }

  /** {@code a} for {@code a}, {@code a[i]}, {@code a[i][j]}; null for anything else. */
  private static String root(ExpressionTree e) {
    while (e instanceof ArrayAccessTree || e instanceof ParenthesizedTree) {
      e = e instanceof ArrayAccessTree a ? a.getExpression() : ((ParenthesizedTree) e).getExpression();
    }
    return e instanceof IdentifierTree id ? id.getName().toString() : null;
  }
}
