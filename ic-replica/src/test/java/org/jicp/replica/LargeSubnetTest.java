package org.jicp.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import org.jicp.crypto.Bytes;
import org.jicp.replica.subnet.SubnetRuntime;
import org.jicp.types.CanisterId;
import org.jicp.types.Cycles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A 13-node application subnet (f = 4) with two equivocating and two crashed nodes still
 * finalizes, certifies and answers, and the honest nodes agree on the certified state. Long with
 * real crypto: run with {@code mvn -B -pl ic-replica -am verify -Plarge-subnets
 * -Dtest=LargeSubnetTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "jicp.replica.large", matches = "true")
class LargeSubnetTest {
  private static final byte[] PINGER = TestCanisters.wasm("pinger");

  private static long u64(byte[] b) {
    return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong();
  }

  @Test
  void thirteenNodes_fourFaulty_finalizesCertifiesAndAnswers() {
    try (Replica ic = Replica.builder().applicationSubnets(1).nodesPerSubnet(13)
        .consensusDelays(Duration.ofMillis(100), Duration.ZERO).deterministic(13).build()) {
      Replica.SubnetInfo app = ic.subnets().get(0);
      assertThat(app.nodes()).hasSize(13);
      SubnetRuntime s = ic.subnet(app.id());
      s.misbehave(s.nodes().get(1).id(), SubnetRuntime.Misbehaviour.EQUIVOCATE);
      s.misbehave(s.nodes().get(5).id(), SubnetRuntime.Misbehaviour.EQUIVOCATE);
      s.crash(s.nodes().get(8).id());
      s.crash(s.nodes().get(11).id());
      CanisterId x = ic.createCanister(app.id(), Cycles.of(50_000_000_000_000L));
      ic.install(x, PINGER, new byte[0]);
      for (int i = 1; i <= 3; i++) {
        assertThat(u64(ic.update(x, "inc", new byte[0]))).isEqualTo(i);
      }
      assertThat(u64(ic.query(x, "get", new byte[0]))).isEqualTo(3);
      Bytes root = s.stateManager().latestCertifiedEntry().orElseThrow().tree().rootHash();
      int agreeing = 0;
      for (int i = 0; i < 13; i++) {
        if (i == 1 || i == 5 || i == 8 || i == 11) {
          continue;
        }
        var e = s.nodes().get(i).stateManager().entry(s.certifiedHeight());
        if (e.isPresent()) {
          assertThat(e.get().tree().rootHash()).as("node " + i).isEqualTo(root);
          agreeing++;
        }
      }
      assertThat(agreeing).as("honest nodes holding the certified height").isGreaterThanOrEqualTo(5);
    }
  }
}
