package io.javad.processor.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;

/**
 * Completes the Javadoc of generated members, so that a project built with {@code -Xdoclint:all
 * -Werror} compiles its companions too: a comment on every member, and an {@code @param} for every
 * parameter and an {@code @return} for every result that the member's own Javadoc does not give.
 * What a parameter is follows from javad's naming: {@code xDot} is x's tangent, {@code xBar} its
 * adjoint, {@code ws} the workspace.
 */
final class Javadocs {

  private Javadocs() {}

  static MethodSpec complete(MethodSpec m) {
    String doc = m.javadoc().toString();
    CodeBlock.Builder added = CodeBlock.builder();
    if (doc.isBlank()) {
      added.add(m.isConstructor() ? "Creates one.\n" : "The {@code $L} of javad's generated code.\n", m.name());
    }
    boolean tags = false;
    for (ParameterSpec p : m.parameters()) {
      if (!doc.contains("@param " + p.name() + " ")) {
        added.add("@param $L $L\n", p.name(), parameter(p, m.name()));
        tags = true;
      }
    }
    if (!m.isConstructor() && !m.returnType().equals(TypeName.VOID) && !doc.contains("@return")) {
      added.add("@return $L\n", result(m.returnType()));
      tags = true;
    }
    CodeBlock extra = added.build();
    if (extra.isEmpty()) {
      return m;
    }
    // The block tags after a blank line, as doclint wants them after the description.
    boolean blank = doc.isBlank() || doc.endsWith("\n\n") || doc.contains("\n@");
    MethodSpec.Builder b = m.toBuilder();
    if (tags && !blank && !doc.isBlank()) {
      b.addJavadoc("\n");
    }
    return b.addJavadoc(extra).build();
  }

  static FieldSpec complete(FieldSpec f) {
    if (!f.javadoc().isEmpty()) {
      return f;
    }
    String type = f.type().toString();
    String text =
        type.endsWith("VarHandle") || type.endsWith("MethodHandle")
            ? "A handle on a private member of the class.\n"
            : "Kept from call to call.\n";
    return f.toBuilder().addJavadoc(text).build();
  }

  /** A class (a workspace) with its members completed; records keep the Javadoc they were given. */
  static TypeSpec complete(TypeSpec t) {
    if (t.kind() != TypeSpec.Kind.CLASS) {
      return t;
    }
    TypeSpec.Builder b =
        TypeSpec.classBuilder(t.name()).addModifiers(t.modifiers().toArray(new javax.lang.model.element.Modifier[0]));
    b.addJavadoc(t.javadoc().isEmpty() ? CodeBlock.of("Memory javad's generated code keeps.\n") : t.javadoc());
    b.addAnnotations(t.annotations());
    t.fieldSpecs().forEach(f -> b.addField(complete(f)));
    t.methodSpecs().forEach(m -> b.addMethod(complete(m)));
    t.typeSpecs().forEach(n -> b.addType(complete(n)));
    return b.build();
  }

  private static String parameter(com.palantir.javapoet.ParameterSpec p, String method) {
    String name = p.name();
    if (p.type().toString().endsWith("Workspace")) {
      return "the workspace, reused from call to call";
    }
    if (name.equals(Origin.SELF)) {
      return "the object the method is called on";
    }
    if (name.equals("seed")) {
      return "the adjoint of the returned values, or null for zeros";
    }
    if (name.equals("tangents")) {
      return "the scalar parameters' tangents, in parameter order";
    }
    if (name.endsWith("Dot") && name.length() > 3) {
      return "the tangent of {@code " + name.substring(0, name.length() - 3) + "}";
    }
    if (name.endsWith("Bar") && name.length() > 3) {
      String base = name.substring(0, name.length() - 3);
      return method.startsWith(base)
          ? "the adjoint of the value, which scales the derivatives"
          : "the adjoint of {@code " + base + "}";
    }
    return "the method's argument {@code " + name + "}";
  }

  private static String result(TypeName type) {
    String name = type.toString();
    if (name.endsWith("Dual") || name.endsWith("DualArray")) {
      return "the value and its tangent";
    }
    if (name.endsWith("Workspace")) {
      return "the workspace, which holds the result";
    }
    if (type.isPrimitive()) {
      return "the value";
    }
    for (String kind : new String[] {"Gradient", "Pullback", "Jacobian", "Hvp", "Hessian", "Tangent"}) {
      if (name.endsWith(kind)) {
        return "the value and its " + (kind.equals("Hvp") ? "gradient and Hessian-vector product"
            : kind.equals("Hessian") ? "gradient and Hessian" : kind.toLowerCase(java.util.Locale.ROOT));
      }
    }
    return "the result";
  }
}
