package org.jicp.consensus.artifact;

/** The kinds of consensus artifact ({@code ConsensusMessage} variants of the IC, plus DKG dealings). */
public enum ArtifactType {
  /** {@link BlockProposal}. */
  BLOCK_PROPOSAL,
  /** {@link NotarizationShare}. */
  NOTARIZATION_SHARE,
  /** {@link Notarization}. */
  NOTARIZATION,
  /** {@link FinalizationShare}. */
  FINALIZATION_SHARE,
  /** {@link Finalization}. */
  FINALIZATION,
  /** {@link RandomBeaconShare}. */
  RANDOM_BEACON_SHARE,
  /** {@link RandomBeacon}. */
  RANDOM_BEACON,
  /** {@link RandomTapeShare}. */
  RANDOM_TAPE_SHARE,
  /** {@link RandomTape}. */
  RANDOM_TAPE,
  /** {@link CatchUpPackageShare}. */
  CATCH_UP_PACKAGE_SHARE,
  /** {@link CatchUpPackage}. */
  CATCH_UP_PACKAGE,
  /** {@link EquivocationProof}. */
  EQUIVOCATION_PROOF,
  /** {@link DealingMessage}. */
  DEALING
}
