package io.javad.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.javad.processor.testing.CompiledClasses;
import io.javad.processor.testing.Compiler;
import io.javad.processor.testing.Differentiated;
import org.hipparchus.analysis.differentiation.DSFactory;
import org.hipparchus.analysis.differentiation.DerivativeStructure;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An independent oracle: Hipparchus's operator-overloading forward mode ({@code
 * DerivativeStructure}) evaluates the same functions, and javad's tangent and adjoint code must
 * agree with it to rounding error, with no finite-difference step involved.
 */
class HipparchusOracleTest {

  private static final String SOURCE =
      """
      package t;

      import io.javad.Differentiable;

      public class Oracle {
        @Differentiable
        static double mixed(double x, double y, double z) {
          double r = Math.hypot(x, y);
          double s = Math.atan2(y, x) * z;
          double t = Math.exp(-r) * Math.cos(s) + Math.log1p(z * z);
          t /= 1 + Math.tanh(x * z);
          return t * Math.sqrt(r + 2) - Math.pow(Math.abs(y) + 1, z);
        }
      }
      """;

  private static Differentiated mixed;

  @BeforeAll
  static void compile() {
    CompiledClasses classes = Compiler.compileAndLoad(Compiler.source("t.Oracle", SOURCE));
    mixed = new Differentiated(classes, "t.Oracle", "mixed");
  }

  private static DerivativeStructure mixed(DerivativeStructure x, DerivativeStructure y, DerivativeStructure z) {
    DerivativeStructure r = x.hypot(y);
    DerivativeStructure s = y.atan2(x).multiply(z);
    DerivativeStructure t = r.negate().exp().multiply(s.cos()).add(z.multiply(z).log1p());
    t = t.divide(x.multiply(z).tanh().add(1));
    return t.multiply(r.add(2).sqrt()).subtract(y.abs().add(1).pow(z));
  }

  @Test
  void gradientAndTangentsMatchDerivativeStructure() {
    DSFactory factory = new DSFactory(3, 1);
    double[][] points = {{1.2, -0.7, 0.9}, {-0.4, 2.2, -1.3}, {3.1, 0.6, 0.2}};
    for (double[] p : points) {
      DerivativeStructure f =
          mixed(factory.variable(0, p[0]), factory.variable(1, p[1]), factory.variable(2, p[2]));
      double[] expected = {f.getValue(), f.getPartialDerivative(1, 0, 0), f.getPartialDerivative(0, 1, 0), f.getPartialDerivative(0, 0, 1)};
      double[] gradient = mixed.gradient(p);
      for (int i = 0; i < 4; i++) {
        assertEquals(expected[i], gradient[i], 1e-13 * (1 + Math.abs(expected[i])), "component " + i);
      }
      for (int i = 0; i < 3; i++) {
        double[] unit = new double[3];
        unit[i] = 1;
        double tangent = mixed.tangent(p, unit).tangent();
        assertEquals(expected[i + 1], tangent, 1e-13 * (1 + Math.abs(expected[i + 1])), "tangent " + i);
      }
    }
  }
}
