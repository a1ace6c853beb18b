package io.javad.processor.front;

import com.sun.source.tree.Tree;
import javax.lang.model.element.ExecutableElement;

/** Where a call to a method javad does not differentiate is written, and which method it calls. */
record CallSite(Tree tree, ExecutableElement method) {}
