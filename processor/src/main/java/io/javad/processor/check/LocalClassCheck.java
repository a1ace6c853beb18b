package io.javad.processor.check;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import io.javad.processor.diag.Message;
import io.javad.processor.diag.Reporter;
import java.util.HashSet;
import java.util.Set;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.Element;

/**
 * javac does not show processors the methods of local and anonymous classes, so a {@code
 * @Differentiable} there would silently get no companion. This scan finds such methods in the
 * round's sources and reports them. (javac runs the processor only when some {@code
 * @Differentiable} method is visible to it; a compilation whose only one is in a local class is not
 * seen at all.)
 */
public final class LocalClassCheck {

  private LocalClassCheck() {}

  public static void run(RoundEnvironment round, Trees trees, Reporter reporter) {
    Set<CompilationUnitTree> units = new HashSet<>();
    for (Element root : round.getRootElements()) {
      TreePath path = trees.getPath(root);
      if (path != null && units.add(path.getCompilationUnit())) {
        scan(path.getCompilationUnit(), reporter);
      }
    }
  }

  private static void scan(CompilationUnitTree unit, Reporter reporter) {
    new TreePathScanner<Void, Integer>() {
      @Override
      public Void visitMethod(MethodTree method, Integer methodDepth) {
        if (methodDepth > 0 && isDifferentiable(method)) {
          reporter.error(method, unit, Message.LOCAL_OWNER, method.getName());
        }
        return super.visitMethod(method, methodDepth + 1);
      }
    }.scan(unit, 0);
  }

  private static boolean isDifferentiable(MethodTree method) {
    for (AnnotationTree a : method.getModifiers().getAnnotations()) {
      String name = a.getAnnotationType().toString();
      if (name.equals("Differentiable") || name.equals("io.javad.Differentiable")) {
        return true;
      }
    }
    return false;
  }
}
