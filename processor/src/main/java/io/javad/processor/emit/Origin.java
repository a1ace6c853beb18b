package io.javad.processor.emit;

import com.palantir.javapoet.ClassName;

/**
 * Where generated members come from: the user's class and method, for names and Javadoc links.
 *
 * @param owner the class that declares the method
 * @param companion the generated class, {@code ModelDerivatives}
 * @param method the method's name
 * @param link a Javadoc reference to the method, {@code Model#f(double, double)}
 * @param recordName the simple name of the gradient record, {@code FGradient}
 * @param instance whether the method is an instance method: its generated methods take the object
 *     first, as {@code Owner self}
 * @param self the type generated methods give the object: the class, {@code Box<?>} for a generic
 *     one, {@code Object} for one the companion cannot name
 */
public record Origin(
    ClassName owner,
    ClassName companion,
    String method,
    String link,
    String recordName,
    boolean instance,
    com.palantir.javapoet.TypeName self) {

  /** This origin with another gradient record name (the members' names follow from it). */
  public Origin withRecordName(String name) {
    return new Origin(owner, companion, method, link, name, instance, self);
  }

  /** The name generated methods give the object an instance method is called on. */
  public static final String SELF = "self";

  /** Adds {@code Owner self} as the first parameter, for an instance method. */
  public void addReceiver(com.palantir.javapoet.MethodSpec.Builder spec) {
    if (instance) {
      spec.addParameter(self, SELF);
    }
  }

  /** {@code "self, "} before the arguments of a call to another generated member; else empty. */
  public String receiverArgument() {
    return instance ? SELF + ", " : "";
  }

  public String tangentName() {
    return method + "Tangent";
  }

  public String gradientName() {
    return method + "Gradient";
  }

  /** The accumulating reverse mode, for calls from other differentiable code. */
  public String adjointName() {
    return method + "Adjoint";
  }

  public String pullbackName() {
    return method + "Pullback";
  }

  public String jacobianName() {
    return method + "Jacobian";
  }

  /** {@code FPullback} beside {@code FGradient}, with the same overload suffix. */
  public String pullbackRecord() {
    return recordName.substring(0, recordName.length() - "Gradient".length()) + "Pullback";
  }

  /** {@code FWorkspace}: the memory {@code fGradient} and {@code fAdjoint} reuse between calls. */
  public String workspaceClass() {
    return io.javad.processor.ir.Callee.workspaceOf(recordName);
  }

  /**
   * {@code FTangent}, beside {@code FGradient} with the same overload suffix: what {@code fTangent}
   * returns for a result other than a number or a {@code double[]}.
   */
  public String tangentRecord() {
    return recordName.substring(0, recordName.length() - "Gradient".length()) + "Tangent";
  }

  public String jacobianRecord() {
    return recordName.substring(0, recordName.length() - "Gradient".length()) + "Jacobian";
  }
}
