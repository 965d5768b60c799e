package org.jicp.crypto.bls12381;

import java.math.BigInteger;
import org.jicp.crypto.InvalidEncodingException;

/**
 * The two source groups, G1 over Fp and G2 over Fp2: generators, the ZCash/IETF point encoding,
 * subgroup membership and cofactor clearing. Points are arrays in the layout of {@link Curve}.
 */
abstract class Group {
  final String name;
  final Curve curve;
  final Field f;

  /** Bytes of one encoded field element: 48 (Fp) or 96 (Fp2). */
  final int fieldBytes;

  final long[] generator;

  private Group(String name, Curve curve, int fieldBytes, long[] generator) {
    this.name = name;
    this.curve = curve;
    this.f = curve.f;
    this.fieldBytes = fieldBytes;
    this.generator = generator;
  }

  int compressedSize() {
    return fieldBytes;
  }

  int uncompressedSize() {
    return 2 * fieldBytes;
  }

  /** Decodes a field element (flags already cleared); false if some component is not below p. */
  abstract boolean decodeField(long[] r, int ro, byte[] in, int off);

  abstract void encodeField(byte[] out, int off, long[] a, int ao);

  /** A square root of a, or false if there is none. */
  abstract boolean sqrt(long[] r, int ro, long[] a, int ao);

  /** The "lexicographically larger" rule of the ZCash encoding for y. */
  abstract boolean isLexLarger(long[] a, int ao);

  /** Whether a point of the curve is in the prime-order subgroup. */
  abstract boolean isInSubgroup(long[] p, int po);

  /** r = h_eff p, mapping any curve point into the subgroup (RFC 9380 clear_cofactor). */
  abstract void clearCofactor(long[] r, int ro, long[] p, int po);

  /**
   * r = k p for p in the subgroup and a (possibly secret) scalar k given as four little-endian
   * words below r, accelerated by the group's endomorphism, in constant time.
   */
  abstract void multiply(long[] r, int ro, long[] p, int po, long[] k);

  /** The fixed-base table of the generator (built on first use). */
  abstract FixedBaseTable generatorTable();

  /** r = k g for the generator g and a (possibly secret) canonical scalar k, in constant time. */
  void multiplyGenerator(long[] r, int ro, long[] k) {
    generatorTable().multiply(r, ro, k, FixedBaseTable.FULL_WINDOWS);
  }

  /**
   * r = v g for the generator g and |v| &lt; 2^bits (1 &le; bits &le; 63), in time that depends on
   * bits only: the table's windows of |v|, then a masked negation.
   *
   * @throws IllegalArgumentException if bits is out of range or |v| is not below 2^bits
   */
  void multiplyGenerator(long[] r, int ro, long v, int bits) {
    if (bits < 1 || bits > 63) {
      throw new IllegalArgumentException("bits must be in [1, 63], got " + bits);
    }
    long sign = v >> 63;
    long abs = (v ^ sign) - sign;
    if ((abs >>> bits) != 0) {
      throw new IllegalArgumentException("|v| is not below 2^" + bits);
    }
    long[] t = new long[curve.size];
    generatorTable().multiply(t, 0, new long[] {abs}, FixedBaseTable.windowsFor(bits));
    long[] neg = new long[curve.size];
    curve.neg(neg, 0, t, 0);
    curve.select(r, ro, t, 0, neg, 0, sign);
  }

  /**
   * Decodes a compressed or uncompressed encoding (chosen by the length) into a point of the
   * prime-order subgroup.
   *
   * @throws InvalidEncodingException naming the rule that the bytes break
   */
  long[] decode(byte[] in) {
    long[] p = decodeOnCurve(in);
    if (!curve.isIdentity(p, 0) && !isInSubgroup(p, 0)) {
      throw new InvalidEncodingException(name + " point is not in the prime-order subgroup");
    }
    return p;
  }

