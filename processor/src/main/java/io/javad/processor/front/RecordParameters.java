package io.javad.processor.front;

import io.javad.Differentiable;
import io.javad.NoDerivative;
import io.javad.processor.ir.Variable;
import java.util.Arrays;
import java.util.List;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import com.sun.source.util.Trees;

/**
 * Records differentiated like numbers (Swift's {@code Differentiable} structs, JAX's pytrees): a
 * parameter {@code Params p} of a record whose components are all {@code double} or {@code float},
 * or arrays of them, is active, and the front end replaces it by its components ({@code pW}, {@code
 * pB}: scalar replacement), so that the rest of javad differentiates numbers and arrays; {@code
 * RecordMembers} gives the generated methods their record-typed forms ({@code Params pDot}, {@code
 * lossGradient(...).p()}).
 *
 * @param name the parameter's name
 * @param record the record class
 * @param position the parameter's position in the method's signature
 * @param components the component parameters standing for it, in the record's order
 */
public record RecordParameters(
    String name, TypeElement record, int position, List<Variable> components) {

  /**
   * Whether {@code record} is a record of floating-point numbers and arrays of them whose
   * components are exactly what is passed to its constructor and returned by its accessors: no
   * explicit canonical or compact constructor, no accessor written by hand (either may change the
   * values, and javad reads and builds records through their components). A record compiled
   * earlier (a library's) does not show this, so it is data.
   */
  static boolean differentiable(TypeElement record, Trees trees, Elements elements) {
    if (record.getKind() != ElementKind.RECORD || record.getRecordComponents().isEmpty()) {
      return false;
    }
    for (RecordComponentElement c : record.getRecordComponents()) {
      if (!Types.isFloatingKind(c.asType()) || Types.rank(c.asType()) > 2) {
        return false;
      }
      if (trees.getPath(c.getAccessor()) != null) {
        return false; // an accessor written by hand
      }
    }
    return ElementFilter.constructorsIn(record.getEnclosedElements()).stream()
        .anyMatch(c -> elements.getOrigin(c) == Elements.Origin.MANDATED
            && c.getParameters().size() == record.getRecordComponents().size());
  }

  /** Whether {@code record} is a record whose components are all floating-point numbers or arrays. */
  static boolean ofNumbers(TypeElement record) {
    return record.getKind() == ElementKind.RECORD
        && !record.getRecordComponents().isEmpty()
        && record.getRecordComponents().stream().allMatch(c -> Types.isFloatingKind(c.asType()));
  }

  /**
   * Why javad cannot differentiate a parameter of type {@code record}, a record of numbers (or of
   * records) that the contract makes active: a short reason, or null if it can, or if the record
   * holds other things (then it is data).
   */
  static String notDifferentiable(TypeElement record, Trees trees, Elements elements) {
    if (record.getKind() != ElementKind.RECORD || record.getRecordComponents().isEmpty()) {
      return null;
    }
    boolean nested = false;
    for (RecordComponentElement c : record.getRecordComponents()) {
      if (c.asType() instanceof DeclaredType d
          && d.asElement() instanceof TypeElement t
          && t.getKind() == ElementKind.RECORD
          && (ofNumbers(t) || notDifferentiable(t, trees, elements) != null)) {
        nested = true;
      } else if (!Types.isFloatingKind(c.asType())) {
        return null; // a record of other things: data
      }
    }
    if (nested) {
      return "it holds records, and records nested in records are not supported yet";
    }
    if (differentiable(record, trees, elements)) {
      return null;
    }
    return trees.getPath(record) == null
        ? "it is compiled in a library, whose class file does not show whether its constructor"
            + " and accessors are its own"
        : "it has a constructor or accessors of its own, which could change the values";
  }

  /** The record class of a parameter's type if it is a differentiable record, else null. */
  static TypeElement recordOf(VariableElement parameter, Trees trees, Elements elements) {
    return parameter.asType() instanceof DeclaredType d
            && d.asElement() instanceof TypeElement t
            && differentiable(t, trees, elements)
        ? t
        : null;
  }

  /**
   * Whether {@code method} differentiates with respect to a record parameter (listed in {@code wrt},
   * or with no {@code wrt} and no {@code @NoDerivative}).
   */
  public static boolean hasActiveRecord(ExecutableElement method, Trees trees, Elements elements) {
    return method.getParameters().stream().anyMatch(p -> isActiveRecord(method, p, trees, elements));
  }

  /** Whether {@code method} returns a record it is differentiated as the components of. */
  public static boolean returnsRecord(ExecutableElement method, Trees trees, Elements elements) {
    ValueShape shape = ValueMethods.shapeOf(method.getReturnType(), trees, elements);
    return shape != null && shape.type().getKind() == ElementKind.RECORD;
  }

  /**
   * The record class of parameter {@code p} if it is a record of numbers that {@code method}'s
   * annotation makes active, whatever its constructor (for a companion compiled earlier, which
   * shows that it took the record by its components); else null.
   */
  static TypeElement activeRecordOfNumbers(ExecutableElement method, VariableElement p) {
    if (!(p.asType() instanceof DeclaredType d)
        || !(d.asElement() instanceof TypeElement t)
        || !ofNumbers(t)) {
      return null;
    }
    return selected(method, p) ? t : null;
  }

  /**
   * Whether {@code method}'s annotation selects parameter {@code p}: listed in {@code wrt}, or,
   * with no {@code wrt}, not {@code @NoDerivative} (whether its type can carry derivatives is the
   * caller's question).
   */
  static boolean selected(ExecutableElement method, VariableElement p) {
    Differentiable annotation = method.getAnnotation(Differentiable.class);
    if (annotation == null) {
      return false;
    }
    List<String> wrt = Arrays.asList(annotation.wrt());
    return wrt.isEmpty()
        ? p.getAnnotation(NoDerivative.class) == null
        : wrt.contains(p.getSimpleName().toString());
  }

  /** Whether parameter {@code p} of {@code method} is a record it is differentiated for. */
  static boolean isActiveRecord(
      ExecutableElement method, VariableElement p, Trees trees, Elements elements) {
    return recordOf(p, trees, elements) != null && selected(method, p);
  }

  /** {@code pW} for component {@code w} of {@code p}, unless another parameter has that name. */
  static String componentName(ExecutableElement method, String record, String component) {
    String base = record + Character.toUpperCase(component.charAt(0)) + component.substring(1);
    String name = base;
    for (int n = 2; taken(method, name); n++) {
      name = base + n;
    }
    return name;
  }

  private static boolean taken(ExecutableElement method, String name) {
    return method.getParameters().stream().anyMatch(p -> p.getSimpleName().contentEquals(name));
  }
}
