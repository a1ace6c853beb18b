package io.javad.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DoubleStackTest {

  private static double next(Random rnd) {
    return rnd.nextGaussian() * Math.pow(10, rnd.nextInt(40) - 20);
  }

  @Test
  void lifoOrderAcrossManyGrowths() {
    Random rnd = new Random(42);
    DoubleStack stack = new DoubleStack();
    ArrayDeque<Double> reference = new ArrayDeque<>();
    int initialCapacity = stack.capacity();
    int growths = 0;
    for (int i = 0; i < 100_000; i++) {
      double v = next(rnd);
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
      double expected = reference.pop();
      assertEquals(expected, stack.peek());
      assertEquals(expected, stack.pop());
      assertEquals(reference.size(), stack.size());
    }
    assertTrue(stack.isEmpty());
  }

  @Test
  void interleavedPushAndPopMatchReference() {
    Random rnd = new Random(7);
    DoubleStack stack = new DoubleStack(1);
    ArrayDeque<Double> reference = new ArrayDeque<>();
    for (int step = 0; step < 200_000; step++) {
      // Bias towards pushing so the stack drifts upwards through several growths while still emptying often early on.
      if (reference.isEmpty() || rnd.nextInt(100) < 55) {
        double v = next(rnd);
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
    DoubleStack stack = new DoubleStack();
    for (int i = 0; i < 1000; i++) {
      stack.push((double) i);
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
      stack.push((double) (-i));
    }
    assertEquals(capacity, stack.capacity());
    for (int i = 999; i >= 0; i--) {
      assertEquals((double) (-i), stack.pop());
    }
    assertTrue(stack.isEmpty());
  }

  @Test
  void bytesIsEightTimesCapacity() {
    DoubleStack stack = new DoubleStack(0);
    assertEquals(0L, stack.bytes());
    for (int i = 0; i < 5000; i++) {
      stack.push((double) i);
      assertEquals(8L * stack.capacity(), stack.bytes());
    }
    assertEquals(8L * 16, new DoubleStack().bytes());
    assertEquals(8L * 1000, new DoubleStack(1000).bytes());
  }

  @Test
  void popOrPeekOnEmptyStackThrows() {
    DoubleStack stack = new DoubleStack();
    assertThrows(IndexOutOfBoundsException.class, stack::pop);
    assertThrows(IndexOutOfBoundsException.class, stack::peek);
    stack.push((double) 3);
    assertEquals((double) 3, stack.pop());
    assertThrows(ArrayIndexOutOfBoundsException.class, stack::pop);
    // A failed pop leaves the stack empty and usable.
    assertEquals(0, stack.size());
    assertTrue(stack.isEmpty());
    stack.push((double) 5);
    assertEquals(1, stack.size());
    assertEquals((double) 5, stack.pop());
    assertThrows(IndexOutOfBoundsException.class, () -> new DoubleStack(0).pop());
  }

  @Test
  void initialCapacityZeroAndOneWork() {
    for (int initial = 0; initial <= 1; initial++) {
      DoubleStack stack = new DoubleStack(initial);
      assertEquals(initial, stack.capacity());
      assertTrue(stack.isEmpty());
      for (int i = 0; i < 100; i++) {
        stack.push((double) (i * 3));
        assertEquals(i + 1, stack.size());
        assertTrue(stack.capacity() >= stack.size());
      }
      for (int i = 99; i >= 0; i--) {
        assertEquals((double) (i * 3), stack.pop());
      }
      assertTrue(stack.isEmpty());
    }
  }

  @Test
  void rejectsInvalidInitialCapacity() {
    assertThrows(IllegalArgumentException.class, () -> new DoubleStack(-1));
    assertThrows(IllegalArgumentException.class, () -> new DoubleStack(Integer.MAX_VALUE));
  }

  @Test
  void growthIsOverflowSafeAndCapped() {
    assertEquals(16, DoubleStack.newCapacity(0));
    assertEquals(16, DoubleStack.newCapacity(1));
    assertEquals(32, DoubleStack.newCapacity(16));
    int max = Integer.MAX_VALUE - 8;
    assertEquals(max, DoubleStack.MAX_CAPACITY);
    assertEquals(2 * (max / 2), DoubleStack.newCapacity(max / 2));
    assertEquals(max, DoubleStack.newCapacity(max / 2 + 1));
    assertEquals(max, DoubleStack.newCapacity(1 << 30));
    assertEquals(max, DoubleStack.newCapacity(max - 1));
    OutOfMemoryError e = assertThrows(OutOfMemoryError.class, () -> DoubleStack.newCapacity(max));
    assertTrue(e.getMessage().contains("DoubleStack") && e.getMessage().contains(String.valueOf(max)), e.getMessage());
  }

  @Test
  void preservesExactBitPatterns() {
    double[] special = {
      0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
      Double.MIN_VALUE, Double.MAX_VALUE, Double.longBitsToDouble(0x7ff8_0000_0000_1234L)
    };
    DoubleStack stack = new DoubleStack(2);
    for (double v : special) {
      stack.push(v);
    }
    for (int i = special.length - 1; i >= 0; i--) {
      assertEquals(Double.doubleToRawLongBits(special[i]), Double.doubleToRawLongBits(stack.pop()));
    }
  }

  @Test
  void tenMillionDoublesFitInDefaultHeap() {
    int n = 10_000_000;
    DoubleStack stack = new DoubleStack();
    for (int i = 0; i < n; i++) {
      stack.push(i * 0.5);
    }
    assertEquals(n, stack.size());
    assertTrue(stack.capacity() >= n);
    assertTrue(stack.capacity() < 2 * n + 16, "geometric growth should not overshoot: " + stack.capacity());
    assertEquals(8L * stack.capacity(), stack.bytes());
    assertEquals((n - 1) * 0.5, stack.peek());
    for (int i = n - 1; i >= n - 1000; i--) {
      assertEquals(i * 0.5, stack.pop());
    }
    stack.clear();
    assertTrue(stack.isEmpty());
    assertEquals(8L * stack.capacity(), stack.bytes());
  }
}
