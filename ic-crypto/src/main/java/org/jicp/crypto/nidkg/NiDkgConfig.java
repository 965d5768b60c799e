package org.jicp.crypto.nidkg;

import java.util.Objects;
import java.util.Optional;
import org.jicp.crypto.threshold.PublicCoefficients;
import org.jicp.crypto.threshold.ThresholdSignatures;
import org.jicp.crypto.threshold.Thresholds;

/**
 * The parameters of one NI-DKG run (after {@code NiDkgConfig} of {@code ic_types}): who deals, who
 * receives, the threshold of the new key, the encryption epoch, and — for a resharing — the public
 * coefficients of the key being reshared.
 *
 * <p>A fresh DKG needs {@code f(dealers) + 1} verified dealings (the collection threshold), so at
 * least one comes from an honest dealer. A resharing needs exactly the old threshold of dealings
 * from old members, each dealing its old share as the constant term; the group key stays the same.
 *
 * @param dealers the number of dealers; dealer indices are {@code 0..dealers-1} (for a resharing,
 *     indices in the old committee)
 * @param receivers the number of receivers n; receiver indices are {@code 0..n-1}
 * @param threshold the new key's threshold t, {@code 1 <= t <= n}
 * @param epoch the forward-secure encryption epoch
 * @param resharing the old public coefficients when resharing, empty for a fresh key
 */
public record NiDkgConfig(int dealers, int receivers, int threshold, Epoch epoch, Optional<PublicCoefficients> resharing) {
  /** Validates the components. */
  public NiDkgConfig {
    if (dealers < 1) {
      throw new IllegalArgumentException("need at least one dealer, got " + dealers);
    }
    ThresholdSignatures.checkThreshold(threshold, receivers);
    Objects.requireNonNull(epoch, "epoch");
    Objects.requireNonNull(resharing, "resharing");
    if (resharing.isPresent() && resharing.get().threshold() > dealers) {
      throw new IllegalArgumentException(
          "resharing a key of threshold " + resharing.get().threshold() + " needs at least that many dealers, got " + dealers);
    }
  }

  /** A fresh DKG in which every one of {@code n} nodes deals and receives. */
  public static NiDkgConfig fresh(int n, int threshold, Epoch epoch) {
    return new NiDkgConfig(n, n, threshold, epoch, Optional.empty());
  }

  /** A resharing of {@code old} by its {@code oldN} holders to {@code newN} receivers with threshold t'. */
  public static NiDkgConfig resharing(PublicCoefficients old, int oldN, int newN, int newThreshold, Epoch epoch) {
    return new NiDkgConfig(oldN, newN, newThreshold, epoch, Optional.of(old));
  }

  /**
   * The number of verified dealings a transcript combines: the old threshold when resharing, else
   * {@code f(dealers) + 1}.
   */
  public int collectionThreshold() {
    return resharing.map(PublicCoefficients::threshold).orElseGet(() -> Thresholds.faultsTolerated(dealers) + 1);
  }
}
