package org.jicp.replica.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * DFINITY's {@code icp} CLI 1.5.0, unmodified, against {@code jicp replica start --icp … --cycles
 * …} (NNS and application subnet, one node each): canisters created through the cycles ledger,
 * installed, upgraded, reinstalled, called (Candid from the {@code candid:service} metadata),
 * inspected, reconfigured, stopped, started, snapshotted and deleted; ICP ledger and cycles ledger
 * commands. One replica for the class; each test uses its own canisters and identities' balances
 * only where it asserts on them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IcpCliTest {
  private static final long E8S = 100_000_000L;
  private static final BigInteger T = BigInteger.TEN.pow(12);

  private Path dir;
  private IcpCli icp;
  private final String alice = "alice";
  private final String bob = "bob";
  private final String carol = "carol";
  private String aliceId;
  private String bobId;
  private String carolId;
  private String nnsSubnet;
  private String appSubnet;
  private Path wasm;

  @BeforeAll
  void start() throws Exception {
    wasm = Harness.root().resolve("motoko/out/wasm32");
    dir = Files.createTempDirectory("jicp-icp-cli");
    icp = IcpCli.install(dir.resolve("home"));
    aliceId = icp.newIdentity(alice);
    bobId = icp.newIdentity(bob);
    carolId = icp.newIdentity(carol);
    String ready = icp.startReplica(dir, List.of(
        "--icp", aliceId + "=" + 10_000 * E8S, "--cycles", aliceId + "=" + T.multiply(BigInteger.valueOf(100)),
        "--icp", carolId + "=" + 3 * E8S, "--cycles", carolId + "=" + T.multiply(BigInteger.valueOf(7))));
    nnsSubnet = group(ready, "subnet nns (\\S+) ");
    appSubnet = group(ready, "subnet application (\\S+) ");
  }

  @AfterAll
  void stop() throws Exception {
    if (icp != null) {
      icp.close();
    }
  }

  private static String group(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as(regex + " in " + text).isTrue();
    return m.group(1);
  }

  private static BigInteger nat(JsonNode n) {
    return new BigInteger(n.asText().replace("_", ""));
  }

  private String createCanister(String who) throws Exception {
    JsonNode created = icp.json(who, "canister", "create", "--detached");
    String id = created.get("canister_id").asText();
    assertThat(id).matches("[a-z0-9]{5}(-[a-z0-9]{5})*-cai");
    return id;
  }

  @Test
  void balances_fundedAtGenesis_icpAndCyclesAsGiven() throws Exception {
    assertThat(icp.json(carol, "token", "balance").get("balance").asText()).isEqualTo("3.00000000 ICP");
    assertThat(nat(icp.json(carol, "cycles", "balance").get("balance").asText().replace(" cycles", "")))
        .isEqualTo(T.multiply(BigInteger.valueOf(7)));
  }

  private static BigInteger nat(String s) {
    return new BigInteger(s.replace("_", ""));
  }

  @Test
  void canister_createInstallCallUpgradeReinstall_behavesAsOnTheIc() throws Exception {
    String id = createCanister(alice);
    icp.ok(alice, "canister", "install", id, "--wasm", wasm.resolve("counter.wasm").toString());
    assertThat(icp.ok(alice, "canister", "call", id, "inc", "()")).isEqualTo("()");
    assertThat(icp.ok(alice, "canister", "call", id, "inc", "()")).isEqualTo("()");
    assertThat(icp.ok(alice, "canister", "call", id, "get", "()", "--query")).isEqualTo("(2 : nat)");
    assertThat(icp.ok(alice, "canister", "call", id, "greet", "(\"jicp\")", "--query"))
        .isEqualTo("(\"Hello, jicp!\")");
    // Upgrade (enhanced orthogonal persistence, memory kept), then reinstall (memory cleared).
    icp.ok(alice, "canister", "install", id, "--wasm", wasm.resolve("counter.wasm").toString(),
        "--mode", "upgrade", "-y");
    assertThat(icp.ok(alice, "canister", "call", id, "get", "()", "--query")).isEqualTo("(2 : nat)");
    icp.ok(alice, "canister", "install", id, "--wasm", wasm.resolve("counter.wasm").toString(),
        "--mode", "reinstall", "-y");
    assertThat(icp.ok(alice, "canister", "call", id, "get", "()", "--query")).isEqualTo("(0 : nat)");

    JsonNode status = icp.json(alice, "canister", "status", id);
    assertThat(status.get("status").asText()).isEqualTo("Running");
    assertThat(status.get("settings").get("controllers").get(0).asText()).isEqualTo(aliceId);
    assertThat(status.get("module_hash").asText()).startsWith("0x").hasSize(66);
    assertThat(nat(status.get("cycles"))).isPositive();
    assertThat(icp.ok(alice, "canister", "metadata", id, "candid:service")).contains("inc: () -> ();");
    icp.ok(alice, "canister", "call", id, "inc", "()");
    assertThat(icp.ok(alice, "canister", "logs", id)).contains("counter: inc -> 1");
  }

  @Test
  void canister_settingsStopStartDelete_statusFollows() throws Exception {
    String id = createCanister(alice);
    icp.ok(alice, "canister", "settings", "update", id, "--freezing-threshold", "1000",
        "--add-controller", bobId);
    JsonNode settings = icp.json(alice, "canister", "settings", "show", id);
    assertThat(settings.get("freezing_threshold").get(0).asLong()).isEqualTo(1000);
    assertThat(settings.get("controllers").toString()).contains(aliceId).contains(bobId);
    icp.ok(alice, "canister", "stop", id);
    assertThat(icp.json(alice, "canister", "status", id).get("status").asText()).isEqualTo("Stopped");
    icp.ok(alice, "canister", "start", id);
    assertThat(icp.json(bob, "canister", "status", id).get("status").asText()).isEqualTo("Running");
    icp.ok(alice, "canister", "stop", id);
    assertThat(icp.ok(alice, "canister", "delete", id)).contains("Recovered");
    ExternalProcess.Result gone = icp.run(alice, "canister", "status", id);
    assertThat(gone.exit()).isNotZero();
    assertThat(gone.output()).contains("Canister " + id + " was not found");
  }

  @Test
  void snapshot_createListRestore_memoryAsAtTheSnapshot() throws Exception {
    String id = createCanister(alice);
    icp.ok(alice, "canister", "install", id, "--wasm", wasm.resolve("counter.wasm").toString());
    icp.ok(alice, "canister", "call", id, "inc", "()");
    icp.ok(alice, "canister", "stop", id);
    JsonNode snap = icp.json(alice, "canister", "snapshot", "create", id);
    String snapshot = snap.get("snapshot_id").asText();
    JsonNode list = icp.json(alice, "canister", "snapshot", "list", id).get("snapshots");
    assertThat(list).hasSize(1);
    assertThat(list.get(0).get("snapshot_id").asText()).isEqualTo(snapshot);
    icp.ok(alice, "canister", "start", id);
    icp.ok(alice, "canister", "call", id, "inc", "()");
    assertThat(icp.ok(alice, "canister", "call", id, "get", "()", "--query")).isEqualTo("(2 : nat)");
    icp.ok(alice, "canister", "stop", id);
    icp.ok(alice, "canister", "snapshot", "restore", id, snapshot);
    icp.ok(alice, "canister", "start", id);
    assertThat(icp.ok(alice, "canister", "call", id, "get", "()", "--query")).isEqualTo("(1 : nat)");
  }

  @Test
  void topUp_fromTheCyclesLedger_canisterBalanceGrows() throws Exception {
    String id = createCanister(alice);
    BigInteger before = nat(icp.json(alice, "canister", "status", id).get("cycles"));
    assertThat(icp.ok(alice, "canister", "top-up", id, "--amount", "1t"))
        .contains("with 1_000_000_000_000 cycles");
    BigInteger after = nat(icp.json(alice, "canister", "status", id).get("cycles"));
    assertThat(after.subtract(before)).isGreaterThan(T.multiply(BigInteger.valueOf(9)).divide(BigInteger.TEN));
  }

  @Test
  void create_subnetOption_ownSubnetHonouredOtherRejectedClearly() throws Exception {
    JsonNode created = icp.json(alice, "canister", "create", "--detached", "--subnet", appSubnet);
    assertThat(created.get("canister_id").asText()).endsWith("-cai");
    ExternalProcess.Result r = icp.run(alice, "canister", "create", "--detached", "--subnet", nnsSubnet);
    assertThat(r.exit()).isNotZero();
    assertThat(r.output()).contains("creates canisters on its own subnet " + appSubnet);
  }

  @Test
  void token_transferApproveAllowance_onTheIcpLedger() throws Exception {
    String dave = icp.newIdentity("dave");
    assertThat(icp.json(alice, "token", "transfer", "1.5", dave).get("block_index").asLong()).isPositive();
    assertThat(icp.json(alice, "token", "balance", "--of-principal", dave).get("balance").asText())
        .isEqualTo("1.50000000 ICP");
    icp.json(alice, "token", "approve", "2", dave);
    assertThat(icp.json(alice, "token", "allowance", dave).get("allowance").asText())
        .isEqualTo("2.00000000 ICP");
  }

  @Test
  void cycles_transfer_onTheCyclesLedger() throws Exception {
    String erin = icp.newIdentity("erin");
    assertThat(icp.json(alice, "cycles", "transfer", "1t", erin).get("block_index").asLong()).isPositive();
    assertThat(icp.json(alice, "cycles", "balance", "--of-principal", erin).get("balance").asText())
        .isEqualTo("1_000_000_000_000 cycles");
  }

  @Test
  void cyclesMint_icpThroughTheCmc_depositedOnTheCyclesLedgerLessItsFee() throws Exception {
    BigInteger before = nat(icp.json(alice, "cycles", "balance").get("balance").asText().replace(" cycles", ""));
    JsonNode minted = icp.json(alice, "cycles", "mint", "--icp", "1");
    // 1 ICP at the genesis rate of 3.5 XDR is 3.5 T cycles; the cycles ledger's fee is 100 M.
    assertThat(minted.get("deposited").asText()).isEqualTo("3_499_900_000_000 cycles");
    BigInteger after = nat(minted.get("new_balance").asText().replace(" cycles", ""));
    assertThat(after.subtract(before)).isEqualTo(BigInteger.valueOf(3_499_900_000_000L));
  }

  @Test
  void create_withIcp_throughTheCmcNotifyCreateCanister() throws Exception {
    JsonNode created = icp.json(alice, "canister", "create", "--detached", "--with-icp", "1");
    String id = created.get("canister_id").asText();
    JsonNode status = icp.json(alice, "canister", "status", id);
    assertThat(status.get("settings").get("controllers").get(0).asText()).isEqualTo(aliceId);
    // 1 ICP is 3.5 T cycles; the creation fee on an application subnet is 0.5 T.
    assertThat(nat(status.get("cycles"))).isGreaterThan(BigInteger.valueOf(2_900_000_000_000L));
  }
}
