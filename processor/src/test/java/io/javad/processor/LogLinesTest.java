package io.javad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.javad.processor.testing.ArrayFunction;
import io.javad.processor.testing.CompiledClasses;
import io.javad.processor.testing.Compiler;
import io.javad.processor.testing.GeneratedMembers;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Strings joined for a log line ({@code log("step " + i + ": s = " + s)}): data, joined where the
 * call runs; every derivative member writes the same lines as the function, once each.
 */
class LogLinesTest {

  private static final String SOURCE =
      """
      package t;

      import io.javad.Differentiable;
      import java.util.ArrayList;
      import java.util.List;

      public class Logged {
        static final List<String> LINES = new ArrayList<>();

        static void log(String line) {
          LINES.add(line);
        }

        @Differentiable(wrt = "z")
        static double f(double[] z, String name) {
          double s = 0;
          for (int i = 0; i < z.length; i++) {
            s += Math.sin(z[i] * (s + 1));
            log(name + " step " + i + ": s = " + s + ", " + (s > 0.5) + " " + (i + 1) * 2);
          }
          log("done: " + z.length + String.format(" at %.4f", s) + " " + String.valueOf(s > 0));
          log(String.format("z0 = %.3f", z[0]));
          return s;
        }
      }
      """;

  private static CompiledClasses classes;

  @BeforeAll
  static void compile() {
    classes = Compiler.compileAndLoad(Compiler.source("t.Logged", SOURCE));
  }

  @SuppressWarnings("unchecked")
  private static List<String> lines() throws Exception {
    java.lang.reflect.Field f = classes.load("t.Logged").getDeclaredField("LINES");
    f.setAccessible(true);
    return (List<String>) f.get(null);
  }

  @Test
  void everyMemberWritesTheFunctionsLines() throws Exception {
    double[] z = {0.3, -1.2, 0.8};
    new ArrayFunction(classes, "t.Logged", "f").check(z, "run");
    lines().clear();
    java.lang.reflect.Method f = classes.load("t.Logged").getDeclaredMethod("f", double[].class, String.class);
    f.setAccessible(true);
    f.invoke(null, z.clone(), "run");
    List<String> expected = List.copyOf(lines());
    assertEquals(5, expected.size());
    for (String member : List.of("fTangent", "fGradient")) {
      lines().clear();
      java.lang.reflect.Method m = GeneratedMembers.named(classes.load("t.LoggedDerivatives"), member);
      Object[] args =
          member.equals("fTangent")
              ? new Object[] {z.clone(), new double[3], "run"}
              : new Object[] {z.clone(), "run"};
      m.invoke(null, args);
      assertEquals(expected, lines(), member);
    }
  }
}
