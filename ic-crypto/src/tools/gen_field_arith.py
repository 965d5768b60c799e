#!/usr/bin/env python3
"""Generates FpArith.java and FrArith.java: straight-line Montgomery arithmetic for BLS12-381.

Run from the repository root:  python3 ic-crypto/src/tools/gen_field_arith.py
The output is committed; FieldArithPropertyTest checks it against BigInteger.

Representation (see ic-crypto/README.md, "Field arithmetic"): an element is N signed 64-bit limbs
in radix 2^56, stored in a long[] at an offset, in Montgomery form with R = 2^(56 N). Stored
elements are "weakly reduced": every limb in [0, 2^56) and the value in [0, 2 m) for the modulus m.
A product a_i * b_j is computed as two machine multiplications on a pre-shifted operand
b'_j = b_j << 8 whose digits are balanced (in [-2^55, 2^55)), so that
    a_i * b_j = multiplyHigh(a_i, b'_j) * 2^56 + ((a_i * b'_j) >>> 8)
exactly, with no carry handling: column sums stay far below 2^63. Measured on the 2-core AMD EPYC
build machine (JDK 17): 6x64-bit CIOS with unsigned-carry emulation 150-190 ns per multiplication,
this form about 70 ns.
"""
import os

W = 56
MASK = (1 << W) - 1
HALF = 1 << (W - 1)


def limbs(x, n):
    return [(x >> (W * i)) & MASK for i in range(n)]


def balanced(x, n):
    d = []
    for _ in range(n):
        v = x & MASK
        x >>= W
        if v >= HALF:
            v -= 1 << W
            x += 1
        d.append(v)
    assert x == 0
    return d


def lit(v):
    return "%dL" % v