  /** Decodes like {@link #decode} but without the subgroup check (the point is on the curve). */
  long[] decodeOnCurve(byte[] in) {
    if (in == null) {
      throw new NullPointerException("bytes");
    }
    boolean compressed;
    if (in.length == compressedSize()) {
      compressed = true;
    } else if (in.length == uncompressedSize()) {
      compressed = false;
    } else {
      throw new InvalidEncodingException(
          name + " point encoding must be " + compressedSize() + " bytes (compressed) or "
              + uncompressedSize() + " bytes (uncompressed), got " + in.length);
    }
    int flags = (in[0] & 0xff) >>> 5;
    boolean cflag = (flags & 4) != 0;
    boolean iflag = (flags & 2) != 0;
    boolean sflag = (flags & 1) != 0;
    if (cflag != compressed) {
      throw new InvalidEncodingException(
          name + " point encoding of " + in.length + " bytes must have the compression flag "
              + (compressed ? "set" : "clear"));
    }
    byte[] body = in.clone();
    body[0] &= 0x1f;
    long[] p = curve.newPoint();
    if (iflag) {
      if (sflag) {
        throw new InvalidEncodingException(name + " point at infinity must not have the sign flag set");
      }
      for (byte b : body) {
        if (b != 0) {
          throw new InvalidEncodingException(
              name + " point at infinity must have all other bits zero");
        }
      }
      curve.setIdentity(p, 0);
      return p;
    }
    int n = f.n;
    long[] x = new long[n];
    if (!decodeField(x, 0, body, 0)) {
      throw new InvalidEncodingException(name + " point x coordinate is not below the field modulus p");
    }
    long[] y = new long[n];
    if (compressed) {
      long[] rhs = new long[n];
      f.sqr(rhs, 0, x, 0);
      f.mul(rhs, 0, rhs, 0, x, 0);
      long[] b = new long[n];
      f.curveB(b, 0);
      f.add(rhs, 0, rhs, 0, b, 0);
      if (!sqrt(y, 0, rhs, 0)) {
        throw new InvalidEncodingException(name + " point is not on the curve (no y for this x)");
      }
      if (isLexLarger(y, 0) != sflag) {
        f.neg(y, 0, y, 0);
      }
    } else {
      if (sflag) {
        throw new InvalidEncodingException(name + " uncompressed point must not have the sign flag set");
      }
      if (!decodeField(y, 0, body, fieldBytes)) {
        throw new InvalidEncodingException(
            name + " point y coordinate is not below the field modulus p");
      }
    }
    curve.fromAffine(p, 0, x, 0, y, 0);
    if (!compressed && !curve.isOnCurve(p, 0)) {
      throw new InvalidEncodingException(name + " point is not on the curve");
    }
    return p;
  }

  /** The compressed or uncompressed encoding of a point. */
  byte[] encode(long[] p, int po, boolean compressed) {
    byte[] out = new byte[compressed ? compressedSize() : uncompressedSize()];
    long[] aff = new long[2 * f.n];
    if (!curve.toAffine(aff, 0, p, po, true)) {
      out[0] = (byte) (compressed ? 0xc0 : 0x40);
      return out;
    }
    encodeField(out, 0, aff, 0);
    if (compressed) {
      out[0] |= (byte) 0x80;
      if (isLexLarger(aff, f.n)) {
        out[0] |= 0x20;
      }
    } else {
      encodeField(out, fieldBytes, aff, f.n);
    }
    return out;
  }

  // ------------------------------------------------------------------------------------------
  // G1

  static final G1Group G1 = new G1Group();

  /** G1: y^2 = x^3 + 4 over Fp. */
  static final class G1Group extends Group {
    /** The cube root of unity beta with (beta x, y) = [-x^2] (x, y) on G1 (found at start-up). */
    final long[] beta;

    G1Group() {
      super(
          "G1",
          Curve.G1,
          48,
          affinePoint(
              Curve.G1,
              FpOps.fromBig(
                  new BigInteger(
                      "17f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb",
                      16)),
              FpOps.fromBig(
                  new BigInteger(
                      "08b3f481e3aaa0f1a09e30ed741d8ae4fcf5e095d5d00af600db18cb2c04b3edd03cc744a2888ae40caa232946c5e7e1",
                      16))));
      // The two primitive cube roots of unity are (-1 ± sqrt(-3)) / 2; pick the one that acts as
      // [-x^2] on G1 (Scott, "A note on group membership tests for G1, G2 and GT on BLS
      // pairing-friendly curves", ePrint 2021/1130).
      BigInteger p = FpOps.P;
      BigInteger s = p.subtract(BigInteger.valueOf(3)).modPow(p.add(BigInteger.ONE).shiftRight(2), p);
      BigInteger inv2 = BigInteger.TWO.modInverse(p);
      BigInteger w1 = s.subtract(BigInteger.ONE).multiply(inv2).mod(p);
      BigInteger w2 = s.negate().subtract(BigInteger.ONE).multiply(inv2).mod(p);
      long[] candidate = FpOps.fromBig(w1);
      long[] lhs = new long[curve.size];
      long[] rhs = new long[curve.size];
      endo(lhs, generator, candidate);
      curve.mulByXAbs(rhs, 0, generator, 0);
      curve.mulByXAbs(rhs, 0, rhs, 0);
      curve.neg(rhs, 0, rhs, 0);
      beta = curve.eq(lhs, 0, rhs, 0) ? candidate : FpOps.fromBig(w2);
    }

