package io.javad.processor.check;

import io.javad.processor.diag.Message;
import io.javad.processor.diag.Reporter;
import io.javad.processor.ir.MethodIr;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;

/**
 * Guards against overloads whose generated {@code fTangent} methods would have the same signature
 * ({@code f(double a, double b)} and {@code @Differentiable(wrt = "x") f(double x, double y,
 * double z)} both give four doubles), which would make the companion fail to compile.
 */
public final class TangentSignatures {

  private final Reporter reporter;
  private final Set<String> seen = new HashSet<>();

  public TangentSignatures(Reporter reporter) {
    this.reporter = reporter;
  }

  /** Records the method's tangent signature; false, after reporting, if it is taken. */
  public boolean accept(ExecutableElement method, MethodIr ir) {
    boolean forward =
        java.util.Arrays.asList(method.getAnnotation(io.javad.Differentiable.class).modes())
            .contains(io.javad.Mode.FORWARD);
    if (!forward) {
      return true; // no fTangent, nothing to clash
    }
    List<String> types = new ArrayList<>();
    if (!method.getModifiers().contains(javax.lang.model.element.Modifier.STATIC)) {
      // The object comes first: instance f(double) and static f(Spring, double) would meet.
      var owner = (javax.lang.model.element.TypeElement) method.getEnclosingElement();
      types.add(owner.getQualifiedName().toString());
    }
    for (MethodIr.Parameter p : ir.parameters()) {
      types.add(p.sourceType());
      if (p.active()) {
        types.add(p.sourceType());
      }
    }
    String signature = ir.name() + "Tangent(" + String.join(",", types) + ")";
    if (!seen.add(signature)) {
      reporter.error(method, Message.OVERLOAD_CLASH, ir.name(), ir.name() + "Tangent");
      return false;
    }
    return true;
  }
}