class Gen:
    def __init__(self, name, modulus, n, doc):
        self.name = name
        self.m = modulus
        self.n = n
        self.doc = doc
        self.pinv = (-pow(modulus, -1, 1 << W)) % (1 << W)
        self.p8 = [v << 8 for v in balanced(modulus, n)]
        self.out = []

    def emit(self, s=""):
        self.out.append(s)

    # ---- snippets -------------------------------------------------------------------------
    def load(self, var, arr, off):
        for i in range(self.n):
            self.emit("    long %s%d = %s[%s + %d];" % (var, i, arr, off, i))

    def store(self, arr, off, src):
        for i in range(self.n):
            self.emit("    %s[%s + %d] = %s;" % (arr, off, i, src[i]))

    def balance_shift(self, var):
        n = self.n
        self.emit("    long c;" if not getattr(self, "_c_declared", False) else "")
        self._c_declared = True
        for i in range(n - 1):
            self.emit("    c = (%s%d + %s) >> 56; %s%d -= c << 56; %s%d += c;" % (var, i, lit(HALF), var, i, var, i + 1))
        for i in range(n):
            self.emit("    %s%d <<= 8;" % (var, i))

    def product(self, cols, a, b, factor=None, same=False):
        """cols[k] += a*b columns; b is balanced+shifted. With same=True, a == b (squaring, a balanced)."""
        n = self.n
        for i in range(n):
            for j in range(n):
                if same and j < i:
                    continue
                if same and j > i:
                    av = "%s2_%d" % (a, i)
                else:
                    av = "%s%d" % (a, i)
                bv = "%s%d" % (b, j)
                k = i + j
                self.emit("    %s += (%s * %s) >>> 8; %s += Math.multiplyHigh(%s, %s);" % (cols[k], av, bv, cols[k + 1], av, bv))

    def redc(self, cols, res):
        """Montgomery reduction of the 2N columns cols (signed, not normalized); result limbs in res names."""
        n = self.n
        for i in range(n):
            self.emit("    m = (%s * %s) & %s;" % (cols[i], lit(self.pinv), lit(MASK)))
            for j in range(n):
                k = i + j
                self.emit("    %s += (m * %s) >>> 8; %s += Math.multiplyHigh(m, %s);" % (cols[k], lit(self.p8[j]), cols[k + 1], lit(self.p8[j])))
            self.emit("    %s += %s >> 56;" % (cols[i + 1], cols[i]))
        for k in range(n, 2 * n - 1):
            self.emit("    %s += %s >> 56; %s &= %s;" % (cols[k + 1], cols[k], cols[k], lit(MASK)))
        for i in range(n):
            self.emit("    long %s = %s;" % (res[i], cols[n + i]))

    def normalize(self, v):
        n = self.n
        for i in range(n - 1):
            self.emit("    %s%d += %s%d >> 56; %s%d &= %s;" % (v, i + 1, v, i, v, i, lit(MASK)))

    def add_masked(self, v, const, maskvar):
        cl = limbs(const, self.n)
        for i in range(self.n):
            self.emit("    %s%d += %s & %s;" % (v, i, lit(cl[i]), maskvar))

    def sub_const(self, v, const):
        cl = limbs(const, self.n)
        for i in range(self.n):
            self.emit("    %s%d -= %s;" % (v, i, lit(cl[i])))

    def cond_sub(self, v, const):
        """v (normalized, value in [0, 2 const)) -> v mod const, normalized."""
        n = self.n
        self.sub_const(v, const)
        self.normalize(v)
        self._mask = getattr(self, "_mask", 0) + 1
        name = "mask%d_%s" % (self._mask, v)
        self.emit("    long %s = %s%d >> 63;" % (name, v, n - 1))
        self.add_masked(v, const, name)
        self.normalize(v)

    def fix_negative(self, v, const):
        """v normalized but possibly negative (value in (-const, X)) -> add const when negative."""
        n = self.n
        self.emit("    long neg_%s = %s%d >> 63;" % (v, v, n - 1))
        self.add_masked(v, const, "neg_%s" % v)
        self.normalize(v)

    # ---- methods --------------------------------------------------------------------------
    def gen_mul(self):
        n = self.n
        self.emit("  /** r = a * b / R (Montgomery multiplication); r may alias a or b. */")
        self.emit("  static void mul(long[] r, int ro, long[] a, int ao, long[] b, int bo) {")
        self._c_declared = False
        self.load("a", "a", "ao")
        self.load("b", "b", "bo")
        self.balance_shift("b")
        cols = ["t%d" % k for k in range(2 * n)]
        self.emit("    long %s;" % ", ".join("%s = 0" % c for c in cols))
        self.emit("    long m;")
        self.product(cols, "a", "b")
        self.redc(cols, ["r%d" % i for i in range(n)])
        self.store("r", "ro", ["r%d" % i for i in range(n)])
        self.emit("  }")
        self.emit()

    def gen_sqr(self):
        n = self.n
        self.emit("  /** r = a * a / R (Montgomery squaring); r may alias a. */")
        self.emit("  static void sqr(long[] r, int ro, long[] a, int ao) {")
        self._c_declared = False
        self.load("a", "a", "ao")
        self.balance_shift("a")  # a now balanced and shifted by 8
        # unshifted balanced digits, doubled, for the cross products
        for i in range(n):
            self.emit("    long x2_%d = a%d >> 7;" % (i, i))  # (a_i << 8) >> 7 = 2 a_i
            self.emit("    long x%d = a%d >> 8;" % (i, i))
        cols = ["t%d" % k for k in range(2 * n)]
        self.emit("    long %s;" % ", ".join("%s = 0" % c for c in cols))
        self.emit("    long m;")
        for i in range(n):
            for j in range(i, n):
                av = ("x%d" % i) if i == j else ("x2_%d" % i)
                bv = "a%d" % j
                k = i + j
                self.emit("    %s += (%s * %s) >>> 8; %s += Math.multiplyHigh(%s, %s);" % (cols[k], av, bv, cols[k + 1], av, bv))
        self.redc(cols, ["r%d" % i for i in range(n)])
        self.store("r", "ro", ["r%d" % i for i in range(n)])
        self.emit("  }")
        self.emit()

    def gen_add(self):
        self.emit("  /** r = a + b. */")
        self.emit("  static void add(long[] r, int ro, long[] a, int ao, long[] b, int bo) {")
        self.load("a", "a", "ao")
        for i in range(self.n):
            self.emit("    a%d += b[bo + %d];" % (i, i))
        self.normalize("a")
        self.cond_sub("a", 2 * self.m)
        self.store("r", "ro", ["a%d" % i for i in range(self.n)])
        self.emit("  }")
        self.emit()

    def gen_sub(self):
        self.emit("  /** r = a - b. */")
        self.emit("  static void sub(long[] r, int ro, long[] a, int ao, long[] b, int bo) {")
        self.load("a", "a", "ao")
        for i in range(self.n):
            self.emit("    a%d -= b[bo + %d];" % (i, i))
        self.normalize("a")
        self.fix_negative("a", 2 * self.m)
        self.store("r", "ro", ["a%d" % i for i in range(self.n)])
        self.emit("  }")
        self.emit()

    def gen_neg(self):
        self.emit("  /** r = -a. */")
        self.emit("  static void neg(long[] r, int ro, long[] a, int ao) {")
        for i in range(self.n):
            self.emit("    long a%d = -a[ao + %d];" % (i, i))
        self.normalize("a")
        self.fix_negative("a", 2 * self.m)
        self.store("r", "ro", ["a%d" % i for i in range(self.n)])
        self.emit("  }")
        self.emit()

    def gen_canonical(self):
        self.emit("  /** r = a reduced to [0, modulus): the unique representation, for comparison and output. */")
        self.emit("  static void canonical(long[] r, int ro, long[] a, int ao) {")
        self.load("a", "a", "ao")
        self.cond_sub("a", self.m)
        self.store("r", "ro", ["a%d" % i for i in range(self.n)])
        self.emit("  }")
        self.emit()

    def fp2_karatsuba_columns(self, cross, declare_m):
        """Loads a = a0 + a1 u and b = b0 + b1 u and emits the three Karatsuba products on 2N
        columns: u = a0 b0, v = a1 b1, and (named `cross`) a0 b1 + a1 b0 = (a0 + a1)(b0 + b1) - u - v.
        Returns the three column-name lists."""
        n = self.n
        self._c_declared = False
        self.load("a", "a", "ao")
        self.load("e", "a", "ao + %d" % n)
        self.load("b", "b", "bo")
        self.load("f", "b", "bo + %d" % n)
        for i in range(n):
            self.emit("    long s%d = a%d + e%d;" % (i, i, i))
            self.emit("    long g%d = b%d + f%d;" % (i, i, i))
        self.balance_shift("b")
        self.balance_shift("f")
        self.balance_shift("g")
        u = ["u%d" % k for k in range(2 * n)]
        v = ["v%d" % k for k in range(2 * n)]
        c = ["%s%d" % (cross, k) for k in range(2 * n)]
        for cols in (u, v, c):
            self.emit("    long %s;" % ", ".join("%s = 0" % col for col in cols))
        if declare_m:
            self.emit("    long m;")
        self.product(u, "a", "b")
        self.product(v, "e", "f")
        self.product(c, "s", "g")
        for k in range(2 * n):
            self.emit("    %s -= %s + %s; %s -= %s;" % (c[k], u[k], v[k], u[k], v[k]))
        return u, v, c

    def gen_fp2_mul(self):
        n = self.n
        self.emit("  /**")
        self.emit("   * Fp2 multiplication, (a0 + a1 u)(b0 + b1 u) with u^2 = -1, by Karatsuba with lazy reduction:")
        self.emit("   * three products and two Montgomery reductions. Elements are two consecutive Fp elements.")
        self.emit("   */")
        self.emit("  static void fp2Mul(long[] r, int ro, long[] a, int ao, long[] b, int bo) {")
        u, v, w = self.fp2_karatsuba_columns("w", declare_m=True)
        self.emit("    redcSigned(r, ro, %s);" % ", ".join(u))
        self.emit("    redcSigned(r, ro + %d, %s);" % (n, ", ".join(w)))
        self.emit("  }")
        self.emit()

    def gen_fp2_linear(self):
        """Fp2 add, sub, neg, dbl and multiplication by xi = 1 + u, each one straight-line method."""
        n = self.n
        m = self.m
        def body(name, doc, c0, c1, args):
            self.emit("  /** %s */" % doc)
            self.emit("  static void %s(%s) {" % (name, args))
            for part, expr in ((0, c0), (1, c1)):
                v = "p%d_" % part
                for i in range(n):
                    self.emit("    long %s%d = %s;" % (v, i, expr(i)))
                self.normalize(v)
                if name in ("fp2Sub", "fp2Neg") or (name == "fp2MulByXi" and part == 0):
                    self.fix_negative(v, 2 * m)
                else:
                    self.cond_sub(v, 2 * m)
            for part in (0, 1):
                self.store("r", "ro + %d" % (part * n), ["p%d_%d" % (part, i) for i in range(n)])
            self.emit("  }")
            self.emit()
        two = "long[] r, int ro, long[] a, int ao, long[] b, int bo"
        one = "long[] r, int ro, long[] a, int ao"
        body("fp2Add", "r = a + b in Fp2.", lambda i: "a[ao + %d] + b[bo + %d]" % (i, i), lambda i: "a[ao + %d] + b[bo + %d]" % (n + i, n + i), two)
        body("fp2Sub", "r = a - b in Fp2.", lambda i: "a[ao + %d] - b[bo + %d]" % (i, i), lambda i: "a[ao + %d] - b[bo + %d]" % (n + i, n + i), two)
        body("fp2Neg", "r = -a in Fp2.", lambda i: "-a[ao + %d]" % i, lambda i: "-a[ao + %d]" % (n + i), one)
        body("fp2Dbl", "r = 2 a in Fp2.", lambda i: "a[ao + %d] << 1" % i, lambda i: "a[ao + %d] << 1" % (n + i), one)
        body("fp2MulByXi", "r = a (1 + u) = (a0 - a1) + (a0 + a1) u.", lambda i: "a[ao + %d] - a[ao + %d]" % (i, n + i), lambda i: "a[ao + %d] + a[ao + %d]" % (i, n + i), one)

    def gen_fp2_sqr(self):
        n = self.n
        self.emit("  /**")
        self.emit("   * Fp2 squaring with lazy reduction: c0 = (a0 + a1)(a0 - a1), c1 = 2 a0 a1, as two products")
        self.emit("   * and two Montgomery reductions (a0 - a1 is kept signed).")
        self.emit("   */")
        self.emit("  static void fp2Sqr(long[] r, int ro, long[] a, int ao) {")
        self._c_declared = False
        self.load("a", "a", "ao")
        self.load("e", "a", "ao + %d" % n)
        for i in range(n):
            self.emit("    long s%d = a%d + e%d;" % (i, i, i))
            self.emit("    long d%d = a%d - e%d;" % (i, i, i))
            self.emit("    long g%d = a%d << 1;" % (i, i))
        self.balance_shift("d")
        self.balance_shift("e")
        u = ["u%d" % k for k in range(2 * n)]
        w = ["w%d" % k for k in range(2 * n)]
        for cols in (u, w):
            self.emit("    long %s;" % ", ".join("%s = 0" % c for c in cols))
        self.product(u, "s", "d")
        self.product(w, "g", "e")
        self.emit("    redcSigned(r, ro, %s);" % ", ".join(u))
        self.emit("    redcSigned(r, ro + %d, %s);" % (n, ", ".join(w)))
        self.emit("  }")
        self.emit()

    def normalize_cols(self, cols):
        for k in range(len(cols) - 1):
            self.emit("    %s += %s >> 56; %s &= %s;" % (cols[k + 1], cols[k], cols[k], lit(MASK)))

    def gen_fp2_mul_wide(self):
        n = self.n
        self.emit("  /**")
        self.emit("   * Fp2 multiplication without reduction (Karatsuba, three products): writes the 2N columns of")
        self.emit("   * c0 = a0 b0 - a1 b1 and then those of c1 = a0 b1 + a1 b0 at w[wo], carried into 56-bit columns")
        self.emit("   * (the top column signed), so that several results can be added before one {@link #redcWide}.")
        self.emit("   */")
        self.emit("  static void fp2MulWide(long[] w, int wo, long[] a, int ao, long[] b, int bo) {")
        u, v, x = self.fp2_karatsuba_columns("x", declare_m=False)
        self.normalize_cols(u)
        self.normalize_cols(x)
        for k in range(2 * n):
            self.emit("    w[wo + %d] = %s;" % (k, u[k]))
        for k in range(2 * n):
            self.emit("    w[wo + %d] = %s;" % (2 * n + k, x[k]))
        self.emit("  }")
        self.emit()

    def gen_fp2_sqr_wide(self):
        n = self.n
        self.emit("  /**")
        self.emit("   * Fp2 squaring without reduction: writes the 2N columns of c0 = (a0 + a1)(a0 - a1) and then")
        self.emit("   * those of c1 = 2 a0 a1 at w[wo], carried into 56-bit columns (the top column signed).")
        self.emit("   */")
        self.emit("  static void fp2SqrWide(long[] w, int wo, long[] a, int ao) {")
        self._c_declared = False
        self.load("a", "a", "ao")
        self.load("e", "a", "ao + %d" % n)
        for i in range(n):
            self.emit("    long s%d = a%d + e%d;" % (i, i, i))
            self.emit("    long d%d = a%d - e%d;" % (i, i, i))
            self.emit("    long g%d = a%d << 1;" % (i, i))
        self.balance_shift("d")
        self.balance_shift("e")
        u = ["u%d" % k for k in range(2 * n)]
        v = ["v%d" % k for k in range(2 * n)]
        for cols in (u, v):
            self.emit("    long %s;" % ", ".join("%s = 0" % c for c in cols))
        self.product(u, "s", "d")
        self.product(v, "g", "e")
        self.normalize_cols(u)
        self.normalize_cols(v)
        for k in range(2 * n):
            self.emit("    w[wo + %d] = %s;" % (k, u[k]))
        for k in range(2 * n):
            self.emit("    w[wo + %d] = %s;" % (2 * n + k, v[k]))
        self.emit("  }")
        self.emit()
        self.emit("  /**")
        self.emit("   * r = REDC of the 2N signed columns at w[wo] when the result lies in (-6m, 6m) (for example")
        self.emit("   * REDC(T) + 2y with y weakly reduced added as R y on the upper columns), reduced into [0, 2m).")
        self.emit("   */")
        self.emit("  static void redcWideLoose(long[] r, int ro, long[] w, int wo) {")
        cols = ["w[wo + %d]" % k for k in range(2 * n)]
        tn = ["t%d" % k for k in range(2 * n)]
        for k in range(2 * n):
            self.emit("    long t%d = w[wo + %d];" % (k, k))
        self.emit("    long m;")
        self.redc(tn, ["x%d" % i for i in range(n)])
        cl = limbs(6 * self.m, n)
        for i in range(n):
            self.emit("    x%d += %s;" % (i, lit(cl[i])))
        self.normalize("x")
        self.cond_sub("x", 8 * self.m)
        self.cond_sub("x", 4 * self.m)
        self.cond_sub("x", 2 * self.m)
        self.store("r", "ro", ["x%d" % i for i in range(n)])
        self.emit("  }")
        self.emit()
        self.emit("  /** r = REDC of the 2N signed columns at w[wo] (|value| below m R), reduced into [0, 2m). */")
        self.emit("  static void redcWide(long[] r, int ro, long[] w, int wo) {")
        self.emit("    redcSigned(r, ro, %s);" % ", ".join("w[wo + %d]" % k for k in range(2 * n)))
        self.emit("  }")
        self.emit()

    def gen_redc_signed(self):
        n = self.n
        cols = ["t%d" % k for k in range(2 * n)]
        self.emit("  /**")
        self.emit("   * r = T / R for a signed, unnormalized double-width T with |T| < m R / 4 given as 2N columns")
        self.emit("   * of radix 2^56 (Montgomery reduction), then reduced into [0, 2m).")
        self.emit("   */")
        self.emit("  static void redcSigned(long[] r, int ro, %s) {" % ", ".join("long " + c for c in cols))
        self.emit("    long m;")
        self.redc(cols, ["x%d" % i for i in range(n)])
        self.fix_negative("x", self.m)
        self.store("r", "ro", ["x%d" % i for i in range(n)])
        self.emit("  }")
        self.emit()

    def generate(self, with_fp2):
        n = self.n
        self.emit("package org.jicp.crypto.bls12381;")
        self.emit()
        self.emit("// GENERATED by ic-crypto/src/tools/gen_field_arith.py -- do not edit by hand.")
        self.emit()
        self.emit("/**")
        for line in self.doc:
            self.emit(" * " + line if line else " *")
        self.emit(" *")
        self.emit(" * <p>An element is %d limbs of a {@code long[]} at an offset, radix 2^56, Montgomery form with" % n)
        self.emit(" * R = 2^%d. Inputs and outputs are weakly reduced: limbs in [0, 2^56), value in [0, 2m)." % (56 * n))
        self.emit(" * Every method runs in time independent of the values (no data-dependent branches or indices).")
        self.emit(" */")
        self.emit("final class %s {" % self.name)
        self.emit("  /** Limbs per element. */")
        self.emit("  static final int N = %d;" % n)
        self.emit()
        self.emit("  private %s() {}" % self.name)
        self.emit()
        self.gen_mul()
        self.gen_sqr()
        self.gen_add()
        self.gen_sub()
        self.gen_neg()
        self.gen_canonical()
        if with_fp2:
            self.gen_fp2_mul()
            self.gen_fp2_sqr()
            self.gen_fp2_sqr_wide()
            self.gen_fp2_mul_wide()
            self.gen_fp2_linear()
            self.gen_redc_signed()
        self.emit("}")
        return "\n".join(self.out) + "\n"


