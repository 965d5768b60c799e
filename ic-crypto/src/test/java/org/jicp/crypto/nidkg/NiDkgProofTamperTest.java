package org.jicp.crypto.nidkg;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.jicp.crypto.bls12381.G1Point;
import org.jicp.crypto.bls12381.G2Point;
import org.jicp.crypto.bls12381.Scalar;
import org.jicp.crypto.nidkg.internal.ChunkingProofs;
import org.jicp.crypto.nidkg.internal.Chunks;
import org.jicp.crypto.nidkg.internal.FsEncryption;
import org.jicp.crypto.nidkg.internal.SharingProofs;
import org.jicp.crypto.threshold.KeyShares;
import org.jicp.crypto.threshold.ThresholdSignatures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The two proof verifiers of a NI-DKG dealing, {@link SharingProofs#verify} and {@link
 * ChunkingProofs#verify}, each given an honest proof altered in exactly one component, or a proof
 * honestly computed over inputs that break exactly one of the verifier's equations (so that a
 * verifier missing that equation would accept it).
 */
class NiDkgProofTamperTest {
  static final int N = 4;
  static final int T = 2;
  static final int DEALER = 1;
  static List<G1Point> keys;
  static KeyShares ks;
  static Scalar[] shares;
  static int[][] chunks;
  static FsEncryption.Encrypted enc;
  static FsEncryption.Encrypted otherEnc;
  static SharingProof sharing;
  static ChunkingProof chunking;

  @BeforeAll
  static void setUp() {
    SplittableRandom rng = new SplittableRandom(21);
    keys = new ArrayList<>();
    for (EncryptionPublicKey k : NiDkgFixtures.publicKeys(NiDkgFixtures.keyPairs(N))) {
      keys.add(k.key());
    }
    ks = ThresholdSignatures.generate(T, N, rng);
    shares = new Scalar[N];
    chunks = new int[N][];
    for (int i = 0; i < N; i++) {
      shares[i] = ks.shares().get(i).value();
      chunks[i] = Chunks.of(shares[i]);
    }
    enc = FsEncryption.encrypt(keys, chunks, NiDkgFixtures.EPOCH, NiDkg.associatedData(DEALER), rng);
    otherEnc = FsEncryption.encrypt(keys, chunks, NiDkgFixtures.EPOCH, NiDkg.associatedData(DEALER), rng);
    sharing = SharingProofs.prove(keys, ks.publicCoefficients(), enc.ciphertext(), enc.r(), shares, rng);
    chunking = ChunkingProofs.prove(keys, enc.ciphertext(), enc.r(), chunks, rng);
  }

  private static boolean sharingVerifies(SharingProof p) {
    return SharingProofs.verify(keys, ks.publicCoefficients(), enc.ciphertext(), p);
  }

  private static boolean chunkingVerifies(ChunkingProof p) {
    return ChunkingProofs.verify(keys, enc.ciphertext(), p);
  }

  private static <T> List<T> with(List<T> xs, int i, UnaryOperator<T> f) {
    List<T> out = new ArrayList<>(xs);
    out.set(i, f.apply(out.get(i)));
    return out;
  }

  private static final G1Point G1 = G1Point.generator();
  private static final G2Point G2 = G2Point.generator();

  // ---------------------------------------------------------------------------------------------
  // Proof of correct sharing

  @Test
  void sharingVerify_honestProof_true() {
    assertThat(sharingVerifies(sharing)).isTrue();
  }

  @Test
  void sharingVerify_eachComponentAltered_false() {
    SharingProof p = sharing;
    assertThat(sharingVerifies(new SharingProof(p.f().add(G1), p.a(), p.y(), p.zR(), p.zAlpha()))).as("F").isFalse();
    assertThat(sharingVerifies(new SharingProof(p.f(), p.a().add(G2), p.y(), p.zR(), p.zAlpha()))).as("A").isFalse();
    assertThat(sharingVerifies(new SharingProof(p.f(), p.a(), p.y().add(G1), p.zR(), p.zAlpha()))).as("Y").isFalse();
    assertThat(sharingVerifies(new SharingProof(p.f(), p.a(), p.y(), p.zR().add(Scalar.ONE), p.zAlpha()))).as("z_r").isFalse();
    assertThat(sharingVerifies(new SharingProof(p.f(), p.a(), p.y(), p.zR(), p.zAlpha().add(Scalar.ONE)))).as("z_alpha").isFalse();
  }

