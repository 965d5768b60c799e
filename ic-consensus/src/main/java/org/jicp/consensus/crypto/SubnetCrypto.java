package org.jicp.consensus.crypto;

import org.jicp.consensus.artifact.DkgTranscript;
import org.jicp.crypto.beacon.NiDkgTag;
import org.jicp.types.NodeId;

/**
 * The keys of one subnet as a setup creates them: every node's {@link ConsensusCrypto} and the
 * genesis transcripts (whose ids are those of height 0). The registry's part — public keys and
 * their proofs of possession — is inside; each node's instance holds only its own secrets.
 */
public interface SubnetCrypto {
  /**
   * The crypto of {@code node}.
   *
   * @throws IllegalArgumentException if the node is not in the subnet
   */
  ConsensusCrypto forNode(NodeId node);

  /** The genesis transcript of {@code tag}. */
  DkgTranscript genesisTranscript(NiDkgTag tag);

  /** A short name for reports: {@code real} or {@code fast}. */
  String name();
}
