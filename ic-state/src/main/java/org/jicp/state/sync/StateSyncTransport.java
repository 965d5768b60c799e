package org.jicp.state.sync;

import java.util.List;
import org.jicp.types.Height;

/**
 * How a state-syncing replica asks its peers for chunks (injected: a network in a replica, a
 * direct call in tests). Chunk ids follow the IC: 0 is the meta-manifest, {@code 1 + i} the i-th
 * entry of the manifest's chunk table, {@code 2^31 + j} the j-th 1 MiB slice of the encoded
 * manifest.
 */
public interface StateSyncTransport {
  /** The peers that advertise the checkpoint, in order of preference. */
  List<String> peers();

  /**
   * Fetches chunk {@code chunkId} of the checkpoint at {@code height} from {@code peer}. The bytes
   * are untrusted: the caller verifies them.
   *
   * @throws RuntimeException for any transport failure (a timeout, a refused connection); the
   *     caller then asks another peer
   */
  byte[] fetchChunk(String peer, Height height, long chunkId);
}
