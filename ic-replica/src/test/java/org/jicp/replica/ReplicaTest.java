package org.jicp.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jicp.crypto.Bytes;
import org.jicp.state.certification.Certificate;
import org.jicp.state.certification.CertificateSignatureVerifier;
import org.jicp.state.certification.CertificateVerification;
import org.jicp.state.certification.CertificateVerifier;
import org.jicp.state.certification.ThresholdPublicKey;
import org.jicp.types.CanisterId;
import org.jicp.types.Cycles;
import org.jicp.types.RejectCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplicaTest {
  private static final byte[] PINGER = TestCanisters.wasm("pinger");
  private static final Cycles CYCLES = Cycles.of(50_000_000_000_000L);

  @TempDir Path dir;

  private static long u64(byte[] b) {
    return ByteBuffer.wrap(b, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
  }

  /** A workload over NNS + 2 application subnets; returns the certified root hashes after it. */
  private static List<Bytes> workload(Replica ic) {
    Replica.SubnetInfo a = ic.subnets().get(1);
    Replica.SubnetInfo b = ic.subnets().get(2);
    CanisterId x = ic.createCanister(a.id(), CYCLES);
    CanisterId y = ic.createCanister(b.id(), CYCLES);
    assertThat(a.ranges().contains(x.principal())).isTrue();
    assertThat(b.ranges().contains(y.principal())).isTrue();
    ic.install(x, PINGER, new byte[0]);
    ic.install(y, PINGER, new byte[0]);
    assertThat(u64(ic.update(x, "inc", new byte[0]))).isEqualTo(1);
    // x calls y on the other subnet: the request and the response travel in certified streams.
    assertThat(u64(ic.update(x, "forward", y.toByteArray()))).isEqualTo(1);
    assertThat(u64(ic.update(x, "forward", y.toByteArray()))).isEqualTo(2);
    assertThat(u64(ic.query(y, "get", new byte[0]))).isEqualTo(2);
    assertThat(ic.update(x, "rand", new byte[0])).hasSize(8);
    assertThatThrownBy(() -> ic.update(x, "boom", new byte[0]))
        .isInstanceOf(Replica.CallRejectedException.class)
        .satisfies(e -> assertThat(((Replica.CallRejectedException) e).code())
            .isEqualTo(RejectCode.CANISTER_ERROR));
    assertThat(u64(ic.query(x, "get", new byte[0]))).isEqualTo(1);
    return ic.certifiedRootHashes();
  }

  @Test
  void crossSubnetCallsAndCertificates_workAndAreDeterministic() {
    List<Bytes> first;
    try (Replica ic = Replica.builder().nnsSubnet().applicationSubnets(2).deterministic(7)
        .build()) {
      first = workload(ic);
      // A certificate of an application subnet carries the NNS delegation and verifies under
      // the root key, scoped by the subnet's ranges.
      Replica.SubnetInfo a = ic.subnets().get(1);
      CanisterId x = new CanisterId(a.ranges().ranges().get(0).start().principal());
      Bytes cert = ic.subnet(a.id()).certificate(List.of(List.of(
          Bytes.of("canister".getBytes(StandardCharsets.UTF_8)), x.principal().bytes(),
          Bytes.of("module_hash".getBytes(StandardCharsets.UTF_8)))));
      Certificate c = Certificate.decode(cert.toByteArray());
      assertThat(c.delegation()).isPresent();
      CertificateVerification v = CertificateVerifier.withFreshness(
          ThresholdPublicKey.parse(ic.rootKey().toByteArray()), CertificateSignatureVerifier.ic(),
          java.time.Clock.fixed(Instant.ofEpochSecond(0, ic.timeNanos()),
              java.time.ZoneOffset.UTC), Duration.ofMinutes(5)).verify(c, x);
      assertThat(v.isValid()).as(v.reason().orElse("")).isTrue();
      assertThat(c.lookup(List.of(Bytes.of("canister".getBytes(StandardCharsets.UTF_8)),
          x.principal().bytes(), Bytes.of("module_hash".getBytes(StandardCharsets.UTF_8))))
          .isFound()).isTrue();
    }
    try (Replica again = Replica.builder().nnsSubnet().applicationSubnets(2).deterministic(7)
        .build()) {
      assertThat(workload(again)).isEqualTo(first);
    }
    try (Replica other = Replica.builder().nnsSubnet().applicationSubnets(2).deterministic(8)
        .build()) {
      assertThat(workload(other)).isNotEqualTo(first);
    }
  }

  @Test
  void restartFromTheStateDirectory_continuesWithTheSameStates() {
    List<Bytes> uninterrupted;
    try (Replica ic = Replica.builder().nnsSubnet().applicationSubnets(2).deterministic(3)
        .build()) {
      workload(ic);
      CanisterId x = ic.subnets().get(1).ranges().ranges().get(0).start();
      ic.update(x, "inc", new byte[0]);
      uninterrupted = ic.certifiedRootHashes();
    }
    try (Replica ic = Replica.builder().nnsSubnet().applicationSubnets(2).deterministic(3)
        .stateDir(dir).checkpointInterval(7).build()) {
      workload(ic);
    }
    try (Replica ic = Replica.builder().nnsSubnet().applicationSubnets(2).deterministic(3)
        .stateDir(dir).checkpointInterval(7).build()) {
      CanisterId x = ic.subnets().get(1).ranges().ranges().get(0).start();
      assertThat(u64(ic.query(x, "get", new byte[0]))).isEqualTo(1);
      ic.update(x, "inc", new byte[0]);
      assertThat(ic.certifiedRootHashes()).isEqualTo(uninterrupted);
    }
  }

  @Test
  void snapshotAndRestore_bringEverySubnetBackAndRepeatTheSameResults() {
    try (Replica ic = Replica.builder().nnsSubnet().applicationSubnets(2).deterministic(11)
        .build()) {
      List<Bytes> afterWorkload = workload(ic);
      Replica.Snapshot snap = ic.snapshot();
      CanisterId x = ic.subnets().get(1).ranges().ranges().get(0).start();
      CanisterId y = ic.subnets().get(2).ranges().ranges().get(0).start();
      ic.update(x, "inc", new byte[0]);
      ic.update(x, "forward", y.toByteArray());
      List<Bytes> later = ic.certifiedRootHashes();
      ic.restore(snap);
      assertThat(u64(ic.query(x, "get", new byte[0]))).isEqualTo(1);
      assertThat(u64(ic.query(y, "get", new byte[0]))).isEqualTo(2);
      ic.update(x, "inc", new byte[0]);
      ic.update(x, "forward", y.toByteArray());
      assertThat(ic.certifiedRootHashes()).isEqualTo(later);
      assertThat(afterWorkload).isNotEqualTo(later);
    }
  }

  @Test
  void builderMisconfiguration_failsFastSayingWhatToChange() {
    assertThatThrownBy(() -> Replica.builder().nnsSubnet().build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("applicationSubnets");
    assertThatThrownBy(() -> Replica.builder().nodesPerSubnet(4).stateDir(dir).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nodesPerSubnet(1)");
    assertThatThrownBy(() -> Replica.builder().nodesPerSubnet(2).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3f + 1");
  }

  @Test
  void fork_copiesTheCanister_thenTheTwoDiverge() {
    try (Replica ic = Replica.builder().applicationSubnets(1).deterministic(21).build()) {
      CanisterId x = ic.createCanister(ic.subnets().get(0).id(), CYCLES);
      ic.install(x, PINGER, new byte[0]);
      ic.update(x, "inc", new byte[0]);
      assertThat(u64(ic.update(x, "inc", new byte[0]))).isEqualTo(2);
      CanisterId copy = ic.fork(x);
      assertThat(copy).isNotEqualTo(x);
      assertThat(ic.subnetOf(copy.principal()).orElseThrow().id())
          .isEqualTo(ic.subnetOf(x.principal()).orElseThrow().id());
      assertThat(u64(ic.query(copy, "get", new byte[0]))).isEqualTo(2);
      assertThat(u64(ic.update(copy, "inc", new byte[0]))).isEqualTo(3);
      assertThat(u64(ic.query(x, "get", new byte[0]))).isEqualTo(2);
      assertThatThrownBy(() -> ic.fork(CanisterId.fromIndex(0x2100000L + 999)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no canister");
    }
  }
}
