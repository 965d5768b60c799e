package org.jicp.bigmap;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jicp.bigmap.BigMapApi.Entries;
import org.jicp.bigmap.BigMapApi.Entry;
import org.jicp.bigmap.BigMapApi.Keys;
import org.jicp.bigmap.BigMapApi.Range;
import org.jicp.bigmap.BigMapApi.ScanArgs;
import org.jicp.bigmap.BigMapApi.Stats;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.types.CanisterId;
import org.jicp.wasm.execution.ManagementApi;

/**
 * The BigMap client: a key-value map (keys and values are byte strings) kept by an index canister
 * and bucket canisters that split as they grow. Every call goes to the index, which routes it.
 *
 * <pre>{@code
 * BigMap map = BigMap.connect(replica);                 // a new BigMap, one bucket per app subnet
 * map.put("k", "v");
 * map.get("k");                                         // Optional[v]
 * BigMap again = BigMap.connect(replica, map.index());  // the same map
 * }</pre>
 */
public final class BigMap {
  /**
   * How to create a BigMap.
   *
   * @param initialBuckets buckets at creation (spread round robin over the host's subnets)
   * @param splitAtKeys a bucket with more keys splits (0: never)
   * @param maxBuckets no split past this many buckets
   */
  public record Options(int initialBuckets, long splitAtKeys, long maxBuckets) {
    /** Validates the components. */
    public Options {
      if (initialBuckets < 1 || initialBuckets > 4096) {
        throw new IllegalArgumentException("initialBuckets must be 1..4096, got "
            + initialBuckets);
      }
      if (splitAtKeys < 0 || maxBuckets < initialBuckets) {
        throw new IllegalArgumentException("splitAtKeys >= 0 and maxBuckets >= initialBuckets");
      }
    }

    /** One bucket per subnet of the host, split at 100,000 keys, at most 1024 buckets. */
    public static Options defaults(BigMapHost host) {
      return new Options(Math.max(1, host.bigMapSubnets().size()), 100_000, 1024);
    }

    /** These options with {@code n} as the split threshold. */
    public Options withSplitAtKeys(long n) {
      return new Options(initialBuckets, n, maxBuckets);
    }

    /** These options with {@code n} initial buckets. */
    public Options withInitialBuckets(int n) {
      return new Options(n, splitAtKeys, Math.max(n, maxBuckets));
    }
  }

  private final BigMapHost host;
  private final CanisterId index;
  private final Principal sender;

  private BigMap(BigMapHost host, CanisterId index, Principal sender) {
    this.host = host;
    this.index = index;
    this.sender = sender;
  }

  /** A new BigMap on {@code host} with {@link Options#defaults}. */
  public static BigMap connect(BigMapHost host) {
    return create(host, Options.defaults(host));
  }

  /** The existing BigMap whose index is {@code index}. */
  public static BigMap connect(BigMapHost host, CanisterId index) {
    return new BigMap(Objects.requireNonNull(host, "host"), Objects.requireNonNull(index,
        "index"), Principal.anonymous());
  }

  /**
   * Creates a BigMap: the index on the host's first subnet, the buckets round robin over its
   * subnets, each installed as a native canister (controllers: the anonymous principal and, for
   * buckets, the index — which forks them to split).
   */
  public static BigMap create(BigMapHost host, Options options) {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(options, "options");
    List<BigMapHost.HostSubnet> subnets = host.bigMapSubnets();
    if (subnets.isEmpty()) {
      throw new BigMapException("the host has no subnet for buckets");
    }
    Principal me = Principal.anonymous();
    CanisterId index = createCanister(host, me, subnets.get(0), List.of(me));
    List<Range> ranges = BigMapApi.split(options.initialBuckets());
    List<BigMapApi.BucketRef> refs = new ArrayList<>();
    for (int i = 0; i < ranges.size(); i++) {
      BigMapHost.HostSubnet s = subnets.get(i % subnets.size());
      CanisterId b = createCanister(host, me, s, List.of(me, index.principal()));
      install(host, me, b, BucketCanister.KIND, BigMapApi.CANDID.encode(
          new BigMapApi.BucketInit(ranges.get(i), index.principal())));
      refs.add(new BigMapApi.BucketRef(b.principal(), s.id().principal(), ranges.get(i)));
    }
    install(host, me, index, IndexCanister.KIND, BigMapApi.CANDID.encode(
        new BigMapApi.IndexInit(refs, options.splitAtKeys(), options.maxBuckets())));
    return new BigMap(host, index, me);
  }

