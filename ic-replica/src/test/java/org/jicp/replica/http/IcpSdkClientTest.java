package org.jicp.replica.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jicp.types.CanisterId;
import org.junit.jupiter.api.Test;

/**
 * The next generation of DFINITY's agent, {@code @icp-sdk/core} 6.1.0 (v4 call, v3 query and
 * read_state, canister ranges proven through {@code /canister_ranges/<subnet>}), BLS and query
 * signatures verified, Ed25519 identity, against a canister on the application subnet (behind the
 * NNS delegation). Packages from the lock file in {@code src/test/resources/icp-sdk}.
 */
class IcpSdkClientTest {
  @Test
  void icpSdkCore_counterBehindDelegation_allStepsPass() throws Exception {
    Path resources = Path.of("target", "test-classes", "icp-sdk").toAbsolutePath();
    Path modules = NodeClients.install(resources, "icp-sdk");
    try (TestReplica replica = new TestReplica(List.of("nns", "application"))) {
      RawIc c = replica.client();
      CanisterId id = c.createCanister(replica.backend.topology().defaultEffectiveCanisterId());
      c.install(id, Harness.motoko("counter"), "install");
      ExternalProcess.Result r = NodeClients.run(modules, resources.resolve("client.mjs"),
          Map.of("REPLICA_URL", replica.url(), "CANISTER_ID", id.principal().toText(),
              "EXPECT", "2"));
      System.out.println(r.output());
      assertThat(r.output()).contains("icp-sdk client: all steps passed").doesNotContain(" FAIL");
      assertThat(r.exit()).isZero();
    }
  }

  @Test
  void icpSdkCore_lifecycleThroughTheAgentOnly_allStepsPass() throws Exception {
    Path resources = Path.of("target", "test-classes", "icp-sdk").toAbsolutePath();
    Path modules = NodeClients.install(resources, "icp-sdk");
    Path wasm = Harness.root().resolve("motoko/out/wasm32");
    try (TestReplica replica = new TestReplica(List.of("nns", "application"))) {
      ExternalProcess.Result r = NodeClients.run(modules, resources.resolve("lifecycle.mjs"),
          Map.of("REPLICA_URL", replica.url(),
              "DEFAULT_ECID", replica.backend.topology().defaultEffectiveCanisterId().principal()
                  .toText(),
              "COUNTER_WASM", wasm.resolve("counter.wasm").toString(),
              "STABLE_STORE_WASM", wasm.resolve("stable_store.wasm").toString(),
              "TRAPPER_WASM", wasm.resolve("trapper.wasm").toString()));
      System.out.println(r.output());
      assertThat(r.output()).contains("lifecycle: all steps passed").doesNotContain(" FAIL");
      assertThat(r.exit()).isZero();
    }
  }
}