  @Test
  void sharingVerify_keysOfOtherReceivers_false() {
    List<G1Point> swapped = new ArrayList<>(keys);
    swapped.set(0, keys.get(1));
    swapped.set(1, keys.get(0));
    assertThat(SharingProofs.verify(swapped, ks.publicCoefficients(), enc.ciphertext(), sharing)).isFalse();
    assertThat(SharingProofs.verify(keys.subList(0, N - 1), ks.publicCoefficients(), enc.ciphertext(), sharing)).isFalse();
    assertThat(SharingProofs.verify(List.of(), ks.publicCoefficients(), enc.ciphertext(), sharing)).isFalse();
  }

  @Test
  void sharingVerify_randomizersNotThoseOfTheChunks_failsOnlyTheFirstEquation_false() {
    // C_i are encrypted with r, R with other randomness: z_r is honest for the C_i (third
    // equation holds) and the coefficients match the shares (second holds); only R^x' F = g1^z_r
    // fails.
    FsCiphertext ct = enc.ciphertext();
    FsCiphertext mixed = new FsCiphertext(ct.chunks(), otherEnc.ciphertext().randR(), ct.randS(), ct.randZ());
    SharingProof p = SharingProofs.prove(keys, ks.publicCoefficients(), mixed, enc.r(), shares, new SplittableRandom(5));
    assertThat(SharingProofs.verify(keys, ks.publicCoefficients(), mixed, p)).isFalse();
  }

  @Test
  void sharingVerify_coefficientsOfAnotherPolynomial_failsOnlyTheSecondEquation_false() {
    KeyShares other = ThresholdSignatures.generate(T, N, new SplittableRandom(6));
    SharingProof p = SharingProofs.prove(keys, other.publicCoefficients(), enc.ciphertext(), enc.r(), shares, new SplittableRandom(7));
    assertThat(SharingProofs.verify(keys, other.publicCoefficients(), enc.ciphertext(), p)).isFalse();
  }

  @Test
  void sharingVerify_oneCiphertextOfAnotherShare_failsOnlyTheThirdEquation_false() {
    Scalar[] claimed = shares.clone();
    claimed[2] = claimed[2].add(Scalar.ONE);
    SharingProof p = SharingProofs.prove(keys, ks.publicCoefficients(), enc.ciphertext(), enc.r(), claimed, new SplittableRandom(8));
    assertThat(SharingProofs.verify(keys, ks.publicCoefficients(), enc.ciphertext(), p)).isFalse();
  }

  @Test
  void sharingVerify_higherDegreeCoefficients_false() {
    KeyShares t3 = ThresholdSignatures.generate(T + 1, N, new SplittableRandom(9));
    assertThat(SharingProofs.verify(keys, t3.publicCoefficients(), enc.ciphertext(), sharing)).isFalse();
  }

  // ---------------------------------------------------------------------------------------------
  // Proof of chunking

  @Test
  void chunkingVerify_honestProof_true() {
    assertThat(chunkingVerifies(chunking)).isTrue();
  }

  private static ChunkingProof chunkingWith(
      G1Point y0, List<G1Point> b, List<G1Point> c, List<G1Point> d, G1Point y, List<Scalar> zR, List<Scalar> zS, Scalar zBeta) {
    return new ChunkingProof(y0, b, c, d, y, zR, zS, zBeta);
  }

