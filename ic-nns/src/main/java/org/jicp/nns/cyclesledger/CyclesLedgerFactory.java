package org.jicp.nns.cyclesledger;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.nns.ledger.Account;
import org.jicp.state.ports.RoundInputs;
import org.jicp.state.replicated.CanisterMessage;
import org.jicp.state.replicated.IngressStatus;
import org.jicp.state.replicated.ReplicatedState;
import org.jicp.state.replicated.RoutingTable;
import org.jicp.types.CanisterId;
import org.jicp.types.Height;
import org.jicp.types.MessageId;
import org.jicp.types.SubnetId;
import org.jicp.wasm.execution.ManagementApi;
import org.jicp.wasm.execution.NativeCanister;
import org.jicp.wasm.execution.NativeCanisterFactory;
import org.jicp.wasm.execution.RoundExecutor;

/**
 * The native canister kind {@code cycles-ledger} ({@link CyclesLedgerCanister}); its install
 * argument is a saved state ({@link CyclesLedgerCanister#saveState}) or empty (no balances). {@link
 * #genesis} installs it at its mainnet id on a subnet whose ranges hold that id.
 */
public final class CyclesLedgerFactory implements NativeCanisterFactory {
  /** The kind. */
  public static final String KIND = "cycles-ledger";

  private CyclesLedgerCanister live;

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public NativeCanister create(CanisterId id, Optional<Bytes> savedState, Bytes initArg) {
    if (savedState.isPresent()) {
      live = CyclesLedgerCanister.restore(savedState.get());
    } else if (initArg.length() > 0) {
      live = CyclesLedgerCanister.restore(initArg);
    } else {
      live = CyclesLedgerCanister.create(Map.of(), 0);
    }
    return live;
  }

  /** The executor's current instance, if it has one. */
  public Optional<CyclesLedgerCanister> live() {
    return Optional.ofNullable(live);
  }

  /**
   * {@code state} with the cycles ledger created at {@link CyclesLedgerCanister#ID} holding {@code
   * canisterCycles} and installed with {@code balances} minted at the state's time — by two rounds
   * of ingress messages to the management canister from the anonymous principal ({@code
   * provisional_create_canister_with_cycles} with {@code specified_id}, {@code install_code},
   * {@code update_settings} giving it {@code controllers}).
   *
   * @throws IllegalStateException if a step is rejected
   */
  public static ReplicatedState genesis(RoundExecutor executor, ReplicatedState state, Map<Account, Long> balances,
      BigInteger canisterCycles, List<Principal> controllers) {
    long time = state.metadata().timeNanos();
    CanisterId ic00 = RoundExecutor.managementCanister();
    CanisterId id = CyclesLedgerCanister.ID;
    SubnetId subnet = state.metadata().ownSubnetId();
    Bytes init = CyclesLedgerCanister.create(balances, time).saveState();
    List<CanisterMessage.Ingress> msgs = List.of(
        ingress(subnet, 0, id, "provisional_create_canister_with_cycles", ManagementApi.encode(
            new ManagementApi.ProvisionalCreateCanisterArgs(Optional.of(canisterCycles),
                Optional.of(ManagementApi.CanisterSettings.controllers(List.of(Principal.anonymous()))),
                Optional.of(id.principal()), Optional.empty())), time),
        ingress(subnet, 1, id, "install_code", ManagementApi.encode(new ManagementApi.InstallCodeArgs(
            new ManagementApi.InstallMode.Install(), id.principal(),
            Bytes.of(("jicp native canister " + KIND).getBytes(StandardCharsets.UTF_8)), init, Optional.empty())), time),
        ingress(subnet, 2, id, "update_settings", ManagementApi.encode(new ManagementApi.UpdateSettingsArgs(
            id.principal(), ManagementApi.CanisterSettings.controllers(controllers), Optional.empty())), time));
    // Two rounds: an ingress message naming a canister is inducted only if the canister exists.
    ReplicatedState s = state;
    for (List<CanisterMessage.Ingress> batch : List.of(msgs.subList(0, 1), msgs.subList(1, msgs.size()))) {
      Height h = s.height().increment();
      s = executor.executeRound(s, new RoundInputs(h, time,
          Bytes.of(sha256("jicp cycles ledger genesis randomness", subnet.toByteArray(), h.value())),
          state.metadata().registryVersion(), RoutingTable.empty(), new TreeMap<>(), List.copyOf(batch),
          new TreeMap<>(), true));
    }
    for (CanisterMessage.Ingress m : msgs) {
      IngressStatus st = s.metadata().ingressHistory().get(m.messageId()).orElse(null);
      if (st == null || st.kind() != IngressStatus.Kind.REPLIED) {
        throw new IllegalStateException("cycles ledger genesis: " + m.methodName() + " failed: "
            + (st == null ? "not executed" : st.rejectMessage().orElse(st.kind().text())));
      }
    }
    return s;
  }

  private static CanisterMessage.Ingress ingress(SubnetId subnet, long n, CanisterId effective, String method,
      byte[] arg, long time) {
    return new CanisterMessage.Ingress(MessageId.of(sha256("jicp cycles ledger genesis", subnet.toByteArray(), n)),
        Principal.anonymous(), RoundExecutor.managementCanister(), effective, method, Bytes.of(arg),
        time + 5L * 60 * 1_000_000_000L);
  }

  private static byte[] sha256(String domain, byte[] subnet, long n) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(domain.getBytes(StandardCharsets.US_ASCII));
      d.update(subnet);
      d.update(ByteBuffer.allocate(8).putLong(n).array());
      return d.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "CyclesLedgerFactory";
  }
}
