package io.javad.processor.front;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;

/**
 * The members of the user's classes that one companion cannot name because they are private (or
 * package-private in another package's class, through a subclass): it reaches each through a
 * {@code static final} handle, {@code VarHandle} for a field and {@code MethodHandle} for a method,
 * which the JIT compiles to the plain access. One instance per companion; each handle remembers the
 * {@code @Differentiable} methods that read it, so that the companion declares only those its
 * generated methods use.
 */
public final class PrivateMembers {

  /** The package of the companion the handles are for: what it can name. */
  private String companionPackage;

  /** Sets the companion's package, which decides which classes it can name. */
  public PrivateMembers inPackage(String pkg) {
    this.companionPackage = pkg;
    return this;
  }

  /** The companion's package, or null if not set (then each class's own package). */
  public String companionPackage() {
    return companionPackage;
  }


  /**
   * A handle: {@code constant} is its field in the companion; for a method, {@code bridge} names
   * the companion's private method that calls it ({@code helper(self, x)} for {@code
   * self.helper(x)}).
   */
  public record Handle(String constant, String bridge, Element member) {
    public boolean isField() {
      return !(member instanceof ExecutableElement);
    }

    public boolean isStatic() {
      return member.getModifiers().contains(Modifier.STATIC);
    }

    public TypeElement owner() {
      return (TypeElement) member.getEnclosingElement();
    }
  }

  private final Map<Element, Handle> handles = new LinkedHashMap<>();
  /** Classes the companion cannot name (private nested ones), by their constants' names. */
  private final Map<TypeElement, String> classes = new LinkedHashMap<>();
  private final Set<String> taken = new HashSet<>();
  private final Map<ExecutableElement, Set<Handle>> users = new HashMap<>();
  private ExecutableElement reading;

  /** The {@code @Differentiable} method whose body is being read: the user of what follows. */
  void reading(ExecutableElement method) {
    reading = method;
  }

  /** The handle on {@code member}, declared on first use. */
  Handle of(Element member) {
    Handle handle = handles.computeIfAbsent(member, this::declare);
    if (reading != null) {
      users.computeIfAbsent(reading, m -> new LinkedHashSet<>()).add(handle);
    }
    return handle;
  }

  private Handle declare(Element member) {
    String base = constantName(member.getSimpleName().toString());
    String constant = base;
    for (int n = 2; !taken.add(constant); n++) {
      constant = base + "_" + n;
    }
    String bridge = null;
    if (member instanceof ExecutableElement) {
      bridge = member.getSimpleName() + constant.substring(base.length()).replace("_", "");
    }
    return new Handle(constant, bridge, member);
  }

  /**
   * The constant holding a class the companion cannot name, {@code SPRING_CLASS}, loaded by its
   * binary name; declared on first use.
   */
  public String classConstant(TypeElement type) {
    return classes.computeIfAbsent(
        type, t -> reserve(constantName(t.getSimpleName().toString()) + "_CLASS"));
  }

  /** A constant name of the companion not taken yet: {@code base}, or {@code base_2}, ... */
  public String reserve(String base) {
    String constant = base;
    for (int n = 2; !taken.add(constant); n++) {
      constant = base + "_" + n;
    }
    return constant;
  }

  /** The classes of {@link #classConstant}, with their constants. */
  public Map<TypeElement, String> classConstants() {
    return classes;
  }

  /** The handles the given methods use, in the order they were first used. */
  public List<Handle> usedBy(Collection<ExecutableElement> methods) {
    Set<Handle> used = new HashSet<>();
    for (ExecutableElement m : methods) {
      used.addAll(users.getOrDefault(m, Set.of()));
    }
    List<Handle> out = new ArrayList<>();
    for (Handle h : handles.values()) {
      if (used.contains(h)) {
        out.add(h);
      }
    }
    return out;
  }

  /** {@code learningRate} → {@code LEARNING_RATE}, as Java names constants. */
  public static String constantName(String name) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isUpperCase(c) && i > 0 && !Character.isUpperCase(name.charAt(i - 1))) {
        out.append('_');
      }
      out.append(c);
    }
    return out.toString().toUpperCase(Locale.ROOT);
  }
}
