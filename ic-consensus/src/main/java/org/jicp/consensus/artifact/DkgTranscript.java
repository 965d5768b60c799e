package org.jicp.consensus.artifact;

import java.util.List;
import java.util.Objects;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.beacon.HashTraitWriter;
import org.jicp.crypto.beacon.NiDkgId;
import org.jicp.types.NodeId;

/**
 * The result of an NI-DKG as a summary block carries it: the id, the threshold, the committee of
 * share holders (a node's share index is its position in this sorted list), and the transcript
 * itself in the encoding of the {@link org.jicp.consensus.crypto.ConsensusCrypto} that made it
 * (public coefficients and every receiver's encrypted share for the real crypto).
 *
 * @param dkgId the DKG that made it
 * @param threshold the threshold of the key
 * @param committee the share holders, sorted, distinct
 * @param data the crypto-specific transcript bytes
 */
public record DkgTranscript(NiDkgId dkgId, int threshold, List<NodeId> committee, Bytes data) {
  /** Validates and copies the components. */
  public DkgTranscript {
    Objects.requireNonNull(dkgId, "dkgId");
    committee = Artifacts.sortedDistinct("committee", committee);
    Objects.requireNonNull(data, "data");
    if (threshold < 1 || threshold > committee.size()) {
      throw new IllegalArgumentException("threshold " + threshold + " for a committee of " + committee.size());
    }
  }

  /** The share index of {@code node}, or −1 if it holds no share. */
  public int indexOf(NodeId node) {
    int i = java.util.Collections.binarySearch(committee, node);
    return i >= 0 ? i : -1;
  }

  void hashInto(HashTraitWriter w) {
    dkgId.hashInto(w);
    w.u64(threshold);
    Artifacts.hashNodes(w, committee);
    w.bytes(data);
  }
}
