package org.jicp.replica.http.subnets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.jicp.crypto.Bytes;
import org.jicp.replica.http.IcBackend;
import org.jicp.state.certification.BlsCertificateSignatureVerifier;
import org.jicp.state.certification.Certificate;
import org.jicp.state.certification.CertificateVerifier;
import org.jicp.state.certification.ThresholdPublicKey;
import org.jicp.state.tree.HashTree;
import org.jicp.types.CanisterId;
import org.jicp.wasm.Engine;
import org.junit.jupiter.api.Test;

/** The adapter's keys, topology, delegations and certified time. */
class SubnetsBackendTest {
  private static final long T0 = 1_800_000_000_000_000_000L;

  private static SubnetsBackend start(AtomicLong clock, long seed) {
    return SubnetsBackend.start(new SubnetsBackend.Config(List.of("nns", "application", "system"),
        2, OptionalLong.of(seed), clock::get, Engine.INTERPRETER));
  }

  private static long time(Bytes cert) {
    return Certificate.decode(cert.toByteArray()).time().orElseThrow().toEpochMilli();
  }

  @Test
  void start_sameSeed_sameKeysIdsAndRanges() {
    try (SubnetsBackend a = start(new AtomicLong(T0), 3);
        SubnetsBackend b = start(new AtomicLong(T0), 3);
        SubnetsBackend c = start(new AtomicLong(T0), 4)) {
      assertThat(a.topology()).isEqualTo(b.topology());
      assertThat(a.topology().rootKeyDer()).isNotEqualTo(c.topology().rootKeyDer());
      IcBackend.SubnetInfo app = a.topology().subnets().get(1);
      assertThat(app.ranges().ranges().get(0).start())
          .isEqualTo(CanisterId.fromIndex(SubnetsBackend.RANGE_SIZE));
      assertThat(a.topology().defaultEffectiveCanisterId())
          .isEqualTo(CanisterId.fromIndex(SubnetsBackend.RANGE_SIZE));
      assertThat(app.nodes()).hasSize(2);
      assertThat(a.topology().subnets().get(0).maxIngressBytes())
          .isEqualTo(SubnetsBackend.MAX_INGRESS_BYTES_NNS);
    }
  }

  @Test
  void certificate_nonRootSubnets_verifyUnderRootKeyThroughDelegation() {
    AtomicLong clock = new AtomicLong(System.currentTimeMillis() * 1_000_000L);
    try (SubnetsBackend b = start(clock, 1)) {
      CertificateVerifier v = CertificateVerifier.withFreshness(
          ThresholdPublicKey.fromDer(b.topology().rootKeyDer().toByteArray()),
          BlsCertificateSignatureVerifier.instance(), Clock.systemUTC(), Duration.ofMinutes(5));
      for (IcBackend.SubnetInfo s : b.topology().subnets()) {
        Bytes cert = b.certificate(s.id(), List.of(List.of(HashTree.utf8("subnet"))));
        Certificate c = Certificate.decode(cert.toByteArray());
        assertThat(c.delegation().isPresent()).isEqualTo(!s.kind().equals("nns"));
        assertThat(v.verify(c, s.ranges().ranges().get(0).start()).isValid())
            .as(s.kind()).isTrue();
        if (c.delegation().isPresent()) {
          assertThat(v.verify(c, CanisterId.fromIndex(7 * SubnetsBackend.RANGE_SIZE)).isValid())
              .as(s.kind() + " outside its range").isFalse();
        }
      }
    }
  }

  @Test
  void certificate_idleSubnet_recertifiedAtCurrentTime() {
    AtomicLong clock = new AtomicLong(T0);
    try (SubnetsBackend b = start(clock, 1)) {
      IcBackend.SubnetInfo app = b.topology().subnets().get(1);
      List<List<Bytes>> time = List.of(List.of(HashTree.utf8("time")));
      assertThat(time(b.certificate(app.id(), time))).isEqualTo(T0 / 1_000_000L);
      clock.addAndGet(600_000_000_000L);
      assertThat(time(b.certificate(app.id(), time))).isEqualTo(T0 / 1_000_000L + 600_000L);
    }
  }
}
