package io.javad.benchmarks.adbench;

import static io.javad.benchmarks.adbench.AdbenchResults.BA;
import static io.javad.benchmarks.adbench.AdbenchResults.GMM;
import static io.javad.benchmarks.adbench.AdbenchResults.LSTM;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The performance targets javad's generated code is held to, checked against one run's ratios.
 * The allocation target compares like with like: the generated gradient with a workspace and the
 * hand-written gradient both fill arrays they keep, so what differs is tape and scratch.
 */
final class Targets {

  private Targets() {}

  static List<TargetCheck> check(AdbenchResults r) {
    List<String> gmm = r.datasets(GMM);
    List<String> ba = r.datasets(BA);
    List<String> lstm = r.datasets(LSTM);
    Map<String, Double> tangents = new LinkedHashMap<>();
    tangents.putAll(cases(gmm, d -> r.timeRatio(GMM, "tangent", "objective", d)));
    tangents.putAll(cases(ba, d -> r.timeRatio(BA, "tangent", "objective", d)));
    tangents.putAll(cases(lstm, d -> r.timeRatio(LSTM, "tangent", "objective", d)));
    Map<String, Double> allocations = new LinkedHashMap<>();
    allocations.putAll(cases(gmm, d -> r.bytesRatio(GMM, "workspace", "handWritten", d)));
    allocations.putAll(cases(lstm, d -> r.bytesRatio(LSTM, "workspace", "handWritten", d)));
    return List.of(
        new TargetCheck(
            "GMM gradient / objective ≤ 3.0 on gmm_d10_K5 and gmm_d64_K10", 3.0,
            cases(List.of("gmm_d10_K5", "gmm_d64_K10"),
                d -> r.timeRatio(GMM, "gradient", "objective", d))),
        new TargetCheck(
            "GMM generated gradient (workspace) / hand-written ≤ 1.25 on every size", 1.25,
            cases(gmm, d -> r.timeRatio(GMM, "workspace", "handWritten", d))),
        new TargetCheck(
            "bytes allocated per gradient call (workspace) ≤ 2 × the hand-written's,"
                + " GMM and LSTM", 2.0,
            allocations),
        new TargetCheck(
            "BA Jacobian / objective ≤ 3.5", 3.5,
            cases(ba, d -> r.timeRatio(BA, "jacobian", "objective", d))),
        new TargetCheck(
            "LSTM gradient / objective ≤ 4", 4.0,
            cases(lstm, d -> r.timeRatio(LSTM, "gradient", "objective", d))),
        new TargetCheck("tangent / objective ≤ 2.5 everywhere", 2.5, tangents));
  }

  private static Map<String, Double> cases(List<String> datasets, ToDoubleFunction<String> ratio) {
    Map<String, Double> values = new LinkedHashMap<>();
    for (String d : datasets) {
      values.put(d, ratio.applyAsDouble(d));
    }
    return values;
  }
}
