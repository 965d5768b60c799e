package org.jicp.replica.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jicp.candid.CandidDecoder;
import org.jicp.candid.CandidEncoder;
import org.jicp.candid.CandidValue;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.replica.Replica;
import org.jicp.replica.cli.JicpCli;
import org.jicp.types.CanisterId;
import org.jicp.types.MessageId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 22's evidence on real processes: {@code jicp testnet start --nodes 4} (4 JVMs, TLS
 * transport on loopback), a canister installed and called through one node and queried through
 * the others; one node killed with SIGKILL while updates go on (f = 1: every acknowledged update
 * survives), restarted with {@code jicp replica node --config}: it state-syncs from its peers and
 * answers queries and updates like the others. Long (minutes on 2 cores): run with
 * {@code -Ptestnet} (sets {@code jicp.testnet=true}).
 */
class TestnetProcessesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] EMPTY = CandidEncoder.empty();

  @TempDir Path dir;

  @Test
  @Timeout(value = 900, unit = TimeUnit.SECONDS)
  void fourProcesses_killNineAndRestart_noAcknowledgedUpdateLostAndNodeCatchesUp()
      throws Exception {
    assumeTrue(Boolean.getBoolean("jicp.testnet"), "long: run with -Ptestnet");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new JicpCli());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int rc = cli.execute("testnet", "start", "--dir", dir.toString(), "--nodes", "4",
        "--seed", "22", "--dkg-interval", "9", "--timeout-seconds", "400");
    Process restarted = null;
    try {
      assertThat(rc).as(out + "\n" + err).isZero();
      assertThat(out.toString()).contains("ready " + dir.resolve("testnet.json"));
      JsonNode doc = JSON.readTree(dir.resolve("testnet.json").toFile());
      assertThat(doc.get("nodes")).hasSize(4);
      List<String> urls = new ArrayList<>();
      for (JsonNode n : doc.get("nodes")) {
        assertThat(n.get("subnet_kind").asText()).isEqualTo("application");
        urls.add(n.get("http").asText());
      }
      RawIc n0 = new RawIc(urls.get(0));
      assertThat(n0.get("/_/topology").text()).contains(doc.get("root_key").asText());
      CanisterId ecid = CanisterId.fromIndex(Replica.APP_RANGE_START);

      // install and call through node 0, query through every node
      CanisterId counter = createCanister(n0, ecid);
      update(n0, ecid, new CanisterId(Principal.managementCanister()), "install_code",
          RawIc.Candid.record(CandidValue.field("mode", CandidValue.variant("install")),
              CandidValue.field("canister_id", CandidValue.principal(counter.principal())),
              CandidValue.field("wasm_module", CandidValue.blob(Harness.motoko("counter"))),
              CandidValue.field("arg", CandidValue.blob(EMPTY))));
      update(n0, ecid, counter, "inc");
      for (String u : urls) {
        awaitReplied(new RawIc(u), ecid, lastRequest, "inc"); // u's certified state has it
        assertThat(get(new RawIc(u), ecid, counter)).as(u).isEqualTo(1);
      }

      // kill -9 node 3 under updates through nodes 0, 1, 2: all acknowledged, none lost
      long pid3 = doc.get("nodes").get(3).get("pid").asLong();
      ProcessHandle h3 = ProcessHandle.of(pid3).orElseThrow();
      h3.destroyForcibly();
      h3.onExit().get(30, TimeUnit.SECONDS);
      int acknowledged = 1;
      for (int i = 0; i < 6; i++) {
        update(new RawIc(urls.get(i % 3)), ecid, counter, "inc");
        acknowledged++;
      }
      for (int i = 0; i < 3; i++) {
        awaitReplied(new RawIc(urls.get(i)), ecid, lastRequest, "inc");
        assertThat(get(new RawIc(urls.get(i)), ecid, counter)).isEqualTo(acknowledged);
      }

      // restart node 3 from its configuration: it state-syncs and answers like the others
      Path nd = dir.resolve("node-0-3");
      restarted = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
          .toString(), "-Xmx512m", "-XX:+UseSerialGC", "-XX:-DontCompileHugeMethods", "-cp",
          System.getProperty("java.class.path"), JicpCli.class.getName(), "replica", "node",
          "--config", nd.resolve("config.json").toString())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(nd.resolve("node.log").toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
      RawIc n3 = new RawIc(urls.get(3));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
      long seen = -1;
      while (seen != acknowledged) {
        assertThat(System.nanoTime()).as("node 3 caught up within 300 s (last answer: " + seen
            + "); log:\n" + tail(nd.resolve("node.log"))).isLessThan(deadline);
        assertThat(restarted.isAlive()).as(tail(nd.resolve("node.log"))).isTrue();
        restarted.waitFor(1, TimeUnit.SECONDS); // paces the polling of an external process
        seen = tryGet(n3, ecid, counter);
      }
      String log3 = Files.readString(nd.resolve("node.log"));
      assertThat(log3).contains("synced height");
      log3.lines().filter(l -> l.contains("sync") || l.contains("continues from"))
          .forEach(l -> System.out.println("node 3: " + l));
      update(n3, ecid, counter, "inc");
      acknowledged++;
      for (String u : urls) {
        awaitReplied(new RawIc(u), ecid, lastRequest, "inc");
        assertThat(get(new RawIc(u), ecid, counter)).as(u).isEqualTo(acknowledged);
      }
    } finally {
      StringWriter so = new StringWriter();
      CommandLine stop = new CommandLine(new JicpCli());
      stop.setOut(new PrintWriter(so, true));
      if (Files.exists(dir.resolve("testnet.json"))) {
        assertThat(stop.execute("testnet", "stop", "--dir", dir.toString())).as(so.toString())
            .isZero();
      }
      if (restarted != null) {
        boolean exited = restarted.waitFor(30, TimeUnit.SECONDS);
        restarted.destroyForcibly();
        assertThat(exited).as("testnet stop found the restarted node by its pid file").isTrue();
      }
    }
  }

  private static String tail(Path log) throws java.io.IOException {
    List<String> l = Files.readAllLines(log);
    return String.join("\n", l.subList(Math.max(0, l.size() - 30), l.size()));
  }

  /** The request id of the last update sent. */
  private static MessageId lastRequest;

  private static CanisterId createCanister(RawIc ic, CanisterId ecid) {
    Bytes reply = update(ic, ecid, new CanisterId(Principal.managementCanister()),
        "provisional_create_canister_with_cycles",
        RawIc.Candid.record(CandidValue.field("amount", CandidValue.none()),
            CandidValue.field("settings", CandidValue.none())));
    CandidValue.Record r = (CandidValue.Record) CandidDecoder.standard().decode(
        reply.toByteArray()).values().get(0);
    return new CanisterId(((CandidValue.PrincipalRef) r.get("canister_id").orElseThrow())
        .principal());
  }

  private static Bytes update(RawIc ic, CanisterId ecid, CanisterId canister, String method) {
    return update(ic, ecid, canister, method, EMPTY);
  }

  /** {@link RawIc#update}, keeping the request id in {@link #lastRequest}. */
  private static Bytes update(RawIc ic, CanisterId ecid, CanisterId canister, String method,
      byte[] arg) {
    try {
      return ic.update(ecid, canister, method, arg);
    } finally {
      lastRequest = ic.lastRequest();
    }
  }

  private static Bytes awaitReplied(RawIc ic, CanisterId ecid, MessageId rid, String method) {
    return ic.awaitReplied(ecid, rid, method);
  }

  private static long get(RawIc ic, CanisterId ecid, CanisterId canister) {
    RawIc.Http h = ic.query(ecid, canister, "get", EMPTY);
    assertThat(h.status()).as(h.text()).isEqualTo(200);
    return value(h);
  }

  /** The counter through {@code ic}, or -1 while it cannot answer yet. */
  private static long tryGet(RawIc ic, CanisterId ecid, CanisterId canister) {
    try {
      RawIc.Http h = ic.query(ecid, canister, "get", EMPTY);
      return h.status() == 200 && "replied".equals(h.cbor().get("status")) ? value(h) : -1;
    } catch (java.io.UncheckedIOException e) {
      return -1; // not listening yet
    }
  }

  @SuppressWarnings("unchecked")
  private static long value(RawIc.Http h) {
    Map<String, Object> m = h.cbor();
    assertThat(m.get("status")).as(m.toString()).isEqualTo("replied");
    Bytes arg = (Bytes) ((Map<String, Object>) m.get("reply")).get("arg");
    CandidValue v = CandidDecoder.standard().decode(arg.toByteArray()).values().get(0);
    return ((CandidValue.Nat) v).value().longValueExact();
  }
}
