package io.javad.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.WildcardTypeName;
import io.javad.processor.front.PrivateMembers;
import io.javad.processor.front.Visibility;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.VariableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The companion's handles on private members and the bridges that call private methods:
 *
 * <pre>{@code
 * private static final VarHandle STIFFNESS =
 *     PrivateAccess.field(MethodHandles.lookup(), Spring.class, "stiffness", double.class);
 *
 * private static double damping(Spring self, double v) {
 *   try {
 *     return (double) DAMPING.invokeExact(self, v);
 *   } catch (Throwable e) {
 *     throw PrivateAccess.rethrow(e);
 *   }
 * }
 * }</pre>
 *
 * A read is {@code (double) STIFFNESS.get(self)}: with the handle in a {@code static final} field
 * and exact types, the JIT compiles it as it compiles {@code self.stiffness}.
 */
public final class HandleMembers {

  private static final ClassName ACCESS = ClassName.get("io.javad.runtime", "PrivateAccess");
  private static final ClassName HANDLES = ClassName.get("java.lang.invoke", "MethodHandles");
  private static final ClassName VAR_HANDLE = ClassName.get("java.lang.invoke", "VarHandle");
  private static final ClassName METHOD_HANDLE = ClassName.get("java.lang.invoke", "MethodHandle");
  private static final ClassName METHOD_TYPE = ClassName.get("java.lang.invoke", "MethodType");

  private HandleMembers() {}

  public static List<FieldSpec> fields(
      List<PrivateMembers.Handle> handles, Types types, Elements elements, PrivateMembers members) {
    List<FieldSpec> fields = new ArrayList<>();
    for (PrivateMembers.Handle h : handles) {
      CodeBlock owner = classLiteral(h.owner().asType(), types, members);
      String name = h.member().getSimpleName().toString();
      CodeBlock init;
      if (h.isField()) {
        TypeMirror type = ((VariableElement) h.member()).asType();
        init =
            CodeBlock.of(
                "$T.$N($T.lookup(), $L, $S, $L)",
                ACCESS, h.isStatic() ? "staticField" : "field", HANDLES, owner, name,
                classLiteral(type, types, members));
      } else {
        init =
            CodeBlock.of(
                "$T.$N($T.lookup(), $L, $S, $L)",
                ACCESS, h.isStatic() ? "staticMethod" : "method", HANDLES, owner, name,
                methodType((ExecutableElement) h.member(), types, members));
      }
      fields.add(
          FieldSpec.builder(h.isField() ? VAR_HANDLE : METHOD_HANDLE, h.constant())
              .addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
              .initializer(init)
              .build());
    }
    // The classes the handles above are looked up in, first: static fields initialize in order.
    List<FieldSpec> classes = new ArrayList<>();
    members.classConstants().forEach((type, constant) -> classes.add(
        FieldSpec.builder(
                ParameterizedTypeName.get(
                    ClassName.get(Class.class), WildcardTypeName.subtypeOf(Object.class)),
                constant)
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
            .initializer("$T.type($T.lookup(), $S)", ACCESS, HANDLES,
                elements.getBinaryName(type).toString())
            .build()));
    classes.addAll(fields);
    return classes;
  }

  /**
   * {@code Spring.class}, or the constant holding a class the companion cannot name ({@code
   * SPRING_CLASS}).
   */
  public static CodeBlock classLiteral(TypeMirror type, Types types, PrivateMembers members) {
    TypeMirror erased = types.erasure(type);
    if (!nameable(erased, types, members.companionPackage())) {
      TypeElement element = (TypeElement) ((DeclaredType) erased).asElement();
      return CodeBlock.of("$N", members.classConstant(element));
    }
    return CodeBlock.of("$T.class", TypeName.get(erased));
  }

  /** The type a bridge gives a value: Object for a class the companion cannot name. */
  private static TypeName sourceType(TypeMirror type, Types types, String pkg) {
    return nameable(type, types, pkg) ? TypeName.get(types.erasure(type)) : ClassName.OBJECT;
  }

  /** Whether the companion, in {@code pkg} (null: the type's own), can name {@code type}. */
  private static boolean nameable(TypeMirror type, Types types, String pkg) {
    if (!(types.erasure(type) instanceof DeclaredType declared)) {
      return true;
    }
    TypeElement element = (TypeElement) declared.asElement();
    return pkg == null ? Visibility.nameable(element) : Visibility.visibleFromPackage(element, pkg);
  }

  /**
   * One bridge per private method: its handle called with exact types, as a plain method ({@code
   * invoke}, which adapts the types, where the companion cannot name one of them).
   */
  public static List<MethodSpec> bridges(
      List<PrivateMembers.Handle> handles, Types types, PrivateMembers members) {
    String pkg = members.companionPackage();
    List<MethodSpec> bridges = new ArrayList<>();
    for (PrivateMembers.Handle h : handles) {
      if (h.isField()) {
        continue;
      }
      ExecutableElement m = (ExecutableElement) h.member();
      TypeName result = sourceType(m.getReturnType(), types, pkg);
      MethodSpec.Builder bridge =
          MethodSpec.methodBuilder(h.bridge())
              .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
              .returns(result);
      List<String> arguments = new ArrayList<>();
      boolean exact = nameable(m.getReturnType(), types, pkg);
      if (!h.isStatic()) {
        String self = receiverName(m);
        bridge.addParameter(sourceType(h.owner().asType(), types, pkg), self);
        arguments.add(self);
        exact &= nameable(h.owner().asType(), types, pkg);
      }
      for (VariableElement p : m.getParameters()) {
        bridge.addParameter(sourceType(p.asType(), types, pkg), p.getSimpleName().toString());
        arguments.add(p.getSimpleName().toString());
        exact &= nameable(p.asType(), types, pkg);
      }
      String invoke = exact ? ".invokeExact(" : ".invoke(";
      String call = h.constant() + invoke + String.join(", ", arguments) + ")";
      bridge.beginControlFlow("try");
      if (m.getReturnType().getKind() == TypeKind.VOID) {
        bridge.addStatement("$L", call);
      } else {
        bridge.addStatement("return ($T) $L", result, call);
      }
      bridge.nextControlFlow("catch ($T e)", Throwable.class);
      bridge.addStatement("throw $T.rethrow(e)", ACCESS);
      bridge.endControlFlow();
      bridges.add(bridge.build());
    }
    return bridges;
  }

  private static CodeBlock methodType(ExecutableElement m, Types types, PrivateMembers members) {
    CodeBlock.Builder out = CodeBlock.builder();
    out.add("$T.methodType($L", METHOD_TYPE, classLiteral(m.getReturnType(), types, members));
    for (VariableElement p : m.getParameters()) {
      out.add(", $L", classLiteral(p.asType(), types, members));
    }
    return out.add(")").build();
  }

  /** {@code self}, unless the method has a parameter of that name. */
  private static String receiverName(ExecutableElement m) {
    String name = Origin.SELF;
    while (true) {
      String candidate = name;
      if (m.getParameters().stream().noneMatch(p -> p.getSimpleName().contentEquals(candidate))) {
        return name;
      }
      name = "_" + name;
    }
  }
}
