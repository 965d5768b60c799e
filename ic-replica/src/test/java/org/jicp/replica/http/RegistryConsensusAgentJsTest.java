package org.jicp.replica.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.jicp.candid.CandidEncoder;
import org.jicp.replica.Replica;
import org.jicp.types.CanisterId;
import org.jicp.types.SubnetId;
import org.jicp.wasm.cycles.FeeSchedule;
import org.junit.jupiter.api.Test;

/**
 * DFINITY's agent-js 3.4.3 (the harness client {@code agent-js/client.mjs}, unmodified, BLS and
 * query-signature verification on) against a Motoko counter on a registry subnet whose four nodes
 * run BFT consensus with the registry's keys ({@code registryConsensus(true)}): the client
 * verifies each update's certificate — the threshold signature combined from the nodes' shares —
 * under the root key through the subnet's NNS delegation, and each query's node signature
 * against the nodes the certified state lists.
 */
class RegistryConsensusAgentJsTest {

  @Test
  void harnessClient_counterOnABftRegistrySubnet_allStepsPass() throws Exception {
    Path modules = NodeClients.install(Harness.root().resolve("agent-js"), "agent-js");
    Replica ic = Replica.builder().nnsSubnet().applicationSubnets(2).nnsCanisters(true)
        .registryNodesPerSubnet(4).registryConsensus(true).deterministic(45)
        .startTime(Instant.now()).build();
    ReplicaBackend backend = new ReplicaBackend(ic);
    try (backend) {
      SubnetId bft = ic.subnets().get(2).id();
      assertThat(ic.subnet(bft).runsConsensus()).isTrue();
      IcHttpApi api = new IcHttpApi(backend,
          new IcSenderAuthenticator(backend.topology().rootKeyDer()), ReplicaBackend::systemNanos,
          Duration.ofSeconds(10));
      try (IcHttpServer server = IcHttpServer.builder().start(api)) {
        CanisterId id = ic.createCanister(bft, FeeSchedule.DEFAULT_PROVISIONAL_CYCLES_BALANCE);
        ic.install(id, Harness.motoko("counter"), CandidEncoder.empty());
        ExternalProcess.Result r = NodeClients.run(modules,
            Harness.root().resolve("agent-js/client.mjs"), Map.of("REPLICA_URL", server.url(),
                "CANISTER_ID", id.principal().toText(), "EXPECT", "2"));
        System.out.println(r.output());
        assertThat(r.output()).contains("verifyQuerySignatures=true skipBls=false")
            .contains("agent-js client: all steps passed").doesNotContain(" FAIL");
        assertThat(r.exit()).isZero();
      }
    }
  }
}
