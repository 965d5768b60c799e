package org.jicp.benchmarks.bls;

import static org.jicp.benchmarks.bls.BlsBenchInputs.ETH_DST;
import static org.jicp.benchmarks.bls.BlsBenchInputs.IC_DST;
import static org.jicp.benchmarks.bls.BlsBenchInputs.N;
import static org.jicp.benchmarks.bls.BlsBenchInputs.P;
import static org.jicp.benchmarks.bls.BlsBenchInputs.R;
import static org.jicp.benchmarks.bls.BlsBenchInputs.ascii;
import static org.jicp.benchmarks.bls.BlsBenchInputs.require;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.milagro.amcl.BLS381.BIG;
import org.apache.milagro.amcl.BLS381.ECP;
import org.apache.milagro.amcl.BLS381.ECP2;
import org.apache.milagro.amcl.BLS381.FP;
import org.apache.milagro.amcl.BLS381.FP12;
import org.apache.milagro.amcl.BLS381.FP2;
import org.apache.milagro.amcl.BLS381.PAIR;
import org.apache.milagro.amcl.HASH384;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Apache Milagro AMCL in pure Java ({@code org.apache.milagro.amcl.BLS381}, {@code
 * org.miracl.milagro.amcl:milagro-crypto-java:0.4.0}): the same operations and method names as
 * {@link JicpBlsBench}, as close as the library allows.
 *
 * <p>Milagro 0.4.0 predates RFC 9380 and the BLS signature drafts: it has curve, field and pairing
 * arithmetic but no BLS scheme, no hash_to_field/SSWU map, and no ZCash point encoding. So:
 *
 * <ul>
 *   <li>{@code hashToG1}/{@code hashToG2} use the library's own map, {@code ECP.mapit}/{@code
 *       ECP2.mapit} (try-and-increment on x, then cofactor clearing), applied to SHA-384(DST ||
 *       msg) (its input must be 48 bytes). Not RFC 9380: the points differ from jicp's, hence so
 *       do the signatures, and Milagro cannot verify IC or Ethereum signatures at all.
 *   <li>{@code icSign}, {@code icVerify}, {@code ethVerify}, {@code fastAggregateVerify100}
 *       therefore sign and verify Milagro's own min-sig/min-pk equivalent: same keys, same
 *       pairing equation, that hash. Keys agree with jicp's: {@link #setup()} requires the same
 *       secret keys to give jicp's public keys (compared in ZCash form).
 *   <li>"From bytes" uses Milagro's own encodings: a 49-byte compressed G1 point (0x02/0x03 || x,
 *       so a square root, like ZCash's 48 bytes) but a 192-byte <em>uncompressed</em> G2 point,
 *       the only G2 form it has, so its G2 parsing skips the Fp2 square root that jicp's 96-byte
 *       form needs. Subgroup checks are r·P = O with the generic {@code mul} (the GLV {@code
 *       G1mul} is only valid inside the subgroup).
 *   <li>{@code batchVerify100}: no multi-pairing API, but {@code PAIR.ate2} returns the
 *       two-pair Miller loop before the final exponentiation, so 50 of them are multiplied and
 *       exponentiated once; the 64-bit coefficients use {@code ECP.mul} and there is no
 *       multi-scalar multiplication, so sum r_i·sig_i is 100 separate multiplications.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MilagroBlsBench {
  private static final int FIELD_BYTES = BIG.MODBYTES;
  private static final byte[] IC_DST_BYTES = ascii(IC_DST);
  private static final byte[] ETH_DST_BYTES = ascii(ETH_DST);
  private static final BIG ORDER = big(R);

  private FP fpA;
  private FP fpB;
  private ECP p;
  private ECP2 q;
  private byte[] msg;
  private BIG sk;
  private byte[] icPk;
  private byte[] icSig;
  private byte[] ethPk;
  private byte[] ethSig;
  private ECP negG1;
  private ECP2 negG2;
  private ECP2 g2;
  private ECP[] fastKeys;
  private ECP2 fastSig;
  private ECP2[] batchKeys;
  private byte[][] batchMsgs;
  private ECP[] batchSigs;
  private SplittableRandom batchRng;

  @Setup
  public void setup() {
    BlsBenchInputs in = BlsBenchInputs.create();
    fpA = new FP(big(in.fpA));
    fpB = new FP(big(in.fpB));
    p = PAIR.G1mul(ECP.generator(), big(in.pairingA));
    q = PAIR.G2mul(ECP2.generator(), big(in.pairingB));
    require(Arrays.equals(zcash(p), in.pairingP) && Arrays.equals(zcash(q), in.pairingQ), "Milagro pairing inputs = jicp's points");
    msg = in.msg;
    sk = big(new BigInteger(1, in.sk));
    negG1 = ECP.generator();
    negG1.neg();
    g2 = ECP2.generator();
    negG2 = ECP2.generator();
    negG2.neg();

    // Keys: the same as jicp's. Signatures: Milagro's own hash, so only self-consistent.
    ECP2 icKey = PAIR.G2mul(ECP2.generator(), sk);
    ECP ethKey = PAIR.G1mul(ECP.generator(), sk);
    require(Arrays.equals(zcash(icKey), in.icPk), "Milagro IC public key = jicp's");
    require(Arrays.equals(zcash(ethKey), in.ethPk), "Milagro ETH public key = jicp's");
    icPk = encode(icKey);
    icSig = encode(icSign());
    ethPk = encode(ethKey);
    ethSig = encode(PAIR.G2mul(hashToG2(), sk));

    fastKeys = new ECP[N];
    ECP2 aggregate = new ECP2();
    ECP2 fastHash = hashToG2();
    batchKeys = new ECP2[N];
    batchMsgs = new byte[N][];
    batchSigs = new ECP[N];
    for (int i = 0; i < N; i++) {
      BIG fk = big(new BigInteger(1, in.fastSks.get(i)));
      fastKeys[i] = PAIR.G1mul(ECP.generator(), fk);
      require(Arrays.equals(zcash(fastKeys[i]), in.fastPks.get(i)), "Milagro fast-aggregate key " + i + " = jicp's");
      aggregate.add(PAIR.G2mul(fastHash, fk));
      BIG bk = big(new BigInteger(1, in.batchSks.get(i)));
      batchKeys[i] = PAIR.G2mul(ECP2.generator(), bk);
      require(Arrays.equals(zcash(batchKeys[i]), in.batchPks.get(i)), "Milagro batch key " + i + " = jicp's");
      batchMsgs[i] = in.batchMsgs.get(i);
      batchSigs[i] = PAIR.G1mul(hashToG1(batchMsgs[i]), bk);
    }
    aggregate.affine();
    fastSig = aggregate;

    // Field multiplication against BigInteger.
    require(toBigInteger(fpMul().redc()).equals(in.fpProduct), "Milagro a*b mod p");

    // The maps land in the subgroups.
    require(!hashToG1().is_infinity() && inG1(hashToG1()), "Milagro mapit lands in G1");
    require(!hashToG2().is_infinity() && inG2(hashToG2()), "Milagro mapit lands in G2");

    // Pairing: non-degenerate and bilinear, e(2P, Q) = e(P, 2Q) = e(P, Q)^2.
    FP12 e = pairing();
    require(!e.isunity(), "Milagro e(P, Q) != 1");
    ECP p2 = new ECP(p);
    p2.dbl();
    ECP2 q2 = new ECP2(q);
    q2.dbl();
    FP12 left = PAIR.fexp(PAIR.ate(q, p2));
    FP12 right = PAIR.fexp(PAIR.ate(q2, p));
    FP12 square = new FP12(e);
    square.sqr();
    require(left.equals(right) && left.equals(square), "Milagro pairing bilinear");

    // Verification accepts good signatures, rejects a wrong message, and subgroup-checks.
    byte[] outside = encode(decodeZcashX(in.nonSubgroupG1));
    require(!inG1(ECP.fromBytes(outside)), "Milagro subgroup check rejects a point outside G1");
    require(icVerify(), "Milagro verifies its IC-style signature");
    require(!verifyIc(icPk, icSig, new byte[] {1}), "Milagro rejects an IC-style signature on another message");
    require(!verifyIc(icPk, outside, msg), "Milagro icVerify rejects a signature outside G1");
    require(ethVerify(), "Milagro verifies its ETH-style signature");
    require(!verifyEth(ethPk, ethSig, new byte[] {1}), "Milagro rejects an ETH-style signature on another message");
    require(!verifyEth(outside, ethSig, msg), "Milagro ethVerify rejects a key outside G1");
    require(fastAggregateVerify100(), "Milagro FastAggregateVerify");
    batchRng = new SplittableRandom(BlsBenchInputs.BATCH_SEED);
    require(batchVerify100(), "Milagro batch-verifies 100 triples");
    require(verify100Singly(), "Milagro verifies 100 triples one by one");
    ECP kept = batchSigs[7];
    batchSigs[7] = batchSigs[8];
    require(!batchVerify100(), "Milagro batch rejects a swapped signature");
    batchSigs[7] = kept;
    batchRng = new SplittableRandom(BlsBenchInputs.BATCH_SEED);
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public FP fpMul() {
    FP r = new FP(fpA);
    r.mul(fpB);
    return r;
  }

  @Benchmark
  public FP12 pairing() {
    return PAIR.fexp(PAIR.ate(q, p));
  }

  /** Not RFC 9380: Milagro's try-and-increment {@code ECP.mapit} of SHA-384(DST || msg). */
  @Benchmark
  public ECP hashToG1() {
    return hashToG1(msg);
  }

  /** Not RFC 9380: Milagro's try-and-increment {@code ECP2.mapit} of SHA-384(DST || msg). */
  @Benchmark
  public ECP2 hashToG2() {
    return ECP2.mapit(sha384(ETH_DST_BYTES, msg));
  }

  /** Min-sig signing with Milagro's own hash (see hashToG1). */
  @Benchmark
  public ECP icSign() {
    return PAIR.G1mul(hashToG1(msg), sk);
  }

  /** Min-sig verify from Milagro's bytes: 192-byte G2 key, 49-byte G1 signature. */
  @Benchmark
  public boolean icVerify() {
    return verifyIc(icPk, icSig, msg);
  }

  /** Min-pk verify from Milagro's bytes: 49-byte G1 key, 192-byte G2 signature. */
  @Benchmark
  public boolean ethVerify() {
    return verifyEth(ethPk, ethSig, msg);
  }

  /** Min-pk FastAggregateVerify with 100 (parsed) keys over one message. */
  @Benchmark
  public boolean fastAggregateVerify100() {
    ECP sum = new ECP();
    for (ECP k : fastKeys) {
      if (k.is_infinity()) {
        return false;
      }
      sum.add(k);
    }
    ECP2 h = hashToG2();
    return PAIR.fexp(PAIR.ate2(h, sum, fastSig, negG1)).isunity();
  }

  /**
   * Min-sig batch verification of 100 independent (parsed) triples with random 64-bit
   * coefficients: 50 two-pair Miller loops and one for the signature side, multiplied, one final
   * exponentiation.
   */
  @Benchmark
  public boolean batchVerify100() {
    ECP sum = new ECP();
    FP12 acc = null;
    for (int i = 0; i < N; i += 2) {
      BIG r0 = big64(nonZero(batchRng));
      BIG r1 = big64(nonZero(batchRng));
      ECP h0 = hashToG1(batchMsgs[i]).mul(r0);
      ECP h1 = hashToG1(batchMsgs[i + 1]).mul(r1);
      sum.add(batchSigs[i].mul(r0));
      sum.add(batchSigs[i + 1].mul(r1));
      FP12 m = PAIR.ate2(batchKeys[i], h0, batchKeys[i + 1], h1);
      if (acc == null) {
        acc = m;
      } else {
        acc.mul(m);
      }
    }
    sum.neg();
    acc.mul(PAIR.ate(g2, sum));
    return PAIR.fexp(acc).isunity();
  }

  /** The baseline of batchVerify100: the same 100 triples verified one by one. */
  @Benchmark
  public boolean verify100Singly() {
    boolean ok = true;
    for (int i = 0; i < N; i++) {
      ECP h = hashToG1(batchMsgs[i]);
      ok &= PAIR.fexp(PAIR.ate2(negG2, batchSigs[i], batchKeys[i], h)).isunity();
    }
    return ok;
  }

  private boolean verifyIc(byte[] pkBytes, byte[] sigBytes, byte[] message) {
    ECP2 pk = ECP2.fromBytes(pkBytes);
    if (pk.is_infinity() || !inG2(pk)) {
      return false;
    }
    ECP sig = ECP.fromBytes(sigBytes);
    if (sig.is_infinity() || !inG1(sig)) {
      return false;
    }
    ECP h = hashToG1(message);
    return PAIR.fexp(PAIR.ate2(negG2, sig, pk, h)).isunity();
  }

  private boolean verifyEth(byte[] pkBytes, byte[] sigBytes, byte[] message) {
    ECP pk = ECP.fromBytes(pkBytes);
    if (pk.is_infinity() || !inG1(pk)) {
      return false;
    }
    ECP2 sig = ECP2.fromBytes(sigBytes);
    if (sig.is_infinity() || !inG2(sig)) {
      return false;
    }
    ECP2 h = ECP2.mapit(sha384(ETH_DST_BYTES, message));
    return PAIR.fexp(PAIR.ate2(h, pk, sig, negG1)).isunity();
  }

  private static ECP hashToG1(byte[] message) {
    return ECP.mapit(sha384(IC_DST_BYTES, message));
  }

  private static byte[] sha384(byte[] dst, byte[] message) {
    HASH384 h = new HASH384();
    h.process_array(dst);
    h.process_array(message);
    return h.hash();
  }

  private static boolean inG1(ECP point) {
    return point.mul(ORDER).is_infinity();
  }

  private static boolean inG2(ECP2 point) {
    return point.mul(ORDER).is_infinity();
  }

  private static long nonZero(SplittableRandom rng) {
    long r;
    do {
      r = rng.nextLong();
    } while (r == 0);
    return r;
  }

  /** Milagro's compressed G1 form: 0x02/0x03 || x (49 bytes). */
  private static byte[] encode(ECP point) {
    byte[] out = new byte[FIELD_BYTES + 1];
    point.toBytes(out, true);
    return out;
  }

  /** Milagro's only G2 form: x.a || x.b || y.a || y.b, uncompressed (192 bytes). */
  private static byte[] encode(ECP2 point) {
    byte[] out = new byte[4 * FIELD_BYTES];
    point.toBytes(out);
    return out;
  }

  /** A point with the x of a ZCash-compressed G1 encoding (either y: used for a negative test). */
  private static ECP decodeZcashX(byte[] zcash) {
    byte[] x = zcash.clone();
    x[0] &= 0x1f;
    return new ECP(BIG.fromBytes(x), 0);
  }

  /** The ZCash compressed form of a G1 point, to compare Milagro's keys with jicp's bytes. */
  private static byte[] zcash(ECP point) {
    ECP a = new ECP(point);
    a.affine();
    byte[] out = BlsBenchInputs.toBytes(toBigInteger(a.getX()), FIELD_BYTES);
    out[0] |= (byte) (0x80 | (larger(toBigInteger(a.getY())) ? 0x20 : 0));
    return out;
  }

  /** The ZCash compressed form of a G2 point: x.c1 || x.c0 with the flags of y. */
  private static byte[] zcash(ECP2 point) {
    ECP2 a = new ECP2(point);
    a.affine();
    FP2 x = a.getX();
    FP2 y = a.getY();
    byte[] out = new byte[2 * FIELD_BYTES];
    System.arraycopy(BlsBenchInputs.toBytes(toBigInteger(x.getB()), FIELD_BYTES), 0, out, 0, FIELD_BYTES);
    System.arraycopy(BlsBenchInputs.toBytes(toBigInteger(x.getA()), FIELD_BYTES), 0, out, FIELD_BYTES, FIELD_BYTES);
    BigInteger y1 = toBigInteger(y.getB());
    boolean sign = y1.signum() != 0 ? larger(y1) : larger(toBigInteger(y.getA()));
    out[0] |= (byte) (0x80 | (sign ? 0x20 : 0));
    return out;
  }

  /** ZCash's sign: y is the larger of y and p - y. */
  private static boolean larger(BigInteger y) {
    return y.compareTo(P.subtract(y)) > 0;
  }

  private static BIG big(BigInteger v) {
    return BIG.fromBytes(BlsBenchInputs.toBytes(v, FIELD_BYTES));
  }

  private static BIG big64(long unsigned) {
    byte[] b = new byte[FIELD_BYTES];
    for (int i = 0; i < 8; i++) {
      b[FIELD_BYTES - 1 - i] = (byte) (unsigned >>> (8 * i));
    }
    return BIG.fromBytes(b);
  }

  private static BigInteger toBigInteger(BIG v) {
    byte[] b = new byte[FIELD_BYTES];
    new BIG(v).toBytes(b);
    return new BigInteger(1, b);
  }
}
