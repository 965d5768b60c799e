package org.jicp.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jicp.replica.RegistryGovernedTopologyTest.ALICE;
import static org.jicp.replica.RegistryGovernedTopologyTest.E8;
import static org.jicp.replica.RegistryGovernedTopologyTest.manage;
import static org.jicp.replica.RegistryGovernedTopologyTest.nat64;
import static org.jicp.replica.RegistryGovernedTopologyTest.stake;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jicp.candid.CandidEncoder;
import org.jicp.candid.CandidValue;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.nns.NnsCandid;
import org.jicp.nns.governance.GovernanceApi;
import org.jicp.nns.governance.NnsFunction;
import org.jicp.nns.registry.RegistryPayloads;
import org.jicp.nns.registry.RegistryPayloads.CanisterIdRange;
import org.jicp.replica.demo.IcTour;
import org.jicp.state.certification.Certificate;
import org.jicp.state.certification.CertificateSignatureVerifier;
import org.jicp.state.certification.CertificateVerification;
import org.jicp.state.certification.CertificateVerifier;
import org.jicp.state.certification.ThresholdPublicKey;
import org.jicp.types.CanisterId;
import org.jicp.types.SubnetId;
import org.jicp.wasm.cycles.FeeSchedule;
import org.jicp.wasm.execution.ManagementApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Canister migration governed by the NNS: {@code prepare_canister_migration}, {@code
 * reroute_canister_ranges} and {@code complete_canister_migration} proposals, adopted by a neuron
 * staked through the ledger and executed by the registry canister, move a canister — stopped, or
 * running with calls in flight — with its whole state from one application subnet to a subnet
 * created by proposal; it answers there,
 * is reached across subnets, its certificates verify under the new subnet's delegation, and a
 * restart from the state directory keeps it there.
 */
class CanisterMigrationTest {

  @Test
  void migrationProposals_stoppedCanister_movesWithItsStateAndAnswersOnItsNewSubnet() {
    try (Replica ic = replica(21, Optional.empty())) {
      Setup s = setUp(ic);
      org.jicp.replica.http.ReplicaBackend http = new org.jicp.replica.http.ReplicaBackend(ic);
      assertThat(http.topology().route(s.counter.principal()).orElseThrow().id()).isEqualTo(s.from);
      migrate(ic, s);

      // The HTTP interface's cached topology follows (requests for the canister go to its new subnet).
      assertThat(http.topology().route(s.counter.principal()).orElseThrow().id()).isEqualTo(s.to);

      assertThat(ic.subnetOf(s.counter.principal()).orElseThrow().id()).isEqualTo(s.to);
      assertThat(ic.subnet(s.to).snapshotState().canister(s.counter)).isPresent();
      assertThat(ic.subnet(s.from).snapshotState().canister(s.counter)).isEmpty();
      assertThat(ic.subnet(s.to).ranges().contains(s.counter.principal())).isTrue();
      assertThat(ic.subnet(s.from).ranges().contains(s.counter.principal())).isFalse();
      assertThat(String.join("\n", ic.debugLog())).contains("canister " + s.counter
          + " migrated from " + s.from + " to " + s.to);

      start(ic, s.counter);
      // Its heap came along: two incs before the move, the third answers 3.
      assertThat(nat64(ic.update(s.counter, "inc", CandidEncoder.empty()))).isEqualTo(3);
      // The relay stayed on the old subnet: the call now crosses subnets.
      assertThat(nat64(ic.update(s.relay, "inc_on", CandidEncoder.encode(
          List.of(CandidValue.principal(s.counter.principal())))))).isEqualTo(4);
      // Its state is certified by the new subnet, under a delegation that lists its range.
      Bytes cert = ic.subnet(s.to).certificate(List.of(List.of(utf8("canister"),
          s.counter.principal().bytes(), utf8("module_hash"))));
      CertificateVerification v = CertificateVerifier.withFreshness(
          ThresholdPublicKey.parse(ic.rootKey().toByteArray()), CertificateSignatureVerifier.ic(),
          java.time.Clock.fixed(Instant.ofEpochSecond(0, ic.timeNanos()),
              java.time.ZoneOffset.UTC), Duration.ofMinutes(5))
          .verify(Certificate.decode(cert.toByteArray()), s.counter);
      assertThat(v.isValid()).as(v.reason().orElse("")).isTrue();
    }
  }

