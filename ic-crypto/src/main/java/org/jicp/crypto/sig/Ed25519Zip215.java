package org.jicp.crypto.sig;

import java.math.BigInteger;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.math.ec.rfc7748.X25519Field;

/**
 * Ed25519 verification by the rules of ZIP 215 ("Explicitly Defining and Modifying Ed25519
 * Validation Rules"), which the IC's {@code ic-ed25519} follows for user and node signatures
 * ({@code PublicKey::verify_signature}: "This verification follows ZIP215 validation rules"):
 *
 * <ul>
 *   <li>{@code A} and {@code R} are any 32 bytes that decode to a curve point: the y coordinate
 *       may be non-canonical ({@code ≥ p}, taken mod p) and the sign bit may be set when {@code x
 *       = 0}; small-order points are accepted;
 *   <li>{@code S} must be canonical ({@code S < L});
 *   <li>{@code k = SHA-512(R_bytes ‖ A_bytes ‖ M) mod L} over the encodings as received;
 *   <li>the cofactored equation {@code [8]([S]B − R − [k]A) = 0} must hold.
 * </ul>
 *
 * <p>Point arithmetic is this class's own (extended twisted Edwards coordinates, a = −1, the
 * unified addition and doubling of Hisil–Wong–Carter–Dawson 2008, a joint wNAF double-scalar
 * multiplication), on BouncyCastle's field arithmetic modulo 2^255 − 19 ({@code X25519Field},
 * radix 2^25.5). Everything here handles public data only and runs in variable time.
 *
 * <p>Field-element discipline: {@code X25519Field.mul/sqr} take elements whose limbs come from a
 * multiplication, a decoding, a {@code carry}, or at most one addition or subtraction of such
 * elements; anything else is carried first.
 */
