package io.javad.benchmarks.adbench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the ADBench benchmarks through JMH with the GC profiler and writes RESULTS.md and the GMM
 * chart beside it. Every benchmark runs with the same fork and iteration settings, so the ratios
 * in the report are of times measured alike.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.javad.benchmarks.adbench.AdbenchReport [--short] [RESULTS.md]
 * </pre>
 *
 * <p>{@code --short} (1 fork, 4 warm-up + 3 measurement iterations of 1 s) takes about 7 minutes
 * on 2 cores, the full mode (2 forks, 10 + 5 iterations) about 35 minutes. The output defaults to
 * {@code benchmarks/RESULTS.md} from the repository root, {@code RESULTS.md} from anywhere else.
 */
public final class AdbenchReport {

  private AdbenchReport() {}

  /** The two ways to run: a quick look, and the numbers to quote. */
  enum RunMode {
    // Even with a pretouched heap, the JIT takes 4 to 7 seconds to settle on some of these methods
    // on 2 busy cores (the generated adjoints are large), so the full mode warms up for 10 s.
    SHORT("short", 1, 4, 3),
    FULL("full", 2, 10, 5);

    final String label;
    final int forks;
    final int warmups;
    final int measurements;

    RunMode(String label, int forks, int warmups, int measurements) {
      this.label = label;
      this.forks = forks;
      this.warmups = warmups;
      this.measurements = measurements;
    }

    String settings() {
      return forks + (forks == 1 ? " fork" : " forks") + " × (" + warmups
          + " warm-up + " + measurements + " measurement iterations of 1 s) per benchmark and dataset, "
          + String.join(" ", forkJvmArgs());
    }
  }

  static final String CHART_FILE = "gmm-ratios.png";

  /**
   * A fixed heap for every fork, ample for the largest problem (BA's ba3 with its Jacobian blocks)
   * and for Hipparchus' garbage, and touched before the benchmark starts. Without that, the first
   * touch of each heap page lands in the measurement: on the 2-core development VM a page fault
   * costs about 18 µs, and BA's objective, which allocates 1 GB/s, ran 4 times slower for its
   * first 7 seconds. Huge pages (Linux only) make the touching take 1.5 s rather than 4.
   */
  static List<String> forkJvmArgs() {
    List<String> args = new ArrayList<>(List.of("-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"));
    if (System.getProperty("os.name").startsWith("Linux")) {
      args.add("-XX:+UseTransparentHugePages");
    }
    return args;
  }

  public static void main(String[] args) throws IOException, RunnerException {
    System.setProperty("java.awt.headless", "true");
    RunMode mode = RunMode.FULL;
    Path output = null;
    for (String arg : args) {
      if (arg.equals("--short")) {
        mode = RunMode.SHORT;
      } else if (arg.startsWith("-")) {
        System.err.println("usage: AdbenchReport [--short] [path/to/RESULTS.md]");
        System.exit(2);
        return;
      } else {
        output = Path.of(arg);
      }
    }
    if (output == null) {
      boolean atRoot = Files.isDirectory(Path.of("benchmarks"));
      output = atRoot ? Path.of("benchmarks", "RESULTS.md") : Path.of("RESULTS.md");
    }

    String loadBefore = RunConditions.currentLoadAverage();
    ZonedDateTime start = ZonedDateTime.now();
    long startNanos = System.nanoTime();
    Collection<RunResult> runs = new Runner(options(mode)).run();
    Duration wallTime = Duration.ofNanos(System.nanoTime() - startNanos);
    RunConditions conditions =
        new RunConditions(start, wallTime, mode.label, mode.settings(), RunConditions.currentJdk(),
            RunConditions.currentMachine(), loadBefore, RunConditions.currentLoadAverage());

    AdbenchResults results = new AdbenchResults(scores(runs));
    Path chart = output.toAbsolutePath().resolveSibling(CHART_FILE);
    Files.createDirectories(chart.getParent());
    Files.writeString(output, ResultsMarkdown.render(results, conditions, CHART_FILE));
    GmmRatioChart.write(results, chart);
    System.out.println("Wrote " + output.toAbsolutePath() + " and " + chart + " in "
        + wallTime.toMinutes() + " min " + wallTime.toSecondsPart() + " s");
  }

  static Options options(RunMode mode) {
    OptionsBuilder options = new OptionsBuilder();
    for (Class<?> benchmark :
        List.of(GmmBenchmark.class, GmmPeersBenchmark.class, BaBenchmark.class, LstmBenchmark.class)) {
      options.include(Pattern.quote(benchmark.getName() + ".") + "\\w+$");
    }
    return options
        .forks(mode.forks)
        .warmupIterations(mode.warmups)
        .warmupTime(TimeValue.seconds(1))
        .measurementIterations(mode.measurements)
        .measurementTime(TimeValue.seconds(1))
        .jvmArgsAppend(forkJvmArgs().toArray(String[]::new))
        .addProfiler(GCProfiler.class)
        .shouldFailOnError(true)
        .build();
  }

  /** JMH's results as the report's scores: class, method, dataset, time and bytes per call. */
  static List<BenchmarkScore> scores(Collection<RunResult> runs) {
    List<BenchmarkScore> scores = new ArrayList<>();
    for (RunResult run : runs) {
      String name = run.getParams().getBenchmark();
      int lastDot = name.lastIndexOf('.');
      String className = name.substring(0, lastDot);
      Result<?> primary = run.getPrimaryResult();
      Result<?> allocation = run.getSecondaryResults().get("gc.alloc.rate.norm");
      scores.add(
          new BenchmarkScore(
              className.substring(className.lastIndexOf('.') + 1),
              name.substring(lastDot + 1),
              run.getParams().getParam("dataset"),
              primary.getScore(),
              primary.getScoreError(),
              primary.getScoreUnit(),
              allocation == null ? Double.NaN : allocation.getScore()));
    }
    return scores;
  }
}
