package io.javad.processor.ir;

/**
 * A parameter or local variable of the method being differentiated. Identity is the {@code id},
 * unique within one method, so that two block-scoped locals of the same name stay distinct.
 */
public record Variable(String name, Type type, int id, boolean parameter, int rank) {

  /** A scalar variable. */
  public Variable(String name, Type type, int id, boolean parameter) {
    this(name, type, id, parameter, 0);
  }

  /** Whether this is an array ({@code rank} dimensions of {@code type} elements). */
  public boolean isArray() {
    return rank > 0;
  }

  /** The Java type: {@code double}, {@code double[]}, {@code int[][]}. */
  public String javaType() {
    return type.javaName() + "[]".repeat(rank);
  }

  private static final java.util.concurrent.atomic.AtomicInteger TEMPORARIES =
      new java.util.concurrent.atomic.AtomicInteger();

  /** A local introduced by a transformation; its name must come from a {@link Namer}. */
  public static Variable temporary(String name, Type type) {
    return temporary(name, type, 0);
  }

  public static Variable temporary(String name, Type type, int rank) {
    return new Variable(name, type, -1 - TEMPORARIES.getAndIncrement(), false, rank);
  }

  /**
   * By name and shape only, not by the enum's identity hash or a temporary's id from a counter:
   * hash sets of variables then iterate alike in every run, so the generated code is the same.
   */
  @Override
  public int hashCode() {
    return (name.hashCode() * 31 + (type == null ? -1 : type.ordinal())) * 31 + rank;
  }

  @Override
  public String toString() {
    return name;
  }
}
