package io.javad.processor.front;

import io.javad.Differentiable;
import io.javad.Mode;
import io.javad.processor.emit.CompanionWriter;
import io.javad.processor.emit.RecordNames;
import io.javad.processor.ir.Callee;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Describes a called {@code @Differentiable} method from its declaration alone, so that it works
 * alike for a method of this compilation and one in a library jar: javad's annotations have CLASS
 * retention, so javac reads them from the class file, and the companion's names follow from the
 * method's name, its class's other {@code @Differentiable} methods and its parameters.
 */
final class Callees {

  private Callees() {}

  /** The callee, or null if its {@code wrt} names parameters its class file does not name. */
  static Callee of(ExecutableElement method, com.sun.source.util.Trees trees, Elements elements) {
    Differentiable annotation = method.getAnnotation(Differentiable.class);
    TypeElement owner = (TypeElement) method.getEnclosingElement();
    List<ExecutableElement> siblings =
        ElementFilter.methodsIn(owner.getEnclosedElements()).stream()
            .filter(m -> m.getAnnotation(Differentiable.class) != null)
            .toList();
    Set<String> wrt = Set.of(annotation.wrt());
    String companion =
        CompanionWriter.companionOf(com.palantir.javapoet.ClassName.get(owner)).canonicalName();
    String gradientRecord = RecordNames.of(siblings).of(method);
    // A companion compiled earlier shows whether it took records by their components; a record
    // read from a class file does not show whether it may be (RecordParameters).
    String components = io.javad.processor.emit.RecordMembers.componentsRecord(gradientRecord);
    boolean compiledOverComponents =
        elements.getTypeElement(companion + "." + components) != null;
    List<String> names = new ArrayList<>();
    List<Boolean> active = new ArrayList<>();
    List<Integer> ranks = new ArrayList<>();
    List<Callee.RecordGroup> groups = new ArrayList<>();
    int named = 0;
    for (VariableElement p : method.getParameters()) {
      String name = p.getSimpleName().toString();
      TypeElement record =
          RecordParameters.isActiveRecord(method, p, trees, elements)
              ? RecordParameters.recordOf(p, trees, elements)
              : compiledOverComponents ? RecordParameters.activeRecordOfNumbers(method, p) : null;
      if (record != null) {
        // Its generated members take the record's components (RecordParameters).
        groups.add(
            new Callee.RecordGroup(
                names.size(), record.getRecordComponents().size(),
                record.getQualifiedName().toString()));
        for (RecordComponentElement c : record.getRecordComponents()) {
          names.add(RecordParameters.componentName(method, name, c.getSimpleName().toString()));
          active.add(true);
          ranks.add(Types.rank(c.asType()));
        }
        named += wrt.contains(name) ? 1 : 0;
        continue;
      }
      boolean isActive =
          Types.isFloatingKind(p.asType()) && RecordParameters.selected(method, p);
      named += wrt.contains(name) ? 1 : 0;
      names.add(name);
      active.add(isActive);
      ranks.add(Types.rank(p.asType()));
    }
    if (named < wrt.size()) {
      return null;
    }
    List<Mode> modes = Arrays.asList(annotation.modes());
    // A method returning a record is differentiated over its components: fComponentsTangent,
    // fComponentsPullback, and fComponents for its value as an array (RecordResultMembers).
    boolean recordResult = RecordParameters.returnsRecord(method, trees, elements);
    String record =
        groups.isEmpty() && !recordResult
            ? gradientRecord
            : io.javad.processor.emit.RecordMembers.componentsRecord(gradientRecord);
    componentNames(
        elements.getTypeElement(companion + "." + record), names, active,
        method.getReturnType().getKind() == javax.lang.model.type.TypeKind.VOID);
    Callee callee =
        new Callee(
            companion,
            method.getSimpleName() + (recordResult ? "Components" : ""),
            record,
            names,
            active,
            ranks,
            recordResult ? 1 : Types.rank(method.getReturnType()),
            modes.contains(Mode.FORWARD),
            modes.contains(Mode.REVERSE),
            false,
            groups,
            packsTangents(method, names, active, ranks, records(groups, method)),
            java.util.Collections.nCopies(names.size(), false),
            method.getReturnType().getKind() == javax.lang.model.type.TypeKind.VOID,
            annotation.order() == 2,
            null);
    callee = withWritten(callee, method, trees, elements);
    // Methods with an accumulating form get a workspace; a companion compiled earlier shows it.
    boolean compiled = elements.getTypeElement(companion) != null;
    boolean workspace =
        callee.reverse()
            && callee.accumulates()
            && (!compiled || elements.getTypeElement(companion + "." + callee.workspaceClass()) != null);
    return workspace ? callee.withWorkspace() : callee;
  }

