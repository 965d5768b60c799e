package org.jicp.crypto.threshold;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.jicp.crypto.bls.BlsScheme;
import org.jicp.crypto.bls.PublicKey;
import org.jicp.crypto.bls.Signature;
import org.jicp.crypto.bls12381.G1Point;
import org.jicp.crypto.bls12381.G2Point;
import org.jicp.crypto.bls12381.Scalar;

/**
 * Threshold BLS signatures as the IC makes them (dfinity/ic {@code
 * rs/crypto/internal/crypto_lib/threshold_sig/bls12_381/src/crypto.rs}): Shamir sharing over Fr
 * with Feldman commitments in G2, signature shares in G1 under the IC's min-sig NUL ciphersuite
 * ({@link BlsScheme#IC}), and combination by Lagrange interpolation at zero computed as one
 * multi-scalar multiplication. A combined signature is an ordinary IC BLS signature under the group
 * key {@code A_0}; BLS signatures are unique, so any t valid shares give the same one.
 *
 * <pre>{@code
 * KeyShares keys = ThresholdSignatures.generate(3, 7, rng);         // trusted dealer (tests, simulation)
 * SignatureShare s = ThresholdSignatures.sign(keys.shares().get(4), msg);
 * CombineResult r = ThresholdSignatures.combineVerified(keys.publicCoefficients(), 7, msg, shares);
 * boolean ok = BlsScheme.IC.verify(keys.publicCoefficients().groupPublicKey(), msg, r.signature());
 * }</pre>
 *
 * <p>Signing and key generation run in constant time in the secrets; verification and combination
 * work on public data.
 */
public final class ThresholdSignatures {
  /** The signature scheme of shares and combined signatures: the IC's min-sig NUL suite. */
  public static final BlsScheme SCHEME = BlsScheme.IC;

  private ThresholdSignatures() {}

  /**
   * A fresh random sharing for {@code n} nodes with threshold {@code t} (a trusted dealer: for
   * tests, simulations, and as the dealing step of {@code NiDkg}).
   *
   * @throws IllegalArgumentException unless {@code 1 <= t <= n}
   */
  public static KeyShares generate(int threshold, int n, RandomGenerator rng) {
    Objects.requireNonNull(rng, "rng");
    return generate(threshold, n, Scalar.random(rng), rng);
  }

