package io.javad.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongStackTest {

  private static long next(Random rnd) {
    return rnd.nextLong();
  }

  @Test
  void lifoOrderAcrossManyGrowths() {
    Random rnd = new Random(42);
    LongStack stack = new LongStack();
    ArrayDeque<Long> reference = new ArrayDeque<>();
    int initialCapacity = stack.capacity();
    int growths = 0;
    for (int i = 0; i < 100_000; i++) {
      long v = next(rnd);
      int before = stack.capacity();
      stack.push(v);
      reference.push(v);
      if (stack.capacity() != before) {
        growths++;
        assertEquals(2L * before, stack.capacity(), "growth doubles the capacity");
      }
      assertEquals(v, stack.peek());
    }
    assertEquals(16, initialCapacity);
    assertTrue(growths >= 10, "expected several growths, got " + growths);
    assertEquals(100_000, stack.size());
    while (!reference.isEmpty()) {
      long expected = reference.pop();
      assertEquals(expected, stack.peek());
      assertEquals(expected, stack.pop());
      assertEquals(reference.size(), stack.size());
    }
    assertTrue(stack.isEmpty());
  }

  @Test
  void interleavedPushAndPopMatchReference() {
    Random rnd = new Random(7);
    LongStack stack = new LongStack(1);
    ArrayDeque<Long> reference = new ArrayDeque<>();
    for (int step = 0; step < 200_000; step++) {
      // Bias towards pushing so the stack drifts upwards through several growths while still emptying often early on.
      if (reference.isEmpty() || rnd.nextInt(100) < 55) {
        long v = next(rnd);
        stack.push(v);
        reference.push(v);
      } else {
        assertEquals(reference.pop(), stack.pop());
      }
      assertEquals(reference.size(), stack.size());
      assertEquals(reference.isEmpty(), stack.isEmpty());
      if (!reference.isEmpty()) {
        assertEquals(reference.peek(), stack.peek());
      }
    }
    while (!reference.isEmpty()) {
      assertEquals(reference.pop(), stack.pop());
    }
    assertTrue(stack.isEmpty());
  }

  @Test
  void clearKeepsCapacityAndAllowsReuse() {
    LongStack stack = new LongStack();
    for (int i = 0; i < 1000; i++) {
      stack.push((long) i);
    }
    int capacity = stack.capacity();
    long bytes = stack.bytes();
    stack.clear();
    assertTrue(stack.isEmpty());
    assertEquals(0, stack.size());
    assertEquals(capacity, stack.capacity());
    assertEquals(bytes, stack.bytes());
    // Second "gradient call": reuse without growing, and see only the new values.
    for (int i = 0; i < 1000; i++) {
      stack.push((long) (-i));
    }
    assertEquals(capacity, stack.capacity());
    for (int i = 999; i >= 0; i--) {
      assertEquals((long) (-i), stack.pop());
    }
    assertTrue(stack.isEmpty());
  }

  @Test
  void bytesIsEightTimesCapacity() {
    LongStack stack = new LongStack(0);
    assertEquals(0L, stack.bytes());
    for (int i = 0; i < 5000; i++) {
      stack.push((long) i);
      assertEquals(8L * stack.capacity(), stack.bytes());
    }
    assertEquals(8L * 16, new LongStack().bytes());
    assertEquals(8L * 1000, new LongStack(1000).bytes());
  }

  @Test
  void popOrPeekOnEmptyStackThrows() {
    LongStack stack = new LongStack();
    assertThrows(IndexOutOfBoundsException.class, stack::pop);
    assertThrows(IndexOutOfBoundsException.class, stack::peek);
    stack.push((long) 3);
    assertEquals((long) 3, stack.pop());
    assertThrows(ArrayIndexOutOfBoundsException.class, stack::pop);
    // A failed pop leaves the stack empty and usable.
    assertEquals(0, stack.size());
    assertTrue(stack.isEmpty());
    stack.push((long) 5);
    assertEquals(1, stack.size());
    assertEquals((long) 5, stack.pop());
    assertThrows(IndexOutOfBoundsException.class, () -> new LongStack(0).pop());
  }

  @Test
  void initialCapacityZeroAndOneWork() {
    for (int initial = 0; initial <= 1; initial++) {
      LongStack stack = new LongStack(initial);
      assertEquals(initial, stack.capacity());
      assertTrue(stack.isEmpty());
      for (int i = 0; i < 100; i++) {
        stack.push((long) (i * 3));
        assertEquals(i + 1, stack.size());
        assertTrue(stack.capacity() >= stack.size());
      }
      for (int i = 99; i >= 0; i--) {
        assertEquals((long) (i * 3), stack.pop());
      }
      assertTrue(stack.isEmpty());
    }
  }

  @Test
  void rejectsInvalidInitialCapacity() {
    assertThrows(IllegalArgumentException.class, () -> new LongStack(-1));
    assertThrows(IllegalArgumentException.class, () -> new LongStack(Integer.MAX_VALUE));
  }

  @Test
  void growthIsOverflowSafeAndCapped() {
    assertEquals(16, LongStack.newCapacity(0));
    assertEquals(16, LongStack.newCapacity(1));
    assertEquals(32, LongStack.newCapacity(16));
    int max = Integer.MAX_VALUE - 8;
    assertEquals(max, LongStack.MAX_CAPACITY);
    assertEquals(2 * (max / 2), LongStack.newCapacity(max / 2));
    assertEquals(max, LongStack.newCapacity(max / 2 + 1));
    assertEquals(max, LongStack.newCapacity(1 << 30));
    assertEquals(max, LongStack.newCapacity(max - 1));
    OutOfMemoryError e = assertThrows(OutOfMemoryError.class, () -> LongStack.newCapacity(max));
    assertTrue(e.getMessage().contains("LongStack") && e.getMessage().contains(String.valueOf(max)), e.getMessage());
  }

  @Test
  void keepsFullSixtyFourBitValues() {
    long[] special = {Long.MIN_VALUE, Long.MAX_VALUE, -1L, 0x1234_5678_9abc_def0L, 1L << 40};
    LongStack stack = new LongStack(0);
    for (long v : special) {
      stack.push(v);
    }
    for (int i = special.length - 1; i >= 0; i--) {
      assertEquals(special[i], stack.pop());
    }
  }
}