  /** The callee, knowing which of its (unflattened) array parameters it writes into. */
  private static Callee withWritten(
      Callee callee, ExecutableElement method, com.sun.source.util.Trees trees, Elements elements) {
    List<ParameterWrites.Finding> findings = ParameterWrites.all(trees, elements, method, callee);
    if (findings.isEmpty()) {
      return callee;
    }
    List<Boolean> written = new ArrayList<>(callee.written());
    int flat = 0;
    for (VariableElement p : method.getParameters()) {
      int at = flat;
      Callee.RecordGroup group =
          callee.records().stream().filter(g -> g.start() == at).findFirst().orElse(null);
      if (group != null) {
        flat += group.size();
        continue;
      }
      for (ParameterWrites.Finding f : findings) {
        // A library compiled without -parameters names it in its companion's record only.
        boolean named =
            p.getSimpleName().contentEquals(f.parameter())
                || callee.names().get(flat).equals(f.parameter());
        if (!f.returned() && named) {
          written.set(flat, true);
        }
      }
      flat++;
    }
    return new Callee(
        callee.companion(), callee.method(), callee.record(), callee.names(), callee.active(),
        callee.ranks(), callee.rank(), callee.forward(), callee.reverse(), callee.workspace(),
        callee.records(), callee.packsTangents(), written, callee.returnsVoid(), callee.secondOrder(),
        null);
  }

  /** The same rule as the callee's own tangent (TangentSlots), over its flattened parameters. */
  private static boolean packsTangents(
      ExecutableElement method,
      List<String> names,
      List<Boolean> active,
      List<Integer> ranks,
      List<io.javad.processor.ir.Type> types) {
    List<io.javad.processor.ir.TangentSlots.Slot> slots = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      slots.add(new io.javad.processor.ir.TangentSlots.Slot(types.get(i), ranks.get(i), active.get(i)));
    }
    return io.javad.processor.ir.TangentSlots.packs(
        slots, !method.getModifiers().contains(javax.lang.model.element.Modifier.STATIC));
  }

  /** The element types of the flattened parameters: a record's components in its place. */
  private static List<io.javad.processor.ir.Type> records(
      List<Callee.RecordGroup> groups, ExecutableElement method) {
    List<io.javad.processor.ir.Type> types = new ArrayList<>();
    for (VariableElement p : method.getParameters()) {
      javax.lang.model.type.TypeMirror t = p.asType();
      TypeElement record =
          t instanceof javax.lang.model.type.DeclaredType d && d.asElement() instanceof TypeElement e
              ? e
              : null;
      boolean flattened =
          record != null
              && groups.stream().anyMatch(g -> g.className().equals(record.getQualifiedName().toString()));
      if (flattened) {
        for (RecordComponentElement c : record.getRecordComponents()) {
          types.add(Types.element(c.asType()));
        }
      } else {
        types.add(Types.element(t));
      }
    }
    return types;
  }

  /**
   * A library compiled without {@code -parameters} has no parameter names in its class files, but
   * its companion's record (there already, unlike in this compilation) names the components.
   */
  private static void componentNames(
      TypeElement record, List<String> names, List<Boolean> active, boolean returnsVoid) {
    if (record == null || record.getKind() != ElementKind.RECORD) {
      return;
    }
    List<? extends RecordComponentElement> components = record.getRecordComponents();
    int next = returnsVoid ? 0 : 1; // after value; a void method's record has none
    for (int i = 0; i < names.size() && next < components.size(); i++) {
      if (active.get(i)) {
        names.set(i, components.get(next++).getSimpleName().toString());
      }
    }
  }
}
