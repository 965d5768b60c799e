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
    return recoveryCatchUpPackage(low, high, nodes, config, stateHash, Height.ZERO, Time.EPOCH, BlockMaker.REGISTRY_VERSION);
  }

  /**
   * A catch-up package that restarts a subnet at {@code height} ({@code make_registry_cup} of
   * dfinity/ic's orchestrator, from {@code CatchUpPackageContents} with a height, as after a
   * subnet recovery or a split): a summary block at {@code height} with the transcripts {@code
   * low} and {@code high} of the (new) committee {@code nodes} and no DKG, whose context names
   * {@code registryVersion} (the chain's blocks name no earlier one), certified height {@code
   * height} and {@code time} (later blocks are later), an unsigned beacon of that height, and the
   * hash {@code stateHash} of the state of that height, which every node holds. Trusted, not
   * verified, as the genesis package is.
   */
  public static CatchUpPackage recoveryCatchUpPackage(DkgTranscript low, DkgTranscript high, List<NodeId> nodes, ConsensusConfig config,
      CryptoHash stateHash, Height height, Time time, org.jicp.types.RegistryVersion registryVersion) {
    List<NodeId> sorted = new java.util.ArrayList<>(nodes);
    sorted.sort(null);
    DkgSummary summary = DkgPayloads.genesisSummary(height, config.dkgIntervalLength(), sorted, low, high);
    Block block =
        new Block(
            ReplicaVersions.DEFAULT,
            CryptoHash.EMPTY,
            height,
            Rank.ZERO,
            new ValidationContext(registryVersion, height, time),
            new SummaryPayload(summary));
    RandomBeacon beacon =
        new RandomBeacon(new RandomBeaconContent(ReplicaVersions.DEFAULT, height.value(), CryptoHash.EMPTY), new ThresholdSignature(Bytes.EMPTY, low.dkgId()));
    return new CatchUpPackage(
        new CatchUpContent(HashedBlock.of(block), beacon, stateHash, registryVersion), new ThresholdSignature(Bytes.EMPTY, high.dkgId()));
  }
}
