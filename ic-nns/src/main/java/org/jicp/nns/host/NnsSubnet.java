package org.jicp.nns.host;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.nns.NnsCanisterIds;
import org.jicp.nns.registry.InitialDkg;
import org.jicp.nns.registry.NiDkgInitialDkg;
import org.jicp.nns.registry.RegistryCanister;
import org.jicp.nns.registry.RegistryCanisterClient;
import org.jicp.state.ports.RoundInputs;
import org.jicp.state.replicated.CanisterMessage;
import org.jicp.state.replicated.IngressStatus;
import org.jicp.state.replicated.ReplicatedState;
import org.jicp.state.replicated.RoutingTable;
import org.jicp.state.replicated.SubnetTopology;
import org.jicp.types.CanisterId;
import org.jicp.types.Cycles;
import org.jicp.types.Height;
import org.jicp.types.MessageId;
import org.jicp.types.SubnetId;
import org.jicp.types.SubnetType;
import org.jicp.types.ports.RegistryClient;
import org.jicp.wasm.execution.ManagementApi;
import org.jicp.wasm.execution.RoundExecutor;

/**
 * The NNS subnet: a system subnet whose executor runs the NNS canisters as native canisters (one
 * {@link NnsCanisterFactory} per kind) and whose management canister also serves {@code
 * setup_initial_dkg} ({@link SetupInitialDkg}); and its genesis state, with the canisters installed
 * at their mainnet ids — registry {@code rwlgt-iiaaa-aaaaa-aaaaa-cai}, governance {@code
 * rrkah-fqaaa-aaaaa-aaaaq-cai}, ledger {@code ryjl3-tyaaa-aaaaa-aaaba-cai}, cycles minting {@code
 * rkp4c-7iaaa-aaaaa-aaaca-cai} (root, {@code r7inp-6aaaa-aaaaa-aaabq-cai}, is not modelled; it is
 * the canisters' controller by default, as on mainnet).
 *
 * <pre>{@code
 * NnsSubnet nns = NnsSubnet.withDkgSeed(seed);
 * RoundExecutor exec = nns.configure(RoundExecutor.builder()
 *     .config(ExecutionConfig.systemSubnet()).fees(FeeSchedule.systemSubnet())).build();
 * ReplicatedState s = nns.genesis(exec, RoundExecutor.genesis(nnsId, SubnetType.SYSTEM, t, rt, topo),
 *     new NnsSubnet.Canisters(registryInit, governanceInit, ledgerInit, cmcInit), List.of());
 * }</pre>
 *
 * <p>Use one {@code NnsSubnet} per executor: its factories remember the executor's live instances
 * ({@link #canister}), which {@code setup_initial_dkg} reads the registry from.
 */
public final class NnsSubnet {
  /**
   * The cycles the cycles minting canister holds at genesis. On the IC it mints the cycles it sends
   * ({@code ic0.mint_cycles}, allowed to it only); the native canister interface has no minting, so
   * it sends them from this balance instead (10^21 cycles: 20 million times the 50 T of a
   * canister creation).
   */
  public static final Cycles CMC_GENESIS_CYCLES = new Cycles(BigInteger.TEN.pow(21));

  /**
   * The cycles SNS-W holds at genesis: it attaches {@link
   * org.jicp.nns.sns.SnsWasmCanister#CYCLES_PER_CANISTER} to each of the four canisters of an SNS
   * it deploys (10^15 cycles: 25 deployments).
   */
  public static final Cycles SNS_WASM_GENESIS_CYCLES = new Cycles(BigInteger.TEN.pow(15));

  /** The principal that installs the canisters at genesis and then leaves their controllers. */
  public static final Principal GENESIS_INSTALLER = Principal.anonymous();

