package org.jicp.bigmap;

import java.util.List;
import org.jicp.wasm.execution.NativeCanisterFactory;

/**
 * The native canister kinds of BigMap, for a subnet's {@code RoundExecutor}: installed with
 * {@code install_code} of the module {@code "jicp native canister bigmap-index"} (or {@code
 * bigmap-bucket}) — jicp's own convention for native canisters, reachable over the IC HTTP
 * interface like any {@code install_code}.
 */
public final class BigMapCanisters {
  private BigMapCanisters() {}

  /** The index and bucket factories. */
  public static List<NativeCanisterFactory> factories() {
    return List.of(IndexCanister.factory(), BucketCanister.factory());
  }

  /** The "module" that installs a native canister of {@code kind}. */
  public static byte[] module(String kind) {
    return ("jicp native canister " + kind).getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
