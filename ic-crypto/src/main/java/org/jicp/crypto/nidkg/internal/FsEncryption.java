package org.jicp.crypto.nidkg.internal;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.jicp.crypto.bls12381.G1Point;
import org.jicp.crypto.bls12381.G2Point;
import org.jicp.crypto.bls12381.G2Prepared;
import org.jicp.crypto.bls12381.PairingProduct;
import org.jicp.crypto.bls12381.Scalar;
import org.jicp.crypto.internal.ChaCha20Rng;
import org.jicp.crypto.internal.Hashing;
import org.jicp.crypto.nidkg.Epoch;
import org.jicp.crypto.nidkg.FsCiphertext;

/**
 * Forward-secure chunked ElGamal over the binary tree of Groth 2021 (sections 5 and 7, {@code
 * forward_secure.rs}): encryption of chunks to many receivers at once, the extended tree path
 * {@code τ_ext = τ(epoch) ‖ RO(ciphertext, epoch, associated data)} and its identity {@code
 * f(τ_ext)}, and the public integrity check of a ciphertext.
 */
public final class FsEncryption {
  private FsEncryption() {}

  private static final String DOMAIN_CIPHERTEXT_NODE = "ic-fs-encryption/binary-tree-node";
  private static final String DOMAIN_BATCH = "jicp-nidkg-ciphertext-integrity-batch";

  /** A ciphertext and the encryption randomness {@code r_j} (the witness of the proofs). */
  public record Encrypted(FsCiphertext ciphertext, Scalar[] r) {}

