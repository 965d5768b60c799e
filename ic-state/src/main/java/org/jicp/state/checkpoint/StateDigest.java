package org.jicp.state.checkpoint;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import org.jicp.crypto.Bytes;
import org.jicp.state.internal.Sha256;
import org.jicp.state.internal.StateProtos;
import org.jicp.state.pagemap.PageMap;
import org.jicp.state.replicated.CanisterSnapshot;
import org.jicp.state.replicated.CanisterState;
import org.jicp.state.replicated.ExecutionState;
import org.jicp.state.replicated.ReplicatedState;
import org.jicp.state.replicated.SnapshotId;

/**
 * A SHA-256 digest of everything a checkpoint holds, computed in memory: the deterministic
 * encodings of the subnet metadata, ingress history, management queue, every canister's system
 * and execution metadata, and the contents of every memory page, module and snapshot. Two states
 * have the same digest exactly when their checkpoints would hold the same contents (overlay file
 * names aside). Used to check that replicated execution is deterministic, that restarts and state
 * syncs continue identically, and by nodes to compare states. (jicp's own digest; the IC compares
 * manifest hashes, which a checkpoint's {@code Manifest} gives.)
 */
public final class StateDigest {
  private StateDigest() {}

  /** The digest of {@code state}. */
  public static Bytes of(ReplicatedState state) {
    MessageDigest d = sha();
    update(d, StateProtos.encode(StateProtos.systemMetadata(state.height(), state.metadata())));
    update(d, StateProtos.encode(StateProtos.ingressHistory(
        state.metadata().ingressHistory().asMap())));
    update(d, StateProtos.encode(StateProtos.queues(state.subnetQueues())));
    d.update(ByteBuffer.allocate(4).putInt(state.canisters().size()).array());
    for (CanisterState cs : state.canisters().values()) {
      var bits = StateProtos.systemState(cs.system());
      if (cs.execution().isPresent()) {
        ExecutionState es = cs.execution().get();
        bits.setExecution(StateProtos.executionBits(es.moduleHash(), es.heapSizeWasmPages(),
            es.stableMemorySizeWasmPages(), es.exportedGlobals(), List.of(), List.of())
            .setNativeKind(es.nativeKind().orElse("")));
        update(d, StateProtos.encode(bits.build()));
        memory(d, es.heap(), es.heapSizeWasmPages() * 65536);
        memory(d, es.stableMemory(), es.stableMemorySizeWasmPages() * 65536);
      } else {
        update(d, StateProtos.encode(bits.build()));
      }
    }
    d.update(ByteBuffer.allocate(4).putInt(state.snapshots().size()).array());
    for (Map.Entry<SnapshotId, CanisterSnapshot> e : state.snapshots().entrySet()) {
      CanisterSnapshot s = e.getValue();
      update(d, StateProtos.encode(StateProtos.snapshot(e.getKey(), s,
          Bytes.of(Sha256.hash(s.wasmModule().toByteArray()))).build()));
      memory(d, s.heap(), s.heapSizeBytes());
      memory(d, s.stableMemory(), s.stableMemorySizeBytes());
    }
    return Bytes.of(d.digest());
  }

  private static MessageDigest sha() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void update(MessageDigest d, byte[] b) {
    d.update(ByteBuffer.allocate(8).putLong(b.length).array());
    d.update(b);
  }

  private static void memory(MessageDigest d, PageMap m, long bytes) {
    d.update(ByteBuffer.allocate(8).putLong(bytes).array());
    byte[] page = new byte[PageMap.PAGE_SIZE];
    long pages = (bytes + PageMap.PAGE_SIZE - 1) / PageMap.PAGE_SIZE;
    for (long p = 0; p < pages; p++) {
      m.readPage(p, page);
      d.update(page);
    }
  }
}
