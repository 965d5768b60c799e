package org.jicp.consensus.component;

import java.util.List;
import org.jicp.consensus.ConsensusConfig;
import org.jicp.consensus.Rank;
import org.jicp.types.Time;
import org.jicp.consensus.artifact.Block;
import org.jicp.consensus.artifact.CatchUpContent;
import org.jicp.consensus.artifact.CatchUpPackage;
import org.jicp.consensus.artifact.DkgSummary;
import org.jicp.consensus.artifact.DkgTranscript;
import org.jicp.consensus.artifact.HashedBlock;
import org.jicp.consensus.artifact.RandomBeacon;
import org.jicp.consensus.artifact.SummaryPayload;
import org.jicp.consensus.artifact.ThresholdSignature;
import org.jicp.consensus.artifact.ValidationContext;
import org.jicp.consensus.crypto.SubnetCrypto;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.beacon.CryptoHash;
import org.jicp.crypto.beacon.NiDkgTag;
import org.jicp.crypto.beacon.RandomBeaconContent;
import org.jicp.crypto.beacon.ReplicaVersions;
import org.jicp.types.Height;
import org.jicp.types.NodeId;

/**
 * The genesis catch-up package of a subnet ({@code make_genesis} in dfinity/ic {@code
 * rs/consensus}, from the registry's {@code CatchUpPackageContents}): a summary block at height 0
 * with the genesis transcripts and no DKG, the unsigned genesis beacon, and the initial state
 * hash. It is trusted, not verified: every node starts from it.
 */
public final class Genesis {
  private Genesis() {}

  /** The genesis catch-up package of {@code nodes} with the genesis keys of {@code crypto} (a simulation's). */
  public static CatchUpPackage catchUpPackage(SubnetCrypto crypto, List<NodeId> nodes, ConsensusConfig config, CryptoHash stateHash) {
    return catchUpPackage(
        crypto.genesisTranscript(NiDkgTag.LOW_THRESHOLD), crypto.genesisTranscript(NiDkgTag.HIGH_THRESHOLD), nodes, config, stateHash);
  }

  /**
   * The genesis catch-up package of {@code nodes} with the genesis transcripts {@code low} and
   * {@code high} (e.g. {@link org.jicp.consensus.crypto.BlsConsensusCrypto#genesisTranscripts}),
   * whose state hash is {@code stateHash}.
   */
  public static CatchUpPackage catchUpPackage(DkgTranscript low, DkgTranscript high, List<NodeId> nodes, ConsensusConfig config, CryptoHash stateHash) {
    List<NodeId> sorted = new java.util.ArrayList<>(nodes);
    sorted.sort(null);
    DkgSummary summary = DkgPayloads.genesisSummary(Height.ZERO, config.dkgIntervalLength(), sorted, low, high);
    Block block =
        new Block(
            ReplicaVersions.DEFAULT,
            CryptoHash.EMPTY,
            Height.ZERO,
            Rank.ZERO,
            new ValidationContext(BlockMaker.REGISTRY_VERSION, Height.ZERO, Time.EPOCH),
            new SummaryPayload(summary));
    RandomBeacon beacon =
        new RandomBeacon(new RandomBeaconContent(ReplicaVersions.DEFAULT, 0, CryptoHash.EMPTY), new ThresholdSignature(Bytes.EMPTY, low.dkgId()));
    return new CatchUpPackage(
        new CatchUpContent(HashedBlock.of(block), beacon, stateHash, BlockMaker.REGISTRY_VERSION), new ThresholdSignature(Bytes.EMPTY, high.dkgId()));
  }
}
