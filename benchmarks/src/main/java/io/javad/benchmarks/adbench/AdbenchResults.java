package io.javad.benchmarks.adbench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Param;

/**
 * The scores of one report, looked up by benchmark class, method and dataset. Every ratio is of
 * two scores of the same benchmark class (one JMH run, same forks), except the GMM peers', which
 * are related to the generated gradient through the objective that both classes measure. A
 * missing score makes a ratio NaN, which the report prints as a dash.
 */
final class AdbenchResults {

  static final String GMM = GmmBenchmark.class.getSimpleName();
  static final String GMM_PEERS = GmmPeersBenchmark.class.getSimpleName();
  static final String BA = BaBenchmark.class.getSimpleName();
  static final String LSTM = LstmBenchmark.class.getSimpleName();

  /** The benchmark classes in the order of the report, with their datasets in declared order. */
  private static final List<Class<?>> BENCHMARKS =
      List.of(GmmBenchmark.class, GmmPeersBenchmark.class, BaBenchmark.class, LstmBenchmark.class);

  private final List<BenchmarkScore> scores;
  private final Map<String, BenchmarkScore> byKey = new HashMap<>();

  AdbenchResults(Collection<BenchmarkScore> scores) {
    this.scores = new ArrayList<>(scores);
    this.scores.sort(
        Comparator.comparingInt((BenchmarkScore s) -> benchmarkRank(s.benchmark()))
            .thenComparingInt(s -> datasetRank(s.benchmark(), s.dataset()))
            .thenComparing(BenchmarkScore::dataset)
            .thenComparing(BenchmarkScore::method));
    for (BenchmarkScore s : scores) {
      byKey.put(key(s.benchmark(), s.method(), s.dataset()), s);
    }
  }

  /** Every score, by benchmark class, dataset (as declared) and method. */
  List<BenchmarkScore> scores() {
    return scores;
  }

  /** The datasets measured by a benchmark class, in the order its {@code @Param} declares them. */
  List<String> datasets(String benchmark) {
    return scores.stream()
        .filter(s -> s.benchmark().equals(benchmark))
        .map(BenchmarkScore::dataset)
        .distinct()
        .toList();
  }

  /** Microseconds per call, or NaN if not measured. */
  double micros(String benchmark, String method, String dataset) {
    BenchmarkScore s = byKey.get(key(benchmark, method, dataset));
    return s == null ? Double.NaN : s.micros();
  }

  /** Bytes allocated per call, or NaN if not measured. */
  double bytes(String benchmark, String method, String dataset) {
    BenchmarkScore s = byKey.get(key(benchmark, method, dataset));
    return s == null ? Double.NaN : s.bytesPerCall();
  }

  /** The time of {@code method} over that of {@code base}, both from one benchmark class. */
  double timeRatio(String benchmark, String method, String base, String dataset) {
    return micros(benchmark, method, dataset) / micros(benchmark, base, dataset);
  }

  /** Bytes allocated by {@code method} over those of {@code base}; 0 / 0 counts as 1. */
  double bytesRatio(String benchmark, String method, String base, String dataset) {
    double a = bytes(benchmark, method, dataset);
    double b = bytes(benchmark, base, dataset);
    return a == 0 && b == 0 ? 1 : a / b;
  }

  /**
   * A GMM peer's time over the generated gradient's: (peer / objective) in the peers' run times
   * (objective / gradient) in the main run, so that a drift between the two runs cancels out.
   */
  double gmmPeerOverGradient(String peer, String dataset) {
    return timeRatio(GMM_PEERS, peer, "objective", dataset)
        * timeRatio(GMM, "objective", "gradient", dataset);
  }

  private static String key(String benchmark, String method, String dataset) {
    return benchmark + "." + method + "@" + dataset;
  }

  private static int benchmarkRank(String benchmark) {
    for (int i = 0; i < BENCHMARKS.size(); i++) {
      if (BENCHMARKS.get(i).getSimpleName().equals(benchmark)) {
        return i;
      }
    }
    return BENCHMARKS.size();
  }

  private static int datasetRank(String benchmark, String dataset) {
    for (Class<?> c : BENCHMARKS) {
      if (c.getSimpleName().equals(benchmark)) {
        List<String> declared = declaredDatasets(c);
        int i = declared.indexOf(dataset);
        return i < 0 ? declared.size() : i;
      }
    }
    return 0;
  }

  private static List<String> declaredDatasets(Class<?> benchmark) {
    try {
      return List.of(benchmark.getDeclaredField("dataset").getAnnotation(Param.class).value());
    } catch (NoSuchFieldException e) {
      throw new IllegalStateException(benchmark + " has no dataset parameter", e);
    }
  }
}