  /**
   * The install arguments of the NNS canisters: each one's initial state in its own encoding
   * ({@link NnsCanisterFactory#initArg}); the registry's may be empty.
   *
   * @param registry the registry's
   * @param governance governance's
   * @param ledger the ledger's
   * @param cyclesMinting the cycles minting canister's
   */
  public record Canisters(Bytes registry, Bytes governance, Bytes ledger, Bytes cyclesMinting) {
    /** Validates the components. */
    public Canisters {
      Objects.requireNonNull(registry, "registry");
      Objects.requireNonNull(governance, "governance");
      Objects.requireNonNull(ledger, "ledger");
      Objects.requireNonNull(cyclesMinting, "cyclesMinting");
    }

    /** The install arguments of these canisters (their current states). */
    public static Canisters of(SystemCanister registry, SystemCanister governance, SystemCanister ledger,
        SystemCanister cyclesMinting) {
      return new Canisters(registry.saveState(), governance.saveState(), ledger.saveState(), cyclesMinting.saveState());
    }
  }

  private final Map<String, NnsCanisterFactory> factories = new LinkedHashMap<>();
  private final SetupInitialDkg setupInitialDkg;
  private final Function<RegistryClient, InitialDkg> dkg;
  private final NodeMetricsSource nodeMetrics;

  private NnsSubnet(Function<RegistryClient, InitialDkg> dkg) {
    this(dkg, NodeMetricsSource.NONE);
  }

  private NnsSubnet(Function<RegistryClient, InitialDkg> dkg, NodeMetricsSource nodeMetrics) {
    this.dkg = dkg;
    this.nodeMetrics = Objects.requireNonNull(nodeMetrics, "nodeMetrics");
    for (NnsCanisterFactory f : NnsCanisterFactory.all()) {
      factories.put(f.kind(), f);
    }
    NnsCanisterFactory snsW = NnsCanisterFactory.snsWasm();
    factories.put(snsW.kind(), snsW);
    this.setupInitialDkg = new SetupInitialDkg(this::registryClient, dkg);
  }

  /**
   * An NNS subnet whose {@code setup_initial_dkg} runs {@link NiDkgInitialDkg} with simulated
   * dealers seeded by {@code seed}.
   */
  public static NnsSubnet withDkgSeed(Bytes seed) {
    Objects.requireNonNull(seed, "seed");
    return new NnsSubnet(client -> new NiDkgInitialDkg(client, seed));
  }

  /** An NNS subnet whose {@code setup_initial_dkg} runs the DKG {@code dkg} builds over the registry. */
  public static NnsSubnet withDkg(Function<RegistryClient, InitialDkg> dkg) {
    return new NnsSubnet(Objects.requireNonNull(dkg, "dkg"));
  }

  /** A new NNS subnet with the same {@code setup_initial_dkg}, for another executor (fresh factories). */
  public NnsSubnet fresh() {
    return new NnsSubnet(dkg, nodeMetrics);
  }

  /**
   * This subnet's setup with {@code node_metrics_history} answered from {@code source} (fresh
   * factories; without it every history is empty).
   */
  public NnsSubnet withNodeMetrics(NodeMetricsSource source) {
    return new NnsSubnet(dkg, source);
  }

  /** {@code b} with the NNS canister kinds, {@code setup_initial_dkg} and {@code node_metrics_history}. */
  public RoundExecutor.Builder configure(RoundExecutor.Builder b) {
    factories.values().forEach(b::nativeCanister);
    return b.managementExtension(SetupInitialDkg.METHOD, setupInitialDkg)
        .managementExtension(NodeMetricsHistory.METHOD, new NodeMetricsHistory(nodeMetrics));
  }

  /** The factories, by kind. */
  public Map<String, NnsCanisterFactory> factories() {
    return java.util.Collections.unmodifiableMap(factories);
  }

  /**
   * The executor's current instance of NNS canister {@code id}, if it has one: its state machine as
   * of the last round (read between rounds; an upgrade or restart replaces it).
   */
  public Optional<SystemCanister> canister(CanisterId id) {
    for (NnsCanisterFactory f : factories.values()) {
      if (f.canisterId().equals(id)) {
        return f.live().map(SystemCanisterAdapter::canister);
      }
    }
    return Optional.empty();
  }