final class Ed25519Zip215 {
  private static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));

  /** The order of the prime-order subgroup, L = 2^252 + 27742317777372353535851937790883648493. */
  static final BigInteger L =
      BigInteger.ONE.shiftLeft(252).add(new BigInteger("27742317777372353535851937790883648493"));

  private static final int[] D; // d = −121665/121666
  private static final int[] D2; // 2d
  private static final int BASE_WINDOW = 8;
  private static final int KEY_WINDOW = 5;
  /** Odd multiples 1·B, 3·B, …, 127·B of the base point, cached form. */
  private static final Cached[] BASE_TABLE;
  /** The base point (x positive, y = 4/5). */
  static final Point BASE;

  static {
    BigInteger d =
        BigInteger.valueOf(-121665).multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);
    D = fieldOf(d);
    D2 = fieldOf(d.shiftLeft(1).mod(P));
    byte[] b = littleEndian(BigInteger.valueOf(4).multiply(BigInteger.valueOf(5).modInverse(P)).mod(P));
    BASE = decode(b, 0);
    if (BASE == null) {
      throw new ExceptionInInitializerError("Ed25519 base point does not decode");
    }
    BASE_TABLE = oddMultiples(BASE, BASE_WINDOW);
  }

  private Ed25519Zip215() {}

  /**
   * Verifies {@code signature} ({@code R ‖ S}, 64 bytes) of {@code message} under the 32-byte
   * encoding {@code publicKey}, by ZIP 215 (class comment). Never throws for bad input.
   */
  static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
    if (publicKey == null || publicKey.length != 32 || signature == null || signature.length != 64 || message == null) {
      return false;
    }
    byte[] sLe = new byte[32];
    System.arraycopy(signature, 32, sLe, 0, 32);
    BigInteger s = fromLittleEndian(sLe);
    if (s.compareTo(L) >= 0) {
      return false;
    }
    Point a = decode(publicKey, 0);
    Point r = decode(signature, 0);
    if (a == null || r == null) {
      return false;
    }
    SHA512Digest h = new SHA512Digest();
    h.update(signature, 0, 32);
    h.update(publicKey, 0, 32);
    h.update(message, 0, message.length);
    byte[] digest = new byte[64];
    h.doFinal(digest, 0);
    BigInteger k = fromLittleEndian(digest).mod(L);
    // Q = [S]B + [k](−A) − R, then [8]Q must be the identity.
    Point negA = a.negate();
    Point q = doubleScalarMul(wnaf(littleEndian(s), BASE_WINDOW), wnaf(littleEndian(k), KEY_WINDOW), negA);
    Tmp t = new Tmp();
    sub(q, r.cached(), q, t);
    dbl(q, q, t, false); // the cofactor 8; the identity test needs no T
    dbl(q, q, t, false);
    dbl(q, q, t, false);
    return q.isIdentity();
  }

  /** Whether 32 bytes decode to a curve point under ZIP 215's rules (non-canonical allowed). */
  static boolean decodes(byte[] encoding) {
    return encoding != null && encoding.length == 32 && decode(encoding, 0) != null;
  }

  // ------------------------------------------------------------------------------------------
  // Points

  /** A point in extended coordinates (X : Y : Z : T), x = X/Z, y = Y/Z, xy = T/Z. Mutable. */
  static final class Point {
    final int[] x = X25519Field.create();
    final int[] y = X25519Field.create();
    final int[] z = X25519Field.create();
    final int[] t = X25519Field.create();

    static Point identity() {
      Point p = new Point();
      X25519Field.one(p.y);
      X25519Field.one(p.z);
      return p;
    }

    Point negate() {
      Point n = new Point();
      X25519Field.negate(x, n.x);
      X25519Field.copy(y, 0, n.y, 0);
      X25519Field.copy(z, 0, n.z, 0);
      X25519Field.negate(t, n.t);
      return n;
    }

    /** (Y + X, Y − X, 2Z, 2d·T): the form added to others. */
    Cached cached() {
      Cached c = new Cached();
      X25519Field.apm(y, x, c.ypx, c.ymx);
      X25519Field.add(z, z, c.z2);
      X25519Field.mul(t, D2, c.t2d);
      return c;
    }

    /** X = 0 and Y = Z (mod p). */
    boolean isIdentity() {
      int[] u = X25519Field.create();
      X25519Field.copy(x, 0, u, 0);
      X25519Field.normalize(u);
      if (!X25519Field.isZeroVar(u)) {
        return false;
      }
      X25519Field.sub(y, z, u);
      X25519Field.normalize(u);
      return X25519Field.isZeroVar(u);
    }

    /** The canonical 32-byte encoding (for tests). */
    byte[] encode() {
      int[] zi = X25519Field.create();
      X25519Field.inv(z, zi);
      int[] ax = X25519Field.create();
      int[] ay = X25519Field.create();
      X25519Field.mul(x, zi, ax);
      X25519Field.mul(y, zi, ay);
      X25519Field.normalize(ax);
      X25519Field.normalize(ay);
      byte[] out = new byte[32];
      X25519Field.encode(ay, out, 0);
      out[31] |= (byte) ((ax[0] & 1) << 7);
      return out;
    }
  }

  /** A point prepared for addition. */
  static final class Cached {
    final int[] ypx = X25519Field.create();
    final int[] ymx = X25519Field.create();
    final int[] z2 = X25519Field.create();
    final int[] t2d = X25519Field.create();
  }

  /** Temporaries of one computation. */
  static final class Tmp {
    final int[] a = X25519Field.create();
    final int[] b = X25519Field.create();
    final int[] c = X25519Field.create();
    final int[] d = X25519Field.create();
    final int[] e = X25519Field.create();
    final int[] f = X25519Field.create();
    final int[] g = X25519Field.create();
    final int[] h = X25519Field.create();
  }

  /**
   * Decodes 32 bytes by ZIP 215: y is the low 255 bits taken mod p (non-canonical values are
   * accepted), x is the square root of (y² − 1)/(d·y² + 1) whose parity is bit 255 — for x = 0
   * the bit is ignored. Null if there is no square root (not a curve point).
   */
  static Point decode(byte[] in, int off) {
    Point p = new Point();
    X25519Field.decode(in, off, p.y); // masks bit 255
    int sign = (in[off + 31] & 0x80) >>> 7;
    int[] u = X25519Field.create();
    int[] v = X25519Field.create();
    X25519Field.sqr(p.y, u);
    X25519Field.mul(u, D, v);
    X25519Field.subOne(u); // u = y² − 1
    X25519Field.addOne(v); // v = d·y² + 1
    if (!X25519Field.sqrtRatioVar(u, v, p.x)) {
      return null;
    }
    X25519Field.normalize(p.x);
    if ((p.x[0] & 1) != sign) {
      X25519Field.negate(p.x, p.x); // for x = 0 this leaves 0: ZIP 215 accepts that encoding
    }
    X25519Field.one(p.z);
    X25519Field.mul(p.x, p.y, p.t);
    return p;
  }

  /** r = p + q. r may be p. (add-2008-hwcd-3 with k = 2d, complete on edwards25519.) */
  static void add(Point p, Cached q, Point r, Tmp t) {
    X25519Field.apm(p.y, p.x, t.a, t.b); // a = Y1 + X1, b = Y1 − X1
    X25519Field.mul(t.b, q.ymx, t.b); // A
    X25519Field.mul(t.a, q.ypx, t.a); // B
    X25519Field.mul(p.t, q.t2d, t.c); // C
    X25519Field.mul(p.z, q.z2, t.d); // D
    X25519Field.apm(t.a, t.b, t.h, t.e); // H = B + A, E = B − A
    X25519Field.apm(t.d, t.c, t.g, t.f); // G = D + C, F = D − C
    X25519Field.mul(t.e, t.f, r.x);
    X25519Field.mul(t.g, t.h, r.y);
    X25519Field.mul(t.e, t.h, r.t);
    X25519Field.mul(t.f, t.g, r.z);
  }

  /** r = p − q. r may be p. (The addition with q's x and T negated.) */
  static void sub(Point p, Cached q, Point r, Tmp t) {
    X25519Field.apm(p.y, p.x, t.a, t.b);
    X25519Field.mul(t.b, q.ypx, t.b); // A with −q: (Y1 − X1)(Y2 + X2)
    X25519Field.mul(t.a, q.ymx, t.a); // B with −q: (Y1 + X1)(Y2 − X2)
    X25519Field.mul(p.t, q.t2d, t.c); // −C
    X25519Field.mul(p.z, q.z2, t.d);
    X25519Field.apm(t.a, t.b, t.h, t.e);
    X25519Field.apm(t.d, t.c, t.f, t.g); // F = D − C = D + c, G = D + C = D − c
    X25519Field.mul(t.e, t.f, r.x);
    X25519Field.mul(t.g, t.h, r.y);
    X25519Field.mul(t.e, t.h, r.t);
    X25519Field.mul(t.f, t.g, r.z);
  }

  /** r = 2p. r may be p. (dbl-2008-hwcd with a = −1.) */
  static void dbl(Point p, Point r, Tmp t) {
    dbl(p, r, t, true);
  }

  /**
   * r = 2p; with {@code withT} false, r's T is left stale (doubling reads no T, so a doubling
   * followed by a doubling may skip it; an addition needs it).
   */
  static void dbl(Point p, Point r, Tmp t, boolean withT) {
    X25519Field.sqr(p.x, t.a); // A = X²
    X25519Field.sqr(p.y, t.b); // B = Y²
    X25519Field.sqr(p.z, t.c);
    X25519Field.mul(t.c, 2, t.c); // C = 2Z²
    X25519Field.add(p.x, p.y, t.e);
    X25519Field.sqr(t.e, t.e); // (X + Y)²
    X25519Field.apm(t.b, t.a, t.d, t.g); // d = A + B, G = B − A (= D + B with D = −A)
    X25519Field.sub(t.e, t.d, t.e);
    X25519Field.carry(t.e); // E = (X + Y)² − A − B
    X25519Field.sub(t.g, t.c, t.f);
    X25519Field.carry(t.f); // F = G − C
    X25519Field.negate(t.d, t.h); // H = D − B = −A − B
    X25519Field.mul(t.e, t.f, r.x);
    X25519Field.mul(t.g, t.h, r.y);
    if (withT) {
      X25519Field.mul(t.e, t.h, r.t);
    }
    X25519Field.mul(t.f, t.g, r.z);
  }

  /** The odd multiples 1·p, 3·p, …, (2^(w−1) − 1)·p in cached form. */
  static Cached[] oddMultiples(Point p, int w) {
    Cached[] table = new Cached[1 << (w - 2)];
    Tmp t = new Tmp();
    Point twice = new Point();
    dbl(p, twice, t);
    Cached twiceC = twice.cached();
    Point acc = new Point();
    copy(p, acc);
    table[0] = acc.cached();
    for (int i = 1; i < table.length; i++) {
      add(acc, twiceC, acc, t);
      table[i] = acc.cached();
    }
    return table;
  }

  private static void copy(Point from, Point to) {
    X25519Field.copy(from.x, 0, to.x, 0);
    X25519Field.copy(from.y, 0, to.y, 0);
    X25519Field.copy(from.z, 0, to.z, 0);
    X25519Field.copy(from.t, 0, to.t, 0);
  }

  /** [s]B + [k]Q from their wNAF digits (BASE_WINDOW for s, KEY_WINDOW for k). */
  static Point doubleScalarMul(byte[] nafS, byte[] nafK, Point q) {
    Cached[] qTable = oddMultiples(q, KEY_WINDOW);
    int top = nafS.length - 1;
    while (top >= 0 && nafS[top] == 0 && nafK[top] == 0) {
      top--;
    }
    Point acc = Point.identity();
    Tmp t = new Tmp();
    for (int i = top; i >= 0; i--) {
      int ds = nafS[i];
      dbl(acc, acc, t, ds != 0 || nafK[i] != 0 || i == 0); // T only where an addition follows
      if (ds > 0) {
        add(acc, BASE_TABLE[ds >> 1], acc, t);
      } else if (ds < 0) {
        sub(acc, BASE_TABLE[(-ds) >> 1], acc, t);
      }
      int dk = nafK[i];
      if (dk > 0) {
        add(acc, qTable[dk >> 1], acc, t);
      } else if (dk < 0) {
        sub(acc, qTable[(-dk) >> 1], acc, t);
      }
    }
    return acc;
  }

  /** [s]p by the same loop (for tests): s given as 32 little-endian bytes below 2^255. */
  static Point multiply(Point p, byte[] sLe) {
    return doubleScalarMul(new byte[wnafLength()], wnaf(sLe, KEY_WINDOW), p);
  }

  // ------------------------------------------------------------------------------------------
  // Scalars

  private static int wnafLength() {
    return 257 + 8;
  }

  /**
   * The width-{@code w} non-adjacent form of a scalar below 2^255 (32 little-endian bytes):
   * digits are 0 or odd in (−2^(w−1), 2^(w−1)), any w consecutive digits have at most one non-zero,
   * and Σ digit_i · 2^i equals the scalar.
   */
  static byte[] wnaf(byte[] le32, int w) {
    long[] words = new long[6];
    for (int i = 0; i < 32; i++) {
      words[i >>> 3] |= (le32[i] & 0xffL) << (8 * (i & 7));
    }
    if (words[3] < 0) {
      throw new IllegalArgumentException("wNAF needs a scalar below 2^255");
    }
    byte[] naf = new byte[wnafLength()];
    long width = 1L << w;
    long mask = width - 1;
    long carry = 0;
    int pos = 0;
    while (pos < 257) {
      int idx = pos >>> 6;
      int bit = pos & 63;
      long buf = bit == 0 ? words[idx] : (words[idx] >>> bit) | (words[idx + 1] << (64 - bit));
      long window = carry + (buf & mask);
      if ((window & 1) == 0) {
        pos++;
        continue;
      }
      if (window < width / 2) {
        carry = 0;
        naf[pos] = (byte) window;
      } else {
        carry = 1;
        naf[pos] = (byte) (window - width);
      }
      pos += w;
    }
    return naf;
  }

  // ------------------------------------------------------------------------------------------
  // Encodings

  private static int[] fieldOf(BigInteger v) {
    int[] f = X25519Field.create();
    X25519Field.decode(littleEndian(v), 0, f);
    return f;
  }

  static byte[] littleEndian(BigInteger v) {
    byte[] be = v.toByteArray();
    byte[] le = new byte[32];
    for (int i = 0; i < 32 && i < be.length; i++) {
      le[i] = be[be.length - 1 - i];
    }
    return le;
  }

  static BigInteger fromLittleEndian(byte[] le) {
    byte[] be = new byte[le.length];
    for (int i = 0; i < le.length; i++) {
      be[i] = le[le.length - 1 - i];
    }
    return new BigInteger(1, be);
  }
}
