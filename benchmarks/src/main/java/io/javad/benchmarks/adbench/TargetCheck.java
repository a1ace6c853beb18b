package io.javad.benchmarks.adbench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A target of the form "ratio at most {@code limit}" and the ratio measured in each case it covers
 * (NaN where not measured). It passes if every measured case meets the limit.
 */
record TargetCheck(String description, double limit, Map<String, Double> values) {

  TargetCheck {
    values = new LinkedHashMap<>(values);
  }

  boolean measured() {
    return values.values().stream().anyMatch(v -> !v.isNaN());
  }

  /** The largest measured ratio, NaN if none was measured. */
  double worst() {
    return values.values().stream().filter(v -> !v.isNaN()).mapToDouble(v -> v).max().orElse(Double.NaN);
  }

  String status() {
    if (!measured()) {
      return "not measured";
    }
    return worst() <= limit ? "PASS" : "MISS";
  }

  /** Each case with its ratio, the misses marked, e.g. "gmm_d10_K5 2.41, gmm_d64_K10 **3.20**". */
  String details() {
    return values.entrySet().stream()
        .map(e -> e.getKey() + " " + mark(e.getValue()))
        .collect(Collectors.joining(", "));
  }

  private String mark(double v) {
    if (Double.isNaN(v)) {
      return "—";
    }
    String text = MarkdownFormat.ratio(v);
    return v <= limit ? text : "**" + text + "**";
  }
}
