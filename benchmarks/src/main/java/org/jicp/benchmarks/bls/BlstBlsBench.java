package org.jicp.benchmarks.bls;

import static org.jicp.benchmarks.bls.BlsBenchInputs.ETH_DST;
import static org.jicp.benchmarks.bls.BlsBenchInputs.IC_DST;
import static org.jicp.benchmarks.bls.BlsBenchInputs.N;
import static org.jicp.benchmarks.bls.BlsBenchInputs.require;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
import supranational.blst.BLST_ERROR;
import supranational.blst.P1;
import supranational.blst.P1_Affine;
import supranational.blst.P2;
import supranational.blst.P2_Affine;
import supranational.blst.PT;
import supranational.blst.Pairing;
import supranational.blst.SecretKey;

/**
 * blst (C and assembly, by Supranational) through its SWIG JNI bindings, {@code
 * tech.pegasys:jblst}: the same operations and method names as {@link JicpBlsBench}.
 *
 * <p>blst speaks jicp's formats (ZCash point encodings, RFC 9380 hash-to-curve), so {@link
 * #setup()} requires byte-for-byte agreement with jicp: the same secret key gives the same IC and
 * Ethereum keys and signatures, and the same hash_to_curve outputs.
 *
 * <p>Not measured: {@code fpMul}, since the Java bindings expose no base-field arithmetic. Paths
 * worth knowing when reading the numbers: {@code icVerify}/{@code ethVerify} use {@code
 * core_verify}, which subgroup-checks both the key and the signature (as jicp's parsing does);
 * {@code fastAggregateVerify100}, {@code batchVerify100} and {@code verify100Singly} use blst's
 * {@code Pairing} context, which subgroup-checks each signature again (jicp checked them at parse
 * time, outside the timing), the only way the bindings offer short of raw Miller loops.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BlstBlsBench {
  private P1_Affine p;
  private P2_Affine q;
  private byte[] msg;
  private SecretKey sk;
  private byte[] icPk;
  private byte[] icSig;
  private byte[] ethPk;
  private byte[] ethSig;
  private P1_Affine[] fastKeys;
  private P2_Affine fastSig;
  private P2_Affine[] batchKeys;
  private byte[][] batchMsgs;
  private P1_Affine[] batchSigs;
  private SplittableRandom batchRng;

  @Setup
  public void setup() {
    BlsBenchInputs in = BlsBenchInputs.create();
    p = new P1_Affine(in.pairingP);
    q = new P2_Affine(in.pairingQ);
    msg = in.msg;
    sk = new SecretKey();
    sk.from_bendian(in.sk);
    icPk = in.icPk;
    icSig = in.icSig;
    ethPk = in.ethPk;
    ethSig = in.ethSig;
    fastKeys = new P1_Affine[N];
    batchKeys = new P2_Affine[N];
    batchMsgs = new byte[N][];
    batchSigs = new P1_Affine[N];
    for (int i = 0; i < N; i++) {
      fastKeys[i] = new P1_Affine(in.fastPks.get(i));
      require(fastKeys[i].in_group(), "blst: fast-aggregate key " + i + " in G1");
      batchKeys[i] = new P2_Affine(in.batchPks.get(i));
      batchMsgs[i] = in.batchMsgs.get(i);
      batchSigs[i] = new P1_Affine(in.batchSigs.get(i));
      require(batchKeys[i].in_group() && batchSigs[i].in_group(), "blst: batch triple " + i + " in G2 x G1");
    }
    fastSig = new P2_Affine(in.fastSig);
    require(fastSig.in_group(), "blst: aggregate signature in G2");

    // Byte-for-byte agreement with jicp.
    require(Arrays.equals(hashToG1().compress(), in.hashToG1), "blst hash_to_curve G1 = jicp's");
    require(Arrays.equals(hashToG2().compress(), in.hashToG2), "blst hash_to_curve G2 = jicp's");
    require(Arrays.equals(new P2(sk).compress(), in.icPk), "blst IC public key = jicp's");
    require(Arrays.equals(icSign().compress(), in.icSig), "blst IC signature = jicp's");
    require(Arrays.equals(new P1(sk).compress(), in.ethPk), "blst ETH public key = jicp's");
    require(
        Arrays.equals(new P2().hash_to(msg, ETH_DST).sign_with(sk).compress(), in.ethSig),
        "blst ETH signature = jicp's");
    for (int i = 0; i < N; i++) {
      SecretKey k = new SecretKey();
      k.from_bendian(in.batchSks.get(i));
      require(
          Arrays.equals(new P1().hash_to(batchMsgs[i], IC_DST).sign_with(k).compress(), in.batchSigs.get(i)),
          "blst batch signature " + i + " = jicp's");
    }

    // Pairing: non-degenerate and bilinear, e(2P, Q) = e(P, 2Q).
    PT e = pairing();
    require(!e.is_one(), "blst e(P, Q) != 1");
    PT left = new PT(new P1(p).dbl().to_affine(), q).final_exp();
    PT right = new PT(p, new P2(q).dbl().to_affine()).final_exp();
    require(left.is_equal(right) && left.is_equal(e.dup().sqr()), "blst pairing bilinear");

    // Verification accepts jicp's signatures, rejects a wrong message, and subgroup-checks.
    require(icVerify(), "blst verifies jicp's IC signature");
    require(!verifyIc(icPk, icSig, new byte[] {1}), "blst rejects an IC signature on another message");
    require(!verifyIc(icPk, in.nonSubgroupG1, msg), "blst icVerify rejects a signature outside G1");
    require(ethVerify(), "blst verifies jicp's ETH signature");
    require(!verifyEth(ethPk, ethSig, new byte[] {1}), "blst rejects an ETH signature on another message");
    require(!verifyEth(in.nonSubgroupG1, ethSig, msg), "blst ethVerify rejects a key outside G1");
    require(fastAggregateVerify100(), "blst FastAggregateVerify of jicp's aggregate");
    batchRng = new SplittableRandom(BlsBenchInputs.BATCH_SEED);
    require(batchVerify100(), "blst batch-verifies jicp's 100 triples");
    require(verify100Singly(), "blst verifies jicp's 100 triples one by one");
    P1_Affine kept = batchSigs[7];
    batchSigs[7] = batchSigs[8];
    require(!batchVerify100(), "blst batch rejects a swapped signature");
    batchSigs[7] = kept;
    batchRng = new SplittableRandom(BlsBenchInputs.BATCH_SEED);
  }

  @Benchmark
  public PT pairing() {
    return new PT(p, q).final_exp();
  }

  @Benchmark
  public P1 hashToG1() {
    return new P1().hash_to(msg, IC_DST);
  }

  @Benchmark
  public P2 hashToG2() {
    return new P2().hash_to(msg, ETH_DST);
  }

  @Benchmark
  public P1 icSign() {
    return new P1().hash_to(msg, IC_DST).sign_with(sk);
  }

  /** IC verify from bytes: decompress the 96-byte key and 48-byte signature, then core_verify. */
  @Benchmark
  public boolean icVerify() {
    return verifyIc(icPk, icSig, msg);
  }

  /** Ethereum verify from bytes: decompress the 48-byte key and 96-byte signature, then verify. */
  @Benchmark
  public boolean ethVerify() {
    return verifyEth(ethPk, ethSig, msg);
  }

  /** Ethereum FastAggregateVerify with 100 (parsed) keys over one message. */
  @Benchmark
  public boolean fastAggregateVerify100() {
    P1 sum = new P1();
    for (P1_Affine k : fastKeys) {
      if (k.is_inf()) {
        return false;
      }
      sum.add(k);
    }
    Pairing ctx = new Pairing(true, ETH_DST);
    if (ctx.aggregate(sum.to_affine(), fastSig, msg) != BLST_ERROR.BLST_SUCCESS) {
      return false;
    }
    ctx.commit();
    return ctx.finalverify();
  }

  /**
   * IC min-sig batch verification of 100 independent (parsed) triples with random 64-bit
   * coefficients, one multi-pairing: blst's {@code mul_n_aggregate}.
   */
  @Benchmark
  public boolean batchVerify100() {
    Pairing ctx = new Pairing(true, IC_DST);
    for (int i = 0; i < N; i++) {
      long r;
      do {
        r = batchRng.nextLong();
      } while (r == 0);
      BigInteger coefficient = new BigInteger(Long.toUnsignedString(r));
      if (ctx.mul_n_aggregate(batchKeys[i], batchSigs[i], coefficient, batchMsgs[i])
          != BLST_ERROR.BLST_SUCCESS) {
        return false;
      }
    }
    ctx.commit();
    return ctx.finalverify();
  }

  /** The baseline of batchVerify100: the same 100 triples verified one by one. */
  @Benchmark
  public boolean verify100Singly() {
    boolean ok = true;
    for (int i = 0; i < N; i++) {
      Pairing ctx = new Pairing(true, IC_DST);
      ok &= ctx.aggregate(batchKeys[i], batchSigs[i], batchMsgs[i]) == BLST_ERROR.BLST_SUCCESS;
      ctx.commit();
      ok &= ctx.finalverify();
    }
    return ok;
  }

  private static boolean verifyIc(byte[] pkBytes, byte[] sigBytes, byte[] message) {
    P2_Affine pk;
    P1_Affine sig;
    try {
      pk = new P2_Affine(pkBytes);
      sig = new P1_Affine(sigBytes);
    } catch (RuntimeException badEncoding) {
      return false;
    }
    return sig.core_verify(pk, true, message, IC_DST) == BLST_ERROR.BLST_SUCCESS;
  }

  private static boolean verifyEth(byte[] pkBytes, byte[] sigBytes, byte[] message) {
    P1_Affine pk;
    P2_Affine sig;
    try {
      pk = new P1_Affine(pkBytes);
      sig = new P2_Affine(sigBytes);
    } catch (RuntimeException badEncoding) {
      return false;
    }
    return sig.core_verify(pk, true, message, ETH_DST) == BLST_ERROR.BLST_SUCCESS;
  }
}
