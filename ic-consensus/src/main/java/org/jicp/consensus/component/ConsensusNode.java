package org.jicp.consensus.component;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jicp.consensus.ConsensusException;
import org.jicp.types.Time;
import org.jicp.consensus.artifact.BlockProposal;
import org.jicp.consensus.artifact.CatchUpPackage;
import org.jicp.consensus.artifact.ConsensusMessage;
import org.jicp.consensus.artifact.HashedBlock;
import org.jicp.consensus.artifact.RandomTape;
import org.jicp.consensus.pool.ChangeAction;
import org.jicp.consensus.pool.ConsensusPool;
import org.jicp.consensus.pool.PoolReader;
import org.jicp.consensus.artifact.DataPayload;
import org.jicp.consensus.artifact.ValidationContext;
import org.jicp.crypto.Bytes;
import org.jicp.types.Height;
import org.jicp.types.ports.Batch;
import org.jicp.types.ports.MessageRouting;
import org.jicp.types.ports.StateSync;

/**
 * The imperative shell around one node's {@link Consensus}: it owns the pool, takes artifacts
 * from peers, applies change sets until there is nothing left to do, hands finalized batches to
 * {@link MessageRouting} in order ({@link #batchOf}, as dfinity/ic's {@code deliver_batches}),
 * asks {@link StateSync} for the checkpoint of a catch-up package that skips heights, and reports
 * what to gossip and when to be woken.
 */
public final class ConsensusNode {
  /** A cap on change sets per step, so that a faulty component cannot spin forever. */
  static final int MAX_ITERATIONS = 100_000;

  /** Adjusts each change set before it is applied (malicious behaviour in simulations). */
  @FunctionalInterface
  public interface ChangeSetHook {
    /** The change set to apply instead of {@code honest} (which may be empty). */
    List<ChangeAction> adjust(PoolReader pool, Time now, List<ChangeAction> honest);
  }

  /** What one step did. */
  public record StepResult(
      List<ConsensusMessage> created, List<ConsensusMessage> relayed, List<ChangeAction.HandleInvalid> invalid, int changeSets) {}

  private final ConsensusContext ctx;
  private final Consensus consensus;
  private final ConsensusPool pool;
  private final StateSync stateSync;
  private ChangeSetHook hook = (p, t, honest) -> honest;

  /** A node rooted at {@code cup}; batches go to {@code ctx.messageRouting()}. */
  public ConsensusNode(ConsensusContext ctx, StateSync stateSync, CatchUpPackage cup, Time now) {
    this(ctx, stateSync, new ConsensusPool(cup, now));
  }

  /** A node over an existing pool (a restart: the validated section survived on disk). */
  public ConsensusNode(ConsensusContext ctx, StateSync stateSync, ConsensusPool pool) {
    this.ctx = Objects.requireNonNull(ctx, "ctx");
    this.stateSync = Objects.requireNonNull(stateSync, "stateSync");
    this.pool = Objects.requireNonNull(pool, "pool");
    this.consensus = new Consensus(ctx);
  }

  /** Installs a change-set hook (for simulated malicious nodes). */
  public void setHook(ChangeSetHook hook) {
    this.hook = Objects.requireNonNull(hook, "hook");
  }

  /** The node's pool. */
  public ConsensusPool pool() {
    return pool;
  }

  /** The node's context. */
  public ConsensusContext context() {
    return ctx;
  }

  /** The node's consensus components. */
  public Consensus consensus() {
    return consensus;
  }

  /** Takes an artifact from a peer; false if it was already known (or is below the root). */
  public boolean receive(ConsensusMessage m) {
    return pool.addUnvalidated(m);
  }

  /** Runs the components until they have nothing more to do at {@code now}. */
  public StepResult step(Time now) {
    List<ConsensusMessage> created = new ArrayList<>();
    List<ConsensusMessage> relayed = new ArrayList<>();
    List<ChangeAction.HandleInvalid> invalid = new ArrayList<>();
    int n = 0;
    deliverBatches();
    while (true) {
      List<ChangeAction> changes = hook.adjust(pool, now, consensus.onStateChange(pool, now));
      if (changes.isEmpty()) {
        break;
      }
      if (++n > MAX_ITERATIONS) {
        throw new ConsensusException("no fixpoint after " + MAX_ITERATIONS + " change sets at " + ctx.self());
      }
      ConsensusPool.Applied a = pool.apply(changes, now);
      created.addAll(a.added());
      for (ConsensusMessage m : a.moved()) {
        if (m instanceof BlockProposal) {
          relayed.add(m);
        }
      }
      invalid.addAll(a.invalid());
      deliverBatches();
    }
    return new StepResult(created, relayed, invalid, n);
  }

  /** When the node must next be stepped even if nothing arrives. */
  public Optional<Time> nextWakeUp(Time now) {
    return consensus.nextWakeUp(pool, now);
  }

  private void deliverBatches() {
    Height cupHeight = pool.catchUpHeight();
    MessageRouting routing = ctx.messageRouting();
    if (routing.expectedBatchHeight().compareTo(cupHeight) <= 0) {
      stateSync.fetchState(cupHeight, pool.catchUpPackage().content().stateHash().value());
      if (routing.expectedBatchHeight().compareTo(cupHeight) <= 0) {
        return;
      }
    }
    while (true) {
      Height next = routing.expectedBatchHeight();
      if (next.compareTo(pool.finalizedHeight()) > 0) {
        return;
      }
      Optional<HashedBlock> b = pool.finalizedBlock(next);
      Optional<RandomTape> t = pool.randomTape(next);
      if (b.isEmpty() || t.isEmpty()) {
        return;
      }
      if (!(routing.deliverBatch(batchOf(b.get(), t.get())) instanceof MessageRouting.DeliveryResult.Accepted)) {
        return;
      }
    }
  }

  /**
   * The batch of a finalized block and the random tape of its height, as dfinity/ic's {@code
   * deliver_batches} makes it: the block's ingress and stream slices (none for a summary block),
   * the tape's {@code crypto_hash} as randomness, the block's context time and registry version,
   * and a full state hash for summary blocks (the heights catch-up packages certify).
   */
  public static Batch batchOf(HashedBlock block, RandomTape tape) {
    if (!block.height().equals(tape.height())) {
      throw new IllegalArgumentException("the tape of height " + tape.height() + " for the block of " + block.height());
    }
    ValidationContext c = block.block().context();
    Bytes randomness = tape.cryptoHash().value();
    if (block.block().payload() instanceof DataPayload d) {
      return new Batch(block.height(), c.time(), c.registryVersion(), randomness, d.ingress(), d.xnet(), false);
    }
    return new Batch(block.height(), c.time(), c.registryVersion(), randomness, List.of(), new java.util.TreeMap<>(), true);
  }
}
