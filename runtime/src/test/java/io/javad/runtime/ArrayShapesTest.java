package io.javad.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

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

  @Test
  void zeroedReusesWhenShapesAgree() {
    double[] bar = {1, 2};
    assertSame(bar, ArrayShapes.zeroed(bar, new double[2]));
    assertArrayEquals(new double[2], bar);
    assertEquals(3, ArrayShapes.zeroed(bar, new double[3]).length);
    double[][] m = {{1}, {2, 3}};
    assertSame(m, ArrayShapes.zeroed(m, new double[][] {{0}, {0, 0}}));
    assertArrayEquals(new double[2], m[1]);
    assertArrayEquals(new double[] {4, 5}, ArrayShapes.copy(new double[] {4, 5}));
  }

  @Test
  void referenceStackIsLastInFirstOut() {
    ReferenceStack<double[]> stack = new ReferenceStack<>();
    double[][] arrays = new double[40][];
    for (int i = 0; i < 40; i++) {
      arrays[i] = new double[i];
      stack.push(arrays[i]);
    }
    for (int i = 39; i >= 0; i--) {
      assertSame(arrays[i], stack.pop());
    }
    assertEquals(0, stack.size());
  }

  @Test
  void zerosGrowOnlyWhenTooSmall() {
    double[][] m = ArrayShapes.zeros((double[][]) null, new double[][] {{1, 2}, {3}});
    assertEquals(2, m[0].length);
    assertEquals(1, m[1].length);
    double[][] again = ArrayShapes.zeros(m, new double[][] {{1}, {2, 3, 4}, {5}});
    assertEquals(3, again.length);
    assertSame(m[0], again[0], "rows large enough are kept");
    assertArrayEquals(new double[3], again[1]);
    float[][] f = ArrayShapes.zeros((float[][]) null, new float[][] {{1}, {2, 3}});
    float[][] g = ArrayShapes.zeros(f, new float[][] {{1}, {2}, {3}});
    assertSame(f[1], g[1]);
    assertEquals(3, g.length);
  }

  @Test
  void aNullAdjointDiscardsWhatWouldBeAddedToIt() {
    ArrayShapes.addTo((double[]) null, new double[] {1, 2});
    double[] target = {5, 6, 7};
    ArrayShapes.moveBack(null, 0, target, 1, 2);
    assertArrayEquals(new double[] {5, 0, 0}, target, "the target's range is still cleared");
  }

  @Test
  void zerosStayZeroAndCoverTheArgument() {
    double[] z = ArrayShapes.zeros(null, new double[] {1, 2});
    assertArrayEquals(new double[2], z);
    double[] bigger = ArrayShapes.zeros(z, new double[] {1, 2, 3, 4});
    assertArrayEquals(new double[4], bigger);
    assertSame(bigger, ArrayShapes.zeros(bigger, new double[] {9}));
  }

  @Test
  void aSeedIsZerosForNullAndMustBeShapedLikeTheValue() {
    double[][] value = {{1, 2}, {3}};
    assertArrayEquals(new double[] {0, 0}, ArrayShapes.seed(null, value, "f")[0]);
    double[][] seed = {{1, 1}, {1}};
    assertSame(seed, ArrayShapes.seed(seed, value, "f"));
    IllegalArgumentException rows =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> ArrayShapes.seed(new double[][] {{1, 1}}, value, "f"));
    assertEquals("seed has 1 values, f returns 2", rows.getMessage());
    IllegalArgumentException row =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () -> ArrayShapes.seed(new float[][] {{1, 1}, {1, 1}}, new float[][] {{1, 2}, {3}}, "g"));
    assertEquals("seed has 2 values in row 1, g returns 1", row.getMessage());
    assertEquals(3, ArrayShapes.seed((float[]) null, new float[3], "h").length);
    IllegalArgumentException missing =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> ArrayShapes.seed(new double[][] {{1, 1}, null}, value, "f"));
    assertEquals("seed has no row 1, f returns one", missing.getMessage());
  }
}
