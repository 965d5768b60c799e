package org.jicp.crypto.nidkg;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.random.RandomGenerator;
import org.jicp.crypto.bls.PublicKey;
import org.jicp.crypto.bls12381.G1Point;
import org.jicp.crypto.bls12381.G2Point;
import org.jicp.crypto.bls12381.Scalar;
import org.jicp.crypto.nidkg.internal.ChunkingProofs;
import org.jicp.crypto.nidkg.internal.Chunks;
import org.jicp.crypto.nidkg.internal.FsEncryption;
import org.jicp.crypto.nidkg.internal.SharingProofs;
import org.jicp.crypto.threshold.KeyShares;
import org.jicp.crypto.threshold.Lagrange;
import org.jicp.crypto.threshold.PublicCoefficients;
import org.jicp.crypto.threshold.SecretKeyShare;
import org.jicp.crypto.threshold.ThresholdSignatures;

/**
 * Non-interactive distributed key generation and resharing for threshold BLS: J. Groth,
 * "Non-interactive distributed key generation and key resharing", IACR ePrint 2021/339, as the
 * IC implements it ({@code groth20_bls12_381}, dfinity/ic {@code
 * rs/crypto/internal/crypto_lib/threshold_sig/bls12_381/src/ni_dkg/}).
 *
 * <pre>{@code
 * EncryptionKeyPair kp = EncryptionSecretKey.generate(nodeIdBytes, rng);   // per receiver, once
 * NiDkgConfig cfg = NiDkgConfig.fresh(n, t, epoch);
 * Dealing d = NiDkg.createDealing(cfg, dealerIndex, receiverKeys, rng);     // one message per dealer
 * boolean ok = NiDkg.verifyDealing(cfg, dealerIndex, receiverKeys, d).isValid(); // anyone
 * Transcript tr = NiDkg.createTranscript(cfg, verifiedDealings);           // anyone, same result
 * SecretKeyShare share = NiDkg.computeThresholdKey(tr, myIndex, kp.secretKey(), epoch);
 * }</pre>
 *
 * <p>Safety: a verified dealing encrypts, to every receiver, a share of the polynomial its public
 * coefficients commit to (proofs of chunking and sharing), so any {@code collectionThreshold}
 * verified dealings give every receiver a share of one key whose public coefficients the
 * transcript fixes; at least one dealing comes from an honest dealer, so no coalition below the
 * threshold knows the key. A resharing transcript keeps the old group key (checked). Liveness: one
 * message per dealer, no complaint round.
 */
public final class NiDkg {
  private NiDkg() {}

  /** The associated data binding a dealing to its dealer: the index as a big-endian u32. */
  static byte[] associatedData(int dealerIndex) {
    return new byte[] {
      (byte) (dealerIndex >>> 24), (byte) (dealerIndex >>> 16), (byte) (dealerIndex >>> 8), (byte) dealerIndex
    };
  }

  private static List<G1Point> keys(NiDkgConfig config, List<EncryptionPublicKey> receiverKeys) {
    Objects.requireNonNull(receiverKeys, "receiverKeys");
    if (receiverKeys.size() != config.receivers()) {
      throw new IllegalArgumentException(
          "the configuration has " + config.receivers() + " receivers, got " + receiverKeys.size() + " keys");
    }
    List<G1Point> pks = new ArrayList<>(receiverKeys.size());
    for (EncryptionPublicKey k : receiverKeys) {
      pks.add(Objects.requireNonNull(k, "receiver key").key());
    }
    return pks;
  }

  private static void checkDealer(NiDkgConfig config, int dealerIndex) {
    if (dealerIndex < 0 || dealerIndex >= config.dealers()) {
      throw new IllegalArgumentException(
          "dealer index " + dealerIndex + " is out of range [0, " + config.dealers() + ")");
    }
  }

  /**
   * Creates a fresh dealing ({@code create_dealing}): a random polynomial of degree t − 1, its
   * commitments, every receiver's share encrypted for the configuration's epoch, and the two
   * proofs. {@code receiverKeys.get(i)} is receiver i's key; verify their proofs of possession when
   * registering them.
   *
   * @throws IllegalArgumentException if the configuration is a resharing, or the dealer index or
   *     the number of keys do not fit it
   */
  public static Dealing createDealing(
      NiDkgConfig config, int dealerIndex, List<EncryptionPublicKey> receiverKeys, RandomGenerator rng) {
    Objects.requireNonNull(config, "config");
    if (config.resharing().isPresent()) {
      throw new IllegalArgumentException("a resharing configuration needs createResharingDealing");
    }
    checkDealer(config, dealerIndex);
    KeyShares shares = ThresholdSignatures.generate(config.threshold(), config.receivers(), rng);
    return deal(config, dealerIndex, receiverKeys, shares, rng);
  }

