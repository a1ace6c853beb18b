package io.javad.samples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;

/** Writes the samples' charts as PNG files, saying where (or why not). */
final class Charts {

  private Charts() {}

  /** Saves {@code chart} to {@code file} and prints {@code what} and the file's path. */
  static void save(XYChart chart, Path file, String what) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
      System.out.println(what + ": " + file.toAbsolutePath().normalize());
    } catch (IOException e) {
      System.out.println("could not write " + what + ": " + e.getMessage());
    }
  }
}
