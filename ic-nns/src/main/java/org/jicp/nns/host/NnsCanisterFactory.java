package org.jicp.nns.host;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jicp.crypto.Bytes;
import org.jicp.nns.NnsCanisterIds;
import org.jicp.nns.cmc.CmcCanister;
import org.jicp.nns.governance.GovernanceCanister;
import org.jicp.nns.ledger.LedgerCanister;
import org.jicp.nns.registry.Registry;
import org.jicp.nns.registry.RegistryCanister;
import org.jicp.types.CanisterId;
import org.jicp.wasm.execution.NativeCanisterFactory;

/**
 * The {@link NativeCanisterFactory} of one kind of NNS canister, for a {@link
 * org.jicp.wasm.execution.RoundExecutor}: {@value #REGISTRY} (registry), {@value #GOVERNANCE}
 * (governance), {@value #LEDGER} (the ICP ledger) and {@value #CYCLES_MINTING} (the cycles minting
 * canister). Each kind runs at its mainnet id only ({@link NnsCanisterIds}); the module hash of
 * such a canister is SHA-256 of {@code "jicp native canister <kind>"}.
 *
 * <p>The install argument is the canister's initial state in the canister's own saved-state
 * encoding ({@link SystemCanister#saveState}, protobuf, {@code jicp/nns_state.proto}): build the
 * state machine in Java (a {@code Registry} with its genesis records, a {@code Ledger} with its
 * balances, {@code Governance} with its neurons, {@code CyclesMinting} with its rate and subnets)
 * and pass {@link #initArg(SystemCanister)}. The registry also accepts an empty argument (an empty
 * registry). Upgrades, checkpoints and snapshots use {@link SystemCanisterAdapter#saveState}.
 *
 * <p>A factory remembers the last instance it created per canister ({@link #live}): the
 * executor's current instance, for reading the canisters' state machines between rounds (tests,
 * the demo, the NNS subnet's {@code setup_initial_dkg}). Use one factory per executor.
 */
public final class NnsCanisterFactory implements NativeCanisterFactory {
  /** The registry's kind. */
  public static final String REGISTRY = "nns-registry";
  /** Governance's kind. */
  public static final String GOVERNANCE = "nns-governance";
  /** The ICP ledger's kind. */
  public static final String LEDGER = "nns-ledger";
  /** The cycles minting canister's kind. */
  public static final String CYCLES_MINTING = "nns-cmc";

  private final String kind;
  private final CanisterId id;
  private final Function<Bytes, SystemCanister> fromState;
  private final Optional<java.util.function.Supplier<SystemCanister>> empty;
  private final Map<CanisterId, SystemCanisterAdapter> live = new ConcurrentHashMap<>();

  private NnsCanisterFactory(String kind, CanisterId id, Function<Bytes, SystemCanister> fromState,
      Optional<java.util.function.Supplier<SystemCanister>> empty) {
    this.kind = kind;
    this.id = id;
    this.fromState = fromState;
    this.empty = empty;
  }

  /** The registry's factory. */
  public static NnsCanisterFactory registry() {
    return new NnsCanisterFactory(REGISTRY, NnsCanisterIds.REGISTRY, RegistryCanister::restore,
        Optional.of(() -> new RegistryCanister(new Registry())));
  }

  /** Governance's factory. */
  public static NnsCanisterFactory governance() {
    return new NnsCanisterFactory(GOVERNANCE, NnsCanisterIds.GOVERNANCE, GovernanceCanister::restore, Optional.empty());
  }

  /** The ledger's factory. */
  public static NnsCanisterFactory ledger() {
    return new NnsCanisterFactory(LEDGER, NnsCanisterIds.LEDGER, LedgerCanister::restore, Optional.empty());
  }

  /** The cycles minting canister's factory. */
  public static NnsCanisterFactory cyclesMinting() {
    return new NnsCanisterFactory(CYCLES_MINTING, NnsCanisterIds.CYCLES_MINTING, CmcCanister::restore, Optional.empty());
  }

  /** SNS-W's kind. */
  public static final String SNS_WASM = "nns-sns-wasm";

  /** SNS-W's factory (an empty install argument: no SNS deployed yet). */
  public static NnsCanisterFactory snsWasm() {
    return new NnsCanisterFactory(SNS_WASM, NnsCanisterIds.SNS_WASM, org.jicp.nns.sns.SnsWasmCanister::restore,
        Optional.of(() -> new org.jicp.nns.sns.SnsWasmCanister(List.of())));
  }

  /** A fresh factory of each kind, in the order registry, governance, ledger, cycles minting. */
  public static List<NnsCanisterFactory> all() {
    return List.of(registry(), governance(), ledger(), cyclesMinting());
  }

  /** The install argument that starts a canister with {@code canister}'s current state. */
  public static Bytes initArg(SystemCanister canister) {
    return canister.saveState();
  }

  @Override
  public String kind() {
    return kind;
  }

  /** The canister id this kind runs at. */
  public CanisterId canisterId() {
    return id;
  }

  @Override
  public SystemCanisterAdapter create(CanisterId canister, Optional<Bytes> savedState, Bytes initArg) {
    Objects.requireNonNull(canister, "canister");
    if (!canister.equals(id)) {
      throw new IllegalArgumentException("a " + kind + " canister runs at " + id + " only, not at " + canister);
    }
    SystemCanisterAdapter a;
    if (savedState.isPresent()) {
      a = SystemCanisterAdapter.restore(savedState.get(), fromState);
    } else if (initArg.length() == 0) {
      a = SystemCanisterAdapter.of(empty.orElseThrow(() -> new IllegalArgumentException(
          "a " + kind + " canister needs its initial state as install argument")).get());
    } else {
      a = SystemCanisterAdapter.of(fromState.apply(initArg));
    }
    live.put(canister, a);
    return a;
  }

  /**
   * The instance the executor created last for this kind's canister, if any: its state machine as
   * of the last round (read it between rounds). An upgrade or a restart from a checkpoint replaces
   * it; ask again after one.
   */
  public Optional<SystemCanisterAdapter> live() {
    return Optional.ofNullable(live.get(id));
  }

  @Override
  public String toString() {
    return "NnsCanisterFactory(" + kind + " at " + id + ")";
  }
}
