package org.jicp.crypto.nidkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jicp.crypto.bls12381.G1Point;
import org.jicp.crypto.bls12381.Scalar;
import org.jicp.crypto.nidkg.DealingVerification.Failure;
import org.jicp.crypto.nidkg.internal.ChunkingProofs;
import org.jicp.crypto.nidkg.internal.Chunks;
import org.jicp.crypto.nidkg.internal.FsEncryption;
import org.jicp.crypto.nidkg.internal.SharingProofs;
import org.jicp.crypto.threshold.KeyShares;
import org.jicp.crypto.threshold.PublicCoefficients;
import org.jicp.crypto.threshold.ThresholdSignatures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dishonest dealers: each manipulation is caught by public verification, with the rule it broke;
 * and a dealer whose chunks leave the honest range but whose proofs still verify is decrypted
 * correctly by the fallback solver.
 */
class NiDkgCheatingDealerTest {
  static final int N = 4;
  static final int T = 2;
  static final int DEALER = 1;
  static List<EncryptionKeyPair> kps;
  static List<EncryptionPublicKey> pks;
  static List<G1Point> keys;
  static NiDkgConfig cfg;
  static Dealing honest;
  static Dealing other;

  @BeforeAll
  static void setUp() {
    SplittableRandom rng = new SplittableRandom(11);
    kps = NiDkgFixtures.keyPairs(N);
    pks = NiDkgFixtures.publicKeys(kps);
    keys = new ArrayList<>();
    for (EncryptionPublicKey k : pks) {
      keys.add(k.key());
    }
    cfg = NiDkgConfig.fresh(N, T, NiDkgFixtures.EPOCH);
    honest = NiDkg.createDealing(cfg, DEALER, pks, rng);
    other = NiDkg.createDealing(cfg, 2, pks, rng);
  }

  private static DealingVerification verify(Dealing d) {
    return NiDkg.verifyDealing(cfg, DEALER, pks, d);
  }

  /** A dealing built from chosen plaintext chunks, with honestly computed proofs over them. */
  private static Dealing dealWithChunks(PublicCoefficients pc, int[][] chunks, Scalar[] committedShares, SplittableRandom rng) {
    FsEncryption.Encrypted enc =
        FsEncryption.encrypt(keys, chunks, cfg.epoch(), NiDkg.associatedData(DEALER), rng);
    return new Dealing(
        pc,
        enc.ciphertext(),
        ChunkingProofs.prove(keys, enc.ciphertext(), enc.r(), chunks, rng),
        SharingProofs.prove(keys, pc, enc.ciphertext(), enc.r(), committedShares, rng));
  }

  @Test
  void honestDealing_isValid() {
    assertThat(verify(honest).isValid()).isTrue();
  }

  @Test
  void wrongShareForOneReceiver_failsTheSharingProof() {
    SplittableRandom rng = new SplittableRandom(12);
    KeyShares ks = ThresholdSignatures.generate(T, N, rng);
    Scalar[] shares = new Scalar[N];
    int[][] chunks = new int[N][];
    for (int i = 0; i < N; i++) {
      shares[i] = ks.shares().get(i).value();
      chunks[i] = Chunks.of(i == 2 ? shares[i].add(Scalar.ONE) : shares[i]);
    }
    DealingVerification v = verify(dealWithChunks(ks.publicCoefficients(), chunks, shares, rng));
    assertThat(v.failure()).isEqualTo(Failure.SHARING_PROOF);
    assertThat(v.dealerIndex()).isEqualTo(DEALER);
  }

  @Test
  void proofOfAnotherDealing_failsTheChunkingProof() {
    Dealing d = new Dealing(honest.publicCoefficients(), honest.ciphertext(), other.chunkingProof(), honest.sharingProof());
    assertThat(verify(d).failure()).isEqualTo(Failure.CHUNKING_PROOF);
  }

  @Test
  void tamperedChunkingResponse_failsTheChunkingProof() {
    ChunkingProof p = honest.chunkingProof();
    List<Scalar> zR = new ArrayList<>(p.zR());
    zR.set(3, zR.get(3).add(Scalar.ONE));
    ChunkingProof bad = new ChunkingProof(p.y0(), p.b(), p.c(), p.d(), p.y(), zR, p.zS(), p.zBeta());
    Dealing d = new Dealing(honest.publicCoefficients(), honest.ciphertext(), bad, honest.sharingProof());
    assertThat(verify(d).failure()).isEqualTo(Failure.CHUNKING_PROOF);
  }

  @Test
  void tamperedSharingProof_failsTheSharingProof() {
    SharingProof p = honest.sharingProof();
    SharingProof bad = new SharingProof(p.f(), p.a(), p.y(), p.zR(), p.zAlpha().add(Scalar.ONE));
    Dealing d = new Dealing(honest.publicCoefficients(), honest.ciphertext(), honest.chunkingProof(), bad);
    assertThat(verify(d).failure()).isEqualTo(Failure.SHARING_PROOF);
  }

  @Test
  void publicCoefficientsOfAnotherDealing_failTheSharingProof() {
    Dealing d = new Dealing(other.publicCoefficients(), honest.ciphertext(), honest.chunkingProof(), honest.sharingProof());
    assertThat(verify(d).failure()).isEqualTo(Failure.SHARING_PROOF);
  }

  @Test
  void wrongAssociatedData_otherDealerIndex_failsIntegrity() {
    DealingVerification v = NiDkg.verifyDealing(cfg, 3, pks, honest);
    assertThat(v.failure()).isEqualTo(Failure.CIPHERTEXT_INTEGRITY);
    assertThat(v.dealerIndex()).isEqualTo(3);
  }

