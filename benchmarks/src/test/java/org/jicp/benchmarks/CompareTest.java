package org.jicp.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@link Compare}: ratios per round, targets, and the tables kept in {@code benchmarks/results}. */
class CompareTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static String result(int round, String benchmark, String params, double score, String unit) {
    return String.format(
        java.util.Locale.ROOT,
        "{\"round\":%d,\"benchmark\":\"%s\",\"mode\":\"avgt\",\"forks\":1,\"jdkVersion\":\"17\",%s"
            + "\"primaryMetric\":{\"score\":%s,\"scoreError\":1.0,\"scoreUnit\":\"%s\"}}",
        round, benchmark, params == null ? "" : "\"params\":" + params + ",", score, unit);
  }

  @Test
  void table_peerSetOverRounds_ratioPerRoundMedianAndRange() throws IOException {
    String jicp = "org.jicp.benchmarks.bls.JicpBlsBench.pairing";
    String blst = "org.jicp.benchmarks.bls.BlstBlsBench.pairing";
    // Round ratios 3.0, 1.5 and 2.0 (blst's time moves with the load); the ratio of the means would be 2.0 too,
    // but the range shows the spread. The median 2.0 meets the 2.0x target.
    String json = "["
        + String.join(",",
            result(1, jicp, null, 3000, "us/op"), result(1, blst, null, 1000, "us/op"),
            result(2, jicp, null, 3000, "us/op"), result(2, blst, null, 2000, "us/op"),
            result(3, jicp, null, 2000, "us/op"), result(3, blst, null, 1000, "us/op"))
        + "]";
    String table = Compare.table(Compare.set("bls-blst"), MAPPER.readTree(json), "x.json", List.of());
    assertThat(table).contains("3 round(s).");
    assertThat(table).contains("| `pairing` | us/op | 2,667 ± 500.0 | 1,333 ± 500.0 | 2.000 [1.500–3.000] | ≤ 2.0 × blst | met |");
  }

  @Test
  void table_ratioAboveTarget_missedByPercent() throws IOException {
    String json = "["
        + String.join(",",
            result(1, "org.jicp.benchmarks.bls.JicpBlsBench.icVerify", null, 2.5, "ms/op"),
            result(1, "org.jicp.benchmarks.bls.BlstBlsBench.icVerify", null, 1.0, "ms/op"),
            result(1, "org.jicp.benchmarks.bls.JicpBlsBench.fpMul", null, 10_000_000, "ops/s"))
        + "]";
    String table = Compare.table(Compare.set("bls-blst"), MAPPER.readTree(json), "x.json", List.of());
    assertThat(table).contains("| 2.500 | ≤ 2.0 × blst | missed by 25 % |");
    // 10 million operations per second = 100 ns; the target is an absolute time, so throughput is inverted
    assertThat(table).contains("`fpMul`").contains("| ≤ 40 ns | missed by 150 % |");
  }

  @Test
  void table_parameterSet_firstColumnOverLast() throws IOException {
    String bench = "org.jicp.benchmarks.bls.ParallelVerifyBench.batchVerify100";
    String json = "["
        + String.join(",",
            result(1, bench, "{\"threads\":\"1\"}", 120, "ms/op"), result(1, bench, "{\"threads\":\"2\"}", 80, "ms/op"),
            result(2, bench, "{\"threads\":\"1\"}", 100, "ms/op"), result(2, bench, "{\"threads\":\"2\"}", 50, "ms/op"))
        + "]";
    String table = Compare.table(Compare.set("bls-parallel"), MAPPER.readTree(json), "x.json", List.of());
    assertThat(table).contains("| operation | unit | threads = 1 | threads = 2 | threads 1 / 2 |");
    assertThat(table).contains("| `ParallelVerifyBench.batchVerify100` | ms/op | 110.0 ± 10.00 | 65.00 ± 15.00 | 1.750 [1.500–2.000] |");
  }

  @Test
  void set_unknownName_clearError() {
    assertThatThrownBy(() -> Compare.set("nope")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bls-blst");
  }

  @Test
  void groups_peerSet_oneRegexPerOperation() {
    List<String> groups = Compare.groups(
        Compare.set("bls-blst"),
        List.of("org.jicp.benchmarks.bls.JicpBlsBench.pairing", "org.jicp.benchmarks.bls.BlstBlsBench.pairing",
            "org.jicp.benchmarks.bls.JicpBlsBench.icSign"));
    assertThat(groups).containsExactly(
        "^(org\\.jicp\\.benchmarks\\.bls\\.JicpBlsBench\\.pairing|org\\.jicp\\.benchmarks\\.bls\\.BlstBlsBench\\.pairing)$",
        "^(org\\.jicp\\.benchmarks\\.bls\\.JicpBlsBench\\.icSign)$");
  }

  /** Every kept run of the interleaved-rounds form: today's Compare prints the table rows its .md quotes. */
  @Test
  void table_committedResults_reproduceTheirTables() throws IOException {
    Path dir = Path.of("results");
    List<Path> jsons;
    try (Stream<Path> s = Files.list(dir)) {
      jsons = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    int checked = 0;
    for (Path json : jsons) {
      String name = json.getFileName().toString();
      Path md = dir.resolve(name.replaceAll("\\.json$", ".md"));
      JsonNode root = MAPPER.readTree(Files.readString(json));
      if (!Files.exists(md) || !root.path(0).has("round")) {
        continue; // runs from before the rounds (one JMH invocation) keep the table they were quoted with
      }
      String set = name.split("_")[1];
      String table = Compare.table(Compare.set(set), root, name, List.of());
      assertThat(rows(table)).as(name).isEqualTo(rows(Files.readString(md)));
      checked++;
    }
    System.out.println("CompareTest: " + checked + " committed runs reproduced");
    assertThat(checked).isGreaterThanOrEqualTo(10);
  }

  private static List<String> rows(String markdown) {
    List<String> out = new ArrayList<>();
    for (String line : markdown.split("\n")) {
      if (line.startsWith("|")) {
        out.add(line);
      }
    }
    return out;
  }
}