  /**
   * Creates a resharing dealing: the dealer deals its old share {@code oldShare} (of the key whose
   * public coefficients the configuration carries) as the constant term, so that {@code A_0} is its
   * old individual public key. The dealer index is the share's index in the old committee.
   *
   * @throws IllegalArgumentException if the configuration is not a resharing, or the index or the
   *     number of keys do not fit it
   */
  public static Dealing createResharingDealing(
      NiDkgConfig config, SecretKeyShare oldShare, List<EncryptionPublicKey> receiverKeys, RandomGenerator rng) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(oldShare, "oldShare");
    if (config.resharing().isEmpty()) {
      throw new IllegalArgumentException("a fresh configuration needs createDealing");
    }
    checkDealer(config, oldShare.index());
    KeyShares shares = ThresholdSignatures.generate(config.threshold(), config.receivers(), oldShare.value(), rng);
    return deal(config, oldShare.index(), receiverKeys, shares, rng);
  }

  private static Dealing deal(
      NiDkgConfig config, int dealerIndex, List<EncryptionPublicKey> receiverKeys, KeyShares shares, RandomGenerator rng) {
    List<G1Point> pks = keys(config, receiverKeys);
    int n = pks.size();
    int[][] chunks = new int[n][];
    Scalar[] values = new Scalar[n];
    for (int i = 0; i < n; i++) {
      values[i] = shares.shares().get(i).value();
      chunks[i] = Chunks.of(values[i]);
    }
    byte[] ad = associatedData(dealerIndex);
    FsEncryption.Encrypted enc = FsEncryption.encrypt(pks, chunks, config.epoch(), ad, rng);
    var chunking = ChunkingProofs.prove(pks, enc.ciphertext(), enc.r(), chunks, rng);
    var sharing = SharingProofs.prove(pks, shares.publicCoefficients(), enc.ciphertext(), enc.r(), values, rng);
    return new Dealing(shares.publicCoefficients(), enc.ciphertext(), chunking, sharing);
  }

  /**
   * Verifies a dealing without secrets ({@code verify_dealing}, and {@code
   * verify_resharing_dealing} when the configuration reshares): the shape (receivers, threshold),
   * ciphertext integrity, the proof of chunking, the proof of sharing, and for a resharing that
   * {@code A_0} is the dealer's old individual public key.
   *
   * @throws IllegalArgumentException if the number of keys does not fit the configuration
   */
  public static DealingVerification verifyDealing(
      NiDkgConfig config, int dealerIndex, List<EncryptionPublicKey> receiverKeys, Dealing dealing) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(dealing, "dealing");
    List<G1Point> pks = keys(config, receiverKeys);
    if (dealerIndex < 0 || dealerIndex >= config.dealers()) {
      return DealingVerification.invalid(
          dealerIndex,
          DealingVerification.Failure.DEALER_INDEX_OUT_OF_RANGE,
          "dealer index is not in [0, " + config.dealers() + ")");
    }
    if (dealing.receivers() != config.receivers()) {
      return DealingVerification.invalid(
          dealerIndex,
          DealingVerification.Failure.WRONG_NUMBER_OF_RECEIVERS,
          dealing.receivers() + " encrypted shares for " + config.receivers() + " receivers");
    }
    if (dealing.publicCoefficients().threshold() != config.threshold()) {
      return DealingVerification.invalid(
          dealerIndex,
          DealingVerification.Failure.THRESHOLD_MISMATCH,
          dealing.publicCoefficients().threshold() + " public coefficients for threshold " + config.threshold());
    }
    if (config.resharing().isPresent()) {
      G2Point expected = config.resharing().get().evaluate(dealerIndex);
      if (!dealing.publicCoefficients().groupKeyPoint().equals(expected)) {
        return DealingVerification.invalid(
            dealerIndex,
            DealingVerification.Failure.RESHARING_KEY_MISMATCH,
            "the constant term is not the dealer's individual public key of the reshared key");
      }
    }
    byte[] ad = associatedData(dealerIndex);
    if (!FsEncryption.verifyIntegrity(dealing.ciphertext(), config.epoch(), ad)) {
      return DealingVerification.invalid(
          dealerIndex, DealingVerification.Failure.CIPHERTEXT_INTEGRITY, "ciphertext integrity check failed");
    }
    if (!ChunkingProofs.verify(pks, dealing.ciphertext(), dealing.chunkingProof())) {
      return DealingVerification.invalid(
          dealerIndex, DealingVerification.Failure.CHUNKING_PROOF, "the proof of chunking does not verify");
    }
    if (!SharingProofs.verify(pks, dealing.publicCoefficients(), dealing.ciphertext(), dealing.sharingProof())) {
      return DealingVerification.invalid(
          dealerIndex, DealingVerification.Failure.SHARING_PROOF, "the proof of correct sharing does not verify");
    }
    return DealingVerification.valid(dealerIndex);
  }

  /**
   * Combines verified dealings into a transcript ({@code create_transcript}, {@code
   * create_resharing_transcript}): the {@link NiDkgConfig#collectionThreshold()} dealings with the
   * lowest dealer indices are interpolated at zero over the dealer indices (x = index + 1),
   * coefficient by coefficient. When resharing, the result must keep the old group key.
   *
   * @param verifiedDealings dealer index → dealing, each verified with {@link #verifyDealing}
   * @throws InsufficientDealingsException if there are fewer than the collection threshold
   * @throws InvalidDealingException if a dealing does not fit the configuration (unverified input)
   * @throws ResharingFailedException if a resharing changed the group key (unverified input)
   */
  public static Transcript createTranscript(NiDkgConfig config, Map<Integer, Dealing> verifiedDealings) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(verifiedDealings, "verifiedDealings");
    int needed = config.collectionThreshold();
    if (verifiedDealings.size() < needed) {
      throw new InsufficientDealingsException(verifiedDealings.size(), needed);
    }
    SortedMap<Integer, Dealing> sorted = new TreeMap<>(verifiedDealings);
    SortedMap<Integer, FsCiphertext> used = new TreeMap<>();
    List<Integer> indices = new ArrayList<>(needed);
    List<PublicCoefficients> coefficients = new ArrayList<>(needed);
    for (Map.Entry<Integer, Dealing> e : sorted.entrySet()) {
      if (used.size() == needed) {
        break;
      }
      int dealer = e.getKey();
      Dealing d = Objects.requireNonNull(e.getValue(), "dealing of dealer " + dealer);
      if (dealer < 0 || dealer >= config.dealers()) {
        throw new InvalidDealingException(dealer, "dealer index is not in [0, " + config.dealers() + ")");
      }
      if (d.receivers() != config.receivers()) {
        throw new InvalidDealingException(dealer, d.receivers() + " encrypted shares for " + config.receivers() + " receivers");
      }
      if (d.publicCoefficients().threshold() != config.threshold()) {
        throw new InvalidDealingException(
            dealer, d.publicCoefficients().threshold() + " public coefficients for threshold " + config.threshold());
      }
      used.put(dealer, d.ciphertext());
      indices.add(dealer);
      coefficients.add(d.publicCoefficients());
    }
    List<Scalar> lambda = Lagrange.coefficientsAtZero(indices);
    List<G2Point> combined = new ArrayList<>(config.threshold());
    for (int k = 0; k < config.threshold(); k++) {
      List<G2Point> column = new ArrayList<>(needed);
      for (PublicCoefficients pc : coefficients) {
        column.add(pc.coefficients().get(k));
      }
      combined.add(G2Point.multiScalarMultiply(column, lambda));
    }
    PublicCoefficients result = new PublicCoefficients(combined);
    if (config.resharing().isPresent()) {
      PublicKey oldKey = config.resharing().get().groupPublicKey();
      if (!oldKey.equals(result.groupPublicKey())) {
        throw new ResharingFailedException(oldKey, result.groupPublicKey());
      }
    }
    return new Transcript(result, used);
  }

  /**
   * Receiver {@code receiverIndex}'s threshold key share from a transcript ({@code
   * compute_threshold_signing_key}): its share of each dealing, decrypted with its key at {@code
   * epoch} (the DKG's epoch), interpolated at zero over the dealer indices.
   *
   * @throws DecryptionException if the key was updated past the epoch, or a dealing cannot be
   *     decrypted
   */
  public static SecretKeyShare computeThresholdKey(
      Transcript transcript, int receiverIndex, EncryptionSecretKey secretKey, Epoch epoch) {
    Objects.requireNonNull(transcript, "transcript");
    Objects.requireNonNull(secretKey, "secretKey");
    Objects.requireNonNull(epoch, "epoch");
    List<Integer> dealers = new ArrayList<>(transcript.receiverData().keySet());
    List<Scalar> lambda = Lagrange.coefficientsAtZero(dealers);
    Scalar share = Scalar.ZERO;
    int k = 0;
    for (Map.Entry<Integer, FsCiphertext> e : transcript.receiverData().entrySet()) {
      Scalar s = secretKey.decrypt(e.getValue(), receiverIndex, epoch, associatedData(e.getKey()), e.getKey());
      share = share.add(lambda.get(k++).multiply(s));
    }
    return new SecretKeyShare(receiverIndex, share);
  }

  /**
   * Decrypts receiver {@code receiverIndex}'s share of a single dealing (for diagnosis: a transcript
   * is what receivers normally decrypt).
   *
   * @throws DecryptionException as {@link #computeThresholdKey}
   */
  public static SecretKeyShare decryptShare(
      Dealing dealing, int dealerIndex, int receiverIndex, EncryptionSecretKey secretKey, Epoch epoch) {
    Objects.requireNonNull(dealing, "dealing");
    return new SecretKeyShare(
        receiverIndex,
        secretKey.decrypt(dealing.ciphertext(), receiverIndex, epoch, associatedData(dealerIndex), dealerIndex));
  }
}
