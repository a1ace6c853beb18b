package io.javad.processor.front;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;

/**
 * Whether a method javad cannot see into (a lookup, {@code int bracket(double[] grid, double t)})
 * only reads the arrays it is given, so that derivative code may call it with the method's arrays
 * as data: in its source, each array parameter is only indexed to read an element ({@code a[i]},
 * {@code a[i][j]}), iterated for its numbers ({@code for (double v : a)}) or asked its {@code
 * length}; never written, passed on, returned or named again.
 * A method whose source javad does not see qualifies only if it is known to read: {@code
 * Arrays.binarySearch}.
 */
final class ReadOnlyArrays {

  private ReadOnlyArrays() {}

  /** Null if {@code method} only reads its array parameters, else why not, in words. */
  static String problem(Trees trees, ExecutableElement method) {
    String owner = ((TypeElement) method.getEnclosingElement()).getQualifiedName().toString();
    if (owner.equals("java.util.Arrays") && method.getSimpleName().contentEquals("binarySearch")) {
      return null;
    }
    MethodTree tree = trees.getTree(method);
    if (tree == null || tree.getBody() == null) {
      return "javad does not see its source, so cannot tell that it only reads the array";
    }
    java.util.Map<String, Integer> arrays = new java.util.HashMap<>();
    for (VariableElement p : method.getParameters()) {
      if (p.asType().getKind() == TypeKind.ARRAY) {
        arrays.put(p.getSimpleName().toString(), Types.rank(p.asType()));
      }
    }
    String[] found = {null};
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree node, Void unused) {
        String name = node.getName().toString();
        if (found[0] == null && arrays.containsKey(name) && !read(getCurrentPath(), arrays.get(name))) {
          found[0] = "it writes into its array parameter " + name + ", or uses it otherwise than"
              + " to read its elements and length";
        }
        return super.visitIdentifier(node, unused);
      }
    }.scan(new TreePath(trees.getPath(method), tree.getBody()), null);
    return found[0];
  }

  /**
   * Whether the identifier at {@code path}, an array of {@code rank} dimensions, is read through:
   * indexed down to an element that is not written, or asked its length (or a row's).
   */
  private static boolean read(TreePath path, int rank) {
    TreePath at = path;
    int depth = 0;
    while (at.getParentPath() != null) {
      Tree parent = at.getParentPath().getLeaf();
      if (parent instanceof ArrayAccessTree access && access.getExpression() == at.getLeaf()) {
        depth++;
        at = at.getParentPath();
        continue;
      }
      if (parent instanceof MemberSelectTree select && select.getExpression() == at.getLeaf()) {
        return depth < rank && select.getIdentifier().contentEquals("length");
      }
      if (parent instanceof com.sun.source.tree.EnhancedForLoopTree loop
          && loop.getExpression() == at.getLeaf()) {
        return rank - depth == 1; // for (double v : a): its numbers, read
      }
      if (depth < rank) {
        return false; // the array or a row itself: passed on, returned, named, compared
      }
      // An element: read unless it is written.
      if (parent instanceof AssignmentTree a && a.getVariable() == at.getLeaf()
          || parent instanceof CompoundAssignmentTree c && c.getVariable() == at.getLeaf()) {
        return false;
      }
      return !(parent instanceof UnaryTree u
          && switch (u.getKind()) {
            case PREFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_INCREMENT, POSTFIX_DECREMENT -> true;
            default -> false;
          });
    }
    return false;
  }
}
