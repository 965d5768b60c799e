package org.jicp.types.ports;

import org.jicp.types.Height;

/**
 * Message routing as consensus sees it (dfinity/ic {@code MessageRouting}): finalized batches go
 * in, one per height, in strictly increasing order without gaps.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>{@link #deliverBatch} accepts exactly the batch of height {@link #expectedBatchHeight()}
 *       and then expects the next height; a batch of another height is {@link
 *       DeliveryResult.Ignored} and changes nothing (consensus may deliver the same batch twice
 *       after a restart).
 *   <li>An accepted batch is executed deterministically: its resulting state is a function of the
 *       previous state and the batch alone, and is committed to the state manager at the batch
 *       height (so {@code latestStateHeight()} reaches it), with a checkpoint when {@link
 *       Batch#requiresFullStateHash()}.
 *   <li>An implementation may execute asynchronously; then {@link DeliveryResult.QueueFull} asks
 *       consensus to deliver the batch again later, and {@link #expectedBatchHeight()} has not
 *       moved.
 *   <li>After state sync to height {@code h}, {@link #expectedBatchHeight()} is {@code h + 1}.
 * </ul>
 */
public interface MessageRouting {
  /** Delivers the next finalized batch. */
  DeliveryResult deliverBatch(Batch batch);

  /** The height of the next batch this message routing accepts. */
  Height expectedBatchHeight();

  /** The outcome of {@link #deliverBatch}. */
  sealed interface DeliveryResult {
    /** The batch was taken (and executed, or queued for execution). */
    record Accepted() implements DeliveryResult {}

    /** The batch is not the expected one; nothing changed. */
    record Ignored(Height expected, Height delivered) implements DeliveryResult {}

    /** The execution queue is full; deliver again later. */
    record QueueFull() implements DeliveryResult {}
  }
}
