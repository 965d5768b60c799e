package org.jicp.replica.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jicp bigmap} against {@code jicp replica start} run as a separate process (two
 * application subnets): create with a small split threshold, put, get (exit 1 when absent),
 * delete, load of a TAB file (splits happen), scan in key order with a limit, stats.
 */
class BigMapCommandTest {
  @TempDir Path dir;
  private Process replica;

  @AfterEach
  void stop() throws InterruptedException {
    if (replica != null) {
      replica.toHandle().destroy();
      replica.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private String startReplica() throws IOException {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "org.jicp.replica.cli.JicpCli",
        "replica", "start", "--port", "0", "--subnets", "nns,application,application",
        "--deterministic", "--seed", "9"));
    replica = new ProcessBuilder(cmd).redirectError(dir.resolve("stderr").toFile()).start();
    BufferedReader r = new BufferedReader(new InputStreamReader(replica.getInputStream(),
        StandardCharsets.UTF_8));
    for (String line = r.readLine(); line != null; line = r.readLine()) {
      if (line.startsWith("ready ")) {
        return line.split(" ")[1];
      }
    }
    throw new AssertionError("the replica did not start: "
        + Files.readString(dir.resolve("stderr")));
  }

  @Test
  void bigmapCommands_againstStartedReplica_putGetDeleteLoadScanStats() throws Exception {
    String url = startReplica();
    CliRun created = CliRun.of("bigmap", "create", "--url", url, "--split-at-keys", "20");
    assertThat(created.exit()).as(created.err()).isZero();
    String index = created.out();
    assertThat(index).matches("[a-z0-9]{5}(-[a-z0-9]{5})*-cai");

    assertThat(CliRun.of("bigmap", "put", "--url", url, "--index", index, "hello", "world")
        .exit()).isZero();
    CliRun got = CliRun.of("bigmap", "get", "--url", url, "--index", index, "hello");
    assertThat(got.exit()).as(got.err()).isZero();
    assertThat(got.out()).isEqualTo("world");
    CliRun absent = CliRun.of("bigmap", "get", "--url", url, "--index", index, "nope");
    assertThat(absent.exit()).isEqualTo(1);
    assertThat(absent.out()).isEmpty();
    assertThat(CliRun.of("bigmap", "delete", "--url", url, "--index", index, "hello").exit())
        .isZero();
    assertThat(CliRun.of("bigmap", "get", "--url", url, "--index", index, "hello").exit())
        .isEqualTo(1);

    StringBuilder file = new StringBuilder();
    for (int i = 0; i < 150; i++) {
      file.append(String.format("user/%03d\tvalue %d%n", i, i));
    }
    Path tsv = dir.resolve("data.tsv");
    Files.writeString(tsv, file.toString());
    CliRun load = CliRun.of("bigmap", "load", "--url", url, "--index", index, tsv.toString(),
        "--batch", "40");
    assertThat(load.exit()).as(load.err()).isZero();
    assertThat(load.out()).isEqualTo("loaded 150");

    CliRun scan = CliRun.of("bigmap", "scan", "--url", url, "--index", index, "user/01",
        "--limit", "5");
    assertThat(scan.exit()).as(scan.err()).isZero();
    assertThat(scan.out().lines()).containsExactly("user/010\tvalue 10", "user/011\tvalue 11",
        "user/012\tvalue 12", "user/013\tvalue 13", "user/014\tvalue 14");

    CliRun stats = CliRun.of("bigmap", "stats", "--url", url, "--index", index);
    assertThat(stats.exit()).as(stats.err()).isZero();
    List<String> lines = stats.out().lines().toList();
    assertThat(lines.size()).as(stats.out()).isGreaterThan(2); // split past the 2 initial
    long keys = 0;
    for (String l : lines) {
      String[] f = l.split("\t");
      assertThat(f).hasSize(4);
      keys += Long.parseLong(f[2]);
    }
    assertThat(keys).isEqualTo(150);
    assertThat(lines.stream().map(l -> l.split("\t")[1]).distinct().count()).isEqualTo(2);

    CliRun bad = CliRun.of("bigmap", "get", "--url", url, "--index", "not-a-principal", "k");
    assertThat(bad.exit()).isEqualTo(2);
  }
}
