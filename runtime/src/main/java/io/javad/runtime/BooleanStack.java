package io.javad.runtime;

import java.util.Arrays;

/**
 * Growable last-in-first-out stack of {@code boolean} flags, bit-packed 64 to a {@code long}, used as a tape by
 * generated reverse-mode (adjoint) code to record which branch was taken: the forward sweep pushes one flag per
 * decision, and the backward sweep pops them in reverse order to replay the same branches.
 *
 * <pre>{@code
 * BooleanStack taken = new BooleanStack();
 * for (int i = 0; i < n; i++) { boolean c = v[i] > 0; taken.push(c); if (c) s += v[i]; }
 * for (int i = n - 1; i >= 0; i--) { if (taken.pop()) vBar[i] += sBar; }
 * }</pre>
 *
 * <p>Flag {@code k} (counting from the bottom of the stack) lives in bit {@code k & 63} of word {@code k >>> 6}. The
 * backing {@code long[]} grows geometrically (doubling) when full, so a push is amortized constant time. Sizes and
 * capacities are counted in flags; the capacity is always a multiple of 64. {@link #clear()} empties the stack but
 * keeps its backing array, so one stack can be reused across gradient calls without reallocating.
 *
 * <p>{@link #push} and {@link #pop} do no checking beyond what the array access itself does. Popping or peeking an
 * empty stack is a bug in the caller (the generated backward sweep must pop exactly what its forward sweep pushed);
 * it throws {@link ArrayIndexOutOfBoundsException} and leaves the stack empty.
 *
 * <p>Instances are not thread-safe.
 */
public final class BooleanStack {

  /** Words allocated by the no-argument constructor, and by the first growth from capacity 0. */
  static final int DEFAULT_WORDS = 1;

  /** Largest number of words ever allocated: keeps the capacity in flags within {@code Integer.MAX_VALUE - 8}. */
  static final int MAX_WORDS = (Integer.MAX_VALUE - 8) >>> 6;

  /** Largest capacity in flags, {@code 64 * MAX_WORDS}. */
  static final int MAX_CAPACITY = MAX_WORDS << 6;

  private long[] words;
  private int size;

  /** Creates an empty stack with a small default capacity (64 flags, one word). */
  public BooleanStack() {
    words = new long[DEFAULT_WORDS];
  }

  /**
   * Creates an empty stack able to hold {@code initialCapacity} flags before it first grows. The capacity is rounded
   * up to a multiple of 64.
   *
   * @param initialCapacity number of flags to reserve room for; {@code 0} is allowed
   * @throws IllegalArgumentException if {@code initialCapacity} is negative or larger than
   *     {@code 64 * ((Integer.MAX_VALUE - 8) / 64)}
   */
  public BooleanStack(int initialCapacity) {
    if (initialCapacity < 0 || initialCapacity > MAX_CAPACITY) {
      throw new IllegalArgumentException(
          "initialCapacity must be between 0 and " + MAX_CAPACITY + ", got " + initialCapacity);
    }
    words = new long[(initialCapacity + 63) >>> 6];
  }

  /**
   * Pushes a flag on top of the stack, growing the backing array if it is full.
   *
   * @param flag the flag to record
   * @throws OutOfMemoryError if the stack already holds {@code 64 * ((Integer.MAX_VALUE - 8) / 64)} flags, or the
   *     larger backing array cannot be allocated
   */
  public void push(boolean flag) {
    int s = size;
    int w = s >>> 6;
    if (w == words.length) {
      grow();
    }
    long[] ws = words;
    // Shift counts on long are taken mod 64, so (1L << s) is bit (s & 63). Clear it, then OR in the flag.
    ws[w] = (ws[w] & ~(1L << s)) | ((flag ? 1L : 0L) << s);
    size = s + 1;
  }

  /**
   * Removes and returns the flag on top of the stack.
   *
   * @return the most recently pushed flag that has not been popped yet
   * @throws ArrayIndexOutOfBoundsException if the stack is empty (a bug in the caller); the stack stays empty
   */
  public boolean pop() {
    int s = size - 1;
    // For s == -1, s >>> 6 is 2^26 - 1, beyond any backing array, so underflow fails the bounds check.
    boolean flag = ((words[s >>> 6] >>> s) & 1L) != 0;
    size = s;
    return flag;
  }

  /**
   * Returns the flag on top of the stack without removing it.
   *
   * @return the most recently pushed flag that has not been popped yet
   * @throws ArrayIndexOutOfBoundsException if the stack is empty (a bug in the caller)
   */
  public boolean peek() {
    int s = size - 1;
    return ((words[s >>> 6] >>> s) & 1L) != 0;
  }

  /**
   * Returns the number of flags on the stack.
   *
   * @return the number of flags pushed and not yet popped
   */
  public int size() {
    return size;
  }

  /**
   * Tells whether the stack holds no flags.
   *
   * @return {@code true} if {@link #size()} is zero
   */
  public boolean isEmpty() {
    return size == 0;
  }

  /** Removes all flags but keeps the backing array, so the stack can be reused without reallocating. */
  public void clear() {
    size = 0;
  }

  /**
   * Returns the number of flags the stack can hold before it next grows; always a multiple of 64.
   *
   * @return {@code 64} times the length of the backing {@code long[]}
   */
  public int capacity() {
    return words.length << 6;
  }

  /**
   * Returns the size of the backing array's payload in bytes, for tape-size reports: {@code capacity() / 8}, that is
   * 8 bytes per 64-flag word. This counts reserved capacity, not just the flags in use, and excludes object and array
   * headers.
   *
   * @return {@code 8L} times the number of words in the backing array
   */
  public long bytes() {
    return (long) Long.BYTES * words.length;
  }

  /**
   * Sets the size back to {@code size}, which must not exceed the number of flags ever pushed since the last
   * {@link #clear()}: flags popped since are readable again. Lets a Jacobian run several backward sweeps over one
   * forward sweep's tape.
   *
   * @param size a size this stack had before flags were popped
   */
  public void rewind(int size) {
    this.size = size;
  }

  /** Cold path of {@link #push}: replaces the full backing array with one about twice as large. */
  private void grow() {
    words = Arrays.copyOf(words, newWordCapacity(words.length));
  }

  /**
   * Number of words to grow to from a full array of {@code oldWords}: double it (at least {@link #DEFAULT_WORDS}),
   * capped at {@link #MAX_WORDS}, computed without int overflow.
   *
   * @throws OutOfMemoryError if {@code oldWords} is already {@link #MAX_WORDS}
   */
  static int newWordCapacity(int oldWords) {
    if (oldWords >= MAX_WORDS) {
      throw new OutOfMemoryError(
          "BooleanStack cannot grow beyond " + MAX_CAPACITY + " flags (tape too large)");
    }
    if (oldWords > MAX_WORDS / 2) {
      return MAX_WORDS;
    }
    return Math.max(oldWords * 2, DEFAULT_WORDS);
  }
}