  @Test
  void wrongEpoch_failsIntegrity() {
    NiDkgConfig later = NiDkgConfig.fresh(N, T, Epoch.of(NiDkgFixtures.EPOCH.value() + 1));
    assertThat(NiDkg.verifyDealing(later, DEALER, pks, honest).failure()).isEqualTo(Failure.CIPHERTEXT_INTEGRITY);
  }

  @Test
  void swappedCiphertextsOfTwoReceivers_failIntegrity() {
    FsCiphertext ct = honest.ciphertext();
    List<List<G1Point>> chunks = new ArrayList<>(ct.chunks());
    chunks.set(0, ct.chunks().get(1));
    chunks.set(1, ct.chunks().get(0));
    FsCiphertext swapped = new FsCiphertext(chunks, ct.randR(), ct.randS(), ct.randZ());
    Dealing d = new Dealing(honest.publicCoefficients(), swapped, honest.chunkingProof(), honest.sharingProof());
    assertThat(verify(d).failure()).isEqualTo(Failure.CIPHERTEXT_INTEGRITY);
  }

  @Test
  void ciphertextOfAnotherDealing_failsTheProofs() {
    // a self-consistent ciphertext, but bound to dealer 2 (associated data) and to other proofs
    Dealing d = new Dealing(honest.publicCoefficients(), other.ciphertext(), honest.chunkingProof(), honest.sharingProof());
    assertThat(verify(d).isValid()).isFalse();
    assertThat(NiDkg.verifyDealing(cfg, 2, pks, d).failure()).isEqualTo(Failure.CHUNKING_PROOF);
  }

  @Test
  void swappedRandomizers_failIntegrity() {
    FsCiphertext ct = honest.ciphertext();
    List<G1Point> r = new ArrayList<>(ct.randR());
    r.set(0, ct.randR().get(1));
    r.set(1, ct.randR().get(0));
    Dealing d =
        new Dealing(
            honest.publicCoefficients(),
            new FsCiphertext(ct.chunks(), r, ct.randS(), ct.randZ()),
            honest.chunkingProof(),
            honest.sharingProof());
    assertThat(verify(d).failure()).isEqualTo(Failure.CIPHERTEXT_INTEGRITY);
  }

  @Test
  void wrongShape_isNamed() {
    NiDkgConfig t3 = NiDkgConfig.fresh(N, 3, NiDkgFixtures.EPOCH);
    assertThat(NiDkg.verifyDealing(t3, DEALER, pks, honest).failure()).isEqualTo(Failure.THRESHOLD_MISMATCH);
    NiDkgConfig five = NiDkgConfig.fresh(5, T, NiDkgFixtures.EPOCH);
    List<EncryptionPublicKey> fiveKeys = NiDkgFixtures.publicKeys(NiDkgFixtures.keyPairs(5));
    assertThat(NiDkg.verifyDealing(five, DEALER, fiveKeys, honest).failure())
        .isEqualTo(Failure.WRONG_NUMBER_OF_RECEIVERS);
    assertThat(NiDkg.verifyDealing(cfg, N, pks, honest).failure()).isEqualTo(Failure.DEALER_INDEX_OUT_OF_RANGE);
  }

  @Test
  void chunksJustOutsideTheHonestRange_stillVerify_andDecryptByTheFallback() {
    SplittableRandom rng = new SplittableRandom(13);
    KeyShares ks = ThresholdSignatures.generate(T, N, rng);
    Scalar[] shares = new Scalar[N];
    int[][] chunks = new int[N][];
    for (int i = 0; i < N; i++) {
      shares[i] = ks.shares().get(i).value();
      chunks[i] = Chunks.of(shares[i]);
    }
    // receiver 0: borrow from chunk 4 into chunk 5 (chunk 5 = m5 + 2^16 > 65535);
    // receiver 3: lend from chunk 9 to chunk 8 (chunk 9 = m9 - 2^16 < 0). Same shares.
    int j = firstWithNonZeroBefore(chunks[0], 5);
    chunks[0][j - 1] -= 1;
    chunks[0][j] += 1 << 16;
    chunks[3][9] -= 1 << 16;
    chunks[3][8] += 1;
    Dealing cheat = dealWithChunks(ks.publicCoefficients(), chunks, shares, rng);
    assertThat(verify(cheat).isValid()).isTrue();
    for (int i : new int[] {0, 3}) {
      var decrypted = NiDkg.decryptShare(cheat, DEALER, i, kps.get(i).secretKey(), cfg.epoch());
      assertThat(decrypted.constantTimeEquals(ks.shares().get(i))).as("receiver %d", i).isTrue();
    }
  }

  @Test
  void decryptWithAnotherReceiversKey_whenInterrupted_stopsWithTypedError() {
    // every chunk is out of range for the wrong key: the slow search starts and sees the interrupt
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> NiDkg.decryptShare(honest, DEALER, 0, kps.get(1).secretKey(), cfg.epoch()))
          .isInstanceOfSatisfying(
              DecryptionException.class,
              e -> assertThat(e.reason()).isEqualTo(DecryptionException.Reason.INTERRUPTED));
    } finally {
      Thread.interrupted();
    }
  }

  private static int firstWithNonZeroBefore(int[] m, int from) {
    for (int j = from; j < m.length; j++) {
      if (m[j - 1] > 0) {
        return j;
      }
    }
    throw new AssertionError("no chunk to borrow from");
  }
}
