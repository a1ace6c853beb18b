package io.javad.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import io.javad.processor.front.PrivateMembers;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
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

  public static List<FieldSpec> fields(List<PrivateMembers.Handle> handles, Types types) {
    List<FieldSpec> fields = new ArrayList<>();
    for (PrivateMembers.Handle h : handles) {
      TypeName owner = TypeName.get(types.erasure(h.owner().asType()));
      String name = h.member().getSimpleName().toString();
      CodeBlock init;
      if (h.isField()) {
        TypeMirror type = ((VariableElement) h.member()).asType();
        init =
            CodeBlock.of(
                "$T.$N($T.lookup(), $T.class, $S, $T.class)",
                ACCESS, h.isStatic() ? "staticField" : "field", HANDLES, owner, name,
                TypeName.get(types.erasure(type)));
      } else {
        init =
            CodeBlock.of(
                "$T.$N($T.lookup(), $T.class, $S, $L)",
                ACCESS, h.isStatic() ? "staticMethod" : "method", HANDLES, owner, name,
                methodType((ExecutableElement) h.member(), types));
      }
      fields.add(
          FieldSpec.builder(h.isField() ? VAR_HANDLE : METHOD_HANDLE, h.constant())
              .addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
              .initializer(init)
              .build());
    }
    return fields;
  }

  /** One bridge per private method: its handle called with exact types, as a plain method. */
  public static List<MethodSpec> bridges(List<PrivateMembers.Handle> handles, Types types) {
    List<MethodSpec> bridges = new ArrayList<>();
    for (PrivateMembers.Handle h : handles) {
      if (h.isField()) {
        continue;
      }
      ExecutableElement m = (ExecutableElement) h.member();
      TypeName result = TypeName.get(types.erasure(m.getReturnType()));
      MethodSpec.Builder bridge =
          MethodSpec.methodBuilder(h.bridge())
              .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
              .returns(result);
      List<String> arguments = new ArrayList<>();
      if (!h.isStatic()) {
        String self = receiverName(m);
        bridge.addParameter(TypeName.get(types.erasure(h.owner().asType())), self);
        arguments.add(self);
      }
      for (VariableElement p : m.getParameters()) {
        bridge.addParameter(TypeName.get(types.erasure(p.asType())), p.getSimpleName().toString());
        arguments.add(p.getSimpleName().toString());
      }
      String call = h.constant() + ".invokeExact(" + String.join(", ", arguments) + ")";
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

  private static CodeBlock methodType(ExecutableElement m, Types types) {
    CodeBlock.Builder out = CodeBlock.builder();
    out.add("$T.methodType($T.class", METHOD_TYPE, TypeName.get(types.erasure(m.getReturnType())));
    for (VariableElement p : m.getParameters()) {
      out.add(", $T.class", TypeName.get(types.erasure(p.asType())));
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
