package org.jicp.state.replicated;

import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jicp.crypto.Bytes;
import org.jicp.state.util.FrozenSortedMap;

/**
 * A canister's wasm chunk store ({@code upload_chunk}, {@code install_chunked_code}): chunks of
 * at most {@value #MAX_CHUNK_BYTES} bytes keyed by their SHA-256, at most {@value #MAX_CHUNKS}.
 *
 * @param chunks the chunks by hash
 */
public record ChunkStore(SortedMap<Bytes, Bytes> chunks) {
  /** The largest chunk: 1 MiB. */
  public static final int MAX_CHUNK_BYTES = 1 << 20;

  /** The most chunks: 100 (100 MiB, the largest module). */
  public static final int MAX_CHUNKS = 100;

  /** No chunks. */
  public static final ChunkStore EMPTY = new ChunkStore(new TreeMap<>());

  /** Copies the component. */
  public ChunkStore {
    chunks = FrozenSortedMap.copyOf(chunks);
  }

  /** A copy with {@code chunk} stored under {@code hash}. */
  public ChunkStore put(Bytes hash, Bytes chunk) {
    TreeMap<Bytes, Bytes> m = new TreeMap<>(chunks);
    m.put(Objects.requireNonNull(hash, "hash"), Objects.requireNonNull(chunk, "chunk"));
    return new ChunkStore(m);
  }

  /** The bytes stored. */
  public long bytes() {
    long n = 0;
    for (Bytes b : chunks.values()) {
      n += b.length();
    }
    return n;
  }
}
