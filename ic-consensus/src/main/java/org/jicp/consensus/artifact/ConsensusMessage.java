package org.jicp.consensus.artifact;

import org.jicp.types.Height;

/**
 * A consensus artifact: what replicas gossip and keep in their pools. Every artifact belongs to a
 * height; equality is by value.
 */
public sealed interface ConsensusMessage
    permits BlockProposal,
        NotarizationShare,
        Notarization,
        FinalizationShare,
        Finalization,
        RandomBeaconShare,
        RandomBeacon,
        RandomTapeShare,
        RandomTape,
        CatchUpPackageShare,
        CatchUpPackage,
        EquivocationProof,
        DealingMessage {
  /** The height the artifact belongs to. */
  Height height();

  /** The artifact's kind. */
  ArtifactType type();
}
