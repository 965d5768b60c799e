package org.jicp.nns.host;

import java.util.List;
import java.util.Optional;
import org.jicp.candid.mapping.CandidAs;
import org.jicp.candid.mapping.CandidName;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.nns.MalformedRequestException;
import org.jicp.nns.registry.InitialDkgResult;
import org.jicp.types.SubnetId;

/**
 * The Candid types of the management canister ({@code aaaaa-aa}) methods the NNS canisters call:
 * {@code setup_initial_dkg} (the registry, on the NNS subnet: {@link SetupInitialDkg} serves it as a
 * management extension), {@code create_canister} (the cycles minting canister, addressed to the
 * chosen subnet's id), {@code deposit_cycles} (top-ups) and {@code node_metrics_history}
 * (governance, for node providers' performance; {@link NodeMetricsHistory}). {@code ic.did} types,
 * reduced to the fields the NNS canisters set.
 */
public final class ManagementCalls {
  /** {@code SetupInitialDKGArgs}. */
  public record SetupInitialDkgArgs(
      @CandidName("node_ids") List<Principal> nodeIds, @CandidName("registry_version") @CandidAs("nat64") long registryVersion) {}

  /** {@code SetupInitialDKGResponse}: transcripts as protobuf bytes, the key and the fresh subnet id. */
  public record SetupInitialDkgResponse(
      @CandidName("low_threshold_transcript_record") Bytes lowThresholdTranscriptRecord,
      @CandidName("high_threshold_transcript_record") Bytes highThresholdTranscriptRecord,
      @CandidName("fresh_subnet_id") Principal freshSubnetId,
      @CandidName("subnet_threshold_public_key") Bytes subnetThresholdPublicKey) {
    /** The response of a DKG result. */
    public static SetupInitialDkgResponse of(InitialDkgResult r) {
      return new SetupInitialDkgResponse(Bytes.of(r.lowThreshold().toByteArray()), Bytes.of(r.highThreshold().toByteArray()),
          r.freshSubnetId().principal(), r.thresholdPublicKey());
    }

    /** Back to a DKG result. */
    public InitialDkgResult toResult() {
      try {
        return new InitialDkgResult(
            org.jicp.nns.registry.pb.InitialNiDkgTranscriptRecord.parseFrom(lowThresholdTranscriptRecord.toByteArray()),
            org.jicp.nns.registry.pb.InitialNiDkgTranscriptRecord.parseFrom(highThresholdTranscriptRecord.toByteArray()),
            subnetThresholdPublicKey, new SubnetId(freshSubnetId));
      } catch (com.google.protobuf.InvalidProtocolBufferException e) {
        throw new MalformedRequestException("setup_initial_dkg response: " + e.getMessage(), e);
      }
    }
  }

  /** {@code CanisterSettings} (the controllers only). */
  public record CanisterSettings(Optional<List<Principal>> controllers) {}

  /** {@code CreateCanisterArgs}. */
  public record CreateCanisterArgs(Optional<CanisterSettings> settings) {}

  /** {@code record { canister_id : principal }}. */
  public record CanisterIdRecord(@CandidName("canister_id") Principal canisterId) {}

  /** {@code node_metrics_history_args}. */
  public record NodeMetricsHistoryArgs(@CandidName("subnet_id") Principal subnetId,
      @CandidName("start_at_timestamp_nanos") @CandidAs("nat64") long startAtTimestampNanos) {}

  /**
   * {@code node_metrics}: a node's block-maker counters since it joined the subnet (cumulative):
   * blocks it made as the block maker of its rank, and rounds in which it was ranked above the
   * block maker whose block was finalized (it failed to make one).
   */
  public record NodeMetrics(@CandidName("node_id") Principal nodeId,
      @CandidName("num_blocks_proposed_total") @CandidAs("nat64") long numBlocksProposedTotal,
      @CandidName("num_block_failures_total") @CandidAs("nat64") long numBlockFailuresTotal) {
    /** Validates the counters. */
    public NodeMetrics {
      java.util.Objects.requireNonNull(nodeId, "nodeId");
      if (numBlocksProposedTotal < 0 || numBlockFailuresTotal < 0) {
        throw new IllegalArgumentException("block counters are unsigned");
      }
    }
  }

  /** An element of {@code node_metrics_history_result}: the counters of every node at a time. */
  public record NodeMetricsHistoryRecord(@CandidName("timestamp_nanos") @CandidAs("nat64") long timestampNanos,
      @CandidName("node_metrics") List<NodeMetrics> nodeMetrics) {
    /** Copies the list. */
    public NodeMetricsHistoryRecord {
      nodeMetrics = List.copyOf(nodeMetrics);
    }
  }

  private ManagementCalls() {}
}
