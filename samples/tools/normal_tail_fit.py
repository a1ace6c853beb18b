"""Regenerates the coefficients P0..P23 of BlackScholesGreeks' branch-free normal CDF.

The upper tail Q(a) = 1 - Phi(a), a >= 0, is written as

    Q(a) = t * exp(-a^2 / 2 + p(u)),   t = 1 / (1 + a / 3),   u = 2t - 1 in (-1, 1],

where p is smooth on [-1, 1] (including u = -1, i.e. a -> infinity). p is interpolated at 80 Chebyshev
nodes in 50-digit arithmetic, truncated to 24 Chebyshev terms (the dropped ones sum to under 1e-15), and
converted to monomials in u for Horner's rule; the monomial coefficients stay below 1.5, so Horner
loses nothing to cancellation. Needs mpmath (pip install mpmath). Prints the Java constant declarations and
the worst relative errors, in double precision, of the tail and of its derivative (what AD differentiates).
"""
import math

import mpmath as mp

mp.mp.dps = 50
SCALE = mp.mpf(3)  # the 3 in t = 1 / (1 + a / 3); 2.5 to 4 work about as well
TERMS = 24
NODES = 80


def p_exact(u):
    t = (u + 1) / 2
    if t == 0:  # a -> infinity: Q(a) ~ phi(a) / a and t ~ 3 / a
        return -mp.log(SCALE * mp.sqrt(2 * mp.pi))
    a = SCALE * (1 / t - 1)
    return mp.log(mp.erfc(a / mp.sqrt(2)) / 2 / t) + a * a / 2


def chebyshev_coefficients():
    angles = [mp.pi * (j + mp.mpf(1) / 2) / NODES for j in range(NODES)]
    values = [p_exact(mp.cos(th)) for th in angles]
    c = [2 * mp.fsum(v * mp.cos(n * th) for v, th in zip(values, angles)) / NODES for n in range(TERMS)]
    c[0] /= 2
    return c


def to_monomials(c):
    # T_0 = 1, T_1 = u, T_n = 2u T_{n-1} - T_{n-2}, as coefficient lists.
    t_prev, t_cur = [mp.mpf(1)], [mp.mpf(0), mp.mpf(1)]
    m = [c[0]] + [mp.mpf(0)] * (len(c) - 1)
    for n in range(1, len(c)):
        for i, v in enumerate(t_cur):
            m[i] += c[n] * v
        t_next = [mp.mpf(0)] + [2 * v for v in t_cur]
        for i, v in enumerate(t_prev):
            t_next[i] -= v
        t_prev, t_cur = t_cur, t_next
    return m


def check(coefficients, a_max=8.0, steps=4000):
    """Worst relative errors, in double precision, of the tail and of its slope -phi for 0 <= a <= a_max."""
    c = [float(v) for v in coefficients]
    k = float(SCALE)
    worst_value = worst_slope = 0.0
    for i in range(steps + 1):
        a = a_max * i / steps
        t = 1 / (1 + a / k)
        u = 2 * t - 1
        p = dp = 0.0
        for j in range(len(c) - 1, -1, -1):  # Horner for p and p'
            dp = dp * u + p
            p = p * u + c[j]
        tail = t * math.exp(-a * a / 2 + p)
        slope = tail * (-t / k - a + dp * 2 * (-t * t / k))  # d tail / da, by the chain rule
        exact = mp.erfc(mp.mpf(a) / mp.sqrt(2)) / 2
        worst_value = max(worst_value, abs(float((tail - exact) / exact)))
        worst_slope = max(worst_slope, abs(float((slope + mp.npdf(a)) / mp.npdf(a))))
    return worst_value, worst_slope


if __name__ == "__main__":
    monomials = to_monomials(chebyshev_coefficients())
    for i, v in enumerate(monomials):
        print("  private static final double P%d = %s;" % (i, mp.nstr(v, 17, min_fixed=-3, max_fixed=3)))
    print("  // worst relative error for 0 <= a <= 8: tail %.1e, slope %.1e" % check(monomials))
