package io.javad.processor.ir;

/**
 * A parameter or local variable of the method being differentiated. Identity is the {@code id},
 * unique within one method, so that two block-scoped locals of the same name stay distinct.
 */
public record Variable(String name, Type type, int id, boolean parameter) {

  private static final java.util.concurrent.atomic.AtomicInteger TEMPORARIES =
      new java.util.concurrent.atomic.AtomicInteger();

  /** A local introduced by a transformation; its name must come from a {@link Namer}. */
  public static Variable temporary(String name, Type type) {
    return new Variable(name, type, -1 - TEMPORARIES.getAndIncrement(), false);
  }

  @Override
  public String toString() {
    return name;
  }
}
