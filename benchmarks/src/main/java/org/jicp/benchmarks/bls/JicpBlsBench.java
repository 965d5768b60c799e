package org.jicp.benchmarks.bls;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.jicp.crypto.bls.BlsScheme;
import org.jicp.crypto.bls.PublicKey;
import org.jicp.crypto.bls.SecretKey;
import org.jicp.crypto.bls.Signature;
import org.jicp.crypto.bls12381.Fp;
import org.jicp.crypto.bls12381.G1Point;
import org.jicp.crypto.bls12381.G2Point;
import org.jicp.crypto.bls12381.Gt;
import org.jicp.crypto.bls12381.Pairing;
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
 * jicp's BLS12-381 operations. The peer classes ({@code BlstBlsBench}, {@code MiraclCoreBlsBench},
 * {@code MilagroBlsBench}) use the same method names, so one regex selects an operation across
 * libraries, e.g. {@code java -jar benchmarks/target/benchmarks.jar 'BlsBench.icVerify'}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class JicpBlsBench {
  private static final byte[] IC_DST =
      "BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ETH_DST =
      "BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_".getBytes(StandardCharsets.US_ASCII);

  private Fp fpA;
  private Fp fpB;
  private G1Point p;
  private G2Point q;
  private byte[] msg;
  private SecretKey sk;
  private byte[] icPk;
  private byte[] icSig;
  private byte[] ethPk;
  private byte[] ethSig;
  private List<PublicKey> fastKeys;
  private Signature fastSig;
  private List<PublicKey> batchKeys;
  private List<byte[]> batchMsgs;
  private List<Signature> batchSigs;
  private SplittableRandom batchRng;

  @Setup
  public void setup() {
    SecureRandom rnd = new SecureRandom(new byte[] {1, 2, 3});
    fpA = Fp.of(new java.math.BigInteger(380, rnd));
    fpB = Fp.of(new java.math.BigInteger(380, rnd));
    p = G1Point.generator().multiply(org.jicp.crypto.bls12381.Scalar.random(rnd));
    q = G2Point.generator().multiply(org.jicp.crypto.bls12381.Scalar.random(rnd));
    msg = "jicp benchmark message".getBytes(StandardCharsets.US_ASCII);
    sk = SecretKey.random(rnd);
    icPk = BlsScheme.IC.publicKey(sk).toBytes();
    icSig = BlsScheme.IC.sign(sk, msg).toBytes();
    ethPk = BlsScheme.ETH.publicKey(sk).toBytes();
    ethSig = BlsScheme.ETH.sign(sk, msg).toBytes();
    fastKeys = new ArrayList<>();
    List<Signature> sigs = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      SecretKey k = SecretKey.random(rnd);
      fastKeys.add(BlsScheme.ETH.publicKey(k));
      sigs.add(BlsScheme.ETH.sign(k, msg));
    }
    fastSig = BlsScheme.ETH.aggregate(sigs);
    batchKeys = new ArrayList<>();
    batchMsgs = new ArrayList<>();
    batchSigs = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      SecretKey k = SecretKey.random(rnd);
      byte[] m = ("message " + i).getBytes(StandardCharsets.US_ASCII);
      batchKeys.add(BlsScheme.IC.publicKey(k));
      batchMsgs.add(m);
      batchSigs.add(BlsScheme.IC.sign(k, m));
    }
    batchRng = new SplittableRandom(42);
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public Fp fpMul() {
    return fpA.multiply(fpB);
  }

  @Benchmark
  public Gt pairing() {
    return Pairing.pairing(p, q);
  }

  @Benchmark
  public G1Point hashToG1() {
    return G1Point.hashToCurve(msg, IC_DST);
  }

  @Benchmark
  public G2Point hashToG2() {
    return G2Point.hashToCurve(msg, ETH_DST);
  }

  @Benchmark
  public Signature icSign() {
    return BlsScheme.IC.sign(sk, msg);
  }

  /** IC verify from bytes: parse the 96-byte key and 48-byte signature, then verify. */
  @Benchmark
  public boolean icVerify() {
    PublicKey pk = BlsScheme.IC.publicKeyFromBytes(icPk);
    Signature sig = BlsScheme.IC.signatureFromBytes(icSig);
    return BlsScheme.IC.verify(pk, msg, sig);
  }

  /** Ethereum verify from bytes: parse the 48-byte key and 96-byte signature, then verify. */
  @Benchmark
  public boolean ethVerify() {
    PublicKey pk = BlsScheme.ETH.publicKeyFromBytes(ethPk);
    Signature sig = BlsScheme.ETH.signatureFromBytes(ethSig);
    return BlsScheme.ETH.verify(pk, msg, sig);
  }

  /** Ethereum FastAggregateVerify with 100 (parsed) keys over one message. */
  @Benchmark
  public boolean fastAggregateVerify100() {
    return BlsScheme.ETH.fastAggregateVerify(fastKeys, msg, fastSig);
  }

  /** IC min-sig batch verification of 100 independent (parsed) triples. */
  @Benchmark
  public boolean batchVerify100() {
    return BlsScheme.IC.batchVerify(batchKeys, batchMsgs, batchSigs, batchRng);
  }

  /** The baseline of batchVerify100: the same 100 triples verified one by one. */
  @Benchmark
  public boolean verify100Singly() {
    boolean ok = true;
    for (int i = 0; i < 100; i++) {
      ok &= BlsScheme.IC.verify(batchKeys.get(i), batchMsgs.get(i), batchSigs.get(i));
    }
    return ok;
  }
}
