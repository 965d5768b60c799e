package org.jicp.benchmarks.bls;

import static org.jicp.benchmarks.bls.BlsBenchInputs.ETH_DST;
import static org.jicp.benchmarks.bls.BlsBenchInputs.IC_DST;
import static org.jicp.benchmarks.bls.BlsBenchInputs.N;
import static org.jicp.benchmarks.bls.BlsBenchInputs.ascii;
import static org.jicp.benchmarks.bls.BlsBenchInputs.leftPad;
import static org.jicp.benchmarks.bls.BlsBenchInputs.require;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.miracl.core.BLS12381.BIG;
import org.miracl.core.BLS12381.BLS;
import org.miracl.core.BLS12381.CONFIG_BIG;
import org.miracl.core.BLS12381.CONFIG_CURVE;
import org.miracl.core.BLS12381.DBIG;
import org.miracl.core.BLS12381.ECP;
import org.miracl.core.BLS12381.ECP2;
import org.miracl.core.BLS12381.FP;
import org.miracl.core.BLS12381.FP12;
import org.miracl.core.BLS12381.FP2;
import org.miracl.core.BLS12381.PAIR;
import org.miracl.core.BLS12381.ROM;
import org.miracl.core.HMAC;
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
 * MIRACL Core in pure Java ({@code org.miracl.core.BLS12381}, as shipped inside {@code
 * org.ic4j:ic4j-agent}, which uses it to check IC certificates): the same operations and method
 * names as {@link JicpBlsBench}.
 *
 * <p>MIRACL Core reads and writes jicp's formats (ZCash point encodings) and its {@code BLS} class
 * is exactly the IC's min-sig scheme, so {@link #setup()} requires byte-for-byte agreement with
 * jicp. What the library offers and what is composed here from its public primitives:
 *
 * <ul>
 *   <li>{@code hashToG1}, {@code icSign}, {@code icVerify}: the library's own {@code
 *       BLS.bls_hash_to_point}, {@code PAIR.G1mul} (what {@code BLS.core_sign} does, less the
 *       serialization) and {@code BLS.core_verify} (parse, subgroup checks, hash, pairing check).
 *   <li>{@code hashToG2}: MIRACL has no public G2 hash_to_curve (its hash_to_field is private to
 *       {@code BLS}), so RFC 9380's is composed from {@code HMAC.XMD_Expand}, {@code
 *       ECP2.map2point} (SSWU with the 3-isogeny) and {@code ECP2.cfp}; it matches jicp's bytes.
 *   <li>{@code ethVerify}, {@code fastAggregateVerify100}: composed from {@code fromBytes}, {@code
 *       G1member}/{@code G2member}, the G2 hash above and {@code PAIR.ate2}/{@code fexp}.
 *   <li>{@code batchVerify100}: composed from the library's multi-pairing ({@code initmp}, {@code
 *       another}, {@code another_pc} with the precomputed generator table, {@code miller}), its
 *       multi-scalar multiplication {@code ECP.muln} and variable-time {@code ECP.mul} for the
 *       64-bit coefficients.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MiraclCoreBlsBench {
  private static final int FIELD_BYTES = CONFIG_BIG.MODBYTES;
  /** RFC 9380 L for BLS12-381: ceil((381 + 128) / 8) = 64 bytes per field element. */
  private static final int L = 64;
  private static final BIG MODULUS = new BIG(ROM.Modulus);
  private static final byte[] ETH_DST_BYTES = ascii(ETH_DST);

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
  private ECP[] fastKeys;
  private ECP2 fastSig;
  private ECP2[] batchKeys;
  private byte[][] batchMsgs;
  private ECP[] batchSigs;
  private SplittableRandom batchRng;

  @Setup
  public void setup() {
    require(BLS.init() == BLS.BLS_OK, "MIRACL BLS.init");
    BlsBenchInputs in = BlsBenchInputs.create();
    fpA = new FP(big(in.fpA));
    fpB = new FP(big(in.fpB));
    p = ECP.fromBytes(in.pairingP);
    q = ECP2.fromBytes(in.pairingQ);
    msg = in.msg;
    sk = BIG.fromBytes(leftPad(in.sk, FIELD_BYTES));
    icPk = in.icPk;
    icSig = in.icSig;
    ethPk = in.ethPk;
    ethSig = in.ethSig;
    negG1 = ECP.generator();
    negG1.neg();
    negG2 = ECP2.generator();
    negG2.neg();
    fastKeys = new ECP[N];
    batchKeys = new ECP2[N];
    batchMsgs = new byte[N][];
    batchSigs = new ECP[N];
    for (int i = 0; i < N; i++) {
      fastKeys[i] = ECP.fromBytes(in.fastPks.get(i));
      require(PAIR.G1member(fastKeys[i]), "MIRACL: fast-aggregate key " + i + " in G1");
      batchKeys[i] = ECP2.fromBytes(in.batchPks.get(i));
      batchMsgs[i] = in.batchMsgs.get(i);
      batchSigs[i] = ECP.fromBytes(in.batchSigs.get(i));
      require(PAIR.G2member(batchKeys[i]) && PAIR.G1member(batchSigs[i]), "MIRACL: batch triple " + i + " in G2 x G1");
    }
    fastSig = ECP2.fromBytes(in.fastSig);
    require(PAIR.G2member(fastSig), "MIRACL: aggregate signature in G2");

    // Field multiplication against BigInteger.
    FP prod = fpMul();
    require(toBigInteger(prod.redc()).equals(in.fpProduct), "MIRACL a*b mod p");

    // Byte-for-byte agreement with jicp.
    require(Arrays.equals(compressed(hashToG1()), in.hashToG1), "MIRACL hash_to_curve G1 = jicp's");
    require(Arrays.equals(compressed(hashToG2()), in.hashToG2), "MIRACL-composed hash_to_curve G2 = jicp's");
    require(Arrays.equals(compressed(PAIR.G2mul(ECP2.generator(), sk)), in.icPk), "MIRACL IC public key = jicp's");
    byte[] sig = new byte[FIELD_BYTES];
    require(BLS.core_sign(sig, msg, leftPad(in.sk, FIELD_BYTES)) == BLS.BLS_OK, "MIRACL core_sign");
    require(Arrays.equals(sig, in.icSig), "MIRACL IC signature (core_sign) = jicp's");
    require(Arrays.equals(compressed(icSign()), in.icSig), "MIRACL IC signature (G1mul) = jicp's");
    require(Arrays.equals(compressed(PAIR.G1mul(ECP.generator(), sk)), in.ethPk), "MIRACL ETH public key = jicp's");
    require(
        Arrays.equals(compressed(PAIR.G2mul(hashToG2(msg, ETH_DST_BYTES), sk)), in.ethSig),
        "MIRACL ETH signature = jicp's");

    // Pairing: non-degenerate and bilinear, e(2P, Q) = e(P, 2Q) = e(P, Q)^2.
    FP12 e = pairing();
    require(!e.isunity(), "MIRACL e(P, Q) != 1");
    ECP p2 = new ECP(p);
    p2.dbl();
    ECP2 q2 = new ECP2(q);
    q2.dbl();
    FP12 left = PAIR.fexp(PAIR.ate(q, p2));
    FP12 right = PAIR.fexp(PAIR.ate(q2, p));
    FP12 square = new FP12(e);
    square.sqr();
    require(left.equals(right) && left.equals(square), "MIRACL pairing bilinear");

    // Verification accepts jicp's signatures, rejects a wrong message, and subgroup-checks.
    require(icVerify(), "MIRACL verifies jicp's IC signature");
    require(BLS.core_verify(icSig, new byte[] {1}, icPk) != BLS.BLS_OK, "MIRACL rejects an IC signature on another message");
    require(BLS.core_verify(in.nonSubgroupG1, msg, icPk) != BLS.BLS_OK, "MIRACL icVerify rejects a signature outside G1");
    require(ethVerify(), "MIRACL verifies jicp's ETH signature");
    require(!verifyEth(ethPk, ethSig, new byte[] {1}), "MIRACL rejects an ETH signature on another message");
    require(!verifyEth(in.nonSubgroupG1, ethSig, msg), "MIRACL ethVerify rejects a key outside G1");
    require(fastAggregateVerify100(), "MIRACL FastAggregateVerify of jicp's aggregate");
    batchRng = new SplittableRandom(BlsBenchInputs.BATCH_SEED);
    require(batchVerify100(), "MIRACL batch-verifies jicp's 100 triples");
    require(verify100Singly(), "MIRACL verifies jicp's 100 triples one by one");
    ECP kept = batchSigs[7];
    batchSigs[7] = batchSigs[8];
    require(!batchVerify100(), "MIRACL batch rejects a swapped signature");
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

  /** The library's own BLS hash (its DST is fixed to the IC's). */
  @Benchmark
  public ECP hashToG1() {
    return BLS.bls_hash_to_point(msg);
  }

  /** RFC 9380 hash_to_curve to G2, composed from MIRACL primitives (see the class comment). */
  @Benchmark
  public ECP2 hashToG2() {
    return hashToG2(msg, ETH_DST_BYTES);
  }

  @Benchmark
  public ECP icSign() {
    return PAIR.G1mul(BLS.bls_hash_to_point(msg), sk);
  }

  /** IC verify from bytes: the library's core_verify parses, subgroup-checks, hashes and pairs. */
  @Benchmark
  public boolean icVerify() {
    return BLS.core_verify(icSig, msg, icPk) == BLS.BLS_OK;
  }

  /** Ethereum verify from bytes: parse the 48-byte key and 96-byte signature, then verify. */
  @Benchmark
  public boolean ethVerify() {
    return verifyEth(ethPk, ethSig, msg);
  }

  /** Ethereum FastAggregateVerify with 100 (parsed) keys over one message. */
  @Benchmark
  public boolean fastAggregateVerify100() {
    ECP sum = new ECP();
    for (ECP k : fastKeys) {
      if (k.is_infinity()) {
        return false;
      }
      sum.add(k);
    }
    ECP2 h = hashToG2(msg, ETH_DST_BYTES);
    return PAIR.fexp(PAIR.ate2(h, sum, fastSig, negG1)).isunity();
  }

  /** IC min-sig batch verification of 100 independent (parsed) triples, one multi-pairing. */
  @Benchmark
  public boolean batchVerify100() {
    FP12[] acc = PAIR.initmp();
    BIG[] coefficients = new BIG[N];
    for (int i = 0; i < N; i++) {
      long r;
      do {
        r = batchRng.nextLong();
      } while (r == 0);
      coefficients[i] = big64(r);
      ECP h = BLS.bls_hash_to_point(batchMsgs[i]).mul(coefficients[i]);
      PAIR.another(acc, batchKeys[i], h);
    }
    ECP sum = new ECP().muln(N, batchSigs, coefficients);
    sum.neg();
    PAIR.another_pc(acc, BLS.G2_TAB, sum);
    return PAIR.fexp(PAIR.miller(acc)).isunity();
  }

  /** The baseline of batchVerify100: the same 100 triples verified one by one. */
  @Benchmark
  public boolean verify100Singly() {
    boolean ok = true;
    for (int i = 0; i < N; i++) {
      ECP h = BLS.bls_hash_to_point(batchMsgs[i]);
      ok &= PAIR.fexp(PAIR.ate2(negG2, batchSigs[i], batchKeys[i], h)).isunity();
    }
    return ok;
  }

  private boolean verifyEth(byte[] pkBytes, byte[] sigBytes, byte[] message) {
    ECP pk = ECP.fromBytes(pkBytes);
    if (pk.is_infinity() || !PAIR.G1member(pk)) {
      return false;
    }
    ECP2 sig = ECP2.fromBytes(sigBytes);
    if (!PAIR.G2member(sig)) {
      return false;
    }
    ECP2 h = hashToG2(message, ETH_DST_BYTES);
    return PAIR.fexp(PAIR.ate2(h, pk, sig, negG1)).isunity();
  }

  /**
   * RFC 9380 hash_to_curve for G2 (BLS12381G2_XMD:SHA-256_SSWU_RO_): expand_message_xmd to four
   * 64-byte strings, each reduced mod p, two Fp2 elements mapped by MIRACL's SSWU + isogeny,
   * added, and the cofactor cleared by MIRACL's {@code cfp}.
   */
  private static ECP2 hashToG2(byte[] message, byte[] dst) {
    byte[] uniform = HMAC.XMD_Expand(HMAC.MC_SHA2, CONFIG_CURVE.HASH_TYPE, 4 * L, dst, message);
    FP[] u = new FP[4];
    for (int i = 0; i < 4; i++) {
      DBIG wide = DBIG.fromBytes(Arrays.copyOfRange(uniform, i * L, (i + 1) * L));
      u[i] = new FP(wide.ctmod(MODULUS, 8 * L - MODULUS.nbits()));
    }
    ECP2 h = ECP2.map2point(new FP2(u[0], u[1]));
    h.add(ECP2.map2point(new FP2(u[2], u[3])));
    h.cfp();
    return h;
  }

  private static byte[] compressed(ECP point) {
    byte[] out = new byte[FIELD_BYTES];
    new ECP(point).toBytes(out, true);
    return out;
  }

  private static byte[] compressed(ECP2 point) {
    byte[] out = new byte[2 * FIELD_BYTES];
    new ECP2(point).toBytes(out, true);
    return out;
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
    v.toBytes(b);
    return new BigInteger(1, b);
  }
}
