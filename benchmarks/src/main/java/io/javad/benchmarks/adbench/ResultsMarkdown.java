package io.javad.benchmarks.adbench;

import static io.javad.benchmarks.adbench.AdbenchResults.BA;
import static io.javad.benchmarks.adbench.AdbenchResults.GMM;
import static io.javad.benchmarks.adbench.AdbenchResults.LSTM;
import static io.javad.benchmarks.adbench.MarkdownFormat.bytes;
import static io.javad.benchmarks.adbench.MarkdownFormat.ratio;
import static io.javad.benchmarks.adbench.MarkdownFormat.raw;
import static io.javad.benchmarks.adbench.MarkdownFormat.time;

import io.javad.benchmarks.adbench.MarkdownFormat.Table;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * RESULTS.md: the run's conditions, the ratios per problem and dataset, the targets with PASS or
 * MISS, and JMH's raw scores. Everything is computed from an {@link AdbenchResults}, so that the
 * same code renders a real run and a test's synthetic one.
 */
final class ResultsMarkdown {

  private ResultsMarkdown() {}

  static String render(AdbenchResults r, RunConditions c, String chartFile) {
    StringBuilder out = new StringBuilder();
    out.append("# ADBench: javad's derivatives against the objectives\n\n");
    conditions(out, c);
    gmm(out, r, chartFile);
    ba(out, r);
    lstm(out, r);
    targets(out, Targets.check(r));
    appendix(out, r);
    return out.toString();
  }

