package org.jicp.crypto.nidkg.internal;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.jicp.crypto.bls12381.G1Point;
import org.jicp.crypto.bls12381.Scalar;
import org.jicp.crypto.internal.ChaCha20Rng;
import org.jicp.crypto.internal.Hashing;
import org.jicp.crypto.nidkg.ChunkingProof;
import org.jicp.crypto.nidkg.FsCiphertext;

/**
 * The proof of chunking (Groth 2021 section 6.5, {@code nizk_chunking.rs}), with the IC's oracles:
 * the first challenge {@code e_ijk} (8 bits each) is the low byte of successive 32-bit words of
 * ChaCha20 seeded with {@code RO("ic-zk-proof-of-chunking-chunking", {instance, first-move,
 * number-of-parallel-repetitions})}; the second challenge x is {@code
 * RO_scalar("ic-zk-proof-of-chunking-challenge", {first-challenge, second-move})}.
 *
 * <p>Verification checks the proof's three equations ({@code Π R_j^{Σ_k e_ijk x^k} D_i = g1^{z_ri}}
 * for every receiver i, {@code Π B_k^{x^k} D_0 = g1^{z_β}}, and {@code Π_k (Π_ij C_ij^{e_ijk} ·
 * C_k)^{x^k} · Y = Π y_i^{z_ri} · y_0^{z_β} · g1^{Σ z_sk x^k}}) as one multi-scalar
 * multiplication, the equations weighted by 128-bit values drawn from a hash of the whole proof.
 */
public final class ChunkingProofs {
  private ChunkingProofs() {}

  private static final String DOMAIN_ORACLE = "ic-zk-proof-of-chunking-chunking";
  private static final String DOMAIN_CHALLENGE = "ic-zk-proof-of-chunking-challenge";
  private static final byte[] Y0_DST = "ic-crypto-nizk-chunking-proof-y0".getBytes(StandardCharsets.US_ASCII);
  private static final String DOMAIN_BATCH = "jicp-nidkg-chunking-proof-batch";

  private static final byte[][] SMALL_INT_HASHES = new byte[Params.CHALLENGE_MASK + 1][];

  static {
    for (int v = 0; v <= Params.CHALLENGE_MASK; v++) {
      SMALL_INT_HASHES[v] = RandomOracle.ofInt(v);
    }
  }

  private static byte[] instanceHash(List<G1Point> publicKeys, FsCiphertext ct) {
    return new RandomOracle.HashedMap()
        .put("g1-generator", RandomOracle.of(G1Point.generator()))
        .put("public-keys", RandomOracle.ofG1s(publicKeys))
        .put("ciphertext-chunks", RandomOracle.ofG1Matrix(ct.chunks()))
        .put("randomizers-r", RandomOracle.ofG1s(ct.randR()))
        .uniqueHash();
  }

