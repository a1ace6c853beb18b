package io.javad.benchmarks.adbench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Numbers as the report prints them, with as many digits as a benchmark can vouch for, and a
 * Markdown table. A number that was not measured (NaN) prints as a dash.
 */
final class MarkdownFormat {

  private MarkdownFormat() {}

  static final String NONE = "—";

  /** 2.41, 23.4, 312: three significant digits at most, fewer for large ratios. */
  static String ratio(double r) {
    if (Double.isNaN(r)) {
      return NONE;
    }
    if (Double.isInfinite(r)) {
      return "∞";
    }
    double a = Math.abs(r);
    return format(a < 10 ? "%.2f" : a < 100 ? "%.1f" : "%,.0f", r);
  }

  /** A time per call from microseconds: "412 µs", "3.27 ms", "1.91 s". */
  static String time(double micros) {
    if (Double.isNaN(micros)) {
      return NONE;
    }
    if (micros < 1e3) {
      return significant(micros) + " µs";
    }
    if (micros < 1e6) {
      return significant(micros / 1e3) + " ms";
    }
    return significant(micros / 1e6) + " s";
  }

  /** Bytes per call in binary units: "376 B", "12.3 KB", "4.02 MB" (1 KB = 1024 bytes). */
  static String bytes(double b) {
    if (Double.isNaN(b)) {
      return NONE;
    }
    if (b < 1024) {
      return format("%.0f B", b);
    }
    if (b < 1024 * 1024) {
      return significant(b / 1024) + " KB";
    }
    if (b < 1024.0 * 1024 * 1024) {
      return significant(b / (1024 * 1024)) + " MB";
    }
    return significant(b / (1024.0 * 1024 * 1024)) + " GB";
  }

  /** A raw JMH number with its full precision to three decimals: "353.240". */
  static String raw(double v) {
    return Double.isNaN(v) ? NONE : format("%,.3f", v);
  }

  private static String significant(double v) {
    return format(v < 10 ? "%.2f" : v < 100 ? "%.1f" : "%.0f", v);
  }

  static String format(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }

  /** A Markdown table built row by row. */
  static final class Table {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    Table(String... header) {
      this.header = List.of(header);
    }

    Table row(String... cells) {
      if (cells.length != header.size()) {
        throw new IllegalArgumentException(cells.length + " cells for " + header.size() + " columns");
      }
      rows.add(List.of(cells));
      return this;
    }

    @Override
    public String toString() {
      StringBuilder out = new StringBuilder();
      line(out, header);
      line(out, header.stream().map(h -> "---").toList());
      for (List<String> row : rows) {
        line(out, row);
      }
      return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells) {
      out.append("| ").append(String.join(" | ", cells)).append(" |\n");
    }
  }
}
