package org.jicp.consensus.artifact;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jicp.crypto.beacon.HashTraitWriter;
import org.jicp.crypto.beacon.NiDkgId;
import org.jicp.types.NodeId;

/**
 * One NI-DKG to run during a DKG interval ({@code NiDkgConfig} of {@code ic_types}): its id (the
 * summary height and the tag), who deals, who receives, the new key's threshold, and for a
 * resharing the id of the transcript whose key is reshared (the high-threshold key is reshared so
 * that the subnet's public key never changes).
 *
 * @param dkgId the id of the DKG (and of the transcript it makes)
 * @param dealers the dealers, sorted, distinct
 * @param receivers the receivers, sorted, distinct
 * @param threshold the new key's threshold
 * @param resharing the transcript whose key is reshared, empty for a fresh key
 */
public record DkgConfig(
    NiDkgId dkgId, List<NodeId> dealers, List<NodeId> receivers, int threshold, Optional<NiDkgId> resharing) {
  /** Validates and copies the components. */
  public DkgConfig {
    Objects.requireNonNull(dkgId, "dkgId");
    dealers = Artifacts.sortedDistinct("dealers", dealers);
    receivers = Artifacts.sortedDistinct("receivers", receivers);
    Objects.requireNonNull(resharing, "resharing");
    if (dealers.isEmpty() || receivers.isEmpty()) {
      throw new IllegalArgumentException("a DKG has dealers and receivers");
    }
    if (threshold < 1 || threshold > receivers.size()) {
      throw new IllegalArgumentException("threshold " + threshold + " for " + receivers.size() + " receivers");
    }
  }

  /**
   * The dealings a transcript needs: the reshared key's threshold when resharing (passed in, as
   * the config does not carry it), else {@code f(dealers) + 1}.
   */
  public int collectionThreshold(int reshareThreshold) {
    return resharing.isPresent() ? reshareThreshold : (dealers.size() - 1) / 3 + 1;
  }

  void hashInto(HashTraitWriter w) {
    dkgId.hashInto(w);
    Artifacts.hashNodes(w, dealers);
    Artifacts.hashNodes(w, receivers);
    w.u64(threshold);
    if (resharing.isEmpty()) {
      w.discriminant(0);
    } else {
      w.discriminant(1);
      resharing.get().hashInto(w);
    }
  }
}
