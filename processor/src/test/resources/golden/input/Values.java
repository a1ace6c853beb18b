package golden;

import io.javad.Differentiable;

/** Small value objects built and combined inside a method: taken apart, their methods inlined. */
public class Values {

  /** A complex number as an experienced Java developer writes one. */
  public static final class Complex {
    private final double re;
    private final double im;

    public Complex(double re, double im) {
      this.re = re;
      this.im = im;
    }

    public Complex plus(Complex o) {
      return new Complex(re + o.re, im + o.im);
    }

    public Complex times(Complex o) {
      return new Complex(re * o.re - im * o.im, re * o.im + im * o.re);
    }

    public double abs() {
      return Math.hypot(re, im);
    }
  }

  /** |z_n| after n steps of z -> z^2 + c from z_0 = x + iy. */
  @Differentiable
  public static double escape(double x, double y, double cr, double ci, int n) {
    Complex z = new Complex(x, y);
    Complex c = new Complex(cr, ci);
    for (int i = 0; i < n; i++) {
      z = z.times(z).plus(c);
    }
    return z.abs();
  }
}
