package io.javad.runtime;

import java.util.Arrays;

/**
 * Growable last-in-first-out stack of primitive {@code long} values, used as a tape by generated reverse-mode
 * (adjoint) code for overwritten {@code long} values: the forward sweep pushes them, and the backward sweep pops
 * them in reverse order.
 *
 * <pre>{@code
 * LongStack tape = new LongStack();
 * for (int i = 0; i < n; i++) { tape.push(seed); seed = next(seed); }
 * for (int i = n - 1; i >= 0; i--) { seed = tape.pop(); ... }
 * }</pre>
 *
 * <p>Values are stored unboxed in a {@code long[]} that grows geometrically (doubling) when full, so a push is
 * amortized constant time. {@link #clear()} empties the stack but keeps its backing array, so one stack can be reused
 * across gradient calls without reallocating.
 *
 * <p>{@link #push} and {@link #pop} do no checking beyond what the array access itself does. Popping or peeking an
 * empty stack is a bug in the caller (the generated backward sweep must pop exactly what its forward sweep pushed);
 * it throws {@link ArrayIndexOutOfBoundsException} and leaves the stack empty.
 *
 * <p>Instances are not thread-safe.
 */
public final class LongStack {

  /** Capacity of a stack created by the no-argument constructor, and of the first growth from capacity 0. */
  static final int DEFAULT_CAPACITY = 16;

  /** Largest capacity ever allocated; some VMs reserve header words in arrays, so stay a little below the int limit. */
  static final int MAX_CAPACITY = Integer.MAX_VALUE - 8;

  private long[] data;
  private int size;

  /** Creates an empty stack with a small default capacity (16 values). */
  public LongStack() {
    data = new long[DEFAULT_CAPACITY];
  }

  /**
   * Creates an empty stack able to hold {@code initialCapacity} values before it first grows.
   *
   * @param initialCapacity number of values to reserve room for; {@code 0} is allowed
   * @throws IllegalArgumentException if {@code initialCapacity} is negative or larger than
   *     {@code Integer.MAX_VALUE - 8}
   */
  public LongStack(int initialCapacity) {
    if (initialCapacity < 0 || initialCapacity > MAX_CAPACITY) {
      throw new IllegalArgumentException(
          "initialCapacity must be between 0 and " + MAX_CAPACITY + ", got " + initialCapacity);
    }
    data = new long[initialCapacity];
  }

  /**
   * Pushes a value on top of the stack, growing the backing array if it is full.
   *
   * @param v the value to record
   * @throws OutOfMemoryError if the stack already holds {@code Integer.MAX_VALUE - 8} values, or the larger backing
   *     array cannot be allocated
   */
  public void push(long v) {
    if (size == data.length) {
      grow();
    }
    data[size++] = v;
  }

  /**
   * Removes and returns the value on top of the stack.
   *
   * @return the most recently pushed value that has not been popped yet
   * @throws ArrayIndexOutOfBoundsException if the stack is empty (a bug in the caller); the stack stays empty
   */
  public long pop() {
    int s = size - 1;
    long v = data[s];
    size = s;
    return v;
  }

  /**
   * Returns the value on top of the stack without removing it.
   *
   * @return the most recently pushed value that has not been popped yet
   * @throws ArrayIndexOutOfBoundsException if the stack is empty (a bug in the caller)
   */
  public long peek() {
    return data[size - 1];
  }

  /**
   * Returns the number of values on the stack.
   *
   * @return the number of values pushed and not yet popped
   */
  public int size() {
    return size;
  }

  /**
   * Tells whether the stack holds no values.
   *
   * @return {@code true} if {@link #size()} is zero
   */
  public boolean isEmpty() {
    return size == 0;
  }

  /** Removes all values but keeps the backing array, so the stack can be reused without reallocating. */
  public void clear() {
    size = 0;
  }

  /**
   * Returns the number of values the stack can hold before it next grows.
   *
   * @return the length of the backing array
   */
  public int capacity() {
    return data.length;
  }

  /**
   * Returns the size of the backing array's payload in bytes, for tape-size reports: {@code 8 * capacity()}. This
   * counts reserved capacity, not just the values in use, and excludes object and array headers.
   *
   * @return {@code 8L * capacity()}
   */
  public long bytes() {
    return (long) Long.BYTES * data.length;
  }

  /**
   * Makes room for {@code n} more values without growing again: generated code calls it before a loop whose
   * pushes it can count.
   *
   * @param n number of values about to be pushed
   * @throws OutOfMemoryError if the stack would exceed {@code Integer.MAX_VALUE - 8} values
   */
  public void reserve(int n) {
    if (n > data.length - size) {
      long needed = (long) size + Math.max(n, 0);
      if (needed > MAX_CAPACITY) {
        throw new OutOfMemoryError("stack cannot hold " + needed + " values (tape too large)");
      }
      data = Arrays.copyOf(data, (int) Math.max(needed, Math.min((long) data.length * 2, MAX_CAPACITY)));
    }
  }

  /**
   * Sets the size back to {@code size}, which must not exceed the number of values ever pushed since the last
   * {@link #clear()}: values popped since are readable again. Lets a Jacobian run several backward sweeps over
   * one forward sweep's tape.
   *
   * @param size a size this stack had before values were popped
   */
  public void rewind(int size) {
    this.size = size;
  }

  /**
   * Pushes every element of {@code a}, first to last: a snapshot of an array that the backward sweep
   * restores with {@link #popAll(long[])}.
   *
   * @param a the array to record
   */
  public void pushAll(long[] a) {
    reserve(a.length);
    for (long v : a) {
      data[size++] = v;
    }
  }

  /**
   * Pops {@code a.length} values into {@code a}, last element first: undoes {@link #pushAll(long[])}.
   *
   * @param a the array to restore
   */
  public void popAll(long[] a) {
    int s = size;
    for (int i = a.length - 1; i >= 0; i--) {
      a[i] = data[--s];
    }
    size = s;
  }

  /** Cold path of {@link #push}: replaces the full backing array with one about twice as large. */
  private void grow() {
    data = Arrays.copyOf(data, newCapacity(data.length));
  }

  /**
   * Capacity to grow to from a full array of {@code oldCapacity}: double it (at least {@link #DEFAULT_CAPACITY}),
   * capped at {@link #MAX_CAPACITY}, computed without int overflow.
   *
   * @throws OutOfMemoryError if {@code oldCapacity} is already {@link #MAX_CAPACITY}
   */
  static int newCapacity(int oldCapacity) {
    if (oldCapacity >= MAX_CAPACITY) {
      throw new OutOfMemoryError(
          "LongStack cannot grow beyond " + MAX_CAPACITY + " values (tape too large)");
    }
    if (oldCapacity > MAX_CAPACITY / 2) {
      return MAX_CAPACITY;
    }
    return Math.max(oldCapacity * 2, DEFAULT_CAPACITY);
  }
}