  /** The first challenge {@code e[i][j][k]} for n receivers. */
  private static int[][][] firstChallenge(byte[] instanceHash, G1Point y0, List<G1Point> b, List<G1Point> c, int n) {
    byte[] firstMove =
        new RandomOracle.HashedMap()
            .put("y0", RandomOracle.of(y0))
            .put("bb", RandomOracle.ofG1s(b))
            .put("cc", RandomOracle.ofG1s(c))
            .uniqueHash();
    byte[] map =
        new RandomOracle.HashedMap()
            .put("instance", instanceHash)
            .put("first-move", firstMove)
            .put("number-of-parallel-repetitions", RandomOracle.ofInt(Params.NUM_ZK_REPETITIONS))
            .uniqueHash();
    ChaCha20Rng rng = new ChaCha20Rng(RandomOracle.oracle(DOMAIN_ORACLE, map));
    int[][][] e = new int[n][Params.NUM_CHUNKS][Params.NUM_ZK_REPETITIONS];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < Params.NUM_CHUNKS; j++) {
        for (int k = 0; k < Params.NUM_ZK_REPETITIONS; k++) {
          e[i][j][k] = rng.nextU32() & Params.CHALLENGE_MASK; // getbyte(): low byte of a word
        }
      }
    }
    return e;
  }

  private static Scalar secondChallenge(int[][][] e, List<Scalar> zS, List<G1Point> d, G1Point y) {
    // Vec<Vec<Vec<usize>>>: vectors of vectors of the integers' unique hashes
    byte[] first =
        RandomOracle.ofVector(
            List.of(e),
            ei -> RandomOracle.ofVector(List.of(ei), eij -> RandomOracle.ofVector(boxed(eij), v -> SMALL_INT_HASHES[v])));
    byte[] secondMove =
        new RandomOracle.HashedMap()
            .put("z_s", RandomOracle.ofScalars(zS))
            .put("dd", RandomOracle.ofG1s(d))
            .put("yy", RandomOracle.of(y))
            .uniqueHash();
    byte[] map =
        new RandomOracle.HashedMap().put("first-challenge", first).put("second-move", secondMove).uniqueHash();
    return RandomOracle.toScalar(DOMAIN_CHALLENGE, map);
  }

  private static List<Integer> boxed(int[] values) {
    List<Integer> r = new ArrayList<>(values.length);
    for (int v : values) {
      r.add(v);
    }
    return r;
  }

  /** {@code [x, x^2, …, x^count]}. */
  static Scalar[] powers(Scalar x, int count) {
    Scalar[] p = new Scalar[count];
    Scalar acc = Scalar.ONE;
    for (int k = 0; k < count; k++) {
      acc = acc.multiply(x);
      p[k] = acc;
    }
    return p;
  }

  /** {@code w_ij = Σ_k e_ijk x^{k+1}} by Horner's rule. */
  private static Scalar weight(int[] eij, Scalar x) {
    Scalar acc = Scalar.ZERO;
    for (int k = Params.NUM_ZK_REPETITIONS - 1; k >= 0; k--) {
      acc = acc.add(Scalar.fromLong(eij[k])).multiply(x);
    }
    return acc;
  }

  /**
   * Proves that the chunks {@code m[i][j]} encrypted in {@code ct} with randomness {@code r} are
   * in range. Constant time in the witness apart from the number of retries (which the IC also
   * reveals).
   */
  public static ChunkingProof prove(
      List<G1Point> publicKeys, FsCiphertext ct, Scalar[] r, int[][] m, RandomGenerator rng) {
    int n = publicKeys.size();
    long ss = Params.chunkingS(n);
    long zz = Params.chunkingZ(n);
    long range = Math.addExact(zz, ss);
    G1Point g1 = G1Point.generator();
    byte[] y0Seed = new byte[32];
    rng.nextBytes(y0Seed);
    G1Point y0 = G1Point.hashToCurve(y0Seed, Y0_DST);
    Scalar[] beta = new Scalar[Params.NUM_ZK_REPETITIONS];
    List<G1Point> b = new ArrayList<>(Params.NUM_ZK_REPETITIONS);
    for (int k = 0; k < Params.NUM_ZK_REPETITIONS; k++) {
      beta[k] = Scalar.random(rng);
      b.add(g1.multiply(beta[k]));
    }
    byte[] instance = instanceHash(publicKeys, ct);
    List<G1Point> c;
    int[][][] e;
    long[] zs = new long[Params.NUM_ZK_REPETITIONS];
    // y0^{beta_k} for the 32 beta_k from one fixed-base table of y0.
    List<G1Point> y0Beta = y0.multiplyAll(List.of(beta));
    while (true) {
      long[] sigma = new long[Params.NUM_ZK_REPETITIONS];
      c = new ArrayList<>(Params.NUM_ZK_REPETITIONS);
      for (int k = 0; k < Params.NUM_ZK_REPETITIONS; k++) {
        sigma[k] = rng.nextLong(range) - ss; // uniform in [-S, Z)
        c.add(y0Beta.get(k).add(G1Point.multiplyGenerator(sigma[k], 63)));
      }
      e = firstChallenge(instance, y0, b, c, n);
      int inRange = 0;
      for (int k = 0; k < Params.NUM_ZK_REPETITIONS; k++) {
        long acc = sigma[k];
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < Params.NUM_CHUNKS; j++) {
            acc += (long) e[i][j][k] * m[i][j];
          }
        }
        zs[k] = acc;
        inRange += (int) (((~acc) & (acc - zz)) >>> 63); // 0 <= acc < Z, without branching
      }
      if (inRange == Params.NUM_ZK_REPETITIONS) {
        break;
      }
    }
    List<Scalar> zS = new ArrayList<>(Params.NUM_ZK_REPETITIONS);
    for (long v : zs) {
      zS.add(Scalar.fromLong(v));
    }
    Scalar[] delta = new Scalar[n + 1];
    List<G1Point> d = new ArrayList<>(n + 1);
    for (int i = 0; i <= n; i++) {
      delta[i] = Scalar.random(rng);
      d.add(g1.multiply(delta[i]));
    }
    G1Point y = y0.multiply(delta[0]);
    for (int i = 0; i < n; i++) {
      y = y.add(publicKeys.get(i).multiply(delta[i + 1]));
    }
    Scalar x = secondChallenge(e, zS, d, y);
    List<Scalar> zR = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Scalar acc = delta[i + 1];
      for (int j = 0; j < Params.NUM_CHUNKS; j++) {
        acc = acc.add(r[j].multiply(weight(e[i][j], x)));
      }
      zR.add(acc);
    }
    Scalar[] xp = powers(x, Params.NUM_ZK_REPETITIONS);
    Scalar zBeta = delta[0];
    for (int k = 0; k < Params.NUM_ZK_REPETITIONS; k++) {
      zBeta = zBeta.add(beta[k].multiply(xp[k]));
    }
    return new ChunkingProof(y0, b, c, d, y, zR, zS, zBeta);
  }

  /** Verifies a proof of chunking for {@code ct} under the receivers' keys. */
  public static boolean verify(List<G1Point> publicKeys, FsCiphertext ct, ChunkingProof proof) {
    int n = publicKeys.size();
    if (n == 0 || ct.receivers() != n || proof.receivers() != n) {
      return false;
    }
    BigInteger zz = BigInteger.valueOf(Params.chunkingZ(n));
    for (Scalar z : proof.zS()) {
      if (z.toBigInteger().compareTo(zz) >= 0) {
        return false;
      }
    }
    int[][][] e = firstChallenge(instanceHash(publicKeys, ct), proof.y0(), proof.b(), proof.c(), n);
    Scalar x = secondChallenge(e, proof.zS(), proof.d(), proof.y());
    Scalar[] xp = powers(x, Params.NUM_ZK_REPETITIONS);
    Scalar[][] w = new Scalar[n][Params.NUM_CHUNKS];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < Params.NUM_CHUNKS; j++) {
        w[i][j] = weight(e[i][j], x);
      }
    }
    // weights: rho_i for the n receiver equations, gamma for the beta equation
    MessageDigest md = Hashing.sha256WithDomain(DOMAIN_BATCH);
    md.update(x.toBytes());
    md.update(proof.zBeta().toBytes());
    for (Scalar z : proof.zR()) {
      md.update(z.toBytes());
    }
    List<Scalar> rw = FsEncryption.weights(md.digest(), n + 1);
    Scalar gamma = rw.get(n);

    List<G1Point> pts = new ArrayList<>();
    List<Scalar> sc = new ArrayList<>();
    Scalar g1Coeff = Scalar.ZERO;
    // (1) sum_i rho_i (sum_j w_ij R_j + D_{i+1} - z_ri g1) = 0
    for (int j = 0; j < Params.NUM_CHUNKS; j++) {
      Scalar acc = Scalar.ZERO;
      for (int i = 0; i < n; i++) {
        acc = acc.add(rw.get(i).multiply(w[i][j]));
      }
      pts.add(ct.randR().get(j));
      sc.add(acc);
    }
    for (int i = 0; i < n; i++) {
      pts.add(proof.d().get(i + 1));
      sc.add(rw.get(i));
      g1Coeff = g1Coeff.subtract(rw.get(i).multiply(proof.zR().get(i)));
    }
    // (2) gamma (sum_k x^k B_k + D_0 - z_beta g1) = 0
    for (int k = 0; k < Params.NUM_ZK_REPETITIONS; k++) {
      pts.add(proof.b().get(k));
      sc.add(gamma.multiply(xp[k]));
    }
    pts.add(proof.d().get(0));
    sc.add(gamma);
    g1Coeff = g1Coeff.subtract(gamma.multiply(proof.zBeta()));
    // (3) sum_ij w_ij C_ij + sum_k x^k C_k + Y - sum_i z_ri y_i - z_beta y0 - (sum_k z_sk x^k) g1 = 0
    for (int i = 0; i < n; i++) {
      List<G1Point> row = ct.chunks().get(i);
      for (int j = 0; j < Params.NUM_CHUNKS; j++) {
        pts.add(row.get(j));
        sc.add(w[i][j]);
      }
    }
    Scalar zsx = Scalar.ZERO;
    for (int k = 0; k < Params.NUM_ZK_REPETITIONS; k++) {
      pts.add(proof.c().get(k));
      sc.add(xp[k]);
      zsx = zsx.add(proof.zS().get(k).multiply(xp[k]));
    }
    pts.add(proof.y());
    sc.add(Scalar.ONE);
    for (int i = 0; i < n; i++) {
      pts.add(publicKeys.get(i));
      sc.add(proof.zR().get(i).negate());
    }
    pts.add(proof.y0());
    sc.add(proof.zBeta().negate());
    g1Coeff = g1Coeff.subtract(zsx);
    pts.add(G1Point.generator());
    sc.add(g1Coeff);
    return G1Point.multiScalarMultiply(pts, sc).isIdentity();
  }
}
