package io.javad.processor.front;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.util.Trees;
import javax.lang.model.util.Elements;

/** What reading a method body needs from its surroundings: source positions, names, constants. */
record ExpressionContext(
    Trees trees, Elements elements, CompilationUnitTree unit, NameResolver names) {}
