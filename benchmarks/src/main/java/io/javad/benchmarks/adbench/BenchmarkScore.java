package io.javad.benchmarks.adbench;

/**
 * One JMH result as the report needs it: the benchmark class's simple name, the method and the
 * dataset; JMH's mean time per call and its error (half the 99.9% confidence interval, NaN when
 * there were too few iterations) in JMH's {@code unit}; and the bytes allocated per call
 * ({@code gc.alloc.rate.norm}, NaN without the GC profiler).
 */
record BenchmarkScore(
    String benchmark, String method, String dataset,
    double score, double error, String unit, double bytesPerCall) {

  /** The mean time per call in microseconds, whatever unit JMH reported it in. */
  double micros() {
    return score * microsPerUnit();
  }

  private double microsPerUnit() {
    switch (unit) {
      case "ns/op":
        return 1e-3;
      case "us/op":
        return 1;
      case "ms/op":
        return 1e3;
      case "s/op":
        return 1e6;
      default:
        throw new IllegalStateException("not a time per call: " + unit);
    }
  }
}
