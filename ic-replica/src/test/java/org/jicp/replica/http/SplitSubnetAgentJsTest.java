package org.jicp.replica.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.jicp.candid.CandidEncoder;
import org.jicp.replica.Replica;
import org.jicp.replica.SplitSubnetFixture;
import org.jicp.types.CanisterId;
import org.jicp.types.SubnetId;
import org.jicp.wasm.cycles.FeeSchedule;
import org.junit.jupiter.api.Test;

/**
 * DFINITY's agent-js 3.4.3 (the harness client {@code agent-js/client.mjs}, unmodified, BLS and
 * query-signature verification on) against both halves of a subnet split by proposal in the
 * running replica: a Motoko counter on each half is called over HTTP, and the client verifies
 * each update's certificate under the root key through that half's new NNS delegation (the
 * source's rekeyed one, the new subnet's first one) and each query's node signature against the
 * nodes the half's certified state lists.
 */
class SplitSubnetAgentJsTest {

  @Test
  void harnessClient_canistersOnBothHalvesOfASplit_allStepsPass() throws Exception {
    Path modules = NodeClients.install(Harness.root().resolve("agent-js"), "agent-js");
    Replica ic = SplitSubnetFixture.replica(35, Instant.now());
    ReplicaBackend backend = new ReplicaBackend(ic);
    try (backend) {
      SplitSubnetFixture.Setup s = SplitSubnetFixture.setUp(ic);
      SplitSubnetFixture.split(ic, s);
      SubnetId destination = ic.subnets().get(2).id();
      IcHttpApi api = new IcHttpApi(backend,
          new IcSenderAuthenticator(backend.topology().rootKeyDer()), ReplicaBackend::systemNanos,
          Duration.ofSeconds(10));
      try (IcHttpServer server = IcHttpServer.builder().start(api)) {
        for (SubnetId half : new SubnetId[] {s.source(), destination}) {
          CanisterId id = ic.createCanister(half, FeeSchedule.DEFAULT_PROVISIONAL_CYCLES_BALANCE);
          ic.install(id, Harness.motoko("counter"), CandidEncoder.empty());
          ExternalProcess.Result r = NodeClients.run(modules,
              Harness.root().resolve("agent-js/client.mjs"), Map.of("REPLICA_URL", server.url(),
                  "CANISTER_ID", id.principal().toText(), "EXPECT", "2"));
          System.out.println(r.output());
          assertThat(r.output()).as("subnet " + half)
              .contains("verifyQuerySignatures=true skipBls=false")
              .contains("agent-js client: all steps passed").doesNotContain(" FAIL");
          assertThat(r.exit()).isZero();
        }
      }
    }
  }
}
