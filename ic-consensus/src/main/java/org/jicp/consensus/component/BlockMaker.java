package org.jicp.consensus.component;

import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import org.jicp.consensus.Rank;
import org.jicp.types.RegistryVersion;
import org.jicp.types.Time;
import org.jicp.consensus.artifact.ArtifactType;
import org.jicp.consensus.artifact.BasicSignature;
import org.jicp.consensus.artifact.Block;
import org.jicp.consensus.artifact.BlockPayload;
import org.jicp.consensus.artifact.BlockProposal;
import org.jicp.consensus.artifact.DataPayload;
import org.jicp.consensus.artifact.HashedBlock;
import org.jicp.types.IngressMessage;
import org.jicp.consensus.artifact.RandomBeacon;
import org.jicp.consensus.artifact.SummaryPayload;
import org.jicp.consensus.artifact.ValidationContext;
import org.jicp.consensus.pool.ChangeAction;
import org.jicp.consensus.pool.PoolReader;
import org.jicp.types.Height;
import org.jicp.types.SubnetId;
import org.jicp.types.ports.CertifiedStreamSlice;

/**
 * Proposes this node's block for the current round ({@code BlockMaker}).
 *
 * <p>Safety: a node proposes at most one block per height, extending a notarized block, with a
 * validation context not below its parent's (the latest registry version the node knows, as the
 * IC's block maker takes it from the registry client; no proposal while that is below the
 * parent's; time strictly later) and a payload within the limits
 * (at most {@code max_ingress_messages_per_block} messages and {@code max_block_payload_size}
 * bytes of ingress and stream slices, no message already in the chain's recent blocks; the deterministic DKG summary at
 * interval starts). Liveness: a maker of rank r (r ≤ f, so some maker is honest) proposes once
 * {@code Δprop(r) = unit_delay × r} has passed since the round start unless a lower-rank proposal
 * is already valid (ignoring makers disqualified for equivocation), so a round with a silent or
 * equivocating leader is taken over by the next rank.
 */
public final class BlockMaker {
  /**
   * The registry version of genesis blocks and of subnets whose registry does not change (the
   * simulator's); a node with a registry client names its latest version ({@link
   * ConsensusContext#registryVersion}).
   */
  public static final RegistryVersion REGISTRY_VERSION = RegistryVersion.of(1);

  private final ConsensusContext ctx;

  /** The block maker of {@code ctx.self()}. */
  public BlockMaker(ConsensusContext ctx) {
    this.ctx = ctx;
  }

  private record Due(Height height, Rank rank, Time at) {}

  private Optional<Due> due(PoolReader pool) {
    Height h = pool.notarizedHeight().increment();
    Optional<RandomBeacon> prev = pool.randomBeacon(h.decrement());
    Optional<Time> start = pool.roundStart(h);
    if (prev.isEmpty() || start.isEmpty()) {
      return Optional.empty();
    }
    Optional<Rank> rank = ctx.membership().blockMakerRank(pool, h, prev.get(), ctx.self());
    if (rank.isEmpty()) {
      return Optional.empty();
    }
    java.util.Set<org.jicp.types.NodeId> disqualified = Notary.disqualified(pool, h);
    for (BlockProposal p : pool.validated().<BlockProposal>get(ArtifactType.BLOCK_PROPOSAL, h)) {
      if (p.signer().equals(ctx.self()) || p.rank().compareTo(rank.get()) < 0 && !disqualified.contains(p.signer())) {
        return Optional.empty();
      }
    }
    return Optional.of(new Due(h, rank.get(), start.get().plus(Delays.blockMakerDelay(ctx.config(), rank.get()))));
  }

  /** This node's proposal for the round, once due. */
  public List<ChangeAction> onStateChange(PoolReader pool, Time now) {
    Optional<Due> d = due(pool);
    if (d.isEmpty() || now.compareTo(d.get().at()) < 0) {
      return List.of();
    }
    return propose(pool, now, d.get().height(), d.get().rank(), 0).map(p -> List.<ChangeAction>of(new ChangeAction.AddToValidated(p))).orElse(List.of());
  }

  /** When this node's proposal becomes due, if it will. */
  public Optional<Time> nextWakeUp(PoolReader pool, Time now) {
    return due(pool).map(Due::at).filter(t -> t.compareTo(now) > 0);
  }

  /**
   * A signed proposal at {@code h} with {@code rank}, extending the preferred notarized parent.
   * {@code variant} > 0 makes a different block of the same height and rank (drops the first
   * {@code variant} ingress messages and advances the time by {@code variant} ns): what an
   * equivocating maker does; honest makers use 0.
   */
  public Optional<BlockProposal> propose(PoolReader pool, Time now, Height h, Rank rank, int variant) {
    Optional<HashedBlock> parent = Chains.parentFor(pool, h);
    if (parent.isEmpty()) {
      return Optional.empty();
    }
    ValidationContext pc = parent.get().block().context();
    ValidationContext context =
        new ValidationContext(ctx.registryVersion(), ctx.stateManager().latestCertifiedHeight(), Time.max(now, pc.time().plusNanos(1)).plusNanos(variant));
    if (!context.isValidSuccessorOf(pc)) {
      return Optional.empty();
    }
    Optional<DkgPayloads.ChainInfo> info = ctx.dkg().chainInfo(pool, parent.get());
    if (info.isEmpty()) {
      return Optional.empty();
    }
    BlockPayload payload;
    if (ctx.dkg().isSummaryHeight(info.get(), h)) {
      payload = new SummaryPayload(ctx.dkg().buildSummary(info.get(), parent.get(), h));
    } else {
      long maxBytes = ctx.config().maxBlockPayloadBytes();
      SortedMap<SubnetId, CertifiedStreamSlice> xnet =
          ctx.payloads().selectXnet(h, context, Chains.pastPayloads(pool, parent.get(), context.certifiedHeight()), maxBytes);
      long xnetBytes = new DataPayload(List.of(), xnet, List.of()).xnetBytes();
      List<IngressMessage> ingress =
          ctx.payloads()
              .selectIngress(
                  h,
                  context,
                  Chains.ingressSince(pool, parent.get(), context.certifiedHeight()),
                  Math.max(0, maxBytes - xnetBytes),
                  ctx.config().maxIngressMessagesPerBlock());
      if (variant > 0 && !ingress.isEmpty()) {
        ingress = ingress.subList(Math.min(variant, ingress.size()), ingress.size());
      }
      payload = new DataPayload(ingress, xnet, ctx.dkg().selectDealings(pool, info.get()));
    }
    return Optional.of(sign(new Block(ctx.version(), parent.get().hash(), h, rank, context, payload)));
  }

  /** Signs {@code block} as this node's proposal. */
  public BlockProposal sign(Block block) {
    HashedBlock hb = HashedBlock.of(block);
    BlockProposal unsigned = new BlockProposal(hb, new BasicSignature(ctx.self(), org.jicp.crypto.Bytes.EMPTY));
    return new BlockProposal(hb, new BasicSignature(ctx.self(), ctx.crypto().signBasic(unsigned.signedBytes(ctx.membership().subnet()))));
  }
}
