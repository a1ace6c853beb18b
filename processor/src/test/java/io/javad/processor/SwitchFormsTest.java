package io.javad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javad.processor.testing.CompiledClasses;
import io.javad.processor.testing.Compiler;
import io.javad.processor.testing.DerivativeChecks;
import io.javad.processor.testing.Differentiated;
import java.lang.reflect.Method;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every switch: fall-through, several labels with default, braced case bodies ending in break,
 * switches on enums, switch expressions with arrows and with yield. Each method is checked in
 * both modes at every selector value (finite differences, dot-product test), and its value is the
 * function's own.
 */
class SwitchFormsTest {

  private static final String SOURCE =
      """
      package t;

      import io.javad.Differentiable;

      public class Switches {
        enum Shape { LINE, SQUARE, CUBE }

        @Differentiable
        static double fallThrough(double x, int k) {
          double s = 1;
          switch (k) {
            case 0:
              s += x;
            case 1:
              s *= x;
              break;
            case 2: {
              s = x * 3;
              break;
            }
            case 3:
            case 4:
            default:
              s -= x;
          }
          return s;
        }

        @Differentiable
        static double bracedInLoop(double x, int k) {
          double s = x;
          for (int i = 0; i < k + 3; i++) {
            switch (i % 3) {
              case 1: {
                s += x;
                break;
              }
              case 2: {
                if (s > 10) {
                  s = s / 2;
                }
                break;
              }
              default: {
                s *= 1.5;
                break;
              }
            }
          }
          return s;
        }

        @Differentiable
        static double arrows(double x, int k) {
          double y = switch (k) {
            case 0 -> x * x;
            case 1, 2 -> {
              double t = x + k;
              yield t * t;
            }
            default -> {
              if (x > 0) {
                yield x;
              } else {
                yield -x;
              }
            }
          };
          int m = switch (k) { case 0 -> 1; default -> 2; };
          return y * m + x * switch (k) { case 3 -> 2.0; default -> 1; };
        }

        @Differentiable
        static double oldYield(double x, int k) {
          return switch (k) {
            case 0:
              yield x;
            case 1:
            case 2:
              double t = x * k;
              yield t * x;
            default:
              yield 2 * x;
          };
        }

        @Differentiable
        static double shapes(double x, Shape shape) {
          return switch (shape) {
            case LINE -> x;
            case SQUARE -> x * x;
            case CUBE -> x * x * x;
          };
        }

        /** A local declared in one case and assigned in a later one: they share the switch's block. */
        @Differentiable
        static double sharedLocal(double x, int k) {
          double s = x;
          switch (k) {
            case 0:
              double t = x * x;
              s += t;
              break;
            case 1:
              t = 3 * x;
              s *= t;
              break;
            default:
              s = -s;
          }
          return s;
        }

        /** Breaks out of the switch from inside its cases, also in a loop with a continue. */
        @Differentiable
        static double innerBreaks(double x, int k) {
          double s = x;
          for (int i = 0; i < 4; i++) {
            switch ((k + i) % 5) {
              case 0:
                if (s > 2) {
                  break;
                }
                s *= x;
                break;
              case 1:
                if (s < 0) {
                  s = -s;
                  if (s > 1) {
                    break;
                  }
                  s += 0.5;
                }
                s = s * 0.75 + x;
                break;
              case 2:
                if (i == 3) {
                  continue;
                }
                s += x * i;
              case 3: {
                if (x > 0.5) {
                  s -= x;
                  break;
                } else if (x < -1) {
                  break;
                }
                s *= 1.25;
                break;
              }
              default:
                s = Math.sin(s) + x;
            }
            s += 0.125 * x;
          }
          return s;
        }

        @Differentiable
        static double arrowBreak(double x, int k) {
          double s = x;
          switch (k) {
            case 0, 1 -> {
              if (x > 0) {
                break;
              }
              s = s * s;
            }
            default -> s += 1;
          }
          return s * x;
        }

        static final String HUBER = "huber";

        /** A switch on a String: old groups with a constant label, arrows, and an expression. */
        @Differentiable
        static double loss(double r, String kind) {
          double scale = switch (kind) {
            case "squared", "abs" -> 1;
            case HUBER -> 0.5;
            default -> 2;
          };
          switch (kind) {
            case "squared":
              return scale * r * r;
            case "abs":
              return scale * Math.abs(r);
            case Switches.HUBER: {
              if (Math.abs(r) <= 1) {
                return scale * r * r;
              }
              break;
            }
            case "log-cosh":
            default:
              return scale * Math.log(Math.cosh(r));
          }
          return Math.abs(r) - 0.5;
        }

        @Differentiable
        static double arrowStatements(double x, int k) {
          double s = x;
          switch (k) {
            case 0 -> s = s * x;
            case 1 -> {
              s += 1;
              s *= x;
            }
            default -> s = -s;
          }
          return s;
        }
      }
      """;

  private static CompiledClasses classes;

