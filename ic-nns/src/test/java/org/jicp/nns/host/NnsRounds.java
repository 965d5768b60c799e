package org.jicp.nns.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.nns.NnsCanisterIds;
import org.jicp.nns.cmc.CmcApi;
import org.jicp.nns.cmc.CmcCanister;
import org.jicp.nns.cmc.CyclesMinting;
import org.jicp.nns.governance.Governance;
import org.jicp.nns.governance.GovernanceCanister;
import org.jicp.nns.governance.GovernanceConfig;
import org.jicp.nns.ledger.Account;
import org.jicp.nns.ledger.Ledger;
import org.jicp.nns.ledger.LedgerCanister;
import org.jicp.nns.ledger.LedgerConfig;
import org.jicp.nns.registry.Registry;
import org.jicp.nns.registry.RegistryCanister;
import org.jicp.state.certification.CanisterRange;
import org.jicp.state.ports.RoundInputs;
import org.jicp.state.replicated.CanisterMessage;
import org.jicp.state.replicated.IngressStatus;
import org.jicp.state.replicated.ReplicatedState;
import org.jicp.state.replicated.RoutingTable;
import org.jicp.types.CanisterId;
import org.jicp.types.Height;
import org.jicp.types.MessageId;
import org.jicp.types.RegistryVersion;
import org.jicp.types.SubnetId;
import org.jicp.types.SubnetType;
import org.jicp.wasm.Engine;
import org.jicp.wasm.ExecutionConfig;
import org.jicp.wasm.cycles.FeeSchedule;
import org.jicp.wasm.execution.ManagementApi;
import org.jicp.wasm.execution.RoundExecutor;

/**
 * A test driver of the NNS subnet at the level of {@code executeRound}: the genesis of a system
 * subnet with the four NNS canisters (an empty registry, a ledger funding the users and the proxy
 * canister, governance, the cycles minting canister), a wasm proxy canister ({@code
 * src/test/wat/proxy.wat}) beside them, and ingress messages built here.
 */
final class NnsRounds implements AutoCloseable {
  static final SubnetId NNS = SubnetId.fromBytes(new byte[] {0x4e, 0x4e, 0x53, 1});
  static final long GENESIS_SECONDS = 1_620_604_800L;
  static final long T0 = (GENESIS_SECONDS + 1000L * 86_400) * 1_000_000_000L;
  static final long E8 = 100_000_000L;
  static final Principal ALICE = Principal.selfAuthenticating("alice".getBytes(StandardCharsets.US_ASCII));
  static final Principal BOB = Principal.selfAuthenticating("bob".getBytes(StandardCharsets.US_ASCII));
  static final Principal CAROL = Principal.selfAuthenticating("carol".getBytes(StandardCharsets.US_ASCII));
  static final List<Principal> USERS = List.of(ALICE, BOB, CAROL);
  /** The proxy canister's id (on the NNS subnet, beside the NNS canisters). */
  static final CanisterId PROXY = CanisterId.fromIndex(100);

  final NnsSubnet nns;
  final RoundExecutor executor;
  ReplicatedState state;
  private long messages;

  private NnsRounds(NnsSubnet nns, RoundExecutor executor, ReplicatedState state) {
    this.nns = nns;
    this.executor = executor;
    this.state = state;
  }

  static RoutingTable routing() {
    TreeMap<CanisterRange, SubnetId> rt = new TreeMap<>((a, b) -> a.start().compareTo(b.start()));
    rt.put(new CanisterRange(CanisterId.fromIndex(0), CanisterId.fromIndex(0xFFFFF)), NNS);
    return new RoutingTable(rt);
  }

  static RoundExecutor executor(NnsSubnet nns, Engine engine) {
    return nns.configure(RoundExecutor.builder().engine(engine)
        .config(ExecutionConfig.systemSubnet()).fees(FeeSchedule.systemSubnet())).build();
  }

  /** The install arguments of the four canisters. */
  static NnsSubnet.Canisters canisters() {
    Map<Account, Long> balances = new LinkedHashMap<>();
    USERS.forEach(u -> balances.put(Account.of(u), 1_000 * E8));
    balances.put(Account.of(PROXY.principal()), 500 * E8);
    LedgerCanister ledger = new LedgerCanister(new Ledger(LedgerConfig.icp(Account.of(NnsCanisterIds.GOVERNANCE.principal()),
        balances, T0)));
    Governance gov = new Governance(GovernanceConfig.nns(GENESIS_SECONDS));
    gov.startRewardsAt(T0 / 1_000_000_000L);
    CmcCanister cmc = new CmcCanister(new CyclesMinting(NnsCanisterIds.CYCLES_MINTING.principal(), LedgerConfig.DEFAULT_TRANSFER_FEE,
        new CmcApi.IcpXdrConversionRate(T0 / 1_000_000_000L, 50_000), List.of(NNS)));
    Registry registry = new Registry();
    for (int v = 1; v <= 3; v++) {
      registry.store().apply(List.of(org.jicp.nns.registry.pb.RegistryMutation.newBuilder()
          .setMutationType(org.jicp.nns.registry.pb.RegistryMutation.Type.UPSERT)
          .setKey(com.google.protobuf.ByteString.copyFromUtf8("test_record_" + (v % 2)))
          .setValue(com.google.protobuf.ByteString.copyFromUtf8("value at version " + v)).build()), x -> { });
    }
    return NnsSubnet.Canisters.of(new RegistryCanister(registry), new GovernanceCanister(gov), ledger, cmc);
  }

