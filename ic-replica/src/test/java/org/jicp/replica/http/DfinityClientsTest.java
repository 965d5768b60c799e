package org.jicp.replica.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.sig.Ed25519SigningKey;
import org.junit.jupiter.api.Test;

/**
 * DFINITY's canister clients, unmodified, against jicp's NNS on {@code jicp replica start}:
 * {@code @dfinity/ledger-icp} 9.1.0 (certified balance, fee, legacy and ICRC-1 transfers), {@code
 * @dfinity/nns} 12.1.0 (proposals and neurons from governance, certified), {@code
 * @icp-sdk/canisters} 3.6.0 {@code ic-management} (status, install, stop, snapshot take/list) and
 * {@code ledger/cycles} (withdraw), over {@code @icp-sdk/core} 5.2.0 (their peer). Packages from
 * the lock file in {@code src/test/resources/dfinity-clients}; script {@code clients.mjs}.
 */
class DfinityClientsTest {
  @Test
  void ledgerNnsIcManagementCyclesLedger_fundedIdentity_allStepsPass() throws Exception {
    Path resources = Path.of("target", "test-classes", "dfinity-clients").toAbsolutePath();
    Path modules = NodeClients.install(resources, "dfinity-clients");
    Path counter = Harness.root().resolve("motoko/out/wasm32/counter.wasm");
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) 0x77);
    String principal = Ed25519SigningKey.fromSeed(seed).publicKey().selfAuthenticatingPrincipal().toText();
    long e8s = 5 * 100_000_000L;
    Path dir = Files.createTempDirectory("jicp-dfinity-clients");
    try (ReplicaProcess replica = ReplicaProcess.start(dir, List.of(
        "--icp", principal + "=" + e8s, "--cycles", principal + "=10000000000000"))) {
      ExternalProcess.Result r = NodeClients.run(modules, resources.resolve("clients.mjs"), Map.of(
          "REPLICA_URL", replica.url, "SEED_HEX", Bytes.of(seed).toHex(), "EXPECT_E8S", Long.toString(e8s),
          "COUNTER_WASM", counter.toString()));
      System.out.println(r.output());
      assertThat(r.output()).contains("dfinity clients: all steps passed").doesNotContain(" FAIL");
      assertThat(r.output().lines().filter(l -> l.startsWith("PASS "))).hasSize(11);
      assertThat(r.exit()).isZero();
    }
  }
}
