package io.javad.processor;

import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import io.javad.Mode;
import io.javad.processor.analysis.Activity;
import io.javad.processor.diag.Message;
import io.javad.processor.diag.Reporter;
import io.javad.processor.emit.OverrideGuard;
import io.javad.processor.front.MethodReader;
import io.javad.processor.ir.Callee;
import io.javad.processor.ir.Expr;
import io.javad.processor.ir.MethodIr;
import io.javad.processor.ir.StmtScan;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;

/**
 * What was generated for one {@code @Differentiable} method, per mode. Companions are written only
 * once every method of the round is done, so that a caller of a method whose derivatives failed
 * gets an error at its call instead of generated code that does not compile.
 */
final class Generated {

  final ExecutableElement method;
  /** The method as callers name it: its companion and gradient record ({@link Callee#key()}). */
  final String key;
  final Set<Mode> modes;
  final List<MethodSpec> forward = new ArrayList<>();
  final List<MethodSpec> reverse = new ArrayList<>();
  final List<TypeSpec> records = new ArrayList<>();
  MethodIr ir;
  private MethodReader reader;
  private final Set<Expr.Call> reported = new java.util.HashSet<>();
  private com.palantir.javapoet.AnnotationSpec effectsMark;
  /** The check that the object's class does not override the method; null if none can. */
  OverrideGuard.Guard overrideGuard;

  Generated(ExecutableElement method, String key, Set<Mode> modes) {
    this.method = method;
    this.key = key;
    this.modes = modes;
  }

  void read(MethodIr ir, MethodReader reader) {
    this.ir = ir;
    this.reader = reader;
  }

  /**
   * Annotates every member generated for the method with what it does to its array parameters
   * ({@code @ArrayParameterEffects}), for callers compiled later; none if nothing.
   */
  void markEffects(com.palantir.javapoet.AnnotationSpec effects) {
    effectsMark = effects;
  }

  void guardOverrides(OverrideGuard.Guard guard) {
    overrideGuard = guard;
  }

  /** The members, marked as {@link #markEffects} asked, guarded as {@link #guardOverrides} asked. */
  List<MethodSpec> members(Mode mode) {
    List<MethodSpec> members = mode == Mode.FORWARD ? forward : reverse;
    return members.stream()
        .map(m -> effectsMark == null ? m : m.toBuilder().addAnnotation(effectsMark).build())
        .map(m -> OverrideGuard.guarded(m, overrideGuard))
        .toList();
  }

  /** Whether the mode was asked for and could not be generated. */
  private boolean failed(Mode mode) {
    return modes.contains(mode) && (mode == Mode.FORWARD ? forward : reverse).isEmpty();
  }

  /**
   * Reports and drops each mode of a method that calls, with active arguments, a method of this
   * round whose same mode failed; repeated, since the dropped caller may have callers too.
   */
  static void dropCallersOfFailed(Collection<List<Generated>> classes, Reporter reporter) {
    Map<String, Generated> byKey = new HashMap<>();
    classes.forEach(list -> list.forEach(g -> byKey.put(g.key, g)));
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Generated g : byKey.values()) {
        for (Mode mode : Mode.values()) {
          List<MethodSpec> members = mode == Mode.FORWARD ? g.forward : g.reverse;
          if (members.isEmpty()) {
            continue;
          }
          Failure failure = g.callOfFailed(byKey, mode);
          if (failure != null) {
            Expr.Call call = failure.call();
            if (g.reported.add(call)) { // once, though both modes fail at it
              g.reader.errorAtCall(
                  call, g.method, Message.CALL_CALLEE_FAILED, g.ir.name(), call.name(),
                  failure.failed().method.getSimpleName());
            }
            members.clear();
            if (mode == Mode.REVERSE) {
              g.records.clear();
            }
            changed = true;
          }
        }
      }
    }
  }

  /** A call whose callee's members ({@code failed}'s: the callee's, or its tangent rule's) failed. */
  private record Failure(Expr.Call call, Generated failed) {}

  private Failure callOfFailed(Map<String, Generated> byKey, Mode mode) {
    Activity activity = Activity.of(ir);
    for (Expr.Call c : StmtScan.differentiableCalls(ir.body())) {
      Generated callee = byKey.get(c.callee().key());
      boolean active =
          activity.isActive(c) || StmtScan.writtenBy(c).stream().anyMatch(activity::isActive);
      if (callee != null && callee.failed(mode) && active) {
        return new Failure(c, callee);
      }
      // Second order calls a function's tangent rule's reverse mode (TangentRules).
      Callee directional = c.callee().rules() == null ? null : c.callee().rules().directional();
      Generated rule = directional == null ? null : byKey.get(directional.key());
      if (mode == Mode.REVERSE && rule != null && rule.failed(Mode.REVERSE) && active
          && method.getAnnotation(io.javad.Differentiable.class).order() == 2) {
        return new Failure(c, rule);
      }
    }
    return null;
  }
}
