package org.jicp.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.replica.node.ReplicaNode;
import org.jicp.replica.subnet.SubnetRuntime;
import org.jicp.state.certification.Certificate;
import org.jicp.state.certification.CertificateSignatureVerifier;
import org.jicp.state.certification.CertificateVerification;
import org.jicp.state.certification.CertificateVerifier;
import org.jicp.state.certification.ThresholdPublicKey;
import org.jicp.types.CanisterId;
import org.jicp.types.Cycles;
import org.jicp.types.RejectCode;
import org.junit.jupiter.api.Test;

/** Subnets of 4 nodes that run the consensus protocol with real crypto under the replica. */
class ConsensusReplicaTest {
  private static final byte[] PINGER = TestCanisters.wasm("pinger");
  private static final Cycles CYCLES = Cycles.of(50_000_000_000_000L);

  private static long u64(byte[] b) {
    return ByteBuffer.wrap(b, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
  }

  private static Replica.Builder fourNodes(long seed) {
    return Replica.builder().nnsSubnet().applicationSubnets(1).nodesPerSubnet(4)
        .deterministic(seed).consensusDelays(Duration.ofMillis(100), Duration.ZERO).dkgInterval(9);
  }

  @Test
  void fourNodeSubnets_runCallsAcrossSubnetsAndCertifyWithTheirThresholdKeys() {
    try (Replica ic = fourNodes(3).build()) {
      Replica.SubnetInfo nns = ic.subnets().get(0);
      Replica.SubnetInfo app = ic.subnets().get(1);
      assertThat(app.nodes()).hasSize(4);
      // The subnet id is the self-authenticating principal of the subnet's threshold key.
      ThresholdPublicKey appKey = ic.subnet(app.id()).publicKey();
      assertThat(app.id().principal())
          .isEqualTo(Principal.selfAuthenticating(appKey.toDer().toByteArray()));
      CanisterId x = ic.createCanister(app.id(), CYCLES);
      CanisterId y = ic.createCanister(nns.id(), CYCLES);
      ic.install(x, PINGER, new byte[0]);
      ic.install(y, PINGER, new byte[0]);
      assertThat(u64(ic.update(x, "inc", new byte[0]))).isEqualTo(1);
      assertThat(u64(ic.update(x, "forward", y.toByteArray()))).isEqualTo(1);
      assertThat(u64(ic.query(y, "get", new byte[0]))).isEqualTo(1);
      assertThatThrownBy(() -> ic.update(x, "boom", new byte[0]))
          .isInstanceOf(Replica.CallRejectedException.class)
          .satisfies(e -> assertThat(((Replica.CallRejectedException) e).code())
              .isEqualTo(RejectCode.CANISTER_ERROR));
      // Every node executed every batch: their certified states agree.
      SubnetRuntime s = ic.subnet(app.id());
      Bytes root = s.stateManager().latestCertifiedEntry().orElseThrow().tree().rootHash();
      for (ReplicaNode n : s.nodes()) {
        assertThat(n.stateManager().entry(s.certifiedHeight()).orElseThrow().tree().rootHash())
            .isEqualTo(root);
      }
      // A certificate of the application subnet: the threshold signature of its nodes, with the
      // NNS delegation, verifies under the root key.
      Bytes cert = s.certificate(List.of(List.of(utf8("canister"), x.principal().bytes(),
          utf8("module_hash"))));
      Certificate c = Certificate.decode(cert.toByteArray());
      assertThat(c.delegation()).isPresent();
      CertificateVerification v = CertificateVerifier.withFreshness(
          ThresholdPublicKey.parse(ic.rootKey().toByteArray()), CertificateSignatureVerifier.ic(),
          java.time.Clock.fixed(Instant.ofEpochSecond(0, ic.timeNanos()),
              java.time.ZoneOffset.UTC), Duration.ofMinutes(5)).verify(c, x);
      assertThat(v.isValid()).as(v.reason().orElse("")).isTrue();
      // Past a DKG interval (10 heights): catch-up packages were made and the subnet goes on.
      ic.tick(15);
      assertThat(s.nodes().get(0).consensus().orElseThrow().pool().catchUpHeight().value())
          .isGreaterThan(0);
      assertThat(u64(ic.update(x, "inc", new byte[0]))).isEqualTo(2);
      assertThat(s.invalidArtifacts()).isZero();
    }
  }

  @Test
  void oneEquivocatingAndOneCrashedNode_theSubnetStillFinalizesAndAnswers() {
    try (Replica ic = fourNodes(5).build()) {
      Replica.SubnetInfo app = ic.subnets().get(1);
      SubnetRuntime s = ic.subnet(app.id());
      s.misbehave(s.nodes().get(1).id(), SubnetRuntime.Misbehaviour.EQUIVOCATE);
      s.crash(s.nodes().get(2).id());
      CanisterId x = ic.createCanister(app.id(), CYCLES);
      ic.install(x, PINGER, new byte[0]);
      for (int i = 1; i <= 5; i++) {
        assertThat(u64(ic.update(x, "inc", new byte[0]))).isEqualTo(i);
      }
      ic.tick(12);
      assertThat(u64(ic.query(x, "get", new byte[0]))).isEqualTo(5);
      Bytes root = s.stateManager().latestCertifiedEntry().orElseThrow().tree().rootHash();
      for (int i : new int[] {0, 3}) {
        assertThat(s.nodes().get(i).stateManager().entry(s.certifiedHeight()).orElseThrow()
            .tree().rootHash()).isEqualTo(root);
      }
    }
  }

  @Test
  void aPeerSendingMalformedArtifacts_isIgnoredAndTheSubnetGoesOn() {
    try (Replica ic = fourNodes(9).build()) {
      Replica.SubnetInfo app = ic.subnets().get(1);
      SubnetRuntime s = ic.subnet(app.id());
      s.misbehave(s.nodes().get(3).id(), SubnetRuntime.Misbehaviour.BAD_INPUT);
      CanisterId x = ic.createCanister(app.id(), CYCLES);
      ic.install(x, PINGER, new byte[0]);
      assertThat(u64(ic.update(x, "inc", new byte[0]))).isEqualTo(1);
      assertThat(s.droppedMalformedArtifacts() + s.invalidArtifacts()).isPositive();
    }
  }

  @Test
  void twoOfFourNodesDown_theSubnetStallsWithADiagnosis() {
    try (Replica ic = fourNodes(11).build()) {
      SubnetRuntime s = ic.subnet(ic.subnets().get(1).id());
      s.crash(s.nodes().get(0).id());
      s.crash(s.nodes().get(1).id());
      assertThatThrownBy(ic::tick).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("makes no progress").hasMessageContaining("down");
    }
  }

  @Test
  void deterministicMode_sameSeedSameStates() {
    List<Bytes> first;
    try (Replica ic = fourNodes(13).build()) {
      CanisterId x = ic.createCanister(ic.subnets().get(1).id(), CYCLES);
      ic.install(x, PINGER, new byte[0]);
      ic.update(x, "rand", new byte[0]);
      first = ic.certifiedRootHashes();
    }
    try (Replica ic = fourNodes(13).build()) {
      CanisterId x = ic.createCanister(ic.subnets().get(1).id(), CYCLES);
      ic.install(x, PINGER, new byte[0]);
      ic.update(x, "rand", new byte[0]);
      assertThat(ic.certifiedRootHashes()).isEqualTo(first);
    }
  }

  private static Bytes utf8(String s) {
    return Bytes.of(s.getBytes(StandardCharsets.UTF_8));
  }
}