  /**
   * A random sharing of the given secret (the polynomial's constant term), as a resharing dealer
   * deals its own share.
   *
   * @throws IllegalArgumentException unless {@code 1 <= t <= n}
   */
  public static KeyShares generate(int threshold, int n, Scalar secret, RandomGenerator rng) {
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(rng, "rng");
    checkThreshold(threshold, n);
    Scalar[] a = new Scalar[threshold];
    a[0] = secret;
    for (int k = 1; k < threshold; k++) {
      a[k] = Scalar.random(rng);
    }
    List<G2Point> commitments = new ArrayList<>(threshold);
    for (Scalar ak : a) {
      commitments.add(G2Point.generator().multiply(ak));
    }
    List<SecretKeyShare> shares = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Scalar x = Scalar.fromLong(i + 1L);
      Scalar acc = Scalar.ZERO;
      for (int k = threshold - 1; k >= 0; k--) {
        acc = acc.multiply(x).add(a[k]);
      }
      shares.add(new SecretKeyShare(i, acc));
    }
    return new KeyShares(new PublicCoefficients(commitments), shares);
  }

  /**
   * Checks {@code 1 <= threshold <= n}.
   *
   * @throws IllegalArgumentException otherwise
   */
  public static void checkThreshold(int threshold, int n) {
    if (n < 1) {
      throw new IllegalArgumentException("need at least one node, got " + n);
    }
    if (threshold < 1 || threshold > n) {
      throw new IllegalArgumentException("threshold " + threshold + " is not in [1, " + n + "]");
    }
  }

  /** Signs {@code msg} with a key share: {@code H(msg)^{share}} (constant time in the share). */
  public static SignatureShare sign(SecretKeyShare share, byte[] msg) {
    Objects.requireNonNull(share, "share");
    Objects.requireNonNull(msg, "msg");
    G1Point h = (G1Point) SCHEME.hashToPoint(msg);
    return new SignatureShare(share.index(), Signature.ofG1(h.multiply(share.value())));
  }

  /** Whether {@code share} is a valid signature on {@code msg} under its signer's individual key. */
  public static boolean verifyShare(PublicCoefficients coefficients, byte[] msg, SignatureShare share) {
    Objects.requireNonNull(coefficients, "coefficients");
    return verifyShare(coefficients.individualPublicKey(share.index()), msg, share);
  }

  /** Whether {@code share} is a valid signature on {@code msg} under {@code individualKey}. */
  public static boolean verifyShare(PublicKey individualKey, byte[] msg, SignatureShare share) {
    Objects.requireNonNull(share, "share");
    return SCHEME.verify(individualKey, msg, share.signature());
  }

  /** Whether {@code sig} is a valid combined signature on {@code msg} under the group key. */
  public static boolean verify(PublicKey groupKey, byte[] msg, Signature sig) {
    return SCHEME.verify(groupKey, msg, sig);
  }

  /**
   * Combines shares without verifying them: interpolates the {@code t} shares with the lowest
   * indices at zero, {@code σ = Σ λ_i σ_i}, as one multi-scalar multiplication. Use it on shares
   * already verified; otherwise use {@link #combineVerified}.
   *
   * @param threshold t
   * @param n the number of nodes (valid indices are {@code 0..n-1})
   * @throws InsufficientSharesException if fewer than t shares are given
   * @throws DuplicateIndexException if two shares have the same index
   * @throws IndexOutOfRangeException if an index is not below n
   */
  public static Signature combine(int threshold, int n, Collection<SignatureShare> shares) {
    checkThreshold(threshold, n);
    List<SignatureShare> sorted = checkedSorted(n, shares);
    if (sorted.size() < threshold) {
      throw new InsufficientSharesException(sorted.size(), threshold, List.of());
    }
    return interpolate(sorted.subList(0, threshold));
  }

  /**
   * Verifies every share against its signer's individual key, names the ones that fail, and
   * combines the t valid shares with the lowest indices.
   *
   * @param coefficients the public coefficients (their length is the threshold)
   * @param n the number of nodes
   * @throws InsufficientSharesException if fewer than t shares verify (naming those that did not)
   * @throws DuplicateIndexException if two shares have the same index
   * @throws IndexOutOfRangeException if an index is not below n
   */
  public static CombineResult combineVerified(
      PublicCoefficients coefficients, int n, byte[] msg, Collection<SignatureShare> shares) {
    Objects.requireNonNull(coefficients, "coefficients");
    Objects.requireNonNull(msg, "msg");
    int threshold = coefficients.threshold();
    checkThreshold(threshold, n);
    List<SignatureShare> sorted = checkedSorted(n, shares);
    List<SignatureShare> valid = new ArrayList<>();
    List<Integer> invalid = new ArrayList<>();
    for (SignatureShare s : sorted) {
      if (verifyShare(coefficients, msg, s)) {
        valid.add(s);
      } else {
        invalid.add(s.index());
      }
    }
    if (valid.size() < threshold) {
      throw new InsufficientSharesException(valid.size(), threshold, invalid);
    }
    List<SignatureShare> used = valid.subList(0, threshold);
    List<Integer> usedIndices = new ArrayList<>(threshold);
    for (SignatureShare s : used) {
      usedIndices.add(s.index());
    }
    return new CombineResult(interpolate(used), usedIndices, invalid);
  }

  private static List<SignatureShare> checkedSorted(int n, Collection<SignatureShare> shares) {
    Objects.requireNonNull(shares, "shares");
    Map<Integer, SignatureShare> byIndex = new HashMap<>();
    for (SignatureShare s : shares) {
      Objects.requireNonNull(s, "share");
      if (s.index() >= n) {
        throw new IndexOutOfRangeException(s.index(), n);
      }
      if (byIndex.put(s.index(), s) != null) {
        throw new DuplicateIndexException(s.index());
      }
    }
    List<SignatureShare> sorted = new ArrayList<>(byIndex.values());
    sorted.sort(Comparator.comparingInt(SignatureShare::index));
    return sorted;
  }

  private static Signature interpolate(List<SignatureShare> shares) {
    List<Integer> indices = new ArrayList<>(shares.size());
    List<G1Point> points = new ArrayList<>(shares.size());
    for (SignatureShare s : shares) {
      indices.add(s.index());
      points.add(s.signature().g1());
    }
    return Signature.ofG1(G1Point.multiScalarMultiply(points, Lagrange.coefficientsAtZero(indices)));
  }
}