  /**
   * The registry client over the registry canister's current instance.
   *
   * @throws IllegalStateException if the executor has no registry canister yet
   */
  public RegistryClient registryClient() {
    SystemCanister r = canister(NnsCanisterIds.REGISTRY).orElseThrow(() ->
        new IllegalStateException("the registry canister is not running on this executor"));
    return RegistryCanisterClient.of(((RegistryCanister) r).registry());
  }

  /**
   * The genesis state of the NNS subnet: {@code empty} (a state of a system subnet whose routing
   * table gives it the NNS canister ids, e.g. from {@link RoundExecutor#genesis}) with the four
   * canisters created at their mainnet ids and installed with {@code canisters}, and SNS-W ({@link
   * NnsCanisterIds#SNS_WASM}, no SNS deployed, {@link #SNS_WASM_GENESIS_CYCLES}) — by one round of
   * ingress messages to the management canister from {@link #GENESIS_INSTALLER}: {@code
   * provisional_create_canister_with_cycles} with {@code specified_id} (the cycles minting canister
   * with {@link #CMC_GENESIS_CYCLES}), {@code install_code}, then {@code update_settings} giving
   * them {@code controllers} (empty: root, {@link NnsCanisterIds#ROOT}, as on mainnet). The result
   * is flushed (complete, ready for a checkpoint) two heights on (the creations in one round, the
   * rest in the next: an ingress message naming a canister is inducted only once it exists).
   *
   * @throws IllegalStateException if a step is rejected (with the reject)
   */
  public ReplicatedState genesis(RoundExecutor executor, ReplicatedState empty, Canisters canisters,
      List<Principal> controllers) {
    Objects.requireNonNull(executor, "executor");
    Objects.requireNonNull(canisters, "canisters");
    List<Principal> finalControllers = controllers.isEmpty() ? List.of(NnsCanisterIds.ROOT.principal())
        : List.copyOf(controllers);
    Map<CanisterId, Bytes> init = new LinkedHashMap<>();
    Map<CanisterId, String> kinds = new LinkedHashMap<>();
    init.put(NnsCanisterIds.REGISTRY, canisters.registry());
    kinds.put(NnsCanisterIds.REGISTRY, NnsCanisterFactory.REGISTRY);
    init.put(NnsCanisterIds.GOVERNANCE, canisters.governance());
    kinds.put(NnsCanisterIds.GOVERNANCE, NnsCanisterFactory.GOVERNANCE);
    init.put(NnsCanisterIds.LEDGER, canisters.ledger());
    kinds.put(NnsCanisterIds.LEDGER, NnsCanisterFactory.LEDGER);
    init.put(NnsCanisterIds.CYCLES_MINTING, canisters.cyclesMinting());
    kinds.put(NnsCanisterIds.CYCLES_MINTING, NnsCanisterFactory.CYCLES_MINTING);
    init.put(NnsCanisterIds.SNS_WASM, Bytes.EMPTY); // SNS-W: no SNS deployed yet
    kinds.put(NnsCanisterIds.SNS_WASM, NnsCanisterFactory.SNS_WASM);
    long time = empty.metadata().timeNanos();
    List<CanisterMessage.Ingress> msgs = new ArrayList<>();
    CanisterId ic00 = RoundExecutor.managementCanister();
    long[] n = {0};
    Function<CanisterId, Bytes> native_ = id -> Bytes.of(("jicp native canister " + kinds.get(id)).getBytes(StandardCharsets.UTF_8));
    for (CanisterId id : init.keySet()) {
      Cycles cycles = id.equals(NnsCanisterIds.CYCLES_MINTING) ? CMC_GENESIS_CYCLES
          : id.equals(NnsCanisterIds.SNS_WASM) ? SNS_WASM_GENESIS_CYCLES : Cycles.ZERO;
      msgs.add(ingress(empty.metadata().ownSubnetId(), n, ic00, ic00, "provisional_create_canister_with_cycles",
          ManagementApi.encode(new ManagementApi.ProvisionalCreateCanisterArgs(Optional.of(cycles.value()),
              Optional.of(ManagementApi.CanisterSettings.controllers(List.of(GENESIS_INSTALLER))),
              Optional.of(id.principal()), Optional.empty())), time));
    }
    for (Map.Entry<CanisterId, Bytes> e : init.entrySet()) {
      msgs.add(ingress(empty.metadata().ownSubnetId(), n, ic00, e.getKey(), "install_code",
          ManagementApi.encode(new ManagementApi.InstallCodeArgs(new ManagementApi.InstallMode.Install(),
              e.getKey().principal(), native_.apply(e.getKey()), e.getValue(), Optional.empty())), time));
    }
    for (CanisterId id : init.keySet()) {
      msgs.add(ingress(empty.metadata().ownSubnetId(), n, ic00, id, "update_settings",
          ManagementApi.encode(new ManagementApi.UpdateSettingsArgs(id.principal(),
              ManagementApi.CanisterSettings.controllers(finalControllers), Optional.empty())), time));
    }
    // Two rounds: an ingress message naming a canister is inducted only if the canister exists.
    int creates = init.size();
    ReplicatedState s = empty;
    for (List<CanisterMessage.Ingress> batch : List.of(msgs.subList(0, creates), msgs.subList(creates, msgs.size()))) {
      Height h = s.height().increment();
      s = executor.executeRound(s, new RoundInputs(h, time, randomness(empty.metadata().ownSubnetId(), h),
          empty.metadata().registryVersion(), RoutingTable.empty(), new TreeMap<>(), List.copyOf(batch),
          new TreeMap<>(), true));
    }
    for (CanisterMessage.Ingress m : msgs) {
      IngressStatus st = s.metadata().ingressHistory().get(m.messageId()).orElse(null);
      if (st == null || st.kind() != IngressStatus.Kind.REPLIED) {
        StringBuilder all = new StringBuilder();
        for (CanisterMessage.Ingress x : msgs) {
          IngressStatus xs = s.metadata().ingressHistory().get(x.messageId()).orElse(null);
          all.append("; ").append(x.methodName()).append(' ').append(x.effectiveCanisterId()).append(": ")
              .append(xs == null ? "not executed" : xs.rejectMessage().orElse(xs.kind().text()));
        }
        throw new IllegalStateException("NNS genesis: " + m.methodName() + " for " + m.effectiveCanisterId() + " failed: "
            + (st == null ? "not executed" : st.rejectMessage().orElse(st.kind().text())) + " (all steps" + all + ")");
      }
    }
    return s;
  }

  private static CanisterMessage.Ingress ingress(SubnetId subnet, long[] n, CanisterId receiver, CanisterId effective,
      String method, byte[] arg, long time) {
    MessageId id = MessageId.of(sha256("jicp nns genesis", subnet.toByteArray(), ByteBuffer.allocate(8).putLong(n[0]++).array()));
    return new CanisterMessage.Ingress(id, GENESIS_INSTALLER, receiver, effective, method, Bytes.of(arg),
        time + 5L * 60 * 1_000_000_000L);
  }

  /** The round randomness of the genesis round (SHA-256 of a domain, the subnet and the height). */
  static Bytes randomness(SubnetId subnet, Height h) {
    return Bytes.of(sha256("jicp nns round randomness", subnet.toByteArray(), ByteBuffer.allocate(8).putLong(h.value()).array()));
  }

  static byte[] sha256(String domain, byte[]... parts) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(domain.getBytes(StandardCharsets.US_ASCII));
      for (byte[] p : parts) {
        d.update(ByteBuffer.allocate(4).putInt(p.length).array());
        d.update(p);
      }
      return d.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

}
