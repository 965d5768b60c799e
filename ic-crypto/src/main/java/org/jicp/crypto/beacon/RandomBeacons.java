package org.jicp.crypto.beacon;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.InvalidEncodingException;
import org.jicp.crypto.bls.PublicKey;
import org.jicp.crypto.bls.Signature;
import org.jicp.crypto.threshold.PublicCoefficients;
import org.jicp.crypto.threshold.SecretKeyShare;
import org.jicp.crypto.threshold.SignatureShare;
import org.jicp.crypto.threshold.ThresholdSignatures;

/**
 * Making and checking random beacons and tapes: the genesis beacon, the content of the next one,
 * signature shares by the low-threshold key, their combination, and verification of a single
 * beacon or of a chain from genesis.
 *
 * <p>Safety: a beacon verifies only if it extends its predecessor (height + 1, parent = crypto hash
 * of the predecessor) and carries a valid signature of the subnet's low-threshold key; since BLS
 * signatures are unique, every honest node computes the same beacon. Liveness: any f+1 valid shares
 * make the beacon.
 */
public final class RandomBeacons {
  private RandomBeacons() {}

  /**
   * The genesis beacon ({@code make_genesis} in dfinity/ic {@code rs/consensus}): the given
   * height, an empty parent, an empty signature. It is trusted, not verified.
   */
  public static RandomBeacon genesis(long height, NiDkgId lowThresholdDkgId) {
    return new RandomBeacon(
        new RandomBeaconContent(ReplicaVersions.DEFAULT, height, CryptoHash.EMPTY), Bytes.EMPTY, lowThresholdDkgId);
  }

  /** The content of the beacon after {@code previous}: height + 1, parent = its crypto hash. */
  public static RandomBeaconContent nextContent(RandomBeacon previous) {
    return new RandomBeaconContent(
        previous.content().version(), Math.addExact(previous.height(), 1), previous.cryptoHash());
  }

  /** A node's signature share on beacon content. */
  public static SignatureShare signShare(RandomBeaconContent content, SecretKeyShare share) {
    return ThresholdSignatures.sign(share, content.signedBytes());
  }

  /**
   * The beacon from shares: verifies each share, combines t valid ones.
   *
   * @throws org.jicp.crypto.threshold.InsufficientSharesException if fewer than t shares verify
   */
  public static RandomBeacon combine(
      RandomBeaconContent content,
      NiDkgId signer,
      PublicCoefficients lowThresholdKey,
      int n,
      Collection<SignatureShare> shares) {
    return new RandomBeacon(content, combined(content.signedBytes(), lowThresholdKey, n, shares), signer);
  }

  private static Bytes combined(byte[] signedBytes, PublicCoefficients key, int n, Collection<SignatureShare> shares) {
    Signature sig = ThresholdSignatures.combineVerified(key, n, signedBytes, shares).signature();
    return Bytes.of(sig.toBytes());
  }

  /** The signature bytes, if they decode to a G1 point and verify; else why not. */
  private static String signatureProblem(Bytes signature, byte[] signedBytes, PublicKey key) {
    Signature sig;
    try {
      sig = ThresholdSignatures.SCHEME.signatureFromBytes(signature.toByteArray());
    } catch (InvalidEncodingException e) {
      return "signature does not decode: " + e.getMessage();
    }
    return ThresholdSignatures.verify(key, signedBytes, sig) ? null : "signature does not verify under the low-threshold key";
  }

  /**
   * Whether {@code beacon} validly follows {@code previous} under the low-threshold group key: the
   * height is one more, the parent is the predecessor's crypto hash, the signature decodes to a G1
   * point and verifies. A signature that does not decode makes the beacon invalid (not an error).
   */
  public static boolean verify(RandomBeacon beacon, RandomBeacon previous, PublicKey lowThresholdKey) {
    return reasonInvalid(beacon, previous, lowThresholdKey) == null;
  }

  /**
   * Verifies a chain {@code chain[0] (trusted, e.g. genesis), chain[1], …}: each beacon against its
   * predecessor under {@code lowThresholdKey}.
   */
  public static ChainVerification verifyChain(List<RandomBeacon> chain, PublicKey lowThresholdKey) {
    Objects.requireNonNull(chain, "chain");
    for (int i = 1; i < chain.size(); i++) {
      String reason = reasonInvalid(chain.get(i), chain.get(i - 1), lowThresholdKey);
      if (reason != null) {
        return ChainVerification.invalidAt(chain.get(i).height(), reason);
      }
    }
    return ChainVerification.VALID;
  }

  private static String reasonInvalid(RandomBeacon beacon, RandomBeacon previous, PublicKey key) {
    Objects.requireNonNull(beacon, "beacon");
    Objects.requireNonNull(previous, "previous");
    Objects.requireNonNull(key, "key");
    if (beacon.height() != previous.height() + 1) {
      return "height " + beacon.height() + " does not follow " + previous.height();
    }
    if (!beacon.content().parent().equals(previous.cryptoHash())) {
      return "parent is not the crypto hash of the beacon at height " + previous.height();
    }
    return signatureProblem(beacon.signature(), beacon.content().signedBytes(), key);
  }

  /** A node's signature share on tape content. */
  public static SignatureShare signTapeShare(RandomTapeContent content, SecretKeyShare share) {
    return ThresholdSignatures.sign(share, content.signedBytes());
  }

  /**
   * The random tape from shares: verifies each share, combines t valid ones.
   *
   * @throws org.jicp.crypto.threshold.InsufficientSharesException if fewer than t shares verify
   */
  public static RandomTape combineTape(
      RandomTapeContent content,
      NiDkgId signer,
      PublicCoefficients lowThresholdKey,
      int n,
      Collection<SignatureShare> shares) {
    return new RandomTape(content, combined(content.signedBytes(), lowThresholdKey, n, shares), signer);
  }

  /** Whether the tape's signature decodes and verifies under the low-threshold group key. */
  public static boolean verifyTape(RandomTape tape, PublicKey lowThresholdKey) {
    return signatureProblem(tape.signature(), tape.content().signedBytes(), lowThresholdKey) == null;
  }
}