  private static void conditions(StringBuilder out, RunConditions c) {
    out.append("Written by `io.javad.benchmarks.adbench.AdbenchReport`")
        .append(c.mode().equals("short") ? " `--short`" : "")
        .append(" (JMH, average time per call, GC profiler).\n\n");
    out.append("- Date: ").append(c.start().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z")))
        .append("\n");
    out.append("- JDK: ").append(c.jdk()).append("\n");
    out.append("- Machine: ").append(c.machine()).append("\n");
    out.append("- Mode: ").append(c.mode()).append(", ").append(c.settings()).append("\n");
    out.append("- Load average (1 / 5 / 15 min): ").append(c.loadBefore()).append(" before, ")
        .append(c.loadAfter()).append(" after\n");
    long seconds = c.wallTime().toSeconds();
    out.append("- Wall time: ").append(seconds / 60).append(" min ").append(seconds % 60)
        .append(" s\n\n");
    out.append("Each ratio divides two times measured in the same JMH run of one benchmark class, with")
        .append(" the same fork and iteration settings; JMH's scores and errors are in the appendix.")
        .append(" Allocation is JMH's `gc.alloc.rate.norm`, bytes per call (1 KB = 1024 bytes).\n\n");
  }

  private static void gmm(StringBuilder out, AdbenchResults r, String chartFile) {
    List<String> datasets = r.datasets(GMM);
    out.append("## GMM\n\n");
    out.append("1000 points. *gradient*: `GmmDerivatives.objectiveGradient` (fresh arrays);")
        .append(" *workspace*: `objectiveGradient(ws, ...)`, the training-loop form, into the")
        .append(" workspace's arrays; *hand-written*: `GmmByHandPerPoint`, point by point as reverse")
        .append(" mode and ADBench's hand-written C++ work, into arrays it clears; *rewritten*:")
        .append(" `GmmByHand`, which also sums the means' adjoint per cluster before the triangular")
        .append(" product (linearity over the points, an algebraic rewrite); *tangent*: one")
        .append(" directional derivative. Hipparchus (forward mode) and one-sided finite differences")
        .append(" (n + 1 objectives) run in `GmmPeersBenchmark` on the small sizes only; their ratio to")
        .append(" the gradient is (peer / objective) × (objective / gradient), each factor from one")
        .append(" class's run.\n\n");
    Table ratios =
        new Table("dataset", "parameters", "objective", "gradient / objective",
            "workspace / objective", "hand-written / objective", "workspace / hand-written",
            "workspace / rewritten", "tangent / objective", "Hipparchus / gradient",
            "finite differences / gradient");
    for (String d : datasets) {
      ratios.row(d, MarkdownFormat.format("%,d", ProblemSizes.gmmParameters(d)),
          time(r.micros(GMM, "objective", d)),
          ratio(r.timeRatio(GMM, "gradient", "objective", d)),
          ratio(r.timeRatio(GMM, "workspace", "objective", d)),
          ratio(r.timeRatio(GMM, "handWritten", "objective", d)),
          ratio(r.timeRatio(GMM, "workspace", "handWritten", d)),
          ratio(r.timeRatio(GMM, "workspace", "handWrittenRewritten", d)),
          ratio(r.timeRatio(GMM, "tangent", "objective", d)),
          ratio(r.gmmPeerOverGradient("hipparchus", d)),
          ratio(r.gmmPeerOverGradient("finiteDifferences", d)));
    }
    out.append(ratios).append("\n");
    out.append("![GMM gradient / objective against the number of parameters](").append(chartFile)
        .append(")\n\n");
    out.append("Allocation per call:\n\n");
    out.append(allocations(r, GMM, datasets)).append("\n");
  }

  private static void ba(StringBuilder out, AdbenchResults r) {
    List<String> datasets = r.datasets(BA);
    out.append("## BA\n\n");
    out.append("Every observation: its two residuals and 2 × 15 Jacobian block (camera, point, weight)")
        .append(" into preallocated arrays, and the weight error with its derivative. *Jacobian*:")
        .append(" `BaDerivatives.reprojectionErrorJacobian` per observation, blocks copied; *hand-written*:")
        .append(" `BaByHand.jacobianAll`; *tangent*: one Jacobian-vector product per observation;")
        .append(" *Hipparchus*: forward mode with 15 free variables per observation.\n\n");
    Table ratios =
        new Table("dataset", "cameras / points / observations", "objective",
            "Jacobian / objective", "hand-written / objective", "generated / hand-written",
            "tangent / objective", "Hipparchus / Jacobian");
    for (String d : datasets) {
      ratios.row(d, ProblemSizes.baShape(d), time(r.micros(BA, "objective", d)),
          ratio(r.timeRatio(BA, "jacobian", "objective", d)),
          ratio(r.timeRatio(BA, "handWritten", "objective", d)),
          ratio(r.timeRatio(BA, "jacobian", "handWritten", d)),
          ratio(r.timeRatio(BA, "tangent", "objective", d)),
          ratio(r.timeRatio(BA, "hipparchus", "jacobian", d)));
    }
    out.append(ratios).append("\n");
    out.append("Allocation per call:\n\n");
    Table allocation =
        new Table("dataset", "objective", "Jacobian", "hand-written", "tangent", "Hipparchus");
    for (String d : datasets) {
      allocation.row(d, bytes(r.bytes(BA, "objective", d)), bytes(r.bytes(BA, "jacobian", d)),
          bytes(r.bytes(BA, "handWritten", d)), bytes(r.bytes(BA, "tangent", d)),
          bytes(r.bytes(BA, "hipparchus", d)));
    }
    out.append(allocation).append("\n");
  }

  private static void lstm(StringBuilder out, AdbenchResults r) {
    List<String> datasets = r.datasets(LSTM);
    out.append("## LSTM\n\n");
    out.append("Benchmarks as for GMM; Hipparchus runs in the same class here.\n\n");
    Table ratios =
        new Table("dataset", "parameters", "objective", "gradient / objective",
            "workspace / objective", "hand-written / objective", "workspace / hand-written",
            "tangent / objective", "Hipparchus / gradient");
    for (String d : datasets) {
      ratios.row(d, MarkdownFormat.format("%,d", ProblemSizes.lstmParameters(d)),
          time(r.micros(LSTM, "objective", d)),
          ratio(r.timeRatio(LSTM, "gradient", "objective", d)),
          ratio(r.timeRatio(LSTM, "workspace", "objective", d)),
          ratio(r.timeRatio(LSTM, "handWritten", "objective", d)),
          ratio(r.timeRatio(LSTM, "workspace", "handWritten", d)),
          ratio(r.timeRatio(LSTM, "tangent", "objective", d)),
          ratio(r.timeRatio(LSTM, "hipparchus", "gradient", d)));
    }
    out.append(ratios).append("\n");
    out.append("Allocation per call:\n\n");
    out.append(allocations(r, LSTM, datasets)).append("\n");
  }

  /** The allocation table shared by GMM and LSTM, whose benchmarks have the same names. */
  private static Table allocations(AdbenchResults r, String benchmark, List<String> datasets) {
    Table allocation =
        new Table("dataset", "objective", "gradient", "workspace", "hand-written",
            "workspace / hand-written", "gradient / hand-written");
    for (String d : datasets) {
      allocation.row(d, bytes(r.bytes(benchmark, "objective", d)),
          bytes(r.bytes(benchmark, "gradient", d)), bytes(r.bytes(benchmark, "workspace", d)),
          bytes(r.bytes(benchmark, "handWritten", d)),
          ratio(r.bytesRatio(benchmark, "workspace", "handWritten", d)),
          ratio(r.bytesRatio(benchmark, "gradient", "handWritten", d)));
    }
    return allocation;
  }

  private static void targets(StringBuilder out, List<TargetCheck> checks) {
    out.append("## Targets\n\n");
    out.append("The generated code is held to these ratios; a target passes when every case it")
        .append(" covers meets it (misses in bold). The allocation target compares the generated")
        .append(" gradient with a workspace and the hand-written gradient, both filling arrays they")
        .append(" keep, so the difference is the tape and scratch.\n\n");
    Table table = new Table("target", "worst", "status", "cases");
    for (TargetCheck t : checks) {
      table.row(t.description(), ratio(t.worst()), t.status(), t.details());
    }
    out.append(table).append("\n");
  }

  private static void appendix(StringBuilder out, AdbenchResults r) {
    out.append("## Appendix: JMH's measurements\n\n");
    out.append("Score: mean time per call; error: half of JMH's 99.9% confidence interval")
        .append(" (a dash when there were too few iterations to compute one).\n\n");
    Table table =
        new Table("benchmark", "dataset", "method", "score", "error", "unit", "bytes per call");
    for (BenchmarkScore s : r.scores()) {
      table.row(s.benchmark(), s.dataset(), s.method(), raw(s.score()), raw(s.error()), s.unit(),
          MarkdownFormat.format("%,.0f", s.bytesPerCall()).replace("NaN", MarkdownFormat.NONE));
    }
    out.append(table);
  }
}
