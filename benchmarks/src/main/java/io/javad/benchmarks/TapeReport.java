package io.javad.benchmarks;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;

/**
 * Measures what the adjoint of a loop allocates per iteration (its tape, by the JVM's per-thread
 * allocation counter) and runs a loop of 10^7 iterations in the default heap. Run with {@code
 * java -cp benchmarks/target/benchmarks.jar io.javad.benchmarks.TapeReport}.
 */
public final class TapeReport {

  private TapeReport() {}

  public static void main(String[] args) {
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    for (int n : new int[] {1_000_000, 10_000_000}) {
      LoopKernelsDerivatives.recurrenceGradient(0.7, 1e-6, 1000); // load and warm up
      long before = threads.getThreadAllocatedBytes(thread);
      long start = System.nanoTime();
      double gradient = LoopKernelsDerivatives.recurrenceGradient(0.7, 1e-6, n).x();
      long nanos = System.nanoTime() - start;
      long bytes = threads.getThreadAllocatedBytes(thread) - before;
      System.out.printf(
          "n = %,d: gradient %.6f in %d ms; allocated %.1f bytes per iteration"
              + " (one double taped: 8 bytes, plus the doubling stack's copies)%n",
          n, gradient, nanos / 1_000_000, (double) bytes / n);
    }
    System.out.printf("max heap %,d MB%n", Runtime.getRuntime().maxMemory() >> 20);
  }
}
