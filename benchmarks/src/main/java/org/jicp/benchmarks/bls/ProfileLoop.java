package org.jicp.benchmarks.bls;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.jicp.crypto.bls.BlsScheme;
import org.jicp.crypto.bls.PublicKey;
import org.jicp.crypto.bls.SecretKey;
import org.jicp.crypto.bls.Signature;
import org.jicp.crypto.bls12381.G1Point;
import org.jicp.crypto.bls12381.G2Point;
import org.jicp.crypto.bls12381.Pairing;
import org.jicp.crypto.bls12381.Scalar;

/**
 * Runs one BLS operation in a loop for a profiler to sample (the JMH benchmarks time it; this
 * only keeps it hot): {@code pairing}, {@code hashToG1} or {@code icVerify} (parse key and
 * signature, verify), for the given number of seconds, then prints the mean time per operation.
 *
 * <pre>
 * java -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit -cp benchmarks/target/benchmarks.jar \
 *     org.jicp.benchmarks.bls.ProfileLoop pairing 60 &amp;
 * sleep 30; perf record -e cpu-clock -F 999 -p $! -o /tmp/perf.data -- sleep 20
 * wait; perf report -i /tmp/perf.data --no-children --sort symbol
 * </pre>
 */
public final class ProfileLoop {
  private ProfileLoop() {}

  public static void main(String[] args) {
    String what = args.length > 0 ? args[0] : "pairing";
    long seconds = args.length > 1 ? Long.parseLong(args[1]) : 60;
    SplittableRandom rnd = new SplittableRandom(19);
    byte[] ikm = new byte[32];
    rnd.nextBytes(ikm);
    SecretKey sk = SecretKey.keyGen(ikm, new byte[0]);
    byte[] msg = "jicp benchmark message".getBytes(StandardCharsets.US_ASCII);
    byte[] dst = "BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_".getBytes(StandardCharsets.US_ASCII);
    byte[] pk = BlsScheme.IC.publicKey(sk).toBytes();
    byte[] sig = BlsScheme.IC.sign(sk, msg).toBytes();
    G1Point p = G1Point.generator().multiply(Scalar.fromLong(rnd.nextLong() >>> 1));
    G2Point q = G2Point.generator().multiply(Scalar.fromLong(rnd.nextLong() >>> 1));
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    long start = System.nanoTime();
    long ops = 0;
    int sink = 0;
    while (System.nanoTime() < end) {
      switch (what) {
        case "pairing" -> sink += Pairing.pairing(p, q).hashCode();
        case "hashToG1" -> sink += G1Point.hashToCurve(msg, dst).hashCode();
        case "icVerify" -> {
          PublicKey k = BlsScheme.IC.publicKeyFromBytes(pk);
          Signature s = BlsScheme.IC.signatureFromBytes(sig);
          sink += BlsScheme.IC.verify(k, msg, s) ? 1 : 0;
        }
        default -> throw new IllegalArgumentException("pairing, hashToG1 or icVerify, not " + what);
      }
      ops++;
    }
    System.out.printf("%s: %d operations, %.1f us each (%d)%n", what, ops, (System.nanoTime() - start) / 1e3 / ops, sink);
  }
}