    private void endo(long[] r, long[] p, long[] b) {
      curve.copy(r, 0, p, 0);
      FpArith.mul(r, 0, p, 0, b, 0);
    }

    @Override
    boolean decodeField(long[] r, int ro, byte[] in, int off) {
      return FpOps.fromBytes(r, ro, in, off);
    }

    @Override
    void encodeField(byte[] out, int off, long[] a, int ao) {
      FpOps.toBytes(out, off, a, ao);
    }

    @Override
    boolean sqrt(long[] r, int ro, long[] a, int ao) {
      return FpOps.sqrt(r, ro, a, ao);
    }

    @Override
    boolean isLexLarger(long[] a, int ao) {
      return FpOps.isLexLarger(a, ao);
    }

    /** P is in G1 iff (beta x, y) = [-x^2] P. */
    @Override
    boolean isInSubgroup(long[] p, int po) {
      long[] lhs = new long[curve.size];
      curve.copy(lhs, 0, p, po);
      FpArith.mul(lhs, 0, p, po, beta, 0);
      long[] rhs = new long[curve.size];
      curve.mulByXAbs(rhs, 0, p, po);
      curve.mulByXAbs(rhs, 0, rhs, 0);
      curve.neg(rhs, 0, rhs, 0);
      return curve.eq(lhs, 0, rhs, 0);
    }

    /** GLV: k p = s p + q (-phi(p)) with k = q x^2 + s, two 128-bit scalars. */
    @Override
    void multiply(long[] r, int ro, long[] p, int po, long[] k) {
      long[][] sq = Endomorphisms.decomposeG1(k);
      long[] base = new long[curve.size];
      curve.copy(base, 0, p, po);
      long[] negPhi = new long[curve.size];
      endo(negPhi, base, beta);
      curve.neg(negPhi, 0, negPhi, 0);
      curve.mulMultiConstantTime(r, ro, new long[][] {base, negPhi}, sq, 128);
    }

    private static final class Table {
      static final FixedBaseTable T = new FixedBaseTable(Curve.G1, G1.generator);
    }

    @Override
    FixedBaseTable generatorTable() {
      return Table.T;
    }

    /** h_eff = 1 - x = 1 + |x|: r = p + |x| p. */
    @Override
    void clearCofactor(long[] r, int ro, long[] p, int po) {
      long[] t = new long[curve.size];
      curve.mulByXAbs(t, 0, p, po);
      curve.add(r, ro, t, 0, p, po);
    }
  }

  // ------------------------------------------------------------------------------------------
  // G2

  static final G2Group G2 = new G2Group();

  /** G2: y^2 = x^3 + 4 (1 + u) over Fp2 (the M-type sextic twist). */
  static final class G2Group extends Group {
    /** psi(x, y) = (conj(x) cx, conj(y) cy) with cx = 1/xi^((p-1)/3), cy = 1/xi^((p-1)/2). */
    final long[] psiX;

    final long[] psiY;

    G2Group() {
      super(
          "G2",
          Curve.G2,
          96,
          affinePoint(
              Curve.G2,
              Fp2Ops.of(
                  new BigInteger(
                      "024aa2b2f08f0a91260805272dc51051c6e47ad4fa403b02b4510b647ae3d1770bac0326a805bbefd48056c8c121bdb8",
                      16),
                  new BigInteger(
                      "13e02b6052719f607dacd3a088274f65596bd0d09920b61ab5da61bbdc7f5049334cf11213945d57e5ac7d055d042b7e",
                      16)),
              Fp2Ops.of(
                  new BigInteger(
                      "0ce5d527727d6e118cc9cdc6da2e351aadfd9baa8cbdd3a76d429a695160d12c923ac9cc3baca289e193548608b82801",
                      16),
                  new BigInteger(
                      "0606c4a02ea734cc32acd2b02bc28b99cb3e287e85a763af267492ab572e99ab3f370d275cec1da1aaa9075ff05f79be",
                      16))));
      BigInteger p = FpOps.P;
      long[] xi = Fp2Ops.of(BigInteger.ONE, BigInteger.ONE);
      psiX = new long[Fp2Ops.N];
      psiY = new long[Fp2Ops.N];
      Fp2Ops.pow(psiX, 0, xi, 0, FpOps.exponentBits(p.subtract(BigInteger.ONE).divide(BigInteger.valueOf(3))));
      Fp2Ops.inv(psiX, 0, psiX, 0);
      Fp2Ops.pow(psiY, 0, xi, 0, FpOps.exponentBits(p.subtract(BigInteger.ONE).shiftRight(1)));
      Fp2Ops.inv(psiY, 0, psiY, 0);
    }

