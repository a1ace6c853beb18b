package io.javad.benchmarks.adbench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.stream.Stream;

/**
 * What a reader needs to judge a run's numbers: when and where it ran, with which settings, and
 * how busy the machine was (the load average before and after; ratios from one run survive a busy
 * machine better than times do, but not entirely).
 */
record RunConditions(
    ZonedDateTime start,
    Duration wallTime,
    String mode,
    String settings,
    String jdk,
    String machine,
    String loadBefore,
    String loadAfter) {

  /** "17.0.15+6-Debian-1deb12u1 (OpenJDK 64-Bit Server VM, Debian)". */
  static String currentJdk() {
    return System.getProperty("java.runtime.version")
        + " (" + System.getProperty("java.vm.name") + ", " + System.getProperty("java.vm.vendor") + ")";
  }

  /** "2 cores, amd64, Linux 6.1.0, AMD EPYC 7B13". */
  static String currentMachine() {
    String machine =
        Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.arch")
            + ", " + System.getProperty("os.name") + " " + System.getProperty("os.version");
    String cpu = cpuModel();
    return cpu.isEmpty() ? machine : machine + ", " + cpu;
  }

  /** The 1, 5 and 15 minute load averages from /proc/loadavg, or "unavailable" elsewhere. */
  static String currentLoadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return fields[0] + " / " + fields[1] + " / " + fields[2];
    } catch (IOException | RuntimeException e) {
      return "unavailable";
    }
  }

  private static String cpuModel() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      return lines
          .filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst()
          .orElse("");
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }
}
