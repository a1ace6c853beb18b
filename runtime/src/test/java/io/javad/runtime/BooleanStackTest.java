package io.javad.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Random;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

class BooleanStackTest {

  /** Pushes pattern(0..n-1), then checks that popping returns exactly the reverse sequence. */
  private static void assertRoundTrip(BooleanStack stack, int n, IntPredicate pattern) {
    for (int i = 0; i < n; i++) {
      stack.push(pattern.test(i));
      assertEquals(i + 1, stack.size());
      assertEquals(pattern.test(i), stack.peek(), "peek after push " + i);
    }
    for (int i = n - 1; i >= 0; i--) {
      assertEquals(pattern.test(i), stack.pop(), "flag " + i + " of " + n);
      assertEquals(i, stack.size());
    }
    assertTrue(stack.isEmpty());
  }

  @Test
  void exactBitPatternsAcrossWordBoundaries() {
    IntPredicate[] patterns = {
      i -> true,
      i -> false,
      i -> (i & 1) == 0,
      i -> (i & 1) == 1,
      i -> i % 3 == 0,
      i -> i == 63 || i == 64,
      i -> i >= 63,
      i -> i < 64,
      i -> Integer.bitCount(i * 0x9E3779B9) % 2 == 0,
    };
    for (int n : new int[] {1, 62, 63, 64, 65, 127, 128, 129, 200}) {
      for (IntPredicate p : patterns) {
        assertRoundTrip(new BooleanStack(), n, p);
        assertRoundTrip(new BooleanStack(0), n, p);
        assertRoundTrip(new BooleanStack(n), n, p);
      }
    }
  }

  @Test
  void bitsAtWordBoundaryAreIndependent() {
    // Flags 62, 63 (last bits of word 0) and 64 (first bit of word 1) must not bleed into each other.
    BooleanStack stack = new BooleanStack();
    for (int i = 0; i < 63; i++) {
      stack.push(false);
    }
    stack.push(true); // flag 63: the sign bit of word 0
    assertEquals(64, stack.capacity());
    stack.push(false); // flag 64: grows into word 1
    assertEquals(128, stack.capacity());
    stack.push(true); // flag 65
    assertEquals(66, stack.size());
    assertTrue(stack.pop());
    assertEquals(false, stack.pop());
    assertTrue(stack.pop());
    for (int i = 0; i < 63; i++) {
      assertEquals(false, stack.pop(), "flag " + (62 - i));
    }
    assertTrue(stack.isEmpty());
  }

  @Test
  void overwritingPoppedFlagsClearsStaleBits() {
    BooleanStack stack = new BooleanStack();
    assertRoundTrip(stack, 130, i -> true);
    // Bits from the previous round are still in the words; pushing false must clear them.
    assertRoundTrip(stack, 130, i -> false);
    stack.clear();
    assertRoundTrip(stack, 130, i -> i % 2 == 1);
    // Pop part way, then push different values over the popped slots.
    for (int i = 0; i < 100; i++) {
      stack.push(true);
    }
    for (int i = 0; i < 40; i++) {
      stack.pop();
    }
    for (int i = 0; i < 40; i++) {
      stack.push(false);
    }
    for (int i = 0; i < 40; i++) {
      assertEquals(false, stack.pop());
    }
    for (int i = 0; i < 60; i++) {
      assertTrue(stack.pop());
    }
    assertTrue(stack.isEmpty());
  }

  @Test
  void lifoOrderAcrossManyGrowths() {
    Random rnd = new Random(42);
    BooleanStack stack = new BooleanStack();
    ArrayDeque<Boolean> reference = new ArrayDeque<>();
    int growths = 0;
    for (int i = 0; i < 100_000; i++) {
      boolean v = rnd.nextBoolean();
      int before = stack.capacity();
      stack.push(v);
      reference.push(v);
      if (stack.capacity() != before) {
        growths++;
        assertEquals(2 * before, stack.capacity(), "growth doubles the capacity");
      }
    }
    assertTrue(growths >= 10, "expected several growths, got " + growths);
    assertEquals(100_000, stack.size());
    while (!reference.isEmpty()) {
      boolean expected = reference.pop();
      assertEquals(expected, stack.peek());
      assertEquals(expected, stack.pop());
      assertEquals(reference.size(), stack.size());
    }
    assertTrue(stack.isEmpty());
  }