    private static final class Table {
      static final FixedBaseTable T = new FixedBaseTable(Curve.G2, G2.generator);
    }

    @Override
    FixedBaseTable generatorTable() {
      return Table.T;
    }

    /** r = psi(p), the untwist-Frobenius-twist endomorphism, on projective coordinates. */
    void psi(long[] r, int ro, long[] p, int po) {
      int n = f.n;
      long[] t = new long[curve.size];
      Fp2Ops.conj(t, 0, p, po);
      Fp2Ops.mul(t, 0, t, 0, psiX, 0);
      Fp2Ops.conj(t, n, p, po + n);
      Fp2Ops.mul(t, n, t, n, psiY, 0);
      Fp2Ops.conj(t, 2 * n, p, po + 2 * n);
      curve.copy(r, ro, t, 0);
    }

    @Override
    boolean decodeField(long[] r, int ro, byte[] in, int off) {
      // x.c1 first, then x.c0
      return FpOps.fromBytes(r, ro + FpOps.N, in, off) & FpOps.fromBytes(r, ro, in, off + 48);
    }

    @Override
    void encodeField(byte[] out, int off, long[] a, int ao) {
      FpOps.toBytes(out, off, a, ao + FpOps.N);
      FpOps.toBytes(out, off + 48, a, ao);
    }

    @Override
    boolean sqrt(long[] r, int ro, long[] a, int ao) {
      return Fp2Ops.sqrt(r, ro, a, ao);
    }

    @Override
    boolean isLexLarger(long[] a, int ao) {
      return Fp2Ops.isLexLarger(a, ao);
    }

    /** GLS: k Q = d0 Q - d1 psi(Q) + d2 psi^2(Q) - d3 psi^3(Q), four 64-bit scalars. */
    @Override
    void multiply(long[] r, int ro, long[] p, int po, long[] k) {
      long[][] d = Endomorphisms.decomposeG2(k);
      int s = curve.size;
      long[][] bases = new long[4][];
      bases[0] = new long[s];
      curve.copy(bases[0], 0, p, po);
      for (int i = 1; i < 4; i++) {
        bases[i] = new long[s];
        psi(bases[i], 0, bases[i - 1], 0);
      }
      curve.neg(bases[1], 0, bases[1], 0);
      curve.neg(bases[3], 0, bases[3], 0);
      curve.mulMultiConstantTime(r, ro, bases, d, 64);
    }

    /** Q is in G2 iff psi(Q) = [x] Q (Scott, ePrint 2021/1130). */
    @Override
    boolean isInSubgroup(long[] p, int po) {
      long[] lhs = new long[curve.size];
      psi(lhs, 0, p, po);
      long[] rhs = new long[curve.size];
      curve.mulByXAbs(rhs, 0, p, po);
      curve.neg(rhs, 0, rhs, 0);
      return curve.eq(lhs, 0, rhs, 0);
    }

    /**
     * RFC 9380 Appendix G.3, clear_cofactor_bls12381_g2 (Budroni-Pintore): h_eff P = [x^2 - x - 1]
     * P + [x - 1] psi(P) + psi^2(2 P).
     */
    @Override
    void clearCofactor(long[] r, int ro, long[] p, int po) {
      int s = curve.size;
      long[] t1 = new long[s];
      long[] t2 = new long[s];
      long[] t3 = new long[s];
      curve.mulByXAbs(t1, 0, p, po);
      curve.neg(t1, 0, t1, 0); // t1 = x P
      psi(t2, 0, p, po); // t2 = psi(P)
      curve.dbl(t3, 0, p, po);
      psi(t3, 0, t3, 0);
      psi(t3, 0, t3, 0); // t3 = psi^2(2P)
      long[] neg = new long[s];
      curve.neg(neg, 0, t2, 0);
      curve.add(t3, 0, t3, 0, neg, 0); // t3 = t3 - t2
      curve.add(t2, 0, t1, 0, t2, 0); // t2 = t1 + t2
      curve.mulByXAbs(t2, 0, t2, 0);
      curve.neg(t2, 0, t2, 0); // t2 = x t2
      curve.add(t3, 0, t3, 0, t2, 0); // t3 = t3 + t2
      curve.neg(neg, 0, t1, 0);
      curve.add(t3, 0, t3, 0, neg, 0); // t3 = t3 - t1
      curve.neg(neg, 0, p, po);
      curve.add(r, ro, t3, 0, neg, 0); // Q = t3 - P
    }
  }

  private static long[] affinePoint(Curve c, long[] x, long[] y) {
    long[] p = c.newPoint();
    c.fromAffine(p, 0, x, 0, y, 0);
    return p;
  }
}
