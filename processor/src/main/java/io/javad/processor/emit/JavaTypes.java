package io.javad.processor.emit;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import io.javad.processor.ir.Type;

/** JavaPoet type names for IR types and for declared parameter types. */
public final class JavaTypes {

  private JavaTypes() {}

  public static TypeName of(Type type) {
    return switch (type) {
      case DOUBLE -> TypeName.DOUBLE;
      case FLOAT -> TypeName.FLOAT;
      case LONG -> TypeName.LONG;
      case INT -> TypeName.INT;
      case SHORT -> TypeName.SHORT;
      case CHAR -> TypeName.CHAR;
      case BYTE -> TypeName.BYTE;
      case BOOLEAN -> TypeName.BOOLEAN;
      case VOID -> TypeName.VOID;
      case OBJECT -> com.palantir.javapoet.ClassName.OBJECT;
    };
  }

  /** The type name of a declared type spelled as source: {@code double}, {@code int[]}, {@code p.Q}. */
  public static TypeName of(String sourceType) {
    if (sourceType.endsWith("[]")) {
      return ArrayTypeName.of(of(sourceType.substring(0, sourceType.length() - 2)));
    }
    for (Type t : Type.values()) {
      if (t.javaName().equals(sourceType)) {
        return of(t);
      }
    }
    int generic = sourceType.indexOf('<');
    // Type arguments of an inactive object parameter do not matter to the derivative code.
    return ClassName.bestGuess(generic < 0 ? sourceType : sourceType.substring(0, generic));
  }
}
