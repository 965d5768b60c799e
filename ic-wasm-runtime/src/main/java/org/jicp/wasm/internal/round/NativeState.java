package org.jicp.wasm.internal.round;

import java.nio.ByteBuffer;
import java.util.Optional;
import org.jicp.crypto.Bytes;
import org.jicp.state.pagemap.PageMap;
import org.jicp.state.replicated.ExecutionState;

/**
 * How a native canister's saved state lives in its stable memory: an 8-byte big-endian length,
 * then the bytes {@code NativeCanister.saveState} returned (jicp's own layout).
 */
final class NativeState {
  private NativeState() {}

  /** The saved state in {@code es}, empty if none was ever saved. */
  static Optional<Bytes> read(ExecutionState es) {
    if (es.stableMemorySizeWasmPages() == 0) {
      return Optional.empty();
    }
    byte[] len = new byte[8];
    es.stableMemory().read(0, len, 0, 8);
    long n = ByteBuffer.wrap(len).getLong();
    if (n < 0 || n > es.stableMemorySizeWasmPages() * 65536 - 8 || n > Integer.MAX_VALUE) {
      throw new IllegalStateException("native canister state of " + n + " bytes does not fit");
    }
    byte[] b = new byte[(int) n];
    es.stableMemory().read(8, b, 0, b.length);
    return Optional.of(Bytes.of(b));
  }

  /** {@code es} with {@code state} written into its stable memory (pages shared where equal). */
  static ExecutionState write(ExecutionState es, Bytes state) {
    long needed = 8L + state.length();
    long pages = (needed + 65535) / 65536;
    PageMap.Transaction t = es.stableMemory().begin();
    t.write(0, ByteBuffer.allocate(8).putLong(state.length()).array(), 0, 8);
    byte[] b = state.toByteArray();
    t.write(8, b, 0, b.length);
    PageMap stable = t.commit();
    return es.withMemories(es.heap(), 0, stable, Math.max(pages, 1), es.exportedGlobals());
  }
}
