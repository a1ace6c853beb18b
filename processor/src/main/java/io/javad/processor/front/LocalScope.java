package io.javad.processor.front;

import io.javad.processor.ir.Variable;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The parameters and locals visible at a point of a method body, by their source names, block by
 * block. Locals declared with an unsupported type are remembered too, so that their uses are not
 * reported a second time.
 */
final class LocalScope {

  private final Deque<Map<String, Variable>> blocks = new ArrayDeque<>();
  private final Deque<Set<String>> reported = new ArrayDeque<>();
  /** Parameters of types javad cannot compute with (arrays, objects): data, not yet readable. */
  private final Map<String, String> opaque = new HashMap<>();
  /** Locals that name an object the method reads ({@code Dataset d = this.data;}), per block. */
  private final Deque<Map<String, ExpressionReader.Receiver>> aliases = new ArrayDeque<>();

  /** Lambdas the method defines ({@code DoubleUnaryOperator sq = v -> v * v;}), per block. */
  private final Deque<Map<String, Lambdas.Lambda>> lambdas = new ArrayDeque<>();

  LocalScope() {
    enter();
  }

  void enter() {
    blocks.push(new HashMap<>());
    reported.push(new HashSet<>());
    aliases.push(new HashMap<>());
    lambdas.push(new HashMap<>());
  }

  void exit() {
    blocks.pop();
    reported.pop();
    aliases.pop();
    lambdas.pop();
  }

  void declareLambda(String name, Lambdas.Lambda lambda) {
    lambdas.peek().put(name, lambda);
  }

  /** The lambda a local names, or null. */
  Lambdas.Lambda lambda(String name) {
    for (Map<String, Lambdas.Lambda> block : lambdas) {
      Lambdas.Lambda l = block.get(name);
      if (l != null) {
        return l;
      }
    }
    return null;
  }

  /**
   * Values taken apart into their components (active record parameters, records and small value
   * objects built in the method), by name: the variables standing for their components.
   */
  private final Map<String, Map<String, Variable>> records = new HashMap<>();
  private final Map<String, ValueShape> shapes = new HashMap<>();

  /** The record or class of a value taken apart (a parameter or a local built here), or null. */
  javax.lang.model.element.TypeElement recordType(String name) {
    ValueShape shape = opaque.containsKey(name) ? null : shapes.get(name);
    return shape == null ? null : shape.type();
  }

  /** The shape of a value taken apart, or null. */
  ValueShape shape(String name) {
    return shapes.get(name); // an active record parameter is opaque too: as an object, data
  }

  void declareRecord(String name, ValueShape shape, java.util.List<Variable> components) {
    Map<String, Variable> byComponent = new HashMap<>();
    for (int i = 0; i < components.size(); i++) {
      byComponent.put(shape.components().get(i), components.get(i));
    }
    records.put(name, byComponent);
    shapes.put(name, shape);
  }

  /** The variable standing for component {@code component} of value {@code name}, or null. */
  Variable recordComponent(String name, String component) {
    Map<String, Variable> byComponent = records.get(name);
    return byComponent == null ? null : byComponent.get(component);
  }

  /** The component a no-argument method of value {@code name} returns ({@code c.re()}), or null. */
  Variable getter(String name, String method) {
    ValueShape shape = shapes.get(name);
    String component = shape == null ? null : shape.getters().get(method);
    return component == null ? null : recordComponent(name, component);
  }

  /** The variables standing for value {@code name}'s components, in its shape's order, or null. */
  java.util.List<Variable> components(String name) {
    ValueShape shape = shapes.get(name);
    return shape == null
        ? null
        : shape.components().stream().map(c -> records.get(name).get(c)).toList();
  }

  /** Whether a value taken apart holds {@code v} as a component (an array a record was built with). */
  boolean heldByValue(Variable v) {
    return records.values().stream().anyMatch(components -> components.containsValue(v));
  }

  /** Whether {@code name} is an active record parameter. */
  boolean isActiveRecord(String name) {
    return records.containsKey(name);
  }

  void declareAlias(String sourceName, ExpressionReader.Receiver object) {
    aliases.peek().put(sourceName, object);
  }

  /** The object a local names, or null. */
  ExpressionReader.Receiver alias(String name) {
    for (Map<String, ExpressionReader.Receiver> block : aliases) {
      ExpressionReader.Receiver r = block.get(name);
      if (r != null) {
        return r;
      }
    }
    return null;
  }

  /** Declares {@code variable} under its source name (which may differ from its unique name). */
  void declare(String sourceName, Variable variable) {
    blocks.peek().put(sourceName, variable);
  }

  /** A local whose declaration was already reported as unsupported. */
  void declareReported(String sourceName) {
    reported.peek().add(sourceName);
  }

  void declareOpaque(String name, String type) {
    opaque.put(name, type);
  }

  /** The type of an opaque parameter visible as {@code name}, or null. */
  String opaqueType(String name) {
    return lookup(name) == null && !isReported(name) ? opaque.get(name) : null;
  }

  Variable lookup(String name) {
    for (Map<String, Variable> block : blocks) {
      Variable v = block.get(name);
      if (v != null) {
        return v == HIDDEN ? null : v;
      }
    }
    return null;
  }

  /** Marks a name hidden in the current block: {@link #lookup} finds no local by it there. */
  private static final Variable HIDDEN = new Variable("<hidden>", null, Integer.MIN_VALUE, false);

  /** Hides the local {@code name} in the current block (a lambda's body cannot see it). */
  void hide(String name) {
    blocks.peek().put(name, HIDDEN);
  }

  /** The locals visible now, by name (the innermost of each name). */
  Map<String, Variable> visibleLocals() {
    Map<String, Variable> visible = new HashMap<>();
    java.util.Iterator<Map<String, Variable>> outerFirst = blocks.descendingIterator();
    while (outerFirst.hasNext()) {
      visible.putAll(outerFirst.next());
    }
    visible.values().removeIf(v -> v == HIDDEN);
    return visible;
  }

  boolean isReported(String name) {
    for (Set<String> block : reported) {
      if (block.contains(name)) {
        return true;
      }
    }
    return false;
  }
}
