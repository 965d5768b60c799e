package org.jicp.benchmarks.bls;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jicp.crypto.InsecureSecretKeyAccess;
import org.jicp.crypto.bls.BlsScheme;
import org.jicp.crypto.bls.SecretKey;
import org.jicp.crypto.bls.Signature;
import org.jicp.crypto.bls12381.Fp;
import org.jicp.crypto.bls12381.G1Point;
import org.jicp.crypto.bls12381.G2Point;
import org.jicp.crypto.bls12381.Scalar;

/**
 * The inputs of the peer BLS benchmarks ({@link BlstBlsBench}, {@link MiraclCoreBlsBench}, {@link
 * MilagroBlsBench}) and jicp's answers for them, which each peer's {@code @Setup} checks its own
 * results against before anything is timed.
 *
 * <p>The inputs have the shape of {@link JicpBlsBench}'s (the same message strings, random field
 * elements, points, keys and signatures, 100 keys for the aggregate and batch cases) but are drawn
 * from a fixed seed, so every peer sees exactly the same values. Byte strings use jicp's encodings:
 * ZCash-compressed points (48-byte G1, 96-byte G2) and 32-byte big-endian secret keys.
 */
final class BlsBenchInputs {
  /** The IC's min-sig DST (signatures in G1). */
  static final String IC_DST = "BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_";
  /** Ethereum's min-pk proof-of-possession DST (signatures in G2). */
  static final String ETH_DST = "BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_";
  /** The number of keys in fastAggregateVerify100 and of triples in batchVerify100. */
  static final int N = 100;
  /** The seed of the batch coefficients drawn during batchVerify100 (as in JicpBlsBench). */
  static final long BATCH_SEED = 42;

  /** The base-field modulus p. */
  static final BigInteger P = Fp.MODULUS;
  /** The group order r. */
  static final BigInteger R = Scalar.ORDER;

  /** Two base-field elements below p, and their product mod p. */
  final BigInteger fpA;
  final BigInteger fpB;
  final BigInteger fpProduct;

  /** The pairing inputs P = pa g1 and Q = qb g2, as scalars and as jicp's compressed bytes. */
  final BigInteger pairingA;
  final BigInteger pairingB;
  final byte[] pairingP;
  final byte[] pairingQ;

  /** The message signed and hashed, and jicp's hash_to_curve of it (compressed). */
  final byte[] msg;
  final byte[] hashToG1;
  final byte[] hashToG2;

  /** One secret key (32 bytes) and jicp's IC (min-sig) and Ethereum (min-pk) keys and signatures. */
  final byte[] sk;
  final byte[] icPk;
  final byte[] icSig;
  final byte[] ethPk;
  final byte[] ethSig;

  /** FastAggregateVerify: 100 Ethereum keys and their aggregate signature on {@link #msg}. */
  final List<byte[]> fastSks = new ArrayList<>();
  final List<byte[]> fastPks = new ArrayList<>();
  final byte[] fastSig;

  /** Batch verification: 100 independent IC triples ("message i" under key i). */
  final List<byte[]> batchSks = new ArrayList<>();
  final List<byte[]> batchMsgs = new ArrayList<>();
  final List<byte[]> batchPks = new ArrayList<>();
  final List<byte[]> batchSigs = new ArrayList<>();

  /**
   * A compressed G1 encoding of a point on the curve but outside the prime-order subgroup: every
   * peer's verification path must reject it as a signature, which shows that the timed path
   * includes the subgroup check.
   */
  final byte[] nonSubgroupG1;

