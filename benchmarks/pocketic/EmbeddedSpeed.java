import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import org.jicp.replica.Replica;
import org.jicp.types.CanisterId;

/**
 * The embedded API's side of the pic-js speed comparison (run by run.sh as a single-file
 * program on ic-replica's class path): medians of replica creation (one application subnet,
 * deterministic), counter.inc updates, counter.get queries and idle rounds.
 */
public class EmbeddedSpeed {
  static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    return s.get(s.size() / 2);
  }

  public static void main(String[] args) throws Exception {
    byte[] wasm = Files.readAllBytes(Path.of(args[0], "counter.wasm"));
    int n = Integer.parseInt(args[1]);
    byte[] none = HexFormat.of().parseHex("4449444c0000");
    List<Double> creates = new ArrayList<>();
    for (int i = 0; i < Math.max(3, n / 5); i++) {
      long t = System.nanoTime();
      Replica r = Replica.builder().applicationSubnets(1).deterministic(i).build();
      creates.add((System.nanoTime() - t) / 1e6);
      r.close();
    }
    try (Replica r = Replica.builder().applicationSubnets(1).deterministic(0).build()) {
      CanisterId id = r.createCanister();
      r.install(id, wasm, none);
      for (int i = 0; i < n / 2; i++) {
        r.update(id, "inc", none); // warm-up
      }
      List<Double> updates = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        long t = System.nanoTime();
        r.update(id, "inc", none);
        updates.add((System.nanoTime() - t) / 1e6);
      }
      List<Double> queries = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        long t = System.nanoTime();
        r.query(id, "get", none);
        queries.add((System.nanoTime() - t) / 1e6);
      }
      List<Double> ticks = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        long t = System.nanoTime();
        r.tick();
        ticks.add((System.nanoTime() - t) / 1e6);
      }
      System.out.printf("EMBEDDED create_median_ms=%.1f update_median_ms=%.2f "
          + "query_median_ms=%.2f idle_round_median_ms=%.2f n_create=%d n=%d%n",
          median(creates), median(updates), median(queries), median(ticks), creates.size(), n);
    }
  }
}
