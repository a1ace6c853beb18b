package io.javad.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IntStackTest {

  private static int next(Random rnd) {
    return rnd.nextInt();
  }

  @Test
  void lifoOrderAcrossManyGrowths() {
    Random rnd = new Random(42);
    IntStack stack = new IntStack();
    ArrayDeque<Integer> reference = new ArrayDeque<>();
    int initialCapacity = stack.capacity();
    int growths = 0;
    for (int i = 0; i < 100_000; i++) {
      int v = next(rnd);
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
      int expected = reference.pop();
      assertEquals(expected, stack.peek());
      assertEquals(expected, stack.pop());
      assertEquals(reference.size(), stack.size());
    }
    assertTrue(stack.isEmpty());
  }

  @Test
  void interleavedPushAndPopMatchReference() {
    Random rnd = new Random(7);
    IntStack stack = new IntStack(1);
    ArrayDeque<Integer> reference = new ArrayDeque<>();
    for (int step = 0; step < 200_000; step++) {
      // Bias towards pushing so the stack drifts upwards through several growths while still emptying often early on.
      if (reference.isEmpty() || rnd.nextInt(100) < 55) {
        int v = next(rnd);
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
    IntStack stack = new IntStack();
    for (int i = 0; i < 1000; i++) {
      stack.push((int) i);
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
      stack.push((int) (-i));
    }
    assertEquals(capacity, stack.capacity());
    for (int i = 999; i >= 0; i--) {
      assertEquals((int) (-i), stack.pop());
    }
    assertTrue(stack.isEmpty());
  }

  @Test
  void bytesIsFourTimesCapacity() {
    IntStack stack = new IntStack(0);
    assertEquals(0L, stack.bytes());
    for (int i = 0; i < 5000; i++) {
      stack.push((int) i);
      assertEquals(4L * stack.capacity(), stack.bytes());
    }
    assertEquals(4L * 16, new IntStack().bytes());
    assertEquals(4L * 1000, new IntStack(1000).bytes());
  }

  @Test
  void popOrPeekOnEmptyStackThrows() {
    IntStack stack = new IntStack();
    assertThrows(IndexOutOfBoundsException.class, stack::pop);
    assertThrows(IndexOutOfBoundsException.class, stack::peek);
    stack.push((int) 3);
    assertEquals((int) 3, stack.pop());
    assertThrows(ArrayIndexOutOfBoundsException.class, stack::pop);
    // A failed pop leaves the stack empty and usable.
    assertEquals(0, stack.size());
    assertTrue(stack.isEmpty());
    stack.push((int) 5);
    assertEquals(1, stack.size());
    assertEquals((int) 5, stack.pop());
    assertThrows(IndexOutOfBoundsException.class, () -> new IntStack(0).pop());
  }

  @Test
  void initialCapacityZeroAndOneWork() {
    for (int initial = 0; initial <= 1; initial++) {
      IntStack stack = new IntStack(initial);
      assertEquals(initial, stack.capacity());
      assertTrue(stack.isEmpty());
      for (int i = 0; i < 100; i++) {
        stack.push((int) (i * 3));
        assertEquals(i + 1, stack.size());
        assertTrue(stack.capacity() >= stack.size());
      }
      for (int i = 99; i >= 0; i--) {
        assertEquals((int) (i * 3), stack.pop());
      }
      assertTrue(stack.isEmpty());
    }
  }

  @Test
  void rejectsInvalidInitialCapacity() {
    assertThrows(IllegalArgumentException.class, () -> new IntStack(-1));
    assertThrows(IllegalArgumentException.class, () -> new IntStack(Integer.MAX_VALUE));
  }

  @Test
  void growthIsOverflowSafeAndCapped() {
    assertEquals(16, IntStack.newCapacity(0));
    assertEquals(16, IntStack.newCapacity(1));
    assertEquals(32, IntStack.newCapacity(16));
    int max = Integer.MAX_VALUE - 8;
    assertEquals(max, IntStack.MAX_CAPACITY);
    assertEquals(2 * (max / 2), IntStack.newCapacity(max / 2));
    assertEquals(max, IntStack.newCapacity(max / 2 + 1));
    assertEquals(max, IntStack.newCapacity(1 << 30));
    assertEquals(max, IntStack.newCapacity(max - 1));
    OutOfMemoryError e = assertThrows(OutOfMemoryError.class, () -> IntStack.newCapacity(max));
    assertTrue(e.getMessage().contains("IntStack") && e.getMessage().contains(String.valueOf(max)), e.getMessage());
  }

  @Test
  void keepsExtremeValues() {
    int[] special = {Integer.MIN_VALUE, Integer.MAX_VALUE, -1, 0, 0x7eadbeef};
    IntStack stack = new IntStack(0);
    for (int v : special) {
      stack.push(v);
    }
    for (int i = special.length - 1; i >= 0; i--) {
      assertEquals(special[i], stack.pop());
    }
  }
}