  private static CanisterId createCanister(BigMapHost host, Principal me,
      BigMapHost.HostSubnet s, List<Principal> controllers) {
    byte[] r = call(() -> host.callManagement(me, s.effective(),
        "provisional_create_canister_with_cycles", ManagementApi.encode(
            new ManagementApi.ProvisionalCreateCanisterArgs(Optional.empty(),
                Optional.of(ManagementApi.CanisterSettings.controllers(controllers)),
                Optional.empty(), Optional.empty()))));
    return new CanisterId(ManagementApi.decode(r, ManagementApi.CanisterIdResult.class)
        .canisterId());
  }

  private static void install(BigMapHost host, Principal me, CanisterId id, String kind,
      byte[] arg) {
    call(() -> host.callManagement(me, id, "install_code", ManagementApi.encode(
        new ManagementApi.InstallCodeArgs(new ManagementApi.InstallMode.Install(),
            id.principal(), Bytes.of(BigMapCanisters.module(kind)), Bytes.of(arg),
            Optional.empty()))));
  }

  private static byte[] call(java.util.function.Supplier<byte[]> c) {
    try {
      return c.get();
    } catch (BigMapException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new BigMapException(e.getMessage(), e);
    }
  }

  /** The index canister. */
  public CanisterId index() {
    return index;
  }

  private byte[] update(String method, byte[] arg) {
    return call(() -> host.update(sender, index, method, arg));
  }

  /** Sets {@code key} to {@code value}. */
  public void put(Bytes key, Bytes value) {
    update("put", BigMapApi.CANDID.encode(new Entry(key, value)));
  }

  /** {@link #put(Bytes, Bytes)} of UTF-8 strings. */
  public void put(String key, String value) {
    put(BigMapApi.utf8(key), BigMapApi.utf8(value));
  }

  /** The value of {@code key}, if any. */
  public Optional<Bytes> get(Bytes key) {
    return BigMapApi.CANDID.decode(update("get", BigMapApi.CANDID.encode(key)),
        BigMapApi.OPT_BLOB);
  }

  /** {@link #get(Bytes)} of a UTF-8 key. */
  public Optional<Bytes> get(String key) {
    return get(BigMapApi.utf8(key));
  }

  /** Removes {@code key}; whether it was present. */
  public boolean delete(Bytes key) {
    return BigMapApi.CANDID.decode(update("delete", BigMapApi.CANDID.encode(key)),
        Boolean.class);
  }

  /** {@link #delete(Bytes)} of a UTF-8 key. */
  public boolean delete(String key) {
    return delete(BigMapApi.utf8(key));
  }

  /** Sets all the entries (one call to the index; one call per bucket). */
  public void putAll(List<Entry> entries) {
    update("put_batch", BigMapApi.CANDID.encode(new Entries(entries)));
  }

  /** The values of {@code keys}, in order. */
  public List<Optional<Bytes>> getAll(List<Bytes> keys) {
    return BigMapApi.CANDID.decode(update("get_batch", BigMapApi.CANDID.encode(new Keys(keys))),
        BigMapApi.Values.class).values();
  }

  /** Removes {@code keys}; how many were present. */
  public long deleteAll(List<Bytes> keys) {
    return BigMapApi.CANDID.decode(update("delete_batch", BigMapApi.CANDID.encode(
        new Keys(keys))), BigMapApi.Count.class).removed();
  }

  /** The entries whose keys start with {@code prefix}, in key order, at most {@code limit}. */
  public List<Entry> scan(Bytes prefix, long limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0, got " + limit);
    }
    return BigMapApi.CANDID.decode(update("scan", BigMapApi.CANDID.encode(
        new ScanArgs(prefix, limit))), Entries.class).entries();
  }

  /** The index's view of its buckets (a query). */
  public Stats stats() {
    return BigMapApi.CANDID.decode(call(() -> host.query(sender, index, "stats",
        BigMapApi.CANDID.encode())), Stats.class);
  }
}
