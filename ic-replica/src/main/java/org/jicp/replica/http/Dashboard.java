package org.jicp.replica.http;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jicp.candid.CandidDecoder;
import org.jicp.candid.CandidEncoder;
import org.jicp.candid.CandidValue;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.replica.Replica;
import org.jicp.replica.subnet.SubnetRuntime;
import org.jicp.state.replicated.CanisterState;
import org.jicp.state.replicated.IngressStatus;
import org.jicp.state.replicated.ReplicatedState;
import org.jicp.types.CanisterId;
import org.jicp.types.MessageId;
import org.jicp.types.SubnetId;

/**
 * The replica's dashboard, {@code GET /_/dashboard}: one server-rendered HTML page (no script),
 * refreshing itself every two seconds — subnets (kind, nodes, height, certified height, blocks per
 * second, public key), canisters (id, subnet, module hash, status, cycles, memory, last messages),
 * ingress messages with their status, NNS proposals open for voting with their tallies (when the
 * replica hosts NNS governance), and an SVG chart of each subnet's certified height over the last
 * minutes, sampled each time the page is rendered. A jicp page of its own (the IC has none).
 */
public final class Dashboard {
  /** NNS governance's mainnet id. */
  static final CanisterId GOVERNANCE = new CanisterId(
      Principal.fromText("rrkah-fqaaa-aaaaa-aaaaq-cai"));
  private static final int MAX_SAMPLES = 300;
  private static final int MAX_INGRESS = 30;
  private static final long WINDOW_NANOS = 60_000_000_000L;

  private record Sample(long wallNanos, long height) {}

  private final Replica replica;
  private final Map<SubnetId, ArrayDeque<Sample>> samples = new LinkedHashMap<>();

  /** The dashboard of {@code replica}. */
  public Dashboard(Replica replica) {
    this.replica = replica;
  }

  /** Records each subnet's certified height now (the chart's and blocks/s data). */
  public synchronized void sample() {
    long now = System.nanoTime();
    for (Replica.SubnetInfo s : replica.subnets()) {
      ArrayDeque<Sample> q = samples.computeIfAbsent(s.id(), k -> new ArrayDeque<>());
      q.addLast(new Sample(now, replica.subnet(s.id()).certifiedHeight().value()));
      while (q.size() > MAX_SAMPLES) {
        q.removeFirst();
      }
    }
  }

