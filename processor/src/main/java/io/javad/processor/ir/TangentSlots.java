package io.javad.processor.ir;

import java.util.List;

/**
 * The JVM allows 255 parameter slots per method ({@code double} and {@code long} take two). A
 * tangent that follows each active scalar parameter with its own tangent can pass that with more
 * than about 63 {@code double} parameters; such a tangent takes its scalar tangents packed in one
 * trailing {@code double[] tangents} instead, in parameter order (array tangents stay after their
 * arrays). One rule, for the generated method and for its callers.
 */
public final class TangentSlots {

  /** The JVM's limit, {@code this} included for an instance method. */
  public static final int LIMIT = 255;

  private TangentSlots() {}

  /** A parameter as the rule sees it: its element type, rank and whether it is differentiated. */
  public record Slot(Type type, int rank, boolean active) {}

  /** Whether the tangent of a method with these parameters packs its scalar tangents. */
  public static boolean packs(List<Slot> parameters, boolean instance) {
    int slots = instance ? 1 : 0;
    for (Slot p : parameters) {
      int size = p.rank() == 0 && (p.type() == Type.DOUBLE || p.type() == Type.LONG) ? 2 : 1;
      slots += p.active() ? 2 * size : size;
    }
    return slots > LIMIT;
  }
}
