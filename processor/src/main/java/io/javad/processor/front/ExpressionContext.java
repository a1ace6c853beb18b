package io.javad.processor.front;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.Trees;
import io.javad.processor.ir.Expr;
import java.util.Map;
import javax.lang.model.util.Elements;

/**
 * What reading a method body needs from its surroundings: source positions, names, constants.
 * {@code callSites} collects where each opaque call first appears, so that a later check on the
 * IR can still point at the source (the same call written twice reads as one). {@code self} is the
 * class of an instance method, whose generated methods call the object {@code self}; null for a
 * static method. {@code privateMembers} hands out the companion's handles on private members.
 */
record ExpressionContext(
    Trees trees,
    Elements elements,
    CompilationUnitTree unit,
    NameResolver names,
    DerivativeRules rules,
    Map<Expr.Call, CallSite> callSites,
    javax.lang.model.element.TypeElement self,
    PrivateMembers privateMembers) {}
