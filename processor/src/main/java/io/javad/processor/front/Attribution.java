package io.javad.processor.front;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;

/**
 * During annotation processing javac has not yet attributed method bodies: expression types are
 * null until {@link Trees#getElement} on a node of the class makes javac attribute it (seen on JDK
 * 17 and 25). The front end needs types (int or double, which overload of Math.max), so it forces
 * attribution here and checks that it worked.
 */
final class Attribution {

  private Attribution() {}

  /** Forces attribution of the body; false if javac still gives no types. */
  static boolean force(Trees trees, TreePath body) {
    TreePath first = firstExpression(body);
    if (first == null) {
      return true; // nothing typed to read
    }
    if (trees.getTypeMirror(first) == null) {
      trees.getElement(first);
    }
    return trees.getTypeMirror(first) != null;
  }

  private static TreePath firstExpression(TreePath body) {
    TreePath[] found = {null};
    new TreePathScanner<Void, Void>() {
      @Override
      public Void scan(Tree tree, Void unused) {
        if (found[0] == null && tree instanceof ExpressionTree) {
          found[0] = new TreePath(getCurrentPath(), tree);
          return null;
        }
        return found[0] == null ? super.scan(tree, unused) : null;
      }
    }.scan(body, null);
    return found[0];
  }
}