  /** The page, UTF-8 HTML. */
  public synchronized byte[] render() {
    sample();
    StringBuilder h = new StringBuilder(16_384);
    h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta http-equiv=\"refresh\" content=\"2\"><title>jicp dashboard</title>")
        .append("<style>body{font:14px system-ui,sans-serif;margin:1.5em;color:#222}")
        .append("table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;")
        .append("padding:3px 8px;text-align:left;font-family:monospace;font-size:12px}")
        .append("th{background:#f0f0f0}h1{font-size:20px}h2{font-size:16px;margin-top:1.2em}")
        .append(".muted{color:#777}</style></head><body>");
    h.append("<h1>jicp — a running Internet Computer</h1><p class=\"muted\" id=\"summary\">")
        .append(replica.subnets().size()).append(" subnets · ")
        .append(replica.isLive() ? "live" : "deterministic").append(" mode · replica time ")
        .append(esc(Instant.ofEpochSecond(0, replica.timeNanos()).toString()))
        .append(" · root key ").append(esc(abbrev(replica.rootKey()))).append("</p>");
    subnets(h);
    chart(h);
    List<Map.Entry<MessageId, IngressStatus>> ingress = new ArrayList<>();
    canisters(h, ingress);
    ingress(h, ingress);
    proposals(h);
    h.append("</body></html>");
    return h.toString().getBytes(StandardCharsets.UTF_8);
  }

  private void subnets(StringBuilder h) {
    h.append("<h2>Subnets</h2><table id=\"subnets\"><tr><th>id</th><th>kind</th><th>nodes</th>")
        .append("<th>height</th><th>certified height</th><th>blocks/s</th><th>public key</th>")
        .append("</tr>");
    for (Replica.SubnetInfo s : replica.subnets()) {
      SubnetRuntime r = replica.subnet(s.id());
      h.append("<tr class=\"subnet\"><td>").append(esc(s.id().toString())).append("</td><td>")
          .append(esc(s.kind().text())).append("</td><td>").append(s.nodes().size())
          .append("</td><td>").append(r.stateManager().latestStateHeight().value())
          .append("</td><td>").append(r.certifiedHeight().value()).append("</td><td>")
          .append(String.format(java.util.Locale.ROOT, "%.2f", blocksPerSecond(s.id())))
          .append("</td><td>").append(esc(abbrev(Bytes.of(r.publicKey().toDer().toByteArray()))))
          .append("</td></tr>");
    }
    h.append("</table>");
  }

  private double blocksPerSecond(SubnetId id) {
    ArrayDeque<Sample> q = samples.get(id);
    if (q == null || q.size() < 2) {
      return 0;
    }
    Sample last = q.getLast();
    Sample first = q.getFirst();
    for (Sample s : q) {
      if (last.wallNanos() - s.wallNanos() <= WINDOW_NANOS) {
        first = s;
        break;
      }
    }
    long dt = last.wallNanos() - first.wallNanos();
    return dt <= 0 ? 0 : (last.height() - first.height()) * 1e9 / dt;
  }

  private void chart(StringBuilder h) {
    int w = 600;
    int ht = 160;
    long t0 = Long.MAX_VALUE;
    long t1 = Long.MIN_VALUE;
    long y0 = Long.MAX_VALUE;
    long y1 = Long.MIN_VALUE;
    for (ArrayDeque<Sample> q : samples.values()) {
      for (Sample s : q) {
        t0 = Math.min(t0, s.wallNanos());
        t1 = Math.max(t1, s.wallNanos());
        y0 = Math.min(y0, s.height());
        y1 = Math.max(y1, s.height());
      }
    }
    h.append("<h2>Certified height over time</h2><svg id=\"chart\" width=\"").append(w)
        .append("\" height=\"").append(ht).append("\" viewBox=\"0 0 ").append(w).append(' ')
        .append(ht).append("\" style=\"border:1px solid #ccc\">");
    String[] colours = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"};
    int i = 0;
    for (Map.Entry<SubnetId, ArrayDeque<Sample>> e : samples.entrySet()) {
      StringBuilder pts = new StringBuilder();
      for (Sample s : e.getValue()) {
        double x = t1 == t0 ? w - 5 : 5 + (w - 10) * (double) (s.wallNanos() - t0) / (t1 - t0);
        double y = y1 == y0 ? ht / 2.0 : ht - 5 - (ht - 10) * (double) (s.height() - y0) / (y1 - y0);
        pts.append(String.format(java.util.Locale.ROOT, "%.1f,%.1f ", x, y));
      }
      String c = colours[i++ % colours.length];
      h.append("<polyline class=\"series\" fill=\"none\" stroke=\"").append(c)
          .append("\" stroke-width=\"2\" points=\"").append(pts.toString().trim()).append("\">")
          .append("<title>").append(esc(e.getKey().toString())).append("</title></polyline>");
    }
    h.append("</svg><p class=\"muted\">heights ").append(y0 == Long.MAX_VALUE ? 0 : y0)
        .append("–").append(y1 == Long.MIN_VALUE ? 0 : y1)
        .append(", sampled at each refresh</p>");
  }

  private void canisters(StringBuilder h, List<Map.Entry<MessageId, IngressStatus>> ingress) {
    h.append("<h2>Canisters</h2><table id=\"canisters\"><tr><th>id</th><th>subnet</th>")
        .append("<th>module hash</th><th>status</th><th>cycles</th><th>memory (bytes)</th>")
        .append("<th>last messages</th></tr>");
    for (Replica.SubnetInfo s : replica.subnets()) {
      ReplicatedState st = replica.subnet(s.id()).stateManager().latestState();
      Map<CanisterId, List<String>> last = new LinkedHashMap<>();
      List<Map.Entry<MessageId, IngressStatus>> mine =
          new ArrayList<>(st.metadata().ingressHistory().asMap().entrySet());
      mine.sort(Comparator.comparingLong(
          (Map.Entry<MessageId, IngressStatus> e) -> e.getValue().timeNanos()).reversed());
      for (Map.Entry<MessageId, IngressStatus> e : mine) {
        List<String> l = last.computeIfAbsent(e.getValue().receiver(), k -> new ArrayList<>());
        if (l.size() < 3) {
          l.add(e.getValue().kind().text());
        }
      }
      ingress.addAll(mine);
      for (CanisterState c : st.canisters().values()) {
        String module = c.execution().map(x -> x.nativeKind().map(k -> "native " + k)
            .orElseGet(() -> abbrev(x.moduleHash()))).orElse("(empty)");
        long memory = c.execution().map(x -> x.heapSizeWasmPages() * 65_536
            + x.stableMemorySizeWasmPages() * 65_536).orElse(0L);
        h.append("<tr class=\"canister\"><td>").append(esc(c.id().principal().toText()))
            .append("</td><td>").append(esc(abbrevText(s.id().toString()))).append("</td><td>")
            .append(esc(module)).append("</td><td>")
            .append(esc(c.system().status().toString().toLowerCase(java.util.Locale.ROOT)))
            .append("</td><td>").append(c.system().cyclesBalance().value()).append("</td><td>")
            .append(memory).append("</td><td>")
            .append(esc(String.join(", ", last.getOrDefault(c.id(), List.of()))))
            .append("</td></tr>");
      }
    }
    h.append("</table>");
  }

  private static void ingress(StringBuilder h, List<Map.Entry<MessageId, IngressStatus>> all) {
    all.sort(Comparator.comparingLong(
        (Map.Entry<MessageId, IngressStatus> e) -> e.getValue().timeNanos()).reversed());
    h.append("<h2>Ingress messages</h2><table id=\"ingress\"><tr><th>message id</th>")
        .append("<th>canister</th><th>sender</th><th>status</th><th>time</th></tr>");
    for (Map.Entry<MessageId, IngressStatus> e : all.subList(0, Math.min(MAX_INGRESS,
        all.size()))) {
      IngressStatus s = e.getValue();
      String status = s.kind().text() + (s.kind() == IngressStatus.Kind.REJECTED
          ? " (" + s.rejectCode() + ": " + s.rejectMessage().orElse("") + ")" : "");
      h.append("<tr class=\"message\"><td>")
          .append(esc(abbrev(Bytes.of(e.getKey().bytes().toByteArray())))).append("</td><td>")
          .append(esc(s.receiver().principal().toText())).append("</td><td>")
          .append(esc(abbrevText(s.user().toText()))).append("</td><td>").append(esc(status))
          .append("</td><td>").append(esc(Instant.ofEpochSecond(0, s.timeNanos()).toString()))
          .append("</td></tr>");
    }
    h.append("</table>");
  }

  private void proposals(StringBuilder h) {
    h.append("<h2>NNS proposals</h2>");
    Optional<SubnetRuntime> nns = replica.subnetOf(GOVERNANCE.principal());
    if (nns.isEmpty() || nns.get().stateManager().latestState().canister(GOVERNANCE).isEmpty()) {
      h.append("<p class=\"muted\" id=\"proposals\">no NNS governance canister on this replica")
          .append("</p>");
      return;
    }
    List<CandidValue> list;
    try {
      byte[] reply = replica.query(GOVERNANCE, "get_pending_proposals", CandidEncoder.empty());
      CandidValue v = CandidDecoder.standard().decode(reply).values().get(0);
      list = ((CandidValue.Vec) v).elements();
    } catch (RuntimeException e) {
      h.append("<p class=\"muted\" id=\"proposals\">governance did not answer: ")
          .append(esc(String.valueOf(e.getMessage()))).append("</p>");
      return;
    }
    h.append("<table id=\"proposals\"><tr><th>id</th><th>title</th><th>yes</th><th>no</th>")
        .append("<th>total</th></tr>");
    for (CandidValue p : list) {
      CandidValue.Record r = (CandidValue.Record) p;
      h.append("<tr class=\"proposal\"><td>").append(esc(field(r, "id", "id")))
          .append("</td><td>").append(esc(field(r, "proposal", "title")))
          .append("</td><td>").append(esc(field(r, "latest_tally", "yes")))
          .append("</td><td>").append(esc(field(r, "latest_tally", "no")))
          .append("</td><td>").append(esc(field(r, "latest_tally", "total")))
          .append("</td></tr>");
    }
    h.append("</table>");
  }

  /** {@code r.outer} (an opt record) then {@code .inner}, printed; "" when absent. */
  private static String field(CandidValue.Record r, String outer, String inner) {
    Optional<CandidValue> o = r.get(outer).map(Dashboard::unwrap);
    if (o.isEmpty() || !(o.get() instanceof CandidValue.Record rec)) {
      return "";
    }
    return rec.get(inner).map(Dashboard::unwrap).map(Dashboard::print).orElse("");
  }

  private static CandidValue unwrap(CandidValue v) {
    while (v instanceof CandidValue.Opt o && o.value().isPresent()) {
      v = o.value().get();
    }
    return v;
  }

  private static String print(CandidValue v) {
    if (v instanceof CandidValue.Text t) {
      return t.value();
    }
    return org.jicp.candid.CandidText.print(v);
  }

  private static String abbrev(Bytes b) {
    String hex = HexFormat.of().formatHex(b.toByteArray());
    return hex.length() <= 20 ? hex : hex.substring(0, 10) + "…" + hex.substring(hex.length() - 6);
  }

  private static String abbrevText(String s) {
    return s.length() <= 27 ? s : s.substring(0, 11) + "…" + s.substring(s.length() - 5);
  }

  /** HTML-escapes {@code s}. */
  static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