  /**
   * Encrypts chunk vectors ({@code chunks[i]}, 16 values in [0, 2^16)) to the receivers' keys for
   * {@code epoch}. Constant time in the chunks and the randomness.
   */
  public static Encrypted encrypt(
      List<G1Point> publicKeys, int[][] chunks, Epoch epoch, byte[] associatedData, RandomGenerator rng) {
    int n = publicKeys.size();
    if (chunks.length != n) {
      throw new IllegalArgumentException(n + " keys but " + chunks.length + " plaintexts");
    }
    SysParams sys = SysParams.get();
    G1Point g1 = G1Point.generator();
    Scalar[] s = new Scalar[Params.NUM_CHUNKS];
    Scalar[] r = new Scalar[Params.NUM_CHUNKS];
    List<G1Point> ss = new ArrayList<>(Params.NUM_CHUNKS);
    List<G1Point> rr = new ArrayList<>(Params.NUM_CHUNKS);
    for (int j = 0; j < Params.NUM_CHUNKS; j++) {
      s[j] = Scalar.random(rng);
      ss.add(g1.multiply(s[j]));
    }
    for (int j = 0; j < Params.NUM_CHUNKS; j++) {
      r[j] = Scalar.random(rng);
      rr.add(g1.multiply(r[j]));
    }
    List<Scalar> rs = List.of(r);
    List<List<G1Point>> cc = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      if (chunks[i].length != Params.NUM_CHUNKS) {
        throw new IllegalArgumentException("plaintext " + i + " has " + chunks[i].length + " chunks");
      }
      // pk_i^{r_j} for the 16 r_j from one fixed-base table of pk_i.
      List<G1Point> keyPowers = publicKeys.get(i).multiplyAll(rs);
      List<G1Point> row = new ArrayList<>(Params.NUM_CHUNKS);
      for (int j = 0; j < Params.NUM_CHUNKS; j++) {
        // g1^chunk from the generator's fixed-base table: 9 windows cover any int chunk (honest
        // ones are below 2^16), in time independent of its value.
        row.add(keyPowers.get(j).add(G1Point.multiplyGenerator(chunks[i][j], 32)));
      }
      cc.add(row);
    }
    G2Point id = ftau(extendedTau(epoch, tauHash(cc, rr, ss, epoch, associatedData)));
    List<G2Point> idR = id.multiplyAll(rs);
    List<G2Point> hS = sys.h.multiplyAll(List.of(s));
    List<G2Point> zz = new ArrayList<>(Params.NUM_CHUNKS);
    for (int j = 0; j < Params.NUM_CHUNKS; j++) {
      zz.add(idR.get(j).add(hS.get(j)));
    }
    return new Encrypted(new FsCiphertext(cc, rr, ss, zz), r);
  }

  /**
   * The random-oracle part of the extended path: {@code RO("ic-fs-encryption/binary-tree-node",
   * {ciphertext-chunks, randomizers-r, randomizers-s, epoch, associated-data})}.
   */
  public static byte[] tauHash(
      List<List<G1Point>> cc, List<G1Point> rr, List<G1Point> ss, Epoch epoch, byte[] associatedData) {
    byte[] map =
        new RandomOracle.HashedMap()
            .put("ciphertext-chunks", RandomOracle.ofG1Matrix(cc))
            .put("randomizers-r", RandomOracle.ofG1s(rr))
            .put("randomizers-s", RandomOracle.ofG1s(ss))
            .put("epoch", RandomOracle.ofInt(epoch.value()))
            .put("associated-data", RandomOracle.ofBytes(associatedData))
            .uniqueHash();
    return RandomOracle.oracle(DOMAIN_CIPHERTEXT_NODE, map);
  }

  /** {@code τ_ext}: the 32 epoch bits (most significant first), then the hash bits, low bit first per byte. */
  public static byte[] extendedTau(Epoch epoch, byte[] hash) {
    byte[] tau = new byte[Params.LAMBDA_T + Params.LAMBDA_H];
    for (int i = 0; i < Params.LAMBDA_T; i++) {
      tau[i] = (byte) epoch.bit(i);
    }
    for (int k = 0; k < Params.LAMBDA_H; k++) {
      tau[Params.LAMBDA_T + k] = (byte) ((hash[k / 8] >>> (k % 8)) & 1);
    }
    return tau;
  }

  /** {@code f(τ) = f_0 · Π f_i^{τ_i}} over the 288 bits of an extended path. */
  public static G2Point ftau(byte[] tau) {
    SysParams sys = SysParams.get();
    G2Point id = sys.f0;
    for (int i = 0; i < Params.LAMBDA_T; i++) {
      if (tau[i] == 1) {
        id = id.add(sys.f.get(i));
      }
    }
    for (int k = 0; k < Params.LAMBDA_H; k++) {
      if (tau[Params.LAMBDA_T + k] == 1) {
        id = id.add(sys.fh.get(k));
      }
    }
    return id;
  }

  /**
   * Ciphertext integrity (part of DVfy, Groth 2021 section 7.1): {@code e(R_j, f(τ_ext)) e(S_j, h)
   * = e(g1, Z_j)} for every chunk j, checked as one product with 128-bit weights {@code ρ_j} drawn
   * from a hash of the whole ciphertext ({@code e(Σρ_j R_j, f) e(Σρ_j S_j, h) e(−g1, Σρ_j Z_j) =
   * 1}); a ciphertext that breaks any equation passes with probability about 2^-128.
   */
  public static boolean verifyIntegrity(FsCiphertext ct, Epoch epoch, byte[] associatedData) {
    byte[] hash = tauHash(ct.chunks(), ct.randR(), ct.randS(), epoch, associatedData);
    G2Point id = ftau(extendedTau(epoch, hash));
    MessageDigest md = Hashing.sha256WithDomain(DOMAIN_BATCH);
    md.update(hash);
    for (G2Point z : ct.randZ()) {
      md.update(z.toBytes());
    }
    List<Scalar> rho = weights(md.digest(), Params.NUM_CHUNKS);
    G1Point r = G1Point.multiScalarMultiply(ct.randR(), rho);
    G1Point s = G1Point.multiScalarMultiply(ct.randS(), rho);
    G2Point z = G2Point.multiScalarMultiply(ct.randZ(), rho);
    return new PairingProduct()
        .add(r, id)
        .add(s, SysParams.get().hPrepared)
        .add(G1Point.generator().negate(), z)
        .isOne();
  }

  /** {@code count} 128-bit batch-verification weights from a ChaCha20 stream seeded with {@code seed}. */
  public static List<Scalar> weights(byte[] seed, int count) {
    ChaCha20Rng rng = new ChaCha20Rng(seed);
    List<Scalar> w = new ArrayList<>(count);
    byte[] b = new byte[16];
    for (int i = 0; i < count; i++) {
      rng.fillBytes(b);
      w.add(Scalar.fromBytesReduced(b));
    }
    return w;
  }

  /** The prepared G2 generator, used by every decryption. */
  public static final G2Prepared G2_GENERATOR = G2Prepared.of(G2Point.generator());
}
