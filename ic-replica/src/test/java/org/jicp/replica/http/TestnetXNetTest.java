package org.jicp.replica.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jicp.candid.CandidDecoder;
import org.jicp.candid.CandidEncoder;
import org.jicp.candid.CandidValue;
import org.jicp.crypto.Bytes;
import org.jicp.replica.Replica;
import org.jicp.replica.cli.JicpCli;
import org.jicp.replica.demo.IcTour;
import org.jicp.types.CanisterId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 22 (XNet) on real processes: {@code jicp testnet start --subnets nns,application
 * --nodes 1} (two JVMs), a counter on the application subnet and a relay on the NNS subnet, the
 * relay's call crossing between the processes in certified stream slices fetched over HTTP;
 * everything through the application node's HTTP port (calls for the NNS canister forwarded).
 * Run with {@code -Ptestnet}.
 */
class TestnetXNetTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  @Timeout(value = 600, unit = TimeUnit.SECONDS)
  void nnsAndApplicationProcesses_relayCallsCounterAcrossSubnets_replies() throws Exception {
    assumeTrue(Boolean.getBoolean("jicp.testnet"), "long: run with -Ptestnet");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new JicpCli());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int rc = cli.execute("testnet", "start", "--dir", dir.toString(), "--subnets",
        "nns,application", "--nodes", "1", "--seed", "23", "--timeout-seconds", "300");
    try {
      assertThat(rc).as(out + "\n" + err + "\n" + logs()).isZero();
      JsonNode doc = JSON.readTree(dir.resolve("testnet.json").toFile());
      assertThat(doc.get("nodes")).hasSize(2);
      assertThat(doc.get("nodes").get(0).get("subnet_kind").asText()).isEqualTo("nns");
      RawIc app = new RawIc(doc.get("nodes").get(1).get("http").asText());
      CanisterId ecidApp = CanisterId.fromIndex(Replica.APP_RANGE_START);
      CanisterId ecidNns = CanisterId.fromIndex(0);
      CanisterId counter = app.createCanister(ecidApp);
      app.install(counter, IcTour.canister("counter"), "install");
      CanisterId relay = app.createCanister(ecidNns); // forwarded to the NNS node
      app.install(relay, IcTour.canister("relay"), "install");
      byte[] arg = CandidEncoder.encode(List.of(CandidValue.principal(counter.principal())));
      long[] millis = new long[3];
      for (int call = 0; call < millis.length; call++) {
        long t0 = System.nanoTime();
        Bytes reply = update(app, relay, "inc_on", arg);
        millis[call] = (System.nanoTime() - t0) / 1_000_000;
        CandidValue v = CandidDecoder.standard().decode(reply.toByteArray()).values().get(0);
        assertThat(((CandidValue.Nat64) v).bits()).isEqualTo(call + 1);
      }
      System.out.println("testnet nns,application (1 node each, 2 processes): relay on the NNS "
          + "-> counter on the application subnet, round trips " + java.util.Arrays.toString(
              millis) + " ms");
      for (String n : List.of("node-0-0", "node-1-0")) {
        Files.readAllLines(dir.resolve(n).resolve("node.log")).stream()
            .filter(l -> l.contains("xnet")).reduce((x, y) -> y)
            .ifPresent(l -> System.out.println(n + ": " + l));
      }
    } finally {
      StringWriter so = new StringWriter();
      CommandLine stop = new CommandLine(new JicpCli());
      stop.setOut(new PrintWriter(so, true));
      if (Files.exists(dir.resolve("testnet.json"))) {
        assertThat(stop.execute("testnet", "stop", "--dir", dir.toString())).as(so.toString())
            .isZero();
      }
    }
  }

  /** The last lines of every node's log. */
  private String logs() throws java.io.IOException {
    StringBuilder b = new StringBuilder();
    for (String n : List.of("node-0-0", "node-1-0")) {
      Path f = dir.resolve(n).resolve("node.log");
      if (Files.exists(f)) {
        List<String> l = Files.readAllLines(f);
        b.append(n).append(":\n").append(String.join("\n",
            l.subList(Math.max(0, l.size() - 15), l.size()))).append('\n');
      }
    }
    return b.toString();
  }

  /** A v3 call; while the answer is 202, read_state until the certified status is replied. */
  private static Bytes update(RawIc ic, CanisterId canister, String method, byte[] arg) {
    return ic.update(canister, canister, method, arg);
  }
}
