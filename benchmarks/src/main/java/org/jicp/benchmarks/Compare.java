package org.jicp.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Prints the ratio table of a named benchmark set from a JMH JSON result file: the figures that
 * {@code benchmarks/README.md} quotes, with the run's JDK, rounds, forks, warm-up and iterations.
 * {@code benchmarks/compare.sh} runs JMH for a set in interleaved rounds (one JMH invocation per
 * operation and round, see {@link #groups}), merges the rounds' JSON ({@link #merge}) and calls
 * this; on its own:
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.jicp.benchmarks.Compare bls results.json
 * java -cp benchmarks/target/benchmarks.jar org.jicp.benchmarks.Compare --list
 * </pre>
 *
 * <p>Two kinds of set. A <em>peer</em> set compares classes that share method names (jicp's
 * {@code JicpBlsBench} beside {@code BlstBlsBench}, …): one row per operation, one column per
 * library, and the time ratio jicp/peer (above 1: jicp takes longer). A <em>pivot</em> set spreads
 * one JMH parameter over the columns (NI-DKG's receiver count {@code n}, the thread count of the
 * parallel verification, metered or not) and gives the time ratio of the first column to the last.
 * Every ratio is taken within a round, between measurements seconds apart, and the table gives
 * the median over the rounds with the lowest and highest; times are the mean over the rounds.
 * Ratios of throughput scores (ops/time) are taken on their inverses, so every ratio is a ratio of
 * times per operation.
 */
public final class Compare {

  /** A target on one row: a time ratio to a peer at most {@code max}, or (no peer) a time per operation of at most {@code max} ns. */
  record Target(String operation, String peer, double max, String text) {}

  /**
   * A named set: the JMH include regex, and either the class-name suffix shared by the peer
   * classes with the reference library first, or the parameter spread over the columns.
   */
  record BenchSet(
      String name,
      String include,
      String description,
      String suffix,
      List<String> libraries,
      String pivot,
      List<Target> targets) {
    boolean peerSet() {
      return suffix != null;
    }
  }

  static final Map<String, BenchSet> SETS = new LinkedHashMap<>();

  static {
    List<Target> blsTargets =
        List.of(
            new Target("fpMul", null, 40, "≤ 40 ns"),
            new Target("pairing", "Blst", 2.0, "≤ 2.0 × blst"),
            new Target("icVerify", "Blst", 2.0, "≤ 2.0 × blst"),
            new Target("hashToG1", "Blst", 2.0, "≤ 2.0 × blst"),
            new Target("hashToG2", "Blst", 2.0, "≤ 2.0 × blst"),
            new Target("icSign", "Blst", 2.0, "≤ 2.0 × blst"));
    add(
        new BenchSet(
            "bls",
            "org\\.jicp\\.benchmarks\\.bls\\.(Jicp|Blst|MiraclCore|Milagro)BlsBench\\.",
            "BLS12-381: jicp beside blst (jblst), MIRACL Core and Milagro",
            "BlsBench",
            List.of("Jicp", "Blst", "MiraclCore", "Milagro"),
            null,
            blsTargets));
    add(
        new BenchSet(
            "bls-blst",
            "org\\.jicp\\.benchmarks\\.bls\\.(Jicp|Blst)BlsBench\\.(fpMul|pairing|hashToG1|hashToG2|icSign|icVerify)$",
            "BLS12-381 targets of issue 19: jicp beside blst (jblst) only",
            "BlsBench",
            List.of("Jicp", "Blst"),
            null,
            blsTargets));
    add(
        new BenchSet(
            "field",
            "org\\.jicp\\.benchmarks\\.field\\.FieldMulVariantsBench\\.",
            "Fp multiplication: the production 7 x 56-bit form beside the JDK 21+ variants (needs a JDK 21+ build)",
            null,
            null,
            "none",
            List.of()));
    add(
        new BenchSet(
            "bls-parallel",
            "org\\.jicp\\.benchmarks\\.bls\\.ParallelVerifyBench\\.",
            "BLS verification split over an Executor: 1 thread against 2",
            null,
            null,
            "threads",
            List.of()));
    add(
        new BenchSet(
            "consensus-shares",
            "org\\.jicp\\.benchmarks\\.consensus\\.NotarizationShareValidationBench\\.real",
            "Consensus: validating one round's 13 notarization shares with the real crypto, 1 thread against 2",
            null,
            null,
            "threads",
            List.of()));
    add(
        new BenchSet(
            "nidkg",
            "org\\.jicp\\.benchmarks\\.nidkg\\.NiDkgBench\\.(createDealing|verifyDealing)$",
            "NI-DKG dealing creation and verification for n receivers",
            null,
            null,
            "n",
            List.of()));
    add(
        new BenchSet(
            "generator",
            "org\\.jicp\\.benchmarks\\.bls\\.(Table|Glv)GeneratorBench\\.",
            "Generator multiplications: fixed-base table against the variable-base GLV/GLS path",
            "GeneratorBench",
            List.of("Table", "Glv"),
            null,
            List.of()));
    add(
        new BenchSet(
            "candid",
            "org\\.jicp\\.benchmarks\\.candid\\.",
            "Candid: jicp beside ic4j-candid",
            "CandidBench",
            List.of("Jicp", "Ic4j"),
            null,
            List.of()));
    add(
        new BenchSet(
            "wasm",
            "org\\.jicp\\.benchmarks\\.wasm\\.MeteringBenchmark\\.",
            "Wasm: metered (instrumented) module against plain Chicory",
            null,
            null,
            "metered",
            List.of()));
  }

  private static void add(BenchSet s) {
    SETS.put(s.name(), s);
  }

  private Compare() {}

  /** One JMH result: round, class, method, parameters, score in its unit and the run settings. */
  record Result(
      int round,
      String library,
      String operation,
      Map<String, String> params,
      double score,
      double error,
      String unit,
      JsonNode node) {}

  public static void main(String[] args) throws IOException {
    if (args.length == 1 && args[0].equals("--list")) {
      SETS.values().forEach(s -> System.out.println(s.name() + "\t" + s.include() + "\t" + s.description()));
      return;
    }
    if (args.length == 1 && args[0].startsWith("--include=")) {
      System.out.println(include(args[0].substring("--include=".length())));
      return;
    }
    if (args.length == 1 && args[0].startsWith("--groups=")) {
      List<String> names = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8))
          .lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
      groups(set(args[0].substring("--groups=".length())), names).forEach(System.out::println);
      return;
    }
    if (args.length >= 2 && args[0].startsWith("--merge=")) {
      merge(Path.of(args[0].substring("--merge=".length())), List.of(args).subList(1, args.length).stream().map(Path::of).toList());
      return;
    }
    if (args.length < 2) {
      System.err.println(
          "usage: Compare SET RESULT.json [NOTE...] | --list | --include=SET | --groups=SET < names | --merge=OUT.json rK_*.json...");
      System.exit(2);
    }
    BenchSet set = set(args[0]);
    JsonNode root = new ObjectMapper().readTree(Files.readString(Path.of(args[1])));
    List<String> notes = List.of(args).subList(2, args.length);
    System.out.print(table(set, root, Path.of(args[1]).getFileName().toString(), notes));
  }

  static BenchSet set(String name) {
    BenchSet s = SETS.get(name);
    if (s == null) {
      throw new IllegalArgumentException("unknown set " + name + "; known: " + SETS.keySet());
    }
    return s;
  }

  /** The JMH include regex of a set (for the script). */
  static String include(String name) {
    return set(name).include();
  }

  /**
   * The JMH regexes of one round: for a peer set one per operation (every library's benchmark of
   * that method, run back to back), for a parameter set one per benchmark (all its parameter
   * values in one run).
   */
  static List<String> groups(BenchSet set, List<String> benchmarkNames) {
    Map<String, List<String>> byKey = new LinkedHashMap<>();
    for (String name : benchmarkNames) {
      String key = set.peerSet() ? name.substring(name.lastIndexOf('.') + 1) : name;
      byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(name);
    }
    List<String> out = new ArrayList<>();
    for (List<String> names : byKey.values()) {
      StringBuilder re = new StringBuilder("^(");
      for (int i = 0; i < names.size(); i++) {
        re.append(i == 0 ? "" : "|").append(names.get(i).replace(".", "\\."));
      }
      out.add(re.append(")$").toString());
    }
    return out;
  }

  /** Concatenates JMH JSON files named {@code r<round>_*.json}, tagging each result with its round. */
  static void merge(Path outFile, List<Path> files) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    com.fasterxml.jackson.databind.node.ArrayNode all = mapper.createArrayNode();
    for (Path f : files) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("^r(\\d+)_").matcher(f.getFileName().toString());
      int round = m.find() ? Integer.parseInt(m.group(1)) : 1;
      for (JsonNode n : mapper.readTree(Files.readString(f))) {
        ((com.fasterxml.jackson.databind.node.ObjectNode) n).put("round", round);
        all.add(n);
      }
    }
    mapper.writerWithDefaultPrettyPrinter().writeValue(outFile.toFile(), all);
  }

  /** The markdown table of a set's results, headed by the run's settings. */
  static String table(BenchSet set, JsonNode root, String source, List<String> notes) {
    List<Result> results = new ArrayList<>();
    for (JsonNode n : root) {
      results.add(parse(set, n));
    }
    if (results.isEmpty()) {
      throw new IllegalArgumentException("no results in " + source);
    }
    StringBuilder out = new StringBuilder();
    out.append("Set `").append(set.name()).append("`: ").append(set.description()).append(".\n\n");
    out.append(settings(results)).append("Raw JMH JSON: `benchmarks/results/").append(source).append("`.");
    for (String note : notes) {
      out.append(' ').append(note);
    }
    out.append("\n\n");
    out.append(
        "Times: the mean over the rounds of JMH's per-round means (± half their range). Ratios: taken within each round,"
            + " then the median over the rounds [lowest–highest].\n\n");
    if (set.peerSet()) {
      peerTable(set, results, out);
    } else {
      pivotTable(set, results, out);
    }
    return out.toString();
  }

  private static Result parse(BenchSet set, JsonNode n) {
    String full = n.get("benchmark").asText();
    int dot = full.lastIndexOf('.');
    String cls = full.substring(full.lastIndexOf('.', dot - 1) + 1, dot);
    String method = full.substring(dot + 1);
    String library = cls;
    if (set.peerSet() && cls.endsWith(set.suffix())) {
      library = cls.substring(0, cls.length() - set.suffix().length());
    }
    Map<String, String> params = new TreeMap<>();
    JsonNode p = n.get("params");
    if (p != null) {
      p.fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
    }
    JsonNode m = n.get("primaryMetric");
    String op = set.peerSet() ? method : cls + "." + method;
    return new Result(
        n.path("round").asInt(1), library, op, params, m.get("score").asDouble(), m.get("scoreError").asDouble(),
        m.get("scoreUnit").asText(), n);
  }

  /** JDK, JMH mode, rounds, forks, warm-up and measurement of the run. */
  private static String settings(List<Result> results) {
    Set<String> lines = new LinkedHashSet<>();
    Set<Integer> rounds = new java.util.TreeSet<>();
    for (Result r : results) {
      rounds.add(r.round());
      JsonNode n = r.node();
      lines.add(
          String.format(
              Locale.ROOT,
              "JDK %s (%s %s); JMH %s, mode %s, %d fork(s) per round, warm-up %d × %s, measurement %d × %s, %s thread(s).",
              n.path("jdkVersion").asText(),
              n.path("vmName").asText(),
              n.path("vmVersion").asText(),
              n.path("jmhVersion").asText(),
              n.path("mode").asText(),
              n.path("forks").asInt(),
              n.path("warmupIterations").asInt(),
              n.path("warmupTime").asText(),
              n.path("measurementIterations").asInt(),
              n.path("measurementTime").asText(),
              n.path("threads").asText()));
    }
    return rounds.size() + " round(s). " + String.join(" ", lines) + " ";
  }

  /** The results of one row and column, by round. */
  private static final class Cell {
    final Map<Integer, Result> byRound = new TreeMap<>();

    String unit() {
      return byRound.values().iterator().next().unit();
    }

    double mean() {
      return byRound.values().stream().mapToDouble(Result::score).average().orElse(Double.NaN);
    }

    /** Mean time per operation over the rounds, in nanoseconds (throughput scores inverted). */
    double meanNanos() {
      return byRound.values().stream().mapToDouble(r -> seconds(r) * 1e9).average().orElse(Double.NaN);
    }

    double halfRange() {
      double lo = byRound.values().stream().mapToDouble(Result::score).min().orElse(Double.NaN);
      double hi = byRound.values().stream().mapToDouble(Result::score).max().orElse(Double.NaN);
      return byRound.size() == 1 ? byRound.values().iterator().next().error() : (hi - lo) / 2;
    }

    String value(String unit) {
      String v = fmt(mean()) + " ± " + fmt(halfRange());
      return unit().equals(unit) ? v : v + " " + unit();
    }
  }

  /** Per-round time ratios a/b (rounds both have). */
  private static List<Double> ratios(Cell a, Cell b) {
    List<Double> out = new ArrayList<>();
    for (Map.Entry<Integer, Result> e : a.byRound.entrySet()) {
      Result other = b.byRound.get(e.getKey());
      if (other != null) {
        out.add(seconds(e.getValue()) / seconds(other));
      }
    }
    java.util.Collections.sort(out);
    return out;
  }

  private static double median(List<Double> v) {
    int n = v.size();
    return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
  }

  private static String ratioText(List<Double> v) {
    if (v.isEmpty()) {
      return "—";
    }
    if (v.size() == 1) {
      return fmt(v.get(0));
    }
    return fmt(median(v)) + " [" + fmt(v.get(0)) + "–" + fmt(v.get(v.size() - 1)) + "]";
  }

  private static void peerTable(BenchSet set, List<Result> results, StringBuilder out) {
    Map<String, Map<String, Cell>> rows = new LinkedHashMap<>();
    for (Result r : results) {
      String key = r.operation() + (r.params().isEmpty() ? "" : " " + r.params());
      rows.computeIfAbsent(key, k -> new LinkedHashMap<>()).computeIfAbsent(r.library(), k -> new Cell()).byRound.put(r.round(), r);
    }
    String ref = set.libraries().get(0);
    List<String> peers = set.libraries().subList(1, set.libraries().size());
    out.append("| operation | unit |");
    for (String lib : set.libraries()) {
      out.append(' ').append(lib).append(" |");
    }
    for (String peer : peers) {
      out.append(' ').append(ref).append('/').append(peer).append(" |");
    }
    boolean targets = !set.targets().isEmpty();
    if (targets) {
      out.append(" target | |");
    }
    out.append("\n|---|---|");
    out.append("---:|".repeat(set.libraries().size() + peers.size()));
    if (targets) {
      out.append("---|---|");
    }
    out.append('\n');
    for (Map.Entry<String, Map<String, Cell>> row : rows.entrySet()) {
      Map<String, Cell> byLib = row.getValue();
      Cell refCell = byLib.get(ref);
      String unit = (refCell != null ? refCell : byLib.values().iterator().next()).unit();
      out.append("| `").append(row.getKey()).append("` | ").append(unit).append(" |");
      for (String lib : set.libraries()) {
        Cell c = byLib.get(lib);
        out.append(' ').append(c == null ? "—" : c.value(unit)).append(" |");
      }
      for (String peer : peers) {
        Cell c = byLib.get(peer);
        out.append(' ').append(refCell == null || c == null ? "—" : ratioText(ratios(refCell, c))).append(" |");
      }
      if (targets) {
        Target t = target(set, row.getKey());
        if (t == null) {
          out.append(" | |");
        } else if (t.peer() == null) {
          out.append(' ').append(t.text()).append(" | ");
          out.append(refCell == null ? "—" : verdict(refCell.meanNanos(), t.max()));
          out.append(" |");
        } else {
          Cell c = byLib.get(t.peer());
          out.append(' ').append(t.text()).append(" | ");
          out.append(refCell == null || c == null ? "—" : verdict(median(ratios(refCell, c)), t.max()));
          out.append(" |");
        }
      }
      out.append('\n');
    }
  }

  private static Target target(BenchSet set, String row) {
    for (Target t : set.targets()) {
      if (t.operation().equals(row)) {
        return t;
      }
    }
    return null;
  }

  private static String verdict(double value, double max) {
    if (value <= max) {
      return "met";
    }
    return String.format(Locale.ROOT, "missed by %.0f %%", 100 * (value / max - 1));
  }

  private static void pivotTable(BenchSet set, List<Result> results, StringBuilder out) {
    String pivot = set.pivot();
    Set<String> columns = new LinkedHashSet<>();
    Map<String, Map<String, Cell>> rows = new LinkedHashMap<>();
    for (Result r : results) {
      Map<String, String> rest = new TreeMap<>(r.params());
      String col = rest.remove(pivot);
      col = col == null ? "—" : col;
      columns.add(col);
      String key = r.operation() + (rest.isEmpty() ? "" : " " + rest);
      rows.computeIfAbsent(key, k -> new LinkedHashMap<>()).computeIfAbsent(col, k -> new Cell()).byRound.put(r.round(), r);
    }
    List<String> cols = new ArrayList<>(columns);
    out.append("| operation | unit |");
    for (String c : cols) {
      out.append(' ').append(c.equals("—") ? "score" : pivot + " = " + c).append(" |");
    }
    boolean ratio = cols.size() > 1;
    if (ratio) {
      out.append(' ').append(pivot).append(' ').append(cols.get(0)).append(" / ").append(cols.get(cols.size() - 1)).append(" |");
    }
    out.append("\n|---|---|").append("---:|".repeat(cols.size() + (ratio ? 1 : 0))).append('\n');
    for (Map.Entry<String, Map<String, Cell>> row : rows.entrySet()) {
      Map<String, Cell> byCol = row.getValue();
      String unit = byCol.values().iterator().next().unit();
      out.append("| `").append(row.getKey()).append("` | ").append(unit).append(" |");
      for (String c : cols) {
        Cell cell = byCol.get(c);
        out.append(' ').append(cell == null ? "—" : cell.value(unit)).append(" |");
      }
      if (ratio) {
        Cell first = byCol.get(cols.get(0));
        Cell last = byCol.get(cols.get(cols.size() - 1));
        out.append(' ').append(first == null || last == null ? "—" : ratioText(ratios(first, last))).append(" |");
      }
      out.append('\n');
    }
  }

  private static boolean isThroughput(String unit) {
    return unit.startsWith("ops/");
  }

  /** Seconds per operation of a result. */
  static double seconds(Result r) {
    return secondsPerUnit(r.unit(), r.score());
  }

  private static double secondsPerUnit(String unit, double score) {
    if (isThroughput(unit)) {
      return timeUnit(unit.substring(4)) / score;
    }
    if (unit.endsWith("/op")) {
      return score * timeUnit(unit.substring(0, unit.length() - 3));
    }
    throw new IllegalArgumentException("unit " + unit);
  }

  private static double timeUnit(String u) {
    return switch (u) {
      case "ns" -> 1e-9;
      case "us" -> 1e-6;
      case "ms" -> 1e-3;
      case "s" -> 1;
      case "min" -> 60;
      default -> throw new IllegalArgumentException("time unit " + u);
    };
  }

  /** Three significant digits, thousands separated. */
  static String fmt(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    double a = Math.abs(v);
    if (a >= 1000) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    if (a >= 100) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    if (a >= 10) {
      return String.format(Locale.ROOT, "%.2f", v);
    }
    return String.format(Locale.ROOT, "%.3f", v);
  }
}
