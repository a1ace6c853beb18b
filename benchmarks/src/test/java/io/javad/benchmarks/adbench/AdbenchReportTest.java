package io.javad.benchmarks.adbench;

import static io.javad.benchmarks.adbench.AdbenchResults.BA;
import static io.javad.benchmarks.adbench.AdbenchResults.GMM;
import static io.javad.benchmarks.adbench.AdbenchResults.GMM_PEERS;
import static io.javad.benchmarks.adbench.AdbenchResults.LSTM;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's arithmetic and verdicts on made-up scores whose ratios are known: no JMH run. The
 * numbers are chosen so that some targets pass and some miss.
 */
class AdbenchReportTest {

  @BeforeAll
  static void headless() {
    System.setProperty("java.awt.headless", "true");
  }

  private static BenchmarkScore score(String benchmark, String method, String dataset, double micros, double bytes) {
    return new BenchmarkScore(benchmark, method, dataset, micros, micros / 100, "us/op", bytes);
  }

  /** GMM d10_K5 passes everything; d64_K10 misses gradient / objective (3.5) and workspace / hand-written (1.36). */
  static AdbenchResults synthetic() {
    List<BenchmarkScore> s = new ArrayList<>();
    // listed out of order: the report sorts them
    s.add(score(GMM, "objective", "gmm_d64_K10", 1000, 2000));
    s.add(score(GMM, "gradient", "gmm_d64_K10", 3500, 9e6));
    s.add(score(GMM, "workspace", "gmm_d64_K10", 3400, 8e6));
    s.add(score(GMM, "handWritten", "gmm_d64_K10", 2500, 5e6));
    s.add(score(GMM, "handWrittenRewritten", "gmm_d64_K10", 2000, 5e6));
    s.add(score(GMM, "tangent", "gmm_d64_K10", 2000, 3000));
    s.add(score(GMM, "objective", "gmm_d10_K5", 100, 800));
    s.add(score(GMM, "gradient", "gmm_d10_K5", 250, 10_000));
    s.add(score(GMM, "workspace", "gmm_d10_K5", 240, 6000));
    s.add(score(GMM, "handWritten", "gmm_d10_K5", 200, 4000));
    s.add(score(GMM, "handWrittenRewritten", "gmm_d10_K5", 160, 4000));
    s.add(score(GMM, "tangent", "gmm_d10_K5", 180, 1600));
    s.add(score(GMM_PEERS, "objective", "gmm_d10_K5", 110, 800));
    s.add(score(GMM_PEERS, "hipparchus", "gmm_d10_K5", 110_000, 2e9));
    s.add(score(GMM_PEERS, "finiteDifferences", "gmm_d10_K5", 33_000, 3e5));
    // BA in milliseconds, as JMH may report them
    s.add(new BenchmarkScore(BA, "objective", "ba1", 5.0, 0.1, "ms/op", 1e6));
    s.add(new BenchmarkScore(BA, "jacobian", "ba1", 15.0, Double.NaN, "ms/op", 2.8e7));
    s.add(new BenchmarkScore(BA, "handWritten", "ba1", 10.0, 0.2, "ms/op", 0));
    s.add(new BenchmarkScore(BA, "tangent", "ba1", 9.0, 0.2, "ms/op", 1e7));
    s.add(new BenchmarkScore(BA, "hipparchus", "ba1", 150.0, 3, "ms/op", 4e8));
    s.add(score(LSTM, "objective", "lstm_l2_c1024", 3000, 800));
    s.add(score(LSTM, "gradient", "lstm_l2_c1024", 9000, 4.3e6));
    s.add(score(LSTM, "workspace", "lstm_l2_c1024", 9500, 4.2e6));
    s.add(score(LSTM, "handWritten", "lstm_l2_c1024", 4500, 1.7e6));
    s.add(score(LSTM, "tangent", "lstm_l2_c1024", 5000, 1700));
    s.add(score(LSTM, "hipparchus", "lstm_l2_c1024", 1.9e6, 1.8e9));
    return new AdbenchResults(s);
  }

  private static final RunConditions CONDITIONS =
      new RunConditions(
          ZonedDateTime.of(2025, 1, 2, 3, 4, 0, 0, ZoneOffset.UTC), Duration.ofSeconds(412),
          "short", "1 fork", "17.0.15", "2 cores, amd64", "1.00 / 0.50 / 0.25",
          "2.00 / 1.00 / 0.50");