  private BlsBenchInputs() {
    SplittableRandom rnd = new SplittableRandom(0x6a696370L);
    fpA = new BigInteger(380, new java.util.Random(rnd.nextLong()));
    fpB = new BigInteger(380, new java.util.Random(rnd.nextLong()));
    fpProduct = fpA.multiply(fpB).mod(P);

    Scalar a = nonZero(rnd);
    Scalar b = nonZero(rnd);
    pairingA = a.toBigInteger();
    pairingB = b.toBigInteger();
    pairingP = G1Point.generator().multiply(a).toBytes();
    pairingQ = G2Point.generator().multiply(b).toBytes();

    msg = "jicp benchmark message".getBytes(StandardCharsets.US_ASCII);
    hashToG1 = G1Point.hashToCurve(msg, ascii(IC_DST)).toBytes();
    hashToG2 = G2Point.hashToCurve(msg, ascii(ETH_DST)).toBytes();

    SecretKey key = SecretKey.fromScalar(nonZero(rnd));
    sk = key.toBytes(InsecureSecretKeyAccess.get()); // the peers need the raw key
    icPk = BlsScheme.IC.publicKey(key).toBytes();
    icSig = BlsScheme.IC.sign(key, msg).toBytes();
    ethPk = BlsScheme.ETH.publicKey(key).toBytes();
    ethSig = BlsScheme.ETH.sign(key, msg).toBytes();

    List<Signature> sigs = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      SecretKey k = SecretKey.fromScalar(nonZero(rnd));
      fastSks.add(k.toBytes(InsecureSecretKeyAccess.get()));
      fastPks.add(BlsScheme.ETH.publicKey(k).toBytes());
      sigs.add(BlsScheme.ETH.sign(k, msg));
    }
    fastSig = BlsScheme.ETH.aggregate(sigs).toBytes();

    for (int i = 0; i < N; i++) {
      SecretKey k = SecretKey.fromScalar(nonZero(rnd));
      byte[] m = ("message " + i).getBytes(StandardCharsets.US_ASCII);
      batchSks.add(k.toBytes(InsecureSecretKeyAccess.get()));
      batchMsgs.add(m);
      batchPks.add(BlsScheme.IC.publicKey(k).toBytes());
      batchSigs.add(BlsScheme.IC.sign(k, m).toBytes());
    }

    nonSubgroupG1 = nonSubgroupG1();
  }

  /** Draws the inputs (deterministic; the same on every call). */
  static BlsBenchInputs create() {
    return new BlsBenchInputs();
  }

  /** US-ASCII bytes of a DST. */
  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** The big-endian bytes of a non-negative value, left-padded with zeros to {@code len} bytes. */
  static byte[] toBytes(BigInteger v, int len) {
    byte[] raw = v.toByteArray();
    int skip = raw.length > len ? raw.length - len : 0;
    byte[] out = new byte[len];
    System.arraycopy(raw, skip, out, len - (raw.length - skip), raw.length - skip);
    return out;
  }

  /** {@code bytes} left-padded with zeros to {@code len} bytes. */
  static byte[] leftPad(byte[] bytes, int len) {
    byte[] out = new byte[len];
    System.arraycopy(bytes, 0, out, len - bytes.length, bytes.length);
    return out;
  }

  /** A benchmark's setup check: throws, so that a benchmark of a wrong computation cannot run. */
  static void require(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException("setup check failed: " + what);
    }
  }

  private static Scalar nonZero(SplittableRandom rnd) {
    Scalar s;
    do {
      s = Scalar.random(rnd);
    } while (s.isZero());
    return s;
  }

  /**
   * The smallest x such that x^3 + 4 is a square mod p gives a point of E(Fp); its order is not r
   * (the cofactor of G1 is about 2^126), so it lies outside G1. Encoded compressed, smaller y.
   */
  private static byte[] nonSubgroupG1() {
    BigInteger sqrtExp = P.add(BigInteger.ONE).shiftRight(2);
    for (BigInteger x = BigInteger.ONE; ; x = x.add(BigInteger.ONE)) {
      BigInteger rhs = x.pow(3).add(BigInteger.valueOf(4)).mod(P);
      BigInteger y = rhs.modPow(sqrtExp, P);
      if (y.multiply(y).mod(P).equals(rhs)) {
        byte[] out = toBytes(x, 48);
        out[0] |= (byte) 0x80;
        return out;
      }
    }
  }
}
