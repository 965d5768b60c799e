package org.jicp.replica.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.jicp.state.certification.CertificateSignatureVerifier;
import org.jicp.state.certification.ThresholdPublicKey;
import org.jicp.state.ports.ExecutionEnvironment;
import org.jicp.state.ports.RoundInputs;
import org.jicp.state.ports.StreamSlice;
import org.jicp.state.replicated.CanisterMessage;
import org.jicp.state.replicated.ReplicatedState;
import org.jicp.types.Height;
import org.jicp.types.IngressMessage;
import org.jicp.types.SubnetId;
import org.jicp.types.ports.Batch;
import org.jicp.types.ports.CertificationScope;
import org.jicp.types.ports.CertifiedStreamSlice;
import org.jicp.types.ports.MessageRouting;
import org.jicp.types.ports.StateManager;

/**
 * Message routing of a node (dfinity/ic {@code rs/messaging}): turns a finalized {@link Batch} into
 * the inputs of one execution round — ingress envelopes decoded, stream slices from other subnets
 * verified against their certification and the sender's key from the registry, the registry's
 * routing table and topology at the batch's version — runs the round and commits the resulting
 * state to the state manager (with a checkpoint when the batch asks for the full state hash).
 * Synchronous: a delivered batch is executed before {@code deliverBatch} returns. An envelope that
 * does not decode and a slice that does not verify are dropped (reported to the listener); a
 * validating consensus never lets them into a block, so this only guards against bugs.
 */
public final class MessageRoutingImpl implements MessageRouting {
  private final SubnetId own;
  private final StateManager<ReplicatedState> stateManager;
  private final ExecutionEnvironment execution;
  private final NetworkTopology topology;
  private final CertificateSignatureVerifier bls;
  private final Consumer<String> dropped;

  /** Message routing of a node of {@code own}. */
  public MessageRoutingImpl(SubnetId own, StateManager<ReplicatedState> stateManager,
      ExecutionEnvironment execution, NetworkTopology topology, CertificateSignatureVerifier bls,
      Consumer<String> dropped) {
    this.own = Objects.requireNonNull(own, "own");
    this.stateManager = Objects.requireNonNull(stateManager, "stateManager");
    this.execution = Objects.requireNonNull(execution, "execution");
    this.topology = Objects.requireNonNull(topology, "topology");
    this.bls = Objects.requireNonNull(bls, "bls");
    this.dropped = Objects.requireNonNull(dropped, "dropped");
  }

  @Override
  public synchronized Height expectedBatchHeight() {
    return stateManager.latestStateHeight().increment();
  }

  @Override
  public synchronized DeliveryResult deliverBatch(Batch batch) {
    Height expected = expectedBatchHeight();
    if (!batch.height().equals(expected)) {
      return new DeliveryResult.Ignored(expected, batch.height());
    }
    StateManager.Tip<ReplicatedState> tip = stateManager.takeTip();
    RoundInputs in = inputs(batch);
    ReplicatedState next = execution.executeRound(tip.state(), in);
    stateManager.commitAndCertify(next, batch.height(), batch.requiresFullStateHash()
        ? CertificationScope.FULL : CertificationScope.METADATA);
    return new DeliveryResult.Accepted();
  }

  /** The round inputs of {@code batch}. */
  public RoundInputs inputs(Batch batch) {
    List<CanisterMessage.Ingress> ingress = new ArrayList<>(batch.ingress().size());
    for (IngressMessage m : batch.ingress()) {
      try {
        ingress.add(IngressCodec.decode(m));
      } catch (RuntimeException e) {
        dropped.accept("ingress " + m.messageId() + " dropped: " + e.getMessage());
      }
    }
    TreeMap<SubnetId, StreamSlice> slices = new TreeMap<>();
    for (Map.Entry<SubnetId, CertifiedStreamSlice> e : batch.xnetSlices().entrySet()) {
      ThresholdPublicKey key = topology.publicKey(e.getKey(), batch.registryVersion())
          .orElse(null);
      if (key == null) {
        dropped.accept("slice from unknown subnet " + e.getKey() + " dropped");
        continue;
      }
      try {
        slices.put(e.getKey(), XNet.verify(e.getValue(), e.getKey(), own, key, bls));
      } catch (XNet.InvalidSliceException x) {
        dropped.accept("slice from " + e.getKey() + " dropped: " + x.getMessage());
      }
    }
    return new RoundInputs(batch.height(), batch.time().nanos(), batch.randomness(),
        batch.registryVersion(), topology.routingTable(batch.registryVersion()),
        topology.subnets(batch.registryVersion()), ingress, slices,
        batch.requiresFullStateHash());
  }
}
