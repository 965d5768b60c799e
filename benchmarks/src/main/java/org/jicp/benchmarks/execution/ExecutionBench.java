package org.jicp.benchmarks.execution;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.state.ports.RoundInputs;
import org.jicp.state.replicated.CanisterMessage;
import org.jicp.state.replicated.ReplicatedState;
import org.jicp.state.replicated.RoutingTable;
import org.jicp.types.CanisterId;
import org.jicp.types.MessageId;

/**
 * Canisters and inputs of the replicated-execution benchmarks: the harness Motoko {@code
 * counter} (read in place, {@code -Djicp.harness}) or jicp's test canister {@code store.wasm}
 * (from the ic-wasm-runtime test jar: {@code inc} keeps a counter in a global, the heap and stable
 * memory; {@code fill(n)} grows the heap to n wasm pages).
 */
final class ExecutionBench {
  private ExecutionBench() {}

  /** Candid {@code ()}. */
  static final byte[] EMPTY = {'D', 'I', 'D', 'L', 0, 0};
  private static final long SECOND = 1_000_000_000L;
  private static long nextMessage;

  /** The module {@code name}: "counter" (harness Motoko) or "store" (test canister). */
  static byte[] module(String name) {
    if (name.equals("store")) {
      try (InputStream in = ExecutionBench.class.getResourceAsStream("/wasm/store.wasm")) {
        if (in == null) {
          throw new IllegalStateException("store.wasm missing from the ic-wasm-runtime test jar");
        }
        return in.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    Path root = Path.of(System.getProperty("jicp.harness", "../shared/harness"));
    Path file = root.resolve("motoko/out/wasm32/" + name + ".wasm");
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("skipped: harness canister " + file.toAbsolutePath()
          + " not found (set -Djicp.harness); the 'store' parameter runs without it");
    }
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An ingress message from the anonymous principal, valid for 5 minutes. */
  static CanisterMessage.Ingress ingress(ReplicatedState st, CanisterId to, String method,
      byte[] arg) {
    byte[] id = ByteBuffer.allocate(32).putLong(0, 0xBE_0000_0000L + nextMessage++).array();
    return new CanisterMessage.Ingress(MessageId.of(id), Principal.anonymous(), to, to, method,
        Bytes.of(arg), st.metadata().timeNanos() + 300 * SECOND);
  }

  /** The inputs of the next round (one second later) with {@code ingress}. */
  static RoundInputs inputs(ReplicatedState st, List<CanisterMessage.Ingress> ingress) {
    return new RoundInputs(st.height().increment(), st.metadata().timeNanos() + SECOND,
        Bytes.of(new byte[32]), st.metadata().registryVersion(), RoutingTable.empty(),
        new TreeMap<>(), ingress, new TreeMap<>(), false);
  }
}
