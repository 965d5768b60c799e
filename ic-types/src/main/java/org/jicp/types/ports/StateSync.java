package org.jicp.types.ports;

import org.jicp.crypto.Bytes;
import org.jicp.types.Height;

/**
 * State sync as consensus asks for it (dfinity/ic {@code StateManager::fetch_state}): a node whose
 * next batch height is at or below a catch-up package's height cannot replay the purged blocks
 * and must obtain the checkpoint the package vouches for.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>{@link #fetchState} only requests; it may complete later (asynchronously), and asking
 *       again for the same height is harmless. A request for a height at or below the latest state
 *       height is ignored.
 *   <li>When the state of {@code height} is in place, it is exactly the checkpoint whose full state
 *       hash (manifest root hash) is {@code fullStateHash}; then {@link
 *       StateManager#latestStateHeight()} is {@code height} and {@link
 *       MessageRouting#expectedBatchHeight()} is {@code height + 1}.
 *   <li>A state whose hash differs from {@code fullStateHash} is never adopted.
 * </ul>
 */
public interface StateSync {
  /** Requests the checkpoint of {@code height} whose full state hash is {@code fullStateHash}. */
  void fetchState(Height height, Bytes fullStateHash);
}