  @Test
  void migrationProposals_runningCanisterWithCallsInFlight_everyCallAnsweredOnceDeterministically() {
    InFlight a = inFlight(22);
    InFlight b = inFlight(22);
    // The same seed and calls: the same state root hashes on every subnet.
    assertThat(b.roots()).isEqualTo(a.roots());
    assertThat(b.calls()).isEqualTo(a.calls());
  }

  /** What {@link #inFlight} saw: calls made, and the certified root hashes at the end. */
  private record InFlight(int calls, List<Bytes> roots) {}

  /**
   * A relay on the subnet the counter moves to calls the running counter (on the other subnet)
   * before every round while the three migration proposals run, so that calls are in every stage
   * of flight when the counter moves (in the relay's stream, in the counter's queue, answered and
   * on their way back):
   * each call is answered exactly once (each inc ran once: the answers are 3, 4, … in some order),
   * some message met a reject signal on the way, and afterwards the streams are empty.
   */
  private static InFlight inFlight(long seed) {
    try (Replica ic = replica(seed, Optional.empty())) {
      Setup s = setUp(ic);
      start(ic, s.counter);
      CanisterId relay = ic.createCanister(s.to, FeeSchedule.DEFAULT_PROVISIONAL_CYCLES_BALANCE);
      ic.install(relay, IcTour.canister("relay"), CandidEncoder.empty());
      byte[] arg = CandidEncoder.encode(List.of(CandidValue.principal(s.counter.principal())));
      List<org.jicp.types.MessageId> calls = new ArrayList<>();
      boolean[] rejectSignal = {false};
      Runnable beforeTick = () -> {
        calls.add(ic.submit(Principal.anonymous(), relay, relay, "inc_on", arg));
        for (Replica.SubnetInfo si : ic.subnets()) {
          // The latest state as it is (snapshotState would flush native canisters mid-run).
          for (var st : ic.subnet(si.id()).stateManager().latestState().metadata().streams()
              .values()) {
            rejectSignal[0] |= !st.rejectSignals().isEmpty();
          }
        }
      };
      migrate(ic, s, beforeTick);
      assertThat(ic.subnet(s.to).snapshotState().canister(s.counter)).isPresent();
      assertThat(ic.subnet(s.from).snapshotState().canister(s.counter)).isEmpty();
      List<Long> answers = new ArrayList<>();
      for (org.jicp.types.MessageId id : calls) {
        answers.add(nat64(ic.await(relay, id)));
      }
      answers.sort(null);
      List<Long> expected = new ArrayList<>();
      for (long i = 3; i < 3 + calls.size(); i++) {
        expected.add(i);
      }
      assertThat(answers).as("each call answered once, each inc run once").isEqualTo(expected);
      assertThat(nat64(ic.query(s.counter, "get", CandidEncoder.empty())))
          .isEqualTo(2 + calls.size());
      assertThat(rejectSignal[0]).as("a message in flight met a reject signal").isTrue();
      for (int i = 0; i < 4; i++) {
        ic.tick();
      }
      for (Replica.SubnetInfo si : ic.subnets()) {
        for (var e : ic.subnet(si.id()).snapshotState().metadata().streams().entrySet()) {
          assertThat(e.getValue().messages()).as(si.id() + " -> " + e.getKey()).isEmpty();
          assertThat(e.getValue().rejectSignals()).as(si.id() + " -> " + e.getKey()).isEmpty();
        }
      }
      return new InFlight(calls.size(), ic.certifiedRootHashes());
    }
  }

  @Test
  void restart_afterMigration_canisterResumesOnItsNewSubnet(@TempDir Path dir) {
    Setup s;
    try (Replica ic = replica(23, Optional.of(dir))) {
      s = setUp(ic);
      migrate(ic, s);
      start(ic, s.counter);
      assertThat(nat64(ic.update(s.counter, "inc", CandidEncoder.empty()))).isEqualTo(3);
    }
    try (Replica again = replica(23, Optional.of(dir))) {
      again.tick();
      assertThat(again.subnetCount()).as(String.join("\n", again.debugLog())).isEqualTo(3);
      assertThat(again.subnetOf(s.counter.principal()).orElseThrow().id()).isEqualTo(s.to);
      assertThat(again.subnet(s.to).snapshotState().canister(s.counter)).isPresent();
      assertThat(again.subnet(s.from).snapshotState().canister(s.counter)).isEmpty();
      assertThat(nat64(again.update(s.counter, "inc", CandidEncoder.empty()))).isEqualTo(4);
    }
  }