def gen_mul_variants(modulus):
    """The JDK 21+ field-multiplication variants that issue 19 asked to try, for the benchmark
    FieldMulVariantsBench (benchmarks/src/jdk21): the production 7 x 56-bit form, the same with
    unsigned digits and Math.unsignedMultiplyHigh (no balancing pass), and 6 x 64-bit Montgomery
    CIOS with Math.unsignedMultiplyHigh and carries by Long.compareUnsigned (the 'no-carry' CIOS
    of the top limb: p < 2^381, so inputs and outputs below 2p fit). Measured slower than or equal
    to the production form (benchmarks/README.md), so ic-crypto ships no multi-release variant."""
    out = []
    e = out.append
    e("package org.jicp.benchmarks.field;")
    e("")
    e("// GENERATED by ic-crypto/src/tools/gen_field_arith.py -- do not edit by hand.")
    e("")
    e("/**")
    e(" * Base-field Montgomery multiplications of BLS12-381 in three forms, for {@link FieldMulVariantsBench}:")
    e(" * {@link #mul7x56} is ic-crypto's {@code FpArith.mul} (R = 2^392), {@link #mul7x56u} the same with")
    e(" * unsigned digits and {@code Math.unsignedMultiplyHigh} (R = 2^392), {@link #mul6x64} six 64-bit limbs")
    e(" * by CIOS (R = 2^384). Inputs and outputs below 2p.")
    e(" */")
    e("final class FieldMulVariants {")
    e("  private FieldMulVariants() {}")
    e("")
    g = Gen("FieldMulVariants", modulus, 7, [])
    g.gen_mul()
    body = "\n".join(g.out).replace("static void mul(", "static void mul7x56(")
    body = body.replace("(Montgomery multiplication)", "(the production form)")
    e(body)
    # 7 x 56, unsigned digits
    n = 7
    pl = limbs(modulus, n)
    pinv = (-pow(modulus, -1, 1 << W)) % (1 << W)
    e("  /** r = a * b / 2^392 with unsigned digits: unsignedMultiplyHigh(a_i, b_j << 8) needs no balancing. */")
    e("  static void mul7x56u(long[] r, int ro, long[] a, int ao, long[] b, int bo) {")
    for v in "ab":
        for i in range(n):
            e("    long %s%d = %s[%so + %d]%s;" % (v, i, v, v, i, " << 8" if v == "b" else ""))
    e("    long %s;" % ", ".join("t%d = 0" % k for k in range(2 * n)))
    e("    long m;")
    for i in range(n):
        for j in range(n):
            e("    t%d += (a%d * b%d) >>> 8; t%d += Math.unsignedMultiplyHigh(a%d, b%d);" % (i + j, i, j, i + j + 1, i, j))
    for i in range(n):
        e("    m = (t%d * %s) & %s;" % (i, lit(pinv), lit(MASK)))
        for j in range(n):
            c = signed64(pl[j] << 8)
            e("    t%d += (m * %s) >>> 8; t%d += Math.unsignedMultiplyHigh(m, %s);" % (i + j, c, i + j + 1, c))
        e("    t%d += t%d >>> 56;" % (i + 1, i))
    for k in range(n, 2 * n - 1):
        e("    t%d += t%d >>> 56; t%d &= %s;" % (k + 1, k, k, lit(MASK)))
    for i in range(n):
        e("    r[ro + %d] = t%d;" % (i, n + i))
    e("  }")
    e("")
    # 6 x 64, CIOS
    n = 6
    m64 = (1 << 64) - 1
    pw = [(modulus >> (64 * i)) & m64 for i in range(n)]
    inv64 = (-pow(modulus, -1, 1 << 64)) % (1 << 64)
    def carry(sumv, addend):
        return "(Long.compareUnsigned(%s, %s) < 0 ? 1L : 0L)" % (sumv, addend)
    e("  /** r = a * b / 2^384 on six 64-bit limbs: Montgomery CIOS, unsignedMultiplyHigh, emulated carries. */")
    e("  static void mul6x64(long[] r, int ro, long[] a, int ao, long[] b, int bo) {")
    for v in "ab":
        for i in range(n):
            e("    long %s%d = %s[%so + %d];" % (v, i, v, v, i))
    e("    long t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4 = 0, t5 = 0, hiA, hiC, m, lo, hi, x;")
    for i in range(n):
        for j in range(n):
            e("    lo = a%d * b%d; hi = Math.unsignedMultiplyHigh(a%d, b%d);" % (j, i, j, i))
            if j == 0:
                e("    x = t0 + lo; hi += %s; t0 = x; hiA = hi;" % carry("x", "lo"))
                e("    m = t0 * %s;" % signed64(inv64))
                e("    lo = m * %s; hi = Math.unsignedMultiplyHigh(m, %s);" % (signed64(pw[0]), signed64(pw[0])))
                e("    x = t0 + lo; hiC = hi + %s;" % carry("x", "lo"))
            else:
                e("    x = t%d + lo; hi += %s; x += hiA; hi += %s; t%d = x; hiA = hi;" % (j, carry("x", "lo"), carry("x", "hiA"), j))
                e("    lo = m * %s; hi = Math.unsignedMultiplyHigh(m, %s);" % (signed64(pw[j]), signed64(pw[j])))
                e("    x = t%d + lo; hi += %s; x += hiC; hi += %s; t%d = x; hiC = hi;" % (j, carry("x", "lo"), carry("x", "hiC"), j - 1))
        e("    t5 = hiC + hiA;")
    for i in range(n):
        e("    r[ro + %d] = t%d;" % (i, i))
    e("  }")
    e("}")
    return "\n".join(out) + "\n"


