package org.jicp.consensus.component;

import org.jicp.crypto.beacon.CryptoHash;
import org.jicp.types.Height;

/**
 * Message routing as consensus sees it: finalized batches arrive in height order, without gaps,
 * except that a node which resumes from a catch-up package first syncs the state of its height.
 */
public interface BatchConsumer {
  /** Executes the next batch (its height is {@link StateCertifier#nextBatchHeight()}). */
  void deliver(Batch batch);

  /** State sync: adopts the certified state {@code stateHash} of {@code height} (a CUP's). */
  void syncTo(Height height, CryptoHash stateHash);
}
