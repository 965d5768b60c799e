package org.jicp.wasm.execution;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.jicp.crypto.Bytes;
import org.jicp.types.CanisterId;

/**
 * Creates the instances of one kind of native canister. Registered with a {@link RoundExecutor};
 * a canister's execution state names its kind.
 */
public interface NativeCanisterFactory {
  /** The kind's name, e.g. {@code nns-ledger}. */
  String kind();

  /**
   * The bytes that stand for the module (their SHA-256 is the canister's module hash): by default
   * {@code "jicp native canister " + kind()}.
   */
  default Bytes descriptor() {
    return Bytes.of(("jicp native canister " + kind()).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * An instance for canister {@code id}: from {@code savedState} (what {@link
   * NativeCanister#saveState} returned) or, when empty, a fresh one initialised with the install
   * argument {@code initArg}.
   */
  NativeCanister create(CanisterId id, Optional<Bytes> savedState, Bytes initArg);
}
