package org.jicp.replica.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jicp.types.CanisterId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DFINITY's agent-js 3.4.3 — the harness client {@code agent-js/client.mjs}, run unmodified from
 * the (read-only) harness folder with BLS verification and query-signature verification on —
 * against the HTTP interface serving an NNS and an application subnet (so certificates carry the
 * NNS delegation). Its npm packages are installed from the harness {@code package-lock.json} into
 * {@code target/agent-js}; a module-resolution hook ({@code node --import}) lets the client's bare
 * imports resolve there, since ES modules ignore {@code NODE_PATH}.
 */
class AgentJsClientTest {
  private static TestReplica replica;
  private static Path modules;

  @BeforeAll
  static void setUp() throws Exception {
    modules = NodeClients.install(Harness.root().resolve("agent-js"), "agent-js");
    replica = new TestReplica(List.of("nns", "application"));
  }

  @AfterAll
  static void tearDown() {
    if (replica != null) {
      replica.close();
    }
  }

  private static ExternalProcess.Result client(Map<String, String> env) throws Exception {
    return NodeClients.run(modules, Harness.root().resolve("agent-js/client.mjs"), env);
  }

  @Test
  void harnessClient_anonymousThenEd25519_allStepsPass() throws Exception {
    RawIc c = replica.client();
    CanisterId id = c.createCanister(replica.backend.topology().defaultEffectiveCanisterId());
    c.install(id, Harness.motoko("counter"), "install");

    ExternalProcess.Result anon = client(Map.of("REPLICA_URL", replica.url(),
        "CANISTER_ID", id.principal().toText(), "EXPECT", "2"));
    System.out.println(anon.output());
    assertThat(anon.output()).contains("verifyQuerySignatures=true skipBls=false")
        .contains("STEP CanisterStatus.request(time, module_hash, subnet) OK")
        .contains("agent-js client: all steps passed").doesNotContain(" FAIL");
    assertThat(anon.exit()).isZero();

    ExternalProcess.Result signed = client(Map.of("REPLICA_URL", replica.url(),
        "CANISTER_ID", id.principal().toText(), "EXPECT", "4", "IDENTITY", "ed25519"));
    System.out.println(signed.output());
    assertThat(signed.output()).contains("agent-js client: all steps passed")
        .doesNotContain(" FAIL");
    assertThat(signed.exit()).isZero();
  }

  @Test
  void agentJs_100SequentialUpdates_allCertifiedAndCounted() throws Exception {
    RawIc c = replica.client();
    CanisterId id = c.createCanister(replica.backend.topology().defaultEffectiveCanisterId());
    c.install(id, Harness.motoko("counter"), "install");
    Path script = Path.of("target", "test-classes", "agent-js", "sequential-updates.mjs")
        .toAbsolutePath();
    ExternalProcess.Result r = NodeClients.run(modules, script,
        Map.of("REPLICA_URL", replica.url(), "CANISTER_ID", id.principal().toText(),
            "COUNT", "100"));
    System.out.println(r.output());
    assertThat(r.output()).contains("agent-js sequential updates: 100 in ");
    assertThat(r.exit()).isZero();
  }

  @Test
  void harnessClient_canisterOnNnsSubnet_noDelegationPathPasses() throws Exception {
    RawIc c = replica.client();
    CanisterId nns = replica.backend.topology().subnets().get(0).ranges().ranges().get(0).start();
    CanisterId id = c.createCanister(nns);
    c.install(id, Harness.motoko("counter"), "install");
    ExternalProcess.Result r = client(Map.of("REPLICA_URL", replica.url(),
        "CANISTER_ID", id.principal().toText(), "EXPECT", "2"));
    System.out.println(r.output());
    assertThat(r.output()).contains("agent-js client: all steps passed").doesNotContain(" FAIL");
    assertThat(r.exit()).isZero();
  }
}
