package io.javad.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import io.javad.processor.front.PrivateMembers;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Types;

/**
 * The first statement of each generated method of a {@code @Differentiable} instance method that a
 * subclass could override, {@code AREA_GUARD.check(self);}, with its guard kept in the companion:
 * {@code private static final Overrides.Guard AREA_GUARD = Overrides.guard(Shape.class, "area",
 * double.class);}. The companion differentiates the body it was compiled from, so for an object
 * whose class overrides the method the check throws, naming the override, instead of returning
 * another function's derivative.
 */
public final class OverrideGuard {

  private static final ClassName OVERRIDES = ClassName.get("io.javad.runtime", "Overrides");

  /** The guard's field in the companion and the statement that calls it. */
  public record Guard(FieldSpec field, CodeBlock check) {}

  private OverrideGuard() {}

  /** The guard for {@code method}, or null if no subclass can override it. */
  public static Guard of(ExecutableElement method, Types types, PrivateMembers members) {
    TypeElement owner = (TypeElement) method.getEnclosingElement();
    boolean overridable =
        !method.getModifiers().contains(Modifier.STATIC)
            && !method.getModifiers().contains(Modifier.FINAL)
            && !method.getModifiers().contains(Modifier.PRIVATE)
            && !owner.getModifiers().contains(Modifier.FINAL)
            && owner.getKind() != ElementKind.RECORD;
    if (!overridable) {
      return null;
    }
    CodeBlock.Builder init =
        CodeBlock.builder()
            .add("$T.guard($L, $S", OVERRIDES,
                HandleMembers.classLiteral(owner.asType(), types, members),
                method.getSimpleName().toString());
    for (VariableElement p : method.getParameters()) {
      init.add(", $L", HandleMembers.classLiteral(p.asType(), types, members));
    }
    String name =
        members.reserve(PrivateMembers.constantName(method.getSimpleName().toString()) + "_GUARD");
    FieldSpec field =
        FieldSpec.builder(OVERRIDES.nestedClass("Guard"), name)
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
            .initializer(init.add(")").build())
            .build();
    return new Guard(field, CodeBlock.of("$N.check($N);\n", name, Origin.SELF));
  }

  /** {@code member} with the check first, if it takes the object. */
  public static MethodSpec guarded(MethodSpec member, Guard guard) {
    boolean takesSelf =
        member.parameters().stream().anyMatch(p -> p.name().equals(Origin.SELF));
    if (guard == null || !takesSelf) {
      return member;
    }
    MethodSpec.Builder out =
        MethodSpec.methodBuilder(member.name())
            .addJavadoc(member.javadoc())
            .addAnnotations(member.annotations())
            .addModifiers(member.modifiers())
            .returns(member.returnType())
            .addParameters(member.parameters())
            .varargs(member.varargs())
            .addExceptions(member.exceptions())
            .addTypeVariables(member.typeVariables());
    return out.addCode(guard.check()).addCode(member.code()).build();
  }
}
