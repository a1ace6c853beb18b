package io.javad.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * What generated code needs of the tapes besides push and pop: whole arrays as snapshots of an
 * iteration, room reserved ahead of a counted loop, and rewinding, so that a Jacobian runs several
 * backward sweeps over one forward sweep's tape.
 */
class TapeSnapshotTest {

  @Test
  void arraysComeBackInPlaceBetweenScalars() {
    DoubleStack tape = new DoubleStack(1);
    double[] a = {1, 2, 3};
    float[] f = {0.5f, -1.5f};
    double[][] m = {{4, 5}, {}, {6}};
    tape.push(-1);
    tape.pushAll(a);
    tape.pushAll(f);
    tape.pushAll(m);
    tape.push(7);
    assertEquals(10, tape.size());
    double[] a2 = new double[3];
    float[] f2 = new float[2];
    double[][] m2 = {new double[2], new double[0], new double[1]};
    assertEquals(7, tape.pop());
    tape.popAll(m2);
    tape.popAll(f2);
    tape.popAll(a2);
    assertEquals(-1, tape.pop());
    assertTrue(tape.isEmpty());
    assertArrayEquals(a, a2);
    assertArrayEquals(f, f2);
    assertArrayEquals(m, m2);
  }

  @Test
  void intAndLongArrays() {
    IntStack ints = new IntStack(0);
    int[] i = {3, -4, 5};
    int[][] im = {{1}, {2, 3}};
    ints.pushAll(i);
    ints.pushAll(im);
    int[][] im2 = {new int[1], new int[2]};
    int[] i2 = new int[3];
    ints.popAll(im2);
    ints.popAll(i2);
    assertArrayEquals(i, i2);
    assertArrayEquals(im, im2);
    LongStack longs = new LongStack(0);
    long[] l = {Long.MAX_VALUE, 0, -9};
    longs.pushAll(l);
    long[] l2 = new long[3];
    longs.popAll(l2);
    assertArrayEquals(l, l2);
  }

  @Test
  void reserveMakesRoomOnceAndKeepsTheValues() {
    DoubleStack tape = new DoubleStack(2);
    tape.push(1);
    tape.reserve(1000);
    int capacity = tape.capacity();
    assertTrue(capacity >= 1001);
    for (int k = 0; k < 1000; k++) {
      tape.push(k);
    }
    assertEquals(capacity, tape.capacity(), "no growth after reserve");
    assertEquals(999, tape.pop());
    tape.reserve(0);
    tape.reserve(-5);
    assertEquals(capacity, tape.capacity());
    assertThrows(OutOfMemoryError.class, () -> tape.reserve(Integer.MAX_VALUE));
  }

  @Test
  void rewindRereadsWhatWasPopped() {
    DoubleStack tape = new DoubleStack();
    IntStack ints = new IntStack();
    BooleanStack flags = new BooleanStack();
    ReferenceStack<double[]> arrays = new ReferenceStack<>();
    double[] kept = {1};
    for (int k = 0; k < 100; k++) {
      tape.push(k);
      ints.push(-k);
      flags.push(k % 3 == 0);
      arrays.push(k == 50 ? kept : null);
    }
    int mark = tape.size();
    for (int sweep = 0; sweep < 3; sweep++) {
      tape.rewind(mark);
      ints.rewind(mark);
      flags.rewind(mark);
      arrays.rewind(mark);
      for (int k = 99; k >= 0; k--) {
        assertEquals(k, tape.pop());
        assertEquals(-k, ints.pop());
        assertEquals(k % 3 == 0, flags.pop());
        double[] a = arrays.pop();
        if (k == 50) {
          assertSame(kept, a);
        }
      }
    }
    arrays.clear();
    assertEquals(0, arrays.size());
  }
}
