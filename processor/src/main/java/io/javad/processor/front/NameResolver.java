package io.javad.processor.front;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.Tree;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;

/**
 * Resolves the names a method body uses besides its own locals: types ({@code Math}, {@code
 * Outer.Inner}), static fields and static methods, in Java's order for this subset: members of the
 * enclosing classes (inherited ones too), single imports, the same package, on-demand imports,
 * {@code java.lang}. javad resolves names itself rather than asking javac to attribute the class:
 * that attribution would run before the companion class exists, and javac does not recover from it
 * for code elsewhere in the class that uses the companion.
 */
final class NameResolver {

  private final Elements elements;
  private final TypeElement enclosing;
  private final CompilationUnitTree unit;

  /** Each class's members, asked for once: javac builds them anew on every call. */
  private final java.util.Map<TypeElement, java.util.List<? extends Element>> members =
      new java.util.HashMap<>();

  private java.util.List<? extends Element> members(TypeElement owner) {
    return members.computeIfAbsent(owner, elements::getAllMembers);
  }

  /** The top-level class around the method: whose assertion status its asserts follow. */
  TypeElement topLevel() {
    javax.lang.model.element.Element e = enclosing;
    while (e.getEnclosingElement() instanceof TypeElement outer) {
      e = outer;
    }
    return (TypeElement) e;
  }

  NameResolver(Elements elements, TypeElement enclosing, CompilationUnitTree unit) {
    this.elements = elements;
    this.enclosing = enclosing;
    this.unit = unit;
  }

  /** The type a qualifier names ({@code Math}, {@code p.Q}, {@code Outer.Inner}), or null. */
  TypeElement type(ExpressionTree tree) {
    if (tree instanceof IdentifierTree id) {
      return typeNamed(id.getName().toString());
    }
    if (tree instanceof MemberSelectTree select) {
      String name = select.getIdentifier().toString();
      TypeElement outer = type(select.getExpression());
      if (outer != null) {
        return memberType(outer, name);
      }
      return elements.getTypeElement(select.getExpression().toString() + "." + name);
    }
    return null;
  }

  private TypeElement typeNamed(String name) {
    for (TypeElement t = enclosing; t != null; t = enclosingType(t)) {
      if (t.getSimpleName().contentEquals(name)) {
        return t;
      }
      TypeElement member = memberType(t, name);
      if (member != null) {
        return member;
      }
    }
    for (ImportTree imp : unit.getImports()) {
      Tree qualified = imp.getQualifiedIdentifier();
      if (!imp.isStatic()
          && qualified instanceof MemberSelectTree s
          && s.getIdentifier().contentEquals(name)) {
        TypeElement t = elements.getTypeElement(qualified.toString());
        if (t != null) {
          return t;
        }
      }
    }
    String pkg = unit.getPackageName() == null ? "" : unit.getPackageName().toString();
    TypeElement same = elements.getTypeElement(pkg.isEmpty() ? name : pkg + "." + name);
    if (same != null) {
      return same;
    }
    for (ImportTree imp : unit.getImports()) {
      if (!imp.isStatic() && imp.getQualifiedIdentifier() instanceof MemberSelectTree s
          && s.getIdentifier().contentEquals("*")) {
        TypeElement t = elements.getTypeElement(s.getExpression().toString() + "." + name);
        if (t != null) {
          return t;
        }
      }
    }
    return elements.getTypeElement("java.lang." + name);
  }

  private TypeElement memberType(TypeElement owner, String name) {
    for (Element e : members(owner)) {
      if (e instanceof TypeElement t && e.getSimpleName().contentEquals(name)) {
        return t;
      }
    }
    return null;
  }

  private static TypeElement enclosingType(TypeElement t) {
    Element e = t.getEnclosingElement();
    while (e != null && !(e instanceof TypeElement)) {
      e = e.getEnclosingElement();
    }
    return (TypeElement) e;
  }

  /** The field {@code name} of {@code owner} (inherited ones too), or null. */
  VariableElement field(TypeElement owner, String name) {
    for (Element e : members(owner)) {
      boolean field = e.getKind() == ElementKind.FIELD || e.getKind() == ElementKind.ENUM_CONSTANT;
      if (field && e.getSimpleName().contentEquals(name)) {
        return (VariableElement) e;
      }
    }
    return null;
  }

  /** A field named by a simple name: of an enclosing class, or statically imported. */
  VariableElement field(String name) {
    for (TypeElement t = enclosing; t != null; t = enclosingType(t)) {
      VariableElement f = field(t, name);
      if (f != null) {
        return f;
      }
    }
    for (TypeElement owner : staticImportOwners(name)) {
      VariableElement f = field(owner, name);
      if (f != null) {
        return f;
      }
    }
    return null;
  }

  /** The methods {@code name} of {@code owner}, inherited ones too. */
  List<ExecutableElement> methods(TypeElement owner, String name) {
    List<ExecutableElement> found = new ArrayList<>();
    for (Element e : members(owner)) {
      if (e.getKind() == ElementKind.METHOD && e.getSimpleName().contentEquals(name)) {
        found.add((ExecutableElement) e);
      }
    }
    return found;
  }

  /** Methods called by a simple name: of the enclosing classes, or statically imported. */
  List<ExecutableElement> methods(String name) {
    for (TypeElement t = enclosing; t != null; t = enclosingType(t)) {
      List<ExecutableElement> found = methods(t, name);
      if (!found.isEmpty()) {
        return found;
      }
    }
    for (TypeElement owner : staticImportOwners(name)) {
      List<ExecutableElement> found = methods(owner, name);
      if (!found.isEmpty()) {
        return found;
      }
    }
    return List.of();
  }

  /** Classes whose member {@code name} a static import brings in: single imports first. */
  private List<TypeElement> staticImportOwners(String name) {
    List<TypeElement> single = new ArrayList<>();
    List<TypeElement> onDemand = new ArrayList<>();
    for (ImportTree imp : unit.getImports()) {
      if (imp.isStatic() && imp.getQualifiedIdentifier() instanceof MemberSelectTree s) {
        TypeElement owner = type(s.getExpression());
        if (owner == null) {
          continue;
        }
        if (s.getIdentifier().contentEquals(name)) {
          single.add(owner);
        } else if (s.getIdentifier().contentEquals("*")) {
          onDemand.add(owner);
        }
      }
    }
    single.addAll(onDemand);
    return single;
  }
}
