package io.javad.processor.diag;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.Trees;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * Reports errors at the exact source position and counts them. Reporting never throws: processing
 * goes on, so a user sees every error of a compilation at once.
 */
public final class Reporter {

  /** Reports nothing: for problems in compiled code that are not the user's to fix here. */
  public static final Reporter SILENT = new Reporter(null, null);

  private final Messager messager;
  private final Trees trees;
  private int errors;

  public Reporter(Messager messager, Trees trees) {
    this.messager = messager;
    this.trees = trees;
  }

  /**
   * An error at a node of a method body: file, line and column of that node. Said once per node
   * and message: a lambda's body is read at each of its calls.
   */
  public void error(Tree node, CompilationUnitTree unit, Message message, Object... args) {
    errors++;
    String text = message.format(args);
    if (trees == null || !said.add(new Said(node, text))) {
      return;
    }
    trees.printMessage(Diagnostic.Kind.ERROR, text, node, unit);
  }

  /** An error reported at a node. */
  private record Said(Tree node, String text) {}

  private final java.util.Set<Said> said = new java.util.HashSet<>();

  /** An error at a declaration (a method, a parameter). */
  public void error(Element element, Message message, Object... args) {
    errors++;
    if (messager != null) {
      messager.printMessage(Diagnostic.Kind.ERROR, message.format(args), element);
    }
  }

  /** An error at one value of an annotation on {@code element}. */
  public void error(
      Element element,
      AnnotationMirror annotation,
      AnnotationValue value,
      Message message,
      Object... args) {
    errors++;
    if (messager != null) {
      messager.printMessage(Diagnostic.Kind.ERROR, message.format(args), element, annotation, value);
    }
  }

  /**
   * A warning at a declaration. Unlike an error it lets javac go on to attribution, where javac
   * reports the problems of its own (a typo) that made javad give up.
   */
  public void warning(Element element, Message message, Object... args) {
    if (messager != null) {
      messager.printMessage(Diagnostic.Kind.WARNING, message.format(args), element);
    }
  }

  /** A note at a declaration: information asked for, which fails no build. */
  public void note(Element element, String text) {
    if (messager != null) {
      messager.printMessage(Diagnostic.Kind.NOTE, text, element);
    }
  }

  public int errorCount() {
    return errors;
  }
}
