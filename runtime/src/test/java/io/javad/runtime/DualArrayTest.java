package io.javad.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DualArrayTest {

  @Test
  void equalityAndHashCodeAreContentBased() {
    DualArray a = new DualArray(new double[] {1, 2}, new double[] {0.5, -3});
    DualArray b = new DualArray(new double[] {1, 2}, new double[] {0.5, -3});
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
  }

  @Test
  void differentContentsAreNotEqual() {
    DualArray a = new DualArray(new double[] {1, 2}, new double[] {0.5, -3});
    assertNotEquals(a, new DualArray(new double[] {1, 2}, new double[] {0.5, 3}));
    assertNotEquals(a, new DualArray(new double[] {1, 2.5}, new double[] {0.5, -3}));
    // Swapping value and tangent must not collide into equality.
    assertNotEquals(a, new DualArray(new double[] {0.5, -3}, new double[] {1, 2}));
    assertNotEquals(a, null);
  }

  @Test
  void toStringShowsContents() {
    String s = new DualArray(new double[] {1.5}, new double[] {-2.25}).toString();
    assertTrue(s.contains("1.5") && s.contains("-2.25"), s);
  }

  @Test
  void rejectsMismatchedLengths() {
    assertThrows(IllegalArgumentException.class, () -> new DualArray(new double[2], new double[3]));
    assertThrows(NullPointerException.class, () -> new DualArray(null, new double[0]));
  }

  @Test
  void dualIsAValueRecord() {
    assertEquals(new Dual(2, 3), new Dual(2, 3));
    assertNotEquals(new Dual(2, 3), new Dual(2, 4));
  }
}
