package org.jicp.replica.bigmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.jicp.bigmap.BigMap;
import org.jicp.bigmap.BigMapApi;
import org.jicp.bigmap.BigMapApi.Entry;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.replica.Replica;
import org.jicp.types.CanisterId;
import org.jicp.types.MessageId;
import org.junit.jupiter.api.Test;

/**
 * BigMap against a {@link TreeMap}: seeded random operations (single and batch put, get, delete,
 * and scans), several clients' calls in flight at once (on disjoint keys, so the model's order
 * is the only one), buckets splitting all along on two application subnets. Every answer is
 * compared with the model, and at the end the whole content through scans and the buckets' key
 * counts. {@code -Dbigmap.ops=100000} for the long run, {@code -Dbigmap.seed=S} to replay.
 */
class BigMapModelTest {
  private static final String[] PREFIXES = {"a/", "ab/", "b/", "c/", ""};

  @Test
  void randomOperations_withSplitsAndConcurrentClients_matchTreeMap() {
    long seed = Long.getLong("bigmap.seed", System.nanoTime());
    int ops = Integer.getInteger("bigmap.ops", 600);
    System.out.println("BigMapModelTest seed=" + seed + " ops=" + ops);
    Random rnd = new Random(seed);
    TreeMap<Bytes, Bytes> model = new TreeMap<>();
    try (Replica ic = Replica.builder().nnsSubnet().applicationSubnets(2).deterministic(seed)
        .build()) {
      BigMap map = BigMap.create(ic, BigMap.Options.defaults(ic).withSplitAtKeys(
          Math.max(6, ops / 40)));
      CanisterId index = map.index();
      int done = 0;
      int keySpace = Math.max(50, ops / 4);
      long checks = 0;
      while (done < ops) {
        if (rnd.nextInt(12) == 0) {
          Bytes prefix = BigMapApi.utf8(PREFIXES[rnd.nextInt(PREFIXES.length)]
              + (rnd.nextBoolean() ? "" : Integer.toString(rnd.nextInt(10))));
          int limit = rnd.nextInt(40);
          List<Entry> got = map.scan(prefix, limit);
          assertThat(got).as("scan %s limit %d (seed %d)", prefix, limit, seed)
              .isEqualTo(expectedScan(model, prefix, limit));
          done++;
          checks++;
          continue;
        }
        // Several clients at once, on disjoint keys.
        int clients = 1 + rnd.nextInt(6);
        Set<Bytes> used = new HashSet<>();
        List<Pending> inFlight = new ArrayList<>();
        for (int c = 0; c < clients && done < ops; c++, done++) {
          int kind = rnd.nextInt(6);
          int n = kind >= 3 ? 1 + rnd.nextInt(8) : 1;
          List<Bytes> keys = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            Bytes k = key(rnd, keySpace);
            if (used.add(k)) {
              keys.add(k);
            }
          }
          if (keys.isEmpty()) {
            continue;
          }
          Pending p = new Pending(kind, keys, new ArrayList<>());
          byte[] arg;
          String method;
          switch (kind) {
            case 0 -> {
              p.values.add(value(rnd));
              method = "put";
              arg = BigMapApi.CANDID.encode(new Entry(keys.get(0), p.values.get(0)));
            }
            case 1 -> {
              method = "get";
              arg = BigMapApi.CANDID.encode(keys.get(0));
            }
            case 2 -> {
              method = "delete";
              arg = BigMapApi.CANDID.encode(keys.get(0));
            }
            case 3 -> {
              List<Entry> es = new ArrayList<>();
              for (Bytes k : keys) {
                Bytes v = value(rnd);
                p.values.add(v);
                es.add(new Entry(k, v));
              }
              method = "put_batch";
              arg = BigMapApi.CANDID.encode(new BigMapApi.Entries(es));
            }
            case 4 -> {
              method = "get_batch";
              arg = BigMapApi.CANDID.encode(new BigMapApi.Keys(keys));
            }
            default -> {
              method = "delete_batch";
              arg = BigMapApi.CANDID.encode(new BigMapApi.Keys(keys));
            }
          }
          p.id = ic.submit(Principal.anonymous(), index, index, method, arg);
          inFlight.add(p);
        }
        for (Pending p : inFlight) {
          byte[] reply = ic.await(index, p.id);
          checks += check(p, reply, model, seed);
        }
      }
      // The whole content, and the buckets' counts.
      assertThat(map.scan(Bytes.EMPTY, Long.MAX_VALUE))
          .isEqualTo(expectedScan(model, Bytes.EMPTY, Integer.MAX_VALUE));
      BigMapApi.Stats st = map.stats();
      assertThat(st.buckets().stream().mapToLong(BigMapApi.BucketInfo::keys).sum())
          .isEqualTo(model.size());
      assertThat(st.splits()).as("splits during the run").isGreaterThan(0);
      assertThat(st.failedSplits()).isZero();
      assertThat(st.buckets().stream().map(BigMapApi.BucketInfo::subnet).distinct().count())
          .isEqualTo(2);
      System.out.println("BigMapModelTest: " + done + " operations, " + checks
          + " answers checked, " + model.size() + " keys, " + st.buckets().size()
          + " buckets, " + st.splits() + " splits");
      assertThat(done).isEqualTo(ops);
    }
  }

  private static final class Pending {
    final int kind;
    final List<Bytes> keys;
    final List<Bytes> values;
    MessageId id;

    Pending(int kind, List<Bytes> keys, List<Bytes> values) {
      this.kind = kind;
      this.keys = keys;
      this.values = values;
    }
  }

  private static long check(Pending p, byte[] reply, TreeMap<Bytes, Bytes> model, long seed) {
    String as = "op " + p.kind + " on " + p.keys + " (seed " + seed + ")";
    switch (p.kind) {
      case 0, 3 -> {
        for (int i = 0; i < p.keys.size(); i++) {
          model.put(p.keys.get(i), p.values.get(i));
        }
      }
      case 1 -> assertThat(BigMapApi.CANDID.decode(reply, new org.jicp.candid.mapping.TypeRef<
          Optional<Bytes>>() {})).as(as).isEqualTo(Optional.ofNullable(model.get(p.keys.get(0))));
      case 2 -> assertThat(BigMapApi.CANDID.decode(reply, Boolean.class)).as(as)
          .isEqualTo(model.remove(p.keys.get(0)) != null);
      case 4 -> {
        List<Optional<Bytes>> want = new ArrayList<>();
        for (Bytes k : p.keys) {
          want.add(Optional.ofNullable(model.get(k)));
        }
        assertThat(BigMapApi.CANDID.decode(reply, BigMapApi.Values.class).values()).as(as)
            .isEqualTo(want);
      }
      default -> {
        long removed = 0;
        for (Bytes k : p.keys) {
          removed += model.remove(k) != null ? 1 : 0;
        }
        assertThat(BigMapApi.CANDID.decode(reply, BigMapApi.Count.class).removed()).as(as)
            .isEqualTo(removed);
      }
    }
    return p.keys.size();
  }

  private static List<Entry> expectedScan(TreeMap<Bytes, Bytes> model, Bytes prefix,
      long limit) {
    List<Entry> out = new ArrayList<>();
    for (Map.Entry<Bytes, Bytes> e : model.tailMap(prefix, true).entrySet()) {
      if (out.size() >= limit || !startsWith(e.getKey(), prefix)) {
        break;
      }
      out.add(new Entry(e.getKey(), e.getValue()));
    }
    return out;
  }

  private static boolean startsWith(Bytes k, Bytes prefix) {
    return k.length() >= prefix.length() && k.slice(0, prefix.length()).equals(prefix);
  }

  private static Bytes key(Random rnd, int keySpace) {
    return BigMapApi.utf8(PREFIXES[rnd.nextInt(PREFIXES.length)] + rnd.nextInt(keySpace));
  }

  private static Bytes value(Random rnd) {
    byte[] v = new byte[rnd.nextInt(12)];
    rnd.nextBytes(v);
    return Bytes.of(v);
  }
}
