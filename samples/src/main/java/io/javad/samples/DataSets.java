package io.javad.samples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The real data sets the samples train on, read from the samples' resources (copied unchanged from
 * Debian's python3-sklearn; see {@code data/README.md}): rows of features and an integer label.
 */
public final class DataSets {

  private DataSets() {}

  /** Features, one row per example, and the labels. */
  public record Labeled(double[][] x, int[] y) {}

  /** UCI breast cancer (Wisconsin, diagnostic): 569 rows, 30 features; 0 malignant, 1 benign. */
  public static Labeled breastCancer() {
    return read("breast_cancer.csv", false, true);
  }

  /** UCI digits: 1797 8x8 images, pixels 0..16; labels 0..9. */
  public static Labeled digits() {
    return read("digits.csv.gz", true, false);
  }

  private static Labeled read(String name, boolean gzip, boolean header) {
    try (InputStream raw = DataSets.class.getResourceAsStream("data/" + name)) {
      if (raw == null) {
        throw new IllegalStateException("missing resource data/" + name);
      }
      InputStream in = gzip ? new GZIPInputStream(raw) : raw;
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      if (header) {
        reader.readLine(); // counts and class names
      }
      List<double[]> rows = new ArrayList<>();
      List<Integer> labels = new ArrayList<>();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.isBlank()) {
          continue;
        }
        String[] fields = line.split(",");
        double[] row = new double[fields.length - 1];
        for (int j = 0; j < row.length; j++) {
          row[j] = Double.parseDouble(fields[j]);
        }
        rows.add(row);
        labels.add((int) Double.parseDouble(fields[fields.length - 1]));
      }
      return new Labeled(
          rows.toArray(new double[0][]), labels.stream().mapToInt(Integer::intValue).toArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
