package org.jicp.crypto.nidkg.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.jicp.crypto.bls12381.G1Point;
import org.jicp.crypto.bls12381.G2Point;
import org.jicp.crypto.bls12381.Scalar;
import org.jicp.crypto.nidkg.FsCiphertext;
import org.jicp.crypto.nidkg.SharingProof;
import org.jicp.crypto.threshold.PublicCoefficients;

/**
 * The proof of correct sharing (Groth 2021 section 6.4, {@code nizk_sharing.rs}) over the
 * recombined ciphertext: {@code R = Π R_j^{2^{16(15−j)}} = g1^r} and {@code C_i = Π
 * C_ij^{2^{16(15−j)}} = y_i^r g1^{s_i}}, with {@code s_i = p(i + 1)} the share committed to by the
 * public coefficients. The instance oracle keeps the IC's key {@code "g2-enerator"} (sic).
 */
public final class SharingProofs {
  private SharingProofs() {}

  private static final String DOMAIN_INSTANCE = "ic-zk-proof-of-sharing-instance";
  private static final String DOMAIN_CHALLENGE = "ic-zk-proof-of-sharing-challenge";

  /** The recombined points {@code R} and {@code C_i} of a ciphertext. */
  public record Combined(G1Point r, List<G1Point> c) {}

  /** Recombines the chunked ciphertext. */
  public static Combined combine(FsCiphertext ct) {
    List<G1Point> c = new ArrayList<>(ct.receivers());
    for (List<G1Point> row : ct.chunks()) {
      c.add(Chunks.recombine(row));
    }
    return new Combined(Chunks.recombine(ct.randR()), c);
  }

  private static Scalar instanceHash(List<G1Point> publicKeys, PublicCoefficients coefficients, Combined combined) {
    byte[] h =
        new RandomOracle.HashedMap()
            .put("g1-generator", RandomOracle.of(G1Point.generator()))
            .put("g2-enerator", RandomOracle.of(G2Point.generator()))
            .put("public-keys", RandomOracle.ofG1s(publicKeys))
            .put("public-coefficients", RandomOracle.ofG2s(coefficients.coefficients()))
            .put("combined-randomizers", RandomOracle.of(combined.r()))
            .put("combined-ciphertext", RandomOracle.ofG1s(combined.c()))
            .uniqueHash();
    return RandomOracle.toScalar(DOMAIN_INSTANCE, h);
  }

  private static Scalar challenge(Scalar x, G1Point f, G2Point a, G1Point y) {
    byte[] firstMove =
        new RandomOracle.HashedMap()
            .put("blinder-g1", RandomOracle.of(f))
            .put("blinder-g2", RandomOracle.of(a))
            .put("blinded-instance", RandomOracle.of(y))
            .uniqueHash();
    byte[] h = new RandomOracle.HashedMap().put("instance-hash", RandomOracle.of(x)).put("first-move", firstMove).uniqueHash();
    return RandomOracle.toScalar(DOMAIN_CHALLENGE, h);
  }

  /**
   * Proves that {@code ct} encrypts the shares {@code shares[i]} committed to by {@code
   * coefficients}, given the encryption randomness {@code r_j}.
   */
  public static SharingProof prove(
      List<G1Point> publicKeys,
      PublicCoefficients coefficients,
      FsCiphertext ct,
      Scalar[] r,
      Scalar[] shares,
      RandomGenerator rng) {
    Combined combined = combine(ct);
    Scalar x = instanceHash(publicKeys, coefficients, combined);
    Scalar[] xp = ChunkingProofs.powers(x, publicKeys.size());
    Scalar alpha = Scalar.random(rng);
    Scalar rho = Scalar.random(rng);
    G1Point f = G1Point.generator().multiply(rho);
    G2Point a = G2Point.generator().multiply(alpha);
    G1Point pkx = G1Point.multiScalarMultiply(publicKeys, List.of(xp));
    G1Point y = pkx.multiply(rho).add(G1Point.generator().multiply(alpha));
    Scalar xc = challenge(x, f, a, y);
    Scalar combinedR = Chunks.recombine(r);
    Scalar sx = Scalar.ZERO;
    for (int i = 0; i < shares.length; i++) {
      sx = sx.add(shares[i].multiply(xp[i]));
    }
    return new SharingProof(f, a, y, combinedR.multiply(xc).add(rho), sx.multiply(xc).add(alpha));
  }

  /** Verifies a proof of correct sharing. */
  public static boolean verify(
      List<G1Point> publicKeys, PublicCoefficients coefficients, FsCiphertext ct, SharingProof proof) {
    int n = publicKeys.size();
    if (n == 0 || ct.receivers() != n) {
      return false;
    }
    Combined combined = combine(ct);
    Scalar x = instanceHash(publicKeys, coefficients, combined);
    Scalar[] xp = ChunkingProofs.powers(x, n);
    Scalar xc = challenge(x, proof.f(), proof.a(), proof.y());
    G1Point g1 = G1Point.generator();
    // R^x' F = g1^z_r
    G1Point lhs1 = G1Point.multiScalarMultiply(List.of(combined.r(), proof.f(), g1), List.of(xc, Scalar.ONE, proof.zR().negate()));
    if (!lhs1.isIdentity()) {
      return false;
    }
    // prod_k A_k^{x' sum_i (i+1)^k x^i} A = g2^z_alpha
    List<G2Point> a = coefficients.coefficients();
    List<G2Point> pts = new ArrayList<>(a.size() + 2);
    List<Scalar> sc = new ArrayList<>(a.size() + 2);
    Scalar[] ik = new Scalar[n];
    Scalar[] xs = new Scalar[n];
    for (int i = 0; i < n; i++) {
      ik[i] = Scalar.ONE;
      xs[i] = Scalar.fromLong(i + 1L);
    }
    for (G2Point ak : a) {
      Scalar acc = Scalar.ZERO;
      for (int i = 0; i < n; i++) {
        acc = acc.add(ik[i].multiply(xp[i]));
        ik[i] = ik[i].multiply(xs[i]);
      }
      pts.add(ak);
      sc.add(acc.multiply(xc));
    }
    pts.add(proof.a());
    sc.add(Scalar.ONE);
    pts.add(G2Point.generator());
    sc.add(proof.zAlpha().negate());
    if (!G2Point.multiScalarMultiply(pts, sc).isIdentity()) {
      return false;
    }
    // (prod C_i^{x^i})^{x'} Y = (prod y_i^{x^i})^{z_r} g1^{z_alpha}
    List<G1Point> p3 = new ArrayList<>(2 * n + 2);
    List<Scalar> s3 = new ArrayList<>(2 * n + 2);
    Scalar minusZr = proof.zR().negate();
    for (int i = 0; i < n; i++) {
      p3.add(combined.c().get(i));
      s3.add(xp[i].multiply(xc));
      p3.add(publicKeys.get(i));
      s3.add(xp[i].multiply(minusZr));
    }
    p3.add(proof.y());
    s3.add(Scalar.ONE);
    p3.add(g1);
    s3.add(proof.zAlpha().negate());
    return G1Point.multiScalarMultiply(p3, s3).isIdentity();
  }
}
