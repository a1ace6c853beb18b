package io.javad.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import io.javad.processor.ir.MethodIr;
import io.javad.processor.ir.Type;
import javax.lang.model.element.Modifier;

/**
 * What {@code fTangent} returns, by the method's result: {@code Dual} for a number, {@code
 * DualArray} for a {@code double[]} (the contract's two runtime types), and for any other array
 * ({@code double[][]}, {@code float[]}, {@code float[][]}) a record of the companion's own, {@code
 * FTangent(double[][] value, double[][] tangent)}, as for a method returning a record: value and
 * tangent keep the method's own type.
 */
public final class ResultTypes {

  private static final ClassName DUAL = ClassName.get("io.javad.runtime", "Dual");
  private static final ClassName DUAL_ARRAY = ClassName.get("io.javad.runtime", "DualArray");

  private ResultTypes() {}

  /** Whether {@code fTangent} returns the companion's {@code FTangent} record. */
  public static boolean ownTangentRecord(MethodIr method) {
    return ownTangentRecord(method.returnType(), method.returnRank());
  }

  /** Whether a result of this type and array rank gets its own {@code FTangent} record. */
  public static boolean ownTangentRecord(Type type, int rank) {
    return rank > 0 && !(type == Type.DOUBLE && rank == 1);
  }

  /** The method's result as a Java type: {@code double[][]}, {@code float[]}. */
  public static TypeName value(MethodIr method) {
    return JavaTypes.of(method.returnType().javaName() + "[]".repeat(method.returnRank()));
  }

  /** The type {@code fTangent} returns (void for a method returning nothing). */
  public static TypeName tangent(MethodIr method, Origin origin) {
    if (method.returnsVoid()) {
      return TypeName.VOID;
    }
    if (ownTangentRecord(method)) {
      return origin.companion().nestedClass(origin.tangentRecord());
    }
    return method.isVectorValued() ? DUAL_ARRAY : DUAL;
  }

  /** {@code FTangent(double[][] value, double[][] tangent)}, for {@link #ownTangentRecord}. */
  public static TypeSpec tangentRecord(MethodIr method, Origin origin) {
    return tangentRecord(value(method), origin, method.name(), "its directional derivative, shaped like the value");
  }

  /**
   * {@code FTangent(T value, T tangent)}, beside {@code FGradient}: the tangent's result for a
   * result of type {@code type} (an array other than {@code double[]}, or a record).
   */
  static TypeSpec tangentRecord(TypeName type, Origin origin, String method, String tangentDoc) {
    return TypeSpec.recordBuilder(origin.companion().nestedClass(origin.tangentRecord()))
        .addModifiers(Modifier.PUBLIC)
        .recordConstructor(
            MethodSpec.constructorBuilder()
                .addParameter(type, "value")
                .addParameter(type, "tangent")
                .build())
        .addJavadoc(
            "Value and directional derivative of {@link $L}.\n\n@param value the value of"
                + " {@code $L}\n@param tangent $L\n",
            origin.link(), method, tangentDoc)
        .build();
  }
}
