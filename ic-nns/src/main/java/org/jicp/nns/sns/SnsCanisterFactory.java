package org.jicp.nns.sns;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import org.jicp.crypto.Bytes;
import org.jicp.nns.host.SystemCanister;
import org.jicp.nns.host.SystemCanisterAdapter;
import org.jicp.nns.ledger.LedgerCanister;
import org.jicp.types.CanisterId;
import org.jicp.wasm.execution.NativeCanisterFactory;

/**
 * The {@link NativeCanisterFactory} of one kind of SNS canister: {@value #GOVERNANCE}, {@value
 * #LEDGER}, {@value #SWAP}, {@value #ROOT}. Unlike the NNS kinds they run at any canister id (one
 * SNS per service). The install argument is the canister's initial saved state ({@link
 * SystemCanister#saveState}: Candid records of {@link SnsApi} for governance, swap and root, the
 * ledger's protobuf state for the ledger); build it with {@link SnsDeployment}. Module hash: SHA-256
 * of {@code "jicp native canister <kind>"}.
 */
public final class SnsCanisterFactory implements NativeCanisterFactory {
  /** SNS governance. */
  public static final String GOVERNANCE = "sns-governance";
  /** The SNS token's ICRC-1 ledger (ic-nns's ledger). */
  public static final String LEDGER = "sns-ledger";
  /** The decentralization swap. */
  public static final String SWAP = "sns-swap";
  /** The SNS root. */
  public static final String ROOT = "sns-root";

  private final String kind;
  private final BiFunction<CanisterId, Bytes, SystemCanister> fromState;
  private final Map<CanisterId, SystemCanisterAdapter> live = new ConcurrentHashMap<>();

  private SnsCanisterFactory(String kind, BiFunction<CanisterId, Bytes, SystemCanister> fromState) {
    this.kind = kind;
    this.fromState = fromState;
  }

  /** One fresh factory of each kind: governance, ledger, swap, root. */
  public static List<SnsCanisterFactory> all() {
    return List.of(new SnsCanisterFactory(GOVERNANCE, SnsGovernanceCanister::restore),
        new SnsCanisterFactory(LEDGER, LedgerCanister::restore),
        new SnsCanisterFactory(SWAP, SnsSwapCanister::restore),
        new SnsCanisterFactory(ROOT, SnsRootCanister::restore));
  }

  @Override
  public String kind() {
    return kind;
  }

  @Override
  public SystemCanisterAdapter create(CanisterId id, Optional<Bytes> savedState, Bytes initArg) {
    Objects.requireNonNull(id, "id");
    SystemCanisterAdapter a;
    if (savedState.isPresent()) {
      a = SystemCanisterAdapter.restore(savedState.get(), b -> fromState.apply(id, b));
    } else {
      if (initArg.length() == 0) {
        throw new IllegalArgumentException("an " + kind + " canister needs its initial state as install argument");
      }
      a = SystemCanisterAdapter.of(fromState.apply(id, initArg));
    }
    live.put(id, a);
    return a;
  }

  /** The instance the executor created last for canister {@code id}, if any (read it between rounds). */
  public Optional<SystemCanisterAdapter> live(CanisterId id) {
    return Optional.ofNullable(live.get(id));
  }

  @Override
  public String toString() {
    return "SnsCanisterFactory(" + kind + ")";
  }
}