  /** The NNS subnet at genesis (height 1) on a new executor of {@code engine}, with the proxy created and installed (heights 2 and 3). */
  static NnsRounds genesis(Engine engine) {
    NnsSubnet nns = NnsSubnet.withDkg(client -> {
      throw new UnsupportedOperationException("no DKG in these tests");
    });
    RoundExecutor e = executor(nns, engine);
    ReplicatedState empty = RoundExecutor.genesis(NNS, SubnetType.SYSTEM, T0, routing(), new TreeMap<>());
    NnsRounds r = new NnsRounds(nns, e, nns.genesis(e, empty, canisters(), List.of(NnsHost.CONTROLLER)));
    CanisterId ic00 = RoundExecutor.managementCanister();
    r.round(List.of(
        r.ingress(ALICE, ic00, ic00, "provisional_create_canister_with_cycles", ManagementApi.encode(
            new ManagementApi.ProvisionalCreateCanisterArgs(Optional.empty(),
                Optional.of(ManagementApi.CanisterSettings.controllers(List.of(ALICE))), Optional.of(PROXY.principal()),
                Optional.empty())))), false);
    // A second round: an ingress message naming a canister is inducted only once it exists.
    r.round(List.of(
        r.ingress(ALICE, ic00, PROXY, "install_code", ManagementApi.encode(new ManagementApi.InstallCodeArgs(
            new ManagementApi.InstallMode.Install(), PROXY.principal(), Bytes.of(proxyWasm()), Bytes.EMPTY,
            Optional.empty())))), false);
    return r;
  }

  /** The driver continuing from {@code state} on a new executor (a restarted node). */
  static NnsRounds restart(ReplicatedState state, Engine engine) {
    NnsSubnet nns = NnsSubnet.withDkg(client -> {
      throw new UnsupportedOperationException("no DKG in these tests");
    });
    return new NnsRounds(nns, executor(nns, engine), state);
  }

  static byte[] proxyWasm() {
    try (InputStream in = NnsRounds.class.getResourceAsStream("/wasm/proxy.wasm")) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  CanisterMessage.Ingress ingress(Principal caller, CanisterId receiver, CanisterId effective, String method, byte[] arg) {
    byte[] id = NnsSubnet.sha256("nns rounds test", ByteBuffer.allocate(8).putLong(messages++).array());
    return new CanisterMessage.Ingress(MessageId.of(id), caller, receiver, effective, method, Bytes.of(arg),
        T0 + 3_600_000_000_000L);
  }

  CanisterMessage.Ingress call(Principal caller, CanisterId canister, String method, byte[] arg) {
    return ingress(caller, canister, canister, method, arg);
  }

  /** An ingress message to the proxy: call {@code method} of {@code callee} with {@code payload}. */
  CanisterMessage.Ingress viaProxy(CanisterId callee, String method, byte[] payload) {
    byte[] c = callee.toByteArray();
    byte[] m = method.getBytes(StandardCharsets.US_ASCII);
    ByteBuffer b = ByteBuffer.allocate(2 + c.length + m.length + payload.length);
    b.put((byte) c.length).put(c).put((byte) m.length).put(m).put(payload);
    return call(ALICE, PROXY, "call", b.array());
  }

  /** The inputs of the next round (time: one second per height). */
  RoundInputs inputs(List<CanisterMessage.Ingress> in, boolean checkpoint) {
    Height h = state.height().increment();
    return new RoundInputs(h, T0 + h.value() * 1_000_000_000L, NnsSubnet.randomness(NNS, h), RegistryVersion.of(0),
        RoutingTable.empty(), new TreeMap<>(), in, new TreeMap<>(), checkpoint);
  }

  /** Runs one round. */
  ReplicatedState round(List<CanisterMessage.Ingress> in, boolean checkpoint) {
    return run(inputs(in, checkpoint));
  }

  ReplicatedState run(RoundInputs in) {
    state = executor.executeRound(state, in);
    return state;
  }

  IngressStatus status(CanisterMessage.Ingress m) {
    return state.metadata().ingressHistory().get(m.messageId()).orElseThrow(() -> new AssertionError("no status of " + m.methodName()));
  }

  /** The reply bytes of {@code m}. */
  byte[] reply(CanisterMessage.Ingress m) {
    IngressStatus st = status(m);
    if (st.kind() != IngressStatus.Kind.REPLIED) {
      throw new AssertionError(m.methodName() + ": " + st.kind() + " " + st.rejectMessage().orElse(""));
    }
    return st.reply().orElseThrow().toByteArray();
  }

  /** The states of the NNS canisters (their live instances), for comparisons. */
  List<Bytes> canisterStates() {
    List<Bytes> out = new ArrayList<>();
    for (CanisterId id : List.of(NnsCanisterIds.REGISTRY, NnsCanisterIds.GOVERNANCE, NnsCanisterIds.LEDGER, NnsCanisterIds.CYCLES_MINTING)) {
      out.add(nns.canister(id).orElseThrow().saveState());
    }
    return out;
  }

  @Override
  public void close() {
    executor.close();
  }
}
