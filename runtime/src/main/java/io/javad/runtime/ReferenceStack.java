package io.javad.runtime;

import java.util.Arrays;

/**
 * A stack of references for generated reverse-mode code: the array a loop allocates in each
 * iteration is kept here by the forward sweep (no copy: the array itself is still intact) and
 * handed back, iteration by iteration, to the backward sweep. Not thread-safe.
 *
 * @param <T> the element type, an array type in generated code
 */
public final class ReferenceStack<T> {

  private Object[] data;
  private int size;

  public ReferenceStack() {
    data = new Object[16];
  }

  /**
   * Pushes {@code value}.
   *
   * @param value the reference, possibly null
   */
  public void push(T value) {
    if (size == data.length) {
      grow();
    }
    data[size++] = value;
  }

  /**
   * Removes and returns the most recently pushed reference. Popping an empty stack is a bug in the
   * caller and throws {@link ArrayIndexOutOfBoundsException}.
   *
   * @return the reference
   */
  @SuppressWarnings("unchecked")
  public T pop() {
    int s = size - 1;
    T value = (T) data[s];
    size = s; // the slot keeps its reference, so that rewind can hand it out again
    return value;
  }

  /**
   * Sets the size back to {@code size}, which must not exceed the number of references pushed since the
   * last {@link #clear()}: references popped since are returned again.
   *
   * @param size a size this stack had before references were popped
   */
  public void rewind(int size) {
    this.size = size;
  }

  /** Empties the stack and lets go of every reference it held, for reuse between calls. */
  public void clear() {
    Arrays.fill(data, null);
    size = 0;
  }

  /** The number of references on the stack. */
  public int size() {
    return size;
  }

  private void grow() {
    if (data.length >= Integer.MAX_VALUE - 8) {
      throw new OutOfMemoryError("ReferenceStack cannot grow beyond " + data.length + " references");
    }
    data = Arrays.copyOf(data, (int) Math.min((long) data.length * 2, Integer.MAX_VALUE - 8));
  }
}
