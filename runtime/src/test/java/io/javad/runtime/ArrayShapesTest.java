package io.javad.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ArrayShapesTest {

  @Test
  void zerosOfTheSameShape() {
    double[] a = {1, 2, 3};
    double[] z = ArrayShapes.zerosLike(a);
    assertArrayEquals(new double[3], z);
    assertNotSame(a, z);
    double[][] m = {{1, 2}, {3}, {}};
    double[][] zm = ArrayShapes.zerosLike(m);
    assertEquals(3, zm.length);
    assertArrayEquals(new double[2], zm[0]);
    assertArrayEquals(new double[1], zm[1]);
    assertArrayEquals(new double[0], zm[2]);
    assertNull(ArrayShapes.zerosLike((double[]) null));
    assertNull(ArrayShapes.zerosLike(new double[][] {null})[0]);
  }
}