  @Test
  void interleavedRandomSequencesMatchReference() {
    for (long seed = 0; seed < 5; seed++) {
      Random rnd = new Random(seed);
      // Vary the push bias so some runs hover near empty and others climb over many words.
      int pushPercent = 45 + 5 * (int) seed;
      BooleanStack stack = new BooleanStack((int) seed);
      ArrayDeque<Boolean> reference = new ArrayDeque<>();
      for (int step = 0; step < 100_000; step++) {
        if (reference.isEmpty() || rnd.nextInt(100) < pushPercent) {
          boolean v = rnd.nextInt(4) != 0; // skewed so runs of equal bits are common
          stack.push(v);
          reference.push(v);
        } else {
          assertEquals(reference.pop(), stack.pop(), "seed " + seed + " step " + step);
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
    }
  }

  @Test
  void clearKeepsCapacityAndAllowsReuse() {
    BooleanStack stack = new BooleanStack();
    for (int i = 0; i < 1000; i++) {
      stack.push(true);
    }
    int capacity = stack.capacity();
    long bytes = stack.bytes();
    stack.clear();
    assertTrue(stack.isEmpty());
    assertEquals(0, stack.size());
    assertEquals(capacity, stack.capacity());
    assertEquals(bytes, stack.bytes());
    assertRoundTrip(stack, 1000, i -> i % 7 == 0);
    assertEquals(capacity, stack.capacity());
  }

  @Test
  void capacityAndBytesAreCountedInWords() {
    assertEquals(64, new BooleanStack().capacity());
    assertEquals(8L, new BooleanStack().bytes());
    int[][] cases = {{0, 0}, {1, 64}, {63, 64}, {64, 64}, {65, 128}, {128, 128}, {129, 192}, {1000, 1024}};
    for (int[] c : cases) {
      BooleanStack stack = new BooleanStack(c[0]);
      assertEquals(c[1], stack.capacity(), "capacity for " + c[0]);
      assertEquals(c[1] / 8, stack.bytes(), "bytes for " + c[0]);
    }
    BooleanStack stack = new BooleanStack(0);
    for (int i = 0; i < 10_000; i++) {
      stack.push(i % 5 == 0);
      assertEquals(0, stack.capacity() % 64);
      assertTrue(stack.capacity() >= stack.size());
      assertEquals(stack.capacity() / 8, stack.bytes());
    }
  }

  @Test
  void popOrPeekOnEmptyStackThrows() {
    BooleanStack stack = new BooleanStack();
    assertThrows(IndexOutOfBoundsException.class, stack::pop);
    assertThrows(IndexOutOfBoundsException.class, stack::peek);
    stack.push(true);
    assertTrue(stack.pop());
    assertThrows(ArrayIndexOutOfBoundsException.class, stack::pop);
    // A failed pop leaves the stack empty and usable.
    assertEquals(0, stack.size());
    stack.push(true);
    assertTrue(stack.peek());
    assertTrue(stack.pop());
    assertThrows(IndexOutOfBoundsException.class, () -> new BooleanStack(0).pop());
    // Underflow is caught even when the stack has many words.
    BooleanStack big = new BooleanStack(64 * 1024);
    assertThrows(IndexOutOfBoundsException.class, big::pop);
  }

  @Test
  void initialCapacityZeroAndOneWork() {
    for (int initial = 0; initial <= 1; initial++) {
      assertRoundTrip(new BooleanStack(initial), 300, i -> (i * 7) % 11 < 5);
    }
  }

  @Test
  void rejectsInvalidInitialCapacity() {
    assertThrows(IllegalArgumentException.class, () -> new BooleanStack(-1));
    assertThrows(IllegalArgumentException.class, () -> new BooleanStack(Integer.MAX_VALUE));
  }

  @Test
  void growthIsOverflowSafeAndCapped() {
    int maxWords = (Integer.MAX_VALUE - 8) / 64;
    assertEquals(maxWords, BooleanStack.MAX_WORDS);
    assertEquals(64L * maxWords, BooleanStack.MAX_CAPACITY);
    assertTrue(BooleanStack.MAX_CAPACITY > 0 && BooleanStack.MAX_CAPACITY <= Integer.MAX_VALUE - 8);
    assertEquals(1, BooleanStack.newWordCapacity(0));
    assertEquals(2, BooleanStack.newWordCapacity(1));
    assertEquals(2 * (maxWords / 2), BooleanStack.newWordCapacity(maxWords / 2));
    assertEquals(maxWords, BooleanStack.newWordCapacity(maxWords / 2 + 1));
    assertEquals(maxWords, BooleanStack.newWordCapacity(maxWords - 1));
    OutOfMemoryError e = assertThrows(OutOfMemoryError.class, () -> BooleanStack.newWordCapacity(maxWords));
    assertTrue(e.getMessage().contains("BooleanStack"), e.getMessage());
  }
}