  @Test
  void chunkingVerify_eachComponentAltered_false() {
    ChunkingProof p = chunking;
    UnaryOperator<G1Point> g = x -> x.add(G1);
    UnaryOperator<Scalar> one = x -> x.add(Scalar.ONE);
    assertThat(chunkingVerifies(chunkingWith(p.y0().add(G1), p.b(), p.c(), p.d(), p.y(), p.zR(), p.zS(), p.zBeta()))).as("y0").isFalse();
    assertThat(chunkingVerifies(chunkingWith(p.y0(), with(p.b(), 0, g), p.c(), p.d(), p.y(), p.zR(), p.zS(), p.zBeta()))).as("b[0]").isFalse();
    assertThat(chunkingVerifies(chunkingWith(p.y0(), with(p.b(), p.b().size() - 1, g), p.c(), p.d(), p.y(), p.zR(), p.zS(), p.zBeta()))).as("b[last]").isFalse();
    assertThat(chunkingVerifies(chunkingWith(p.y0(), p.b(), with(p.c(), 0, g), p.d(), p.y(), p.zR(), p.zS(), p.zBeta()))).as("c[0]").isFalse();
    assertThat(chunkingVerifies(chunkingWith(p.y0(), p.b(), with(p.c(), p.c().size() - 1, g), p.d(), p.y(), p.zR(), p.zS(), p.zBeta()))).as("c[last]").isFalse();
    assertThat(chunkingVerifies(chunkingWith(p.y0(), p.b(), p.c(), with(p.d(), 0, g), p.y(), p.zR(), p.zS(), p.zBeta()))).as("d[0]").isFalse();
    assertThat(chunkingVerifies(chunkingWith(p.y0(), p.b(), p.c(), with(p.d(), N, g), p.y(), p.zR(), p.zS(), p.zBeta()))).as("d[n]").isFalse();
    assertThat(chunkingVerifies(chunkingWith(p.y0(), p.b(), p.c(), p.d(), p.y().add(G1), p.zR(), p.zS(), p.zBeta()))).as("y").isFalse();
    assertThat(chunkingVerifies(chunkingWith(p.y0(), p.b(), p.c(), p.d(), p.y(), with(p.zR(), 0, one), p.zS(), p.zBeta()))).as("z_r[0]").isFalse();
    assertThat(chunkingVerifies(chunkingWith(p.y0(), p.b(), p.c(), p.d(), p.y(), p.zR(), with(p.zS(), 0, one), p.zBeta()))).as("z_s[0]").isFalse();
    assertThat(chunkingVerifies(chunkingWith(p.y0(), p.b(), p.c(), p.d(), p.y(), p.zR(), with(p.zS(), p.zS().size() - 1, one), p.zBeta()))).as("z_s[last]").isFalse();
    assertThat(chunkingVerifies(chunkingWith(p.y0(), p.b(), p.c(), p.d(), p.y(), p.zR(), p.zS(), p.zBeta().add(Scalar.ONE)))).as("z_beta").isFalse();
  }

  @Test
  void chunkingVerify_responseAtTheBound_false() {
    Scalar z = Scalar.fromBigInteger(BigInteger.valueOf(org.jicp.crypto.nidkg.internal.Params.chunkingZ(N)));
    ChunkingProof p = chunking;
    assertThat(chunkingVerifies(chunkingWith(p.y0(), p.b(), p.c(), p.d(), p.y(), p.zR(), with(p.zS(), 0, x -> z), p.zBeta()))).isFalse();
  }

  @Test
  void chunkingVerify_ciphertextOfOtherRandomness_false() {
    FsCiphertext ct = enc.ciphertext();
    FsCiphertext mixed = new FsCiphertext(ct.chunks(), otherEnc.ciphertext().randR(), ct.randS(), ct.randZ());
    assertThat(ChunkingProofs.verify(keys, mixed, chunking)).isFalse();
    assertThat(ChunkingProofs.verify(keys, otherEnc.ciphertext(), chunking)).isFalse();
  }

  @Test
  void chunkingVerify_receiverCountsDisagree_false() {
    List<G1Point> three = keys.subList(0, N - 1);
    SplittableRandom rng = new SplittableRandom(31);
    int[][] m3 = {chunks[0], chunks[1], chunks[2]};
    FsEncryption.Encrypted e3 = FsEncryption.encrypt(three, m3, NiDkgFixtures.EPOCH, NiDkg.associatedData(DEALER), rng);
    ChunkingProof p3 = ChunkingProofs.prove(three, e3.ciphertext(), e3.r(), m3, rng);
    assertThat(ChunkingProofs.verify(three, e3.ciphertext(), p3)).as("honest, 3 receivers").isTrue();
    assertThat(ChunkingProofs.verify(keys, enc.ciphertext(), p3)).as("proof for 3, ciphertext and keys for 4").isFalse();
    assertThat(ChunkingProofs.verify(keys, e3.ciphertext(), chunking)).as("ciphertext for 3").isFalse();
    assertThat(ChunkingProofs.verify(three, enc.ciphertext(), chunking)).as("keys for 3").isFalse();
    assertThat(ChunkingProofs.verify(List.of(), enc.ciphertext(), chunking)).as("no keys").isFalse();
  }

  @Test
  void chunkingVerify_keysOfOtherReceivers_false() {
    List<G1Point> swapped = new ArrayList<>(keys);
    swapped.set(2, keys.get(3));
    swapped.set(3, keys.get(2));
    assertThat(ChunkingProofs.verify(swapped, enc.ciphertext(), chunking)).isFalse();
  }
}