  private record Setup(SubnetId from, SubnetId to, CanisterId counter, CanisterId relay,
      long neuron) {}

  private static Replica replica(long seed, Optional<Path> dir) {
    Replica.Builder b = Replica.builder().nnsSubnet().applicationSubnets(1).nnsCanisters(true)
        .icp(ALICE, 1_000 * E8).spareNodes(1).deterministic(seed)
        .startTime(Instant.parse("2026-06-01T00:00:00Z"));
    dir.ifPresent(b::stateDir);
    return b.build();
  }

  /** A subnet created by proposal; a counter (incremented twice, then stopped) and a relay on the application subnet. */
  private static Setup setUp(Replica ic) {
    RegistryGovernedTopologyTest.createSubnet(ic, ic.unassignedNodes().get(0));
    SubnetId from = ic.subnets().get(1).id();
    SubnetId to = ic.subnets().get(2).id();
    CanisterId counter = ic.createCanister(from, FeeSchedule.DEFAULT_PROVISIONAL_CYCLES_BALANCE);
    ic.install(counter, IcTour.canister("counter"), CandidEncoder.empty());
    ic.update(counter, "inc", CandidEncoder.empty());
    assertThat(nat64(ic.update(counter, "inc", CandidEncoder.empty()))).isEqualTo(2);
    CanisterId relay = ic.createCanister(from, FeeSchedule.DEFAULT_PROVISIONAL_CYCLES_BALANCE);
    ic.install(relay, IcTour.canister("relay"), CandidEncoder.empty());
    ic.callManagement(Principal.anonymous(), counter, "stop_canister", ManagementApi.encode(
        new ManagementApi.CanisterIdRecord(counter.principal())));
    return new Setup(from, to, counter, relay, stake(ic, 100)); // the neuron createSubnet staked, refreshed
  }

  /** The three proposals of a canister migration from {@code s.from} to {@code s.to}. */
  private static void migrate(Replica ic, Setup s) {
    migrate(ic, s, () -> { });
  }

  /** The three proposals, with {@code beforeTick} run before every round they take. */
  private static void migrate(Replica ic, Setup s, Runnable beforeTick) {
    List<CanisterIdRange> range = List.of(
        new CanisterIdRange(s.counter.principal(), s.counter.principal()));
    Principal from = s.from.principal();
    Principal to = s.to.principal();
    pass(ic, s.neuron, beforeTick, NnsFunction.PREPARE_CANISTER_MIGRATION,
        RegistryPayloads.PrepareCanisterMigrationPayload.class,
        new RegistryPayloads.PrepareCanisterMigrationPayload(range, from, to));
    pass(ic, s.neuron, beforeTick, NnsFunction.REROUTE_CANISTER_RANGES,
        RegistryPayloads.RerouteCanisterRangesPayload.class,
        new RegistryPayloads.RerouteCanisterRangesPayload(range, from, to));
    pass(ic, s.neuron, beforeTick, NnsFunction.COMPLETE_CANISTER_MIGRATION,
        RegistryPayloads.CompleteCanisterMigrationPayload.class,
        new RegistryPayloads.CompleteCanisterMigrationPayload(range, List.of(from, to)));
  }

  /** Makes an NNS-function proposal and ticks until governance executed it (successfully). */
  private static <P> void pass(Replica ic, long neuron, Runnable beforeTick, NnsFunction f,
      Class<P> type, P payload) {
    GovernanceApi.ProposalInfo info = NnsProposals.submitAndAwait(ic, ALICE, neuron,
        new GovernanceApi.Action.ExecuteNnsFunction(new GovernanceApi.ExecuteNnsFunction(
            f.number(), Bytes.of(NnsCandid.MAPPER.encodeAs(type, payload)))), f.name(),
        beforeTick);
    assertThat(info.failureReason()).as(f + ": " + info).isEmpty();
    assertThat(info.executedTimestampSeconds()).as(f + " executed").isPositive();
  }

  private static void start(Replica ic, CanisterId c) {
    ic.callManagement(Principal.anonymous(), c, "start_canister", ManagementApi.encode(
        new ManagementApi.CanisterIdRecord(c.principal())));
  }

  private static Bytes utf8(String s) {
    return Bytes.of(s.getBytes(StandardCharsets.UTF_8));
  }
}