  @BeforeAll
  static void compile() {
    classes = Compiler.compileAndLoad(Compiler.source("t.Switches", SOURCE));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "fallThrough", "bracedInLoop", "arrows", "oldYield", "arrowStatements", "sharedLocal",
        "innerBreaks", "arrowBreak"
      })
  void everyCaseDifferentiatesAndKeepsTheValue(String name) throws Exception {
    Differentiated f = new Differentiated(classes, "t.Switches", name);
    Method primal = classes.load("t.Switches").getDeclaredMethod(name, double.class, int.class);
    primal.setAccessible(true);
    for (int k = 0; k <= 5; k++) {
      for (double x : new double[] {0.7, -1.3}) {
        double[] at = {x, k};
        DerivativeChecks.check(f, at);
        double value = (double) primal.invoke(null, x, k);
        assertEquals(value, f.gradient(at)[0], 0.0, name + " at k = " + k);
      }
    }
  }

  @Test
  void aSwitchOnAStringComparesWithEquals() throws Exception {
    Method primal =
        classes.load("t.Switches").getDeclaredMethod("loss", double.class, String.class);
    primal.setAccessible(true);
    Class<?> companion = classes.load("t.SwitchesDerivatives");
    Method gradient = companion.getMethod("lossGradient", double.class, String.class);
    Method tangent = companion.getMethod("lossTangent", double.class, double.class, String.class);
    double h = 1e-6;
    for (String kind : new String[] {"squared", "abs", "huber", "log-cosh", "other"}) {
      // A fresh String: equal to the label, not the same object.
      String given = new String(kind.toCharArray());
      for (double r : new double[] {0.7, -1.6}) {
        double fd =
            ((double) primal.invoke(null, r + h, given) - (double) primal.invoke(null, r - h, given))
                / (2 * h);
        Object g = gradient.invoke(null, r, given);
        assertEquals(fd, (double) g.getClass().getMethod("r").invoke(g), 1e-7, kind + " at " + r);
        assertEquals(
            primal.invoke(null, r, given), g.getClass().getMethod("value").invoke(g), kind);
        io.javad.runtime.Dual d = (io.javad.runtime.Dual) tangent.invoke(null, r, 1.0, given);
        assertEquals(fd, d.tangent(), 1e-7, kind + " tangent at " + r);
      }
    }
    // Java's switch on a null String throws; so does the derivative.
    java.lang.reflect.InvocationTargetException thrown =
        org.junit.jupiter.api.Assertions.assertThrows(
            java.lang.reflect.InvocationTargetException.class,
            () -> gradient.invoke(null, 0.5, null));
    assertTrue(thrown.getCause() instanceof NullPointerException);
  }

  @Test
  void aBreakInsideACaseGivesTheRestToTheBranchesThatDoNotBreak() {
    String code = classes.generatedCode("t.SwitchesDerivatives");
    String arrow = code.substring(code.indexOf("arrowBreakTangent("));
    arrow = arrow.substring(0, arrow.indexOf("\n  }\n"));
    assertTrue(arrow.contains("if (!(x > 0)) {"), arrow);
    assertTrue(!arrow.contains("break"), arrow);
  }

  /** Labels of newer Java (21 on): an error at the label, never a skipped method or a crash. */
  @Test
  @org.junit.jupiter.api.condition.EnabledForJreRange(
      min = org.junit.jupiter.api.condition.JRE.JAVA_21)
  void patternLabelsGuardsAndCaseNullAreErrorsAtTheLabel() {
    String[][] cases = {
      {"case null -> x * 10; case \"a\" -> x * x; default -> x;", "null"},
      {"case \"a\" -> x * x; case String t when t.length() > 2 -> x * 3; default -> x;", "String t"},
      {"case \"a\": yield x * x; case null, default: yield x;", "null"},
    };
    for (String[] c : cases) {
      String source =
          "package t;\nimport io.javad.Differentiable;\nfinal class P {\n"
              + "  @Differentiable static double f(double x, String s) {\n"
              + "    return switch (s) { " + c[0] + " };\n  }\n}\n";
      com.google.testing.compile.Compilation compilation =
          Compiler.compile(Compiler.source("t.P", source));
      var errors = compilation.errors();
      assertEquals(1, errors.size(), c[0] + ": " + errors);
      String message = errors.get(0).getMessage(null);
      assertTrue(message.contains("pattern labels, guards and case null are not supported"), message);
      int at = (int) errors.get(0).getPosition();
      assertTrue(source.substring(at).startsWith(c[1]), c[0] + " at " + source.substring(at));
    }
  }

  @Test
  void anExhaustiveEnumSwitchExpressionWithoutDefault() throws Exception {
    Class<?> shape = classes.load("t.Switches$Shape");
    Method primal = classes.load("t.Switches").getDeclaredMethod("shapes", double.class, shape);
    primal.setAccessible(true);
    Method gradient =
        classes.load("t.SwitchesDerivatives").getMethod("shapesGradient", double.class, shape);
    double x = 0.7;
    double h = 1e-6;
    for (Object value : shape.getEnumConstants()) {
      Object g = gradient.invoke(null, x, value);
      double dx = (double) g.getClass().getMethod("x").invoke(g);
      double fd =
          ((double) primal.invoke(null, x + h, value) - (double) primal.invoke(null, x - h, value))
              / (2 * h);
      assertEquals(fd, dx, 1e-8, value.toString());
    }
  }

  @Test
  void aYieldBeforeOtherStatementsIsAnErrorAtTheYield() {
    com.google.testing.compile.Compilation compilation =
        Compiler.compile(
            Compiler.source(
                "t.Bad",
                """
                package t;
                import io.javad.Differentiable;
                final class Bad {
                  @Differentiable static double f(double x, int k) {
                    return switch (k) {
                      case 0 -> {
                        for (int i = 0; i < 2; i++) { if (i == 1) yield x; }
                        yield 0;
                      }
                      default -> x;
                    };
                  }
                }
                """));
    String all =
        String.join("\n", compilation.errors().stream().map(d -> d.getMessage(null)).toList());
    assertTrue(all.contains("a yield must end its arm of the switch"), all);
  }
}
