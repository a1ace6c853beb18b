package io.javad.processor.front;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.Trees;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * A value javad takes apart into its numbers (scalar replacement, as the JIT's escape analysis
 * does): a record of numbers ({@link RecordParameters#differentiable}), or a small immutable class
 * (final, its instance fields final numbers, set by a constructor that only assigns its parameters
 * to them). Its components are what {@code new} is given and what its fields and getters return,
 * so an object built in a method is its component locals.
 *
 * @param type the record or class
 * @param components the components' names, in the order javad keeps them (the record's, or the
 *     fields' declaration order)
 * @param types the components' types
 * @param getters no-argument methods that return a component, by name: a record's accessors, a
 *     class's {@code re()} or {@code getRe()} whose body is {@code return re;}
 */
record ValueShape(
    TypeElement type,
    List<String> components,
    List<TypeMirror> types,
    Map<String, String> getters) {

  /** The shape of {@code type}, or null if it is not a value javad takes apart. */
  static ValueShape of(TypeElement type, Trees trees, Elements elements) {
    if (type.getKind() == ElementKind.RECORD) {
      if (!RecordParameters.differentiable(type, trees, elements)) {
        return null;
      }
      List<String> names = new ArrayList<>();
      List<TypeMirror> types = new ArrayList<>();
      Map<String, String> getters = new HashMap<>();
      for (RecordComponentElement c : type.getRecordComponents()) {
        names.add(c.getSimpleName().toString());
        types.add(c.asType());
        getters.put(c.getSimpleName().toString(), c.getSimpleName().toString());
      }
      return new ValueShape(type, names, types, getters);
    }
    return refusal(type, trees) == null ? ofClass(type, trees) : null;
  }

  /**
   * Why a class that holds numbers is not a value javad takes apart, or null if it is one or if it
   * holds other things (then it is data, and the general messages apply).
   */
  static String refusal(TypeElement type, Trees trees) {
    if (type.getKind() != ElementKind.CLASS) {
      return null;
    }
    List<VariableElement> fields = instanceFields(type);
    if (fields.isEmpty() || !fields.stream().allMatch(f -> Types.isFloatingKind(f.asType()))) {
      return null;
    }
    if (trees.getTree(type) == null) {
      return "it is compiled in a library, whose class file does not show what its constructor does";
    }
    if (!type.getModifiers().contains(Modifier.FINAL)) {
      return "it is not final, so a subclass could change what its methods compute";
    }
    if (!(type.getSuperclass() instanceof javax.lang.model.type.DeclaredType d)
        || !((TypeElement) d.asElement()).getQualifiedName().contentEquals("java.lang.Object")) {
      return "it extends another class";
    }
    for (VariableElement f : fields) {
      if (!f.getModifiers().contains(Modifier.FINAL)) {
        return "its field " + f.getSimpleName() + " is not final";
      }
      if (Types.rank(f.asType()) > 0) {
        return "its field " + f.getSimpleName() + " is an array";
      }
      if (trees.getTree(f) instanceof VariableTree v && v.getInitializer() != null) {
        return "its field " + f.getSimpleName() + " has an initializer";
      }
    }
    for (ExecutableElement c : ElementFilter.constructorsIn(type.getEnclosedElements())) {
      if (assignments(c, fields, trees) == null) {
        return "its constructor does more than assign its parameters to its fields";
      }
    }
    return null;
  }

  private static ValueShape ofClass(TypeElement type, Trees trees) {
    List<VariableElement> fields = instanceFields(type);
    List<String> names = new ArrayList<>();
    List<TypeMirror> types = new ArrayList<>();
    for (VariableElement f : fields) {
      names.add(f.getSimpleName().toString());
      types.add(f.asType());
    }
    Map<String, String> getters = new HashMap<>();
    for (ExecutableElement m : ElementFilter.methodsIn(type.getEnclosedElements())) {
      String field = m.getParameters().isEmpty() && !m.getModifiers().contains(Modifier.STATIC)
          ? returnedField(trees.getTree(m))
          : null;
      if (field != null && names.contains(field)) {
        getters.put(m.getSimpleName().toString(), field);
      }
    }
    return new ValueShape(type, names, types, getters);
  }

  /**
   * For {@code new type(arguments)}, the argument that gives each component, by its position; null
   * if no constructor of that arity is one javad can read.
   */
  List<Integer> constructorArguments(int arity, Trees trees) {
    if (type.getKind() == ElementKind.RECORD) {
      if (arity != components.size()) {
        return null;
      }
      List<Integer> identity = new ArrayList<>();
      for (int i = 0; i < arity; i++) {
        identity.add(i);
      }
      return identity;
    }
    List<ExecutableElement> candidates =
        ElementFilter.constructorsIn(type.getEnclosedElements()).stream()
            .filter(c -> c.getParameters().size() == arity)
            .toList();
    return candidates.size() == 1
        ? assignments(candidates.get(0), instanceFields(type), trees)
        : null;
  }

  /** The record component or field {@code name}'s position, or -1. */
  int indexOf(String name) {
    return components.indexOf(name);
  }

  /**
   * Per field, the position of the constructor parameter assigned to it, if the constructor's body
   * is only {@code this.f = p;} statements assigning each field once; else null.
   */
  private static List<Integer> assignments(
      ExecutableElement constructor, List<VariableElement> fields, Trees trees) {
    MethodTree tree = trees.getTree(constructor);
    if (tree == null || tree.getBody() == null) {
      return null;
    }
    List<String> parameters =
        constructor.getParameters().stream().map(p -> p.getSimpleName().toString()).toList();
    Integer[] from = new Integer[fields.size()];
    for (StatementTree s : tree.getBody().getStatements()) {
      if (isSuperCall(s)) {
        continue;
      }
      if (!(s instanceof ExpressionStatementTree e)
          || !(e.getExpression() instanceof AssignmentTree a)
          || !(a.getExpression() instanceof IdentifierTree value)) {
        return null;
      }
      if (a.getVariable() instanceof IdentifierTree id
          && parameters.contains(id.getName().toString())) {
        return null; // p = p assigns the parameter
      }
      String field = fieldName(a.getVariable());
      int f = indexOfField(fields, field);
      int p = parameters.indexOf(value.getName().toString());
      if (f < 0 || p < 0 || from[f] != null) {
        return null;
      }
      from[f] = p;
    }
    for (Integer f : from) {
      if (f == null) {
        return null;
      }
    }
    return List.of(from);
  }

  private static boolean isSuperCall(StatementTree s) {
    return s instanceof ExpressionStatementTree e
        && e.getExpression() instanceof MethodInvocationTree call
        && call.getArguments().isEmpty()
        && call.getMethodSelect() instanceof IdentifierTree id
        && id.getName().contentEquals("super");
  }

  /** {@code f} or {@code this.f}: the field's name; else null. */
  private static String fieldName(ExpressionTree tree) {
    if (tree instanceof IdentifierTree id) {
      return id.getName().toString();
    }
    if (tree instanceof MemberSelectTree s
        && s.getExpression() instanceof IdentifierTree q
        && q.getName().contentEquals("this")) {
      return s.getIdentifier().toString();
    }
    return null;
  }

  /** The field a method's body {@code return f;} returns, or null. */
  private static String returnedField(MethodTree tree) {
    if (tree == null || tree.getBody() == null || tree.getBody().getStatements().size() != 1) {
      return null;
    }
    return tree.getBody().getStatements().get(0) instanceof ReturnTree r
            && r.getExpression() != null
        ? fieldName(r.getExpression())
        : null;
  }

  private static int indexOfField(List<VariableElement> fields, String name) {
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).getSimpleName().contentEquals(name)) {
        return i;
      }
    }
    return -1;
  }

  private static List<VariableElement> instanceFields(TypeElement type) {
    return ElementFilter.fieldsIn(type.getEnclosedElements()).stream()
        .filter(f -> !f.getModifiers().contains(Modifier.STATIC))
        .toList();
  }
}