  @Test
  void ratiosOfOneClassAndAcrossThePeers() {
    AdbenchResults r = synthetic();
    assertEquals(2.5, r.timeRatio(GMM, "gradient", "objective", "gmm_d10_K5"), 1e-12);
    assertEquals(1.36, r.timeRatio(GMM, "workspace", "handWritten", "gmm_d64_K10"), 1e-12);
    // (110000 / 110) * (100 / 250)
    assertEquals(400, r.gmmPeerOverGradient("hipparchus", "gmm_d10_K5"), 1e-9);
    assertEquals(120, r.gmmPeerOverGradient("finiteDifferences", "gmm_d10_K5"), 1e-9);
    assertTrue(Double.isNaN(r.gmmPeerOverGradient("hipparchus", "gmm_d64_K10")));
    assertEquals(5000, r.micros(BA, "objective", "ba1"), 1e-9);
    assertEquals(3.0, r.timeRatio(BA, "jacobian", "objective", "ba1"), 1e-12);
    assertEquals(1.5, r.bytesRatio(GMM, "workspace", "handWritten", "gmm_d10_K5"), 1e-12);
    assertEquals(List.of("gmm_d10_K5", "gmm_d64_K10"), r.datasets(GMM), "in declared order");
  }

  @Test
  void targetsPassOrMissFromTheNumbers() {
    List<TargetCheck> checks = Targets.check(synthetic());
    String[] expected = {"MISS", "MISS", "MISS", "PASS", "PASS", "PASS"};
    assertArrayEquals(expected, checks.stream().map(TargetCheck::status).toArray(), checks.toString());
    assertEquals(3.5, checks.get(0).worst(), 1e-12);
    // allocation: GMM 1.5 and 1.6, LSTM 4.2 / 1.7
    assertEquals(4.2 / 1.7, checks.get(2).worst(), 1e-12);
    assertEquals(2.0, checks.get(5).worst(), 1e-12, "GMM d64_K10's tangent is the slowest");
  }

  @Test
  void targetsWithoutMeasurementsAreNotMeasured() {
    for (TargetCheck t : Targets.check(new AdbenchResults(List.of()))) {
      assertEquals("not measured", t.status(), t.description());
    }
  }

  @Test
  void markdownHasTheRatioRowsVerdictsAndRawScores() {
    String md = ResultsMarkdown.render(synthetic(), CONDITIONS, "gmm-ratios.png");
    assertTrue(md.contains("| gmm_d10_K5 | 330 | 100 µs | 2.50 | 2.40 | 2.00 | 1.20 | 1.50 | 1.80 | 400 | 120 |"), md);
    assertTrue(md.contains("| gmm_d64_K10 | 21,450 | 1.00 ms | 3.50 | 3.40 | 2.50 | 1.36 | 1.70 | 2.00 | — | — |"), md);
    assertTrue(md.contains("| ba1 | 49 / 7,776 / 31,843 | 5.00 ms | 3.00 | 2.00 | 1.50 | 1.80 | 10.0 |"), md);
    assertTrue(md.contains("| lstm_l2_c1024 | 266 | 3.00 ms | 3.00 | 3.17 | 1.50 | 2.11 | 1.67 | 211 |"), md);
    assertTrue(md.contains("| gmm_d64_K10 | 1.95 KB | 8.58 MB | 7.63 MB | 4.77 MB | 1.60 | 1.80 |"), md);
    assertTrue(md.contains("| GMM gradient / objective ≤ 3.0 on gmm_d10_K5 and gmm_d64_K10 | 3.50 | MISS"
        + " | gmm_d10_K5 2.50, gmm_d64_K10 **3.50** |"), md);
    assertTrue(md.contains("| BA Jacobian / objective ≤ 3.5 | 3.00 | PASS | ba1 3.00 |"), md);
    assertTrue(md.contains("| BaBenchmark | ba1 | jacobian | 15.000 | — | ms/op | 28,000,000 |"), md);
    assertTrue(md.contains("- Load average (1 / 5 / 15 min): 1.00 / 0.50 / 0.25 before, 2.00 / 1.00 / 0.50 after"), md);
    assertTrue(md.contains("- Wall time: 6 min 52 s"), md);
    assertTrue(md.indexOf("| GmmBenchmark | gmm_d10_K5 |") < md.indexOf("| GmmBenchmark | gmm_d64_K10 |"));
  }

  @Test
  void numbersPrintWithSensibleDigits() {
    assertEquals("2.41", MarkdownFormat.ratio(2.414));
    assertEquals("23.4", MarkdownFormat.ratio(23.44));
    assertEquals("1,235", MarkdownFormat.ratio(1234.5));
    assertEquals("—", MarkdownFormat.ratio(Double.NaN));
    assertEquals("412 µs", MarkdownFormat.time(412.2));
    assertEquals("3.27 ms", MarkdownFormat.time(3270));
    assertEquals("1.91 s", MarkdownFormat.time(1.91e6));
    assertEquals("376 B", MarkdownFormat.bytes(376));
    assertEquals("12.3 KB", MarkdownFormat.bytes(12.3 * 1024));
    assertEquals("4.02 MB", MarkdownFormat.bytes(4.02 * 1024 * 1024));
  }

  @Test
  void chartIsAPng(@TempDir Path dir) throws IOException {
    Path png = dir.resolve("gmm-ratios.png");
    GmmRatioChart.write(synthetic(), png);
    byte[] bytes = Files.readAllBytes(png);
    assertTrue(bytes.length > 1000, bytes.length + " bytes");
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(bytes, 4));
  }
}
