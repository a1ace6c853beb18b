package io.javad.benchmarks.adbench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The loaders read every shipped ADBench file with the shapes its name and header promise; expected
 * numbers are read off the files themselves.
 */
class AdbenchDataTest {

  @ParameterizedTest
  @CsvSource({
    "test, 2, 3, 1",
    "gmm_d2_K5, 2, 5, 1000",
    "gmm_d10_K5, 10, 5, 1000",
    "gmm_d10_K25, 10, 25, 1000",
    "gmm_d20_K10, 20, 10, 1000",
    "gmm_d64_K10, 64, 10, 1000"
  })
  void gmmFilesHaveTheirShapes(String name, int d, int k, int n) {
    GmmData data = GmmData.load(name);
    assertEquals(d, data.d());
    assertEquals(k, data.k());
    assertEquals(n, data.n());
    for (int c = 0; c < k; c++) {
      assertEquals(d, data.means()[c].length);
      assertEquals(d * (d + 1) / 2, data.icf()[c].length);
    }
    for (double[] point : data.x()) {
      assertEquals(d, point.length);
    }
  }

  @Test
  void gmmTestFileReadsInOrder() {
    GmmData data = GmmData.load("test");
    assertArrayEquals(new double[] {-0.649014, 1.181166, -0.758453}, data.alphas(), 0);
    assertArrayEquals(new double[] {0.092339, 0.186260}, data.means()[0], 0);
    assertArrayEquals(new double[] {0.538817, 0.419195}, data.means()[2], 0);
    assertArrayEquals(new double[] {0.586443, -0.851887, 0.800321}, data.icf()[0], 0);
    assertArrayEquals(new double[] {1.175171, 2.029160}, data.x()[0], 0);
    assertEquals(1.0, data.gamma(), 0);
    assertEquals(0, data.m());
    assertEquals(20, GmmData.load("gmm_d2_K5").firstPoints(20).n());
  }

  @ParameterizedTest
  @CsvSource({
    "test, 2, 10, 10",
    "ba1, 49, 7776, 31843",
    "ba2, 21, 11315, 36455",
    "ba3, 161, 48126, 182072",
    "ba1_n49_m7776_p31843, 49, 7776, 31843"
  })
  void baFilesAreReplicatedAsInAdbench(String name, int n, int m, int p) {
    BaData data = BaData.load(name);
    assertEquals(n, data.n());
    assertEquals(m, data.m());
    assertEquals(p, data.p());
    for (int i = 0; i < p; i++) {
      assertEquals(i % n, data.camIndex()[i]);
      assertEquals(i % m, data.pointIndex()[i]);
    }
    assertArrayEquals(data.cams()[0], data.cams()[n - 1], 0);
    assertNotSame(data.cams()[0], data.cams()[n - 1]);
    assertArrayEquals(data.points()[0], data.points()[m - 1], 0);
    assertArrayEquals(data.features()[0], data.features()[p - 1], 0);
    assertEquals(data.weights()[0], data.weights()[p - 1], 0);
  }

  @Test
  void baTestFileReadsInOrder() {
    BaData data = BaData.load("test");
    assertArrayEquals(
        new double[] {
          1.797201, 0.590697, -0.635786, 90.859550, 29.361415, 28.777534, 211.628116, -0.284531,
          -14.762924, 0.058931, 0.069976
        },
        data.cams()[1], 0);
    assertArrayEquals(new double[] {4.173048, 5.586898, 1.403869}, data.points()[9], 0);
    assertEquals(0.417022, data.weights()[9], 0);
    assertArrayEquals(new double[] {-525.672849, 161.811929}, data.features()[9], 0);
  }

  @Test
  void lstmFileHasItsShapes() {
    LstmData data = LstmData.load("lstm_l2_c1024");
    assertEquals(2, data.layers());
    assertEquals(1024, data.c());
    assertEquals(14, data.b());
    assertEquals(4, data.mainParams().length);
    assertEquals(56, data.mainParams()[3].length);
    assertEquals(3, data.extraParams().length);
    assertEquals(14, data.extraParams()[2].length);
    assertEquals(4, data.state().length);
    assertEquals(0.7477620204927391, data.mainParams()[0][0], 0);
    assertEquals(5, data.firstRows(5).c());
  }

  @Test
  void missingFilesAreReportedByName() {
    var e = assertThrows(IllegalArgumentException.class, () -> GmmData.load("gmm_d3_K7"));
    assertEquals("no ADBench input /adbench/gmm/gmm_d3_K7.txt on the classpath", e.getMessage());
  }
}