def signed64(v):
    v &= (1 << 64) - 1
    return "%dL" % (v - (1 << 64) if v >= 1 << 63 else v)


P = 0x1A0111EA397FE69A4B1BA7B6434BACD764774B84F38512BF6730D2A0F6B0F6241EABFFFEB153FFFFB9FEFFFFFFFFAAAB
R = 0x73EDA753299D7D483339D80809A1D80553BDA402FFFE5BFEFFFFFFFF00000001

if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    dest = os.path.join(here, "..", "main", "java", "org", "jicp", "crypto", "bls12381")
    fp = Gen("FpArith", P, 7, ["Arithmetic in the BLS12-381 base field Fp (p of 381 bits) and its quadratic extension."]).generate(True)
    fr = Gen("FrArith", R, 5, ["Arithmetic in the BLS12-381 scalar field Fr (r of 255 bits)."]).generate(False)
    open(os.path.join(dest, "FpArith.java"), "w").write(fp)
    open(os.path.join(dest, "FrArith.java"), "w").write(fr)
    print("wrote FpArith.java (%d lines), FrArith.java (%d lines)" % (fp.count("\n"), fr.count("\n")))
    bench = os.path.join(here, "..", "..", "..", "benchmarks", "src", "jdk21", "java", "org", "jicp", "benchmarks", "field")
    os.makedirs(bench, exist_ok=True)
    variants = gen_mul_variants(P)
    open(os.path.join(bench, "FieldMulVariants.java"), "w").write(variants)
    print("wrote benchmarks/.../FieldMulVariants.java (%d lines)" % variants.count("\n"))
