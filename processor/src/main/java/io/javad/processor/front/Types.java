package io.javad.processor.front;

import io.javad.processor.ir.Type;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/** Maps javac's types onto the IR's primitive types. */
final class Types {

  private Types() {}

  /** The IR type of {@code mirror}, or {@code null} if it is not a primitive type. */
  static Type of(TypeMirror mirror) {
    if (mirror == null) {
      return null;
    }
    return of(mirror.getKind());
  }

  static Type of(TypeKind kind) {
    return switch (kind) {
      case DOUBLE -> Type.DOUBLE;
      case FLOAT -> Type.FLOAT;
      case LONG -> Type.LONG;
      case INT -> Type.INT;
      case SHORT -> Type.SHORT;
      case CHAR -> Type.CHAR;
      case BYTE -> Type.BYTE;
      case BOOLEAN -> Type.BOOLEAN;
      default -> null;
    };
  }

  /**
   * The type as it is written in generated source: {@code double}, {@code int[]}, {@code p.Q}
   * (erased, without type-use annotations, which {@code TypeMirror.toString()} would include).
   */
  static String source(TypeMirror mirror) {
    if (mirror.getKind().isPrimitive()) {
      return mirror.getKind().toString().toLowerCase();
    }
    if (mirror.getKind() == TypeKind.ARRAY) {
      return source(((javax.lang.model.type.ArrayType) mirror).getComponentType()) + "[]";
    }
    if (mirror instanceof javax.lang.model.type.DeclaredType declared) {
      return ((javax.lang.model.element.TypeElement) declared.asElement()).getQualifiedName().toString();
    }
    if (mirror instanceof javax.lang.model.type.TypeVariable variable) {
      return source(variable.getUpperBound()); // T is not in scope in the companion: its erasure
    }
    if (mirror instanceof javax.lang.model.type.IntersectionType intersection) {
      return source(intersection.getBounds().get(0));
    }
    return mirror.toString();
  }

  /** The element type of a (possibly multi-dimensional) array of primitives, or the type itself. */
  static Type element(TypeMirror mirror) {
    while (mirror.getKind() == TypeKind.ARRAY) {
      mirror = ((javax.lang.model.type.ArrayType) mirror).getComponentType();
    }
    return of(mirror);
  }

  /** The element type of a (possibly multi-dimensional) array, as a mirror, or the type itself. */
  static TypeMirror elementOf(TypeMirror mirror) {
    while (mirror.getKind() == TypeKind.ARRAY) {
      mirror = ((javax.lang.model.type.ArrayType) mirror).getComponentType();
    }
    return mirror;
  }

  /** The number of array dimensions of {@code mirror}: 0 for a scalar. */
  static int rank(TypeMirror mirror) {
    int rank = 0;
    while (mirror.getKind() == TypeKind.ARRAY) {
      mirror = ((javax.lang.model.type.ArrayType) mirror).getComponentType();
      rank++;
    }
    return rank;
  }

  /** Whether values of this type can be parameters that carry derivatives (active). */
  static boolean isFloatingKind(TypeMirror mirror) {
    if (mirror.getKind() == TypeKind.ARRAY) {
      return isFloatingKind(((javax.lang.model.type.ArrayType) mirror).getComponentType());
    }
    return mirror.getKind() == TypeKind.DOUBLE || mirror.getKind() == TypeKind.FLOAT;
  }
}
