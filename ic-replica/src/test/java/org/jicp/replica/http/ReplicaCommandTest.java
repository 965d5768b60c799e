package org.jicp.replica.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jicp replica start} as a separate process (the test class path, main class {@code
 * JicpCli}): flags, the per-subnet lines, the ready line, the port file, {@code /_/topology} in
 * the order of {@code --subnets}, and SIGTERM → clean stop with exit 0.
 */
class ReplicaCommandTest {
  @TempDir Path dir;

  private Process start(List<String> args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "org.jicp.replica.cli.JicpCli"));
    cmd.addAll(args);
    return new ProcessBuilder(cmd).redirectError(dir.resolve("stderr").toFile()).start();
  }

  @Test
  void start_portFileAndSubnets_readyTopologyAndCleanStopOnSigterm() throws Exception {
    Path portFile = dir.resolve("port");
    Process p = start(List.of("replica", "start", "--port", "0", "--port-file",
        portFile.toString(), "--subnets", "application,nns,fiduciary", "--nodes", "1",
        "--deterministic", "--seed", "5"));
    List<String> lines = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        lines.add(line);
        if (line.startsWith("ready ")) {
          break;
        }
      }
      assertThat(lines).as(String.join("\n", lines)).hasSize(4);
      // Ranges: the NNS hosts indices 0..2^20-1 wherever it is listed; the others follow
      // from 0x2100000 in the order given.
      assertThat(lines.get(0)).matches("subnet application [a-z0-9-]+ canisters "
          + "[a-z0-9-]+\\.\\.[a-z0-9-]+ nodes 1");
      assertThat(lines.get(0)).contains(" canisters "
          + org.jicp.types.CanisterId.fromIndex(org.jicp.replica.Replica.APP_RANGE_START) + "..");
      assertThat(lines.get(1)).startsWith("subnet nns ");
      assertThat(lines.get(1)).contains(" canisters rwlgt-iiaaa-aaaaa-aaaaa-cai..");
      assertThat(lines.get(2)).startsWith("subnet fiduciary ").endsWith(" nodes 1");
      String port = Files.readString(portFile, StandardCharsets.US_ASCII);
      assertThat(port).matches("[0-9]+\n");
      assertThat(lines.get(3)).startsWith("ready http://127.0.0.1:" + port.trim() + " ");

      RawIc c = new RawIc("http://127.0.0.1:" + port.trim());
      RawIc.Http t = c.get("/_/topology");
      assertThat(t.status()).isEqualTo(200);
      JsonNode json = new ObjectMapper().readTree(t.body());
      assertThat(json.get("root_key").asText()).startsWith("308182301d060d2b0601040182dc7c05030102");
      assertThat(json.get("subnets")).hasSize(3);
      assertThat(json.get("subnets").get(0).get("kind").asText()).isEqualTo("application");
      assertThat(json.get("subnets").get(1).get("kind").asText()).isEqualTo("nns");
      assertThat(json.get("subnets").get(2).get("nodes").asInt()).isEqualTo(1);
      assertThat(json.get("default_effective_canister_id").asText())
          .isEqualTo(json.get("subnets").get(0).get("canister_ranges").get(0).get("start")
              .asText());
      assertThat(lines.get(1)).contains(json.get("subnets").get(1).get("id").asText());

      assertThat(p.toHandle().destroy()).isTrue(); // SIGTERM, streams stay open
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      List<String> rest = new ArrayList<>();
      while ((line = r.readLine()) != null) {
        rest.add(line);
      }
      assertThat(rest).contains("stopped");
    }
    assertThat(p.exitValue()).isZero();
  }

  @Test
  void start_unknownSubnetKind_exit2WithReason() throws Exception {
    Process p = start(List.of("replica", "start", "--port", "0", "--subnets", "nns,moon"));
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = Files.readString(dir.resolve("stderr"), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isEqualTo(2);
    assertThat(out).contains("unknown subnet kind 'moon'");
  }

  @Test
  void start_liveAndDeterministic_rejectedAsExclusive() throws Exception {
    Process p = start(List.of("replica", "start", "--live", "--deterministic"));
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = Files.readString(dir.resolve("stderr"), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isEqualTo(2);
    assertThat(out).contains("mutually exclusive");
  }
}
