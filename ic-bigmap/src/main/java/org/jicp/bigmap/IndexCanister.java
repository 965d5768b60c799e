package org.jicp.bigmap;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.jicp.bigmap.BigMapApi.BucketInfo;
import org.jicp.bigmap.BigMapApi.BucketRef;
import org.jicp.bigmap.BigMapApi.Entries;
import org.jicp.bigmap.BigMapApi.Entry;
import org.jicp.bigmap.BigMapApi.IndexInit;
import org.jicp.bigmap.BigMapApi.Keys;
import org.jicp.bigmap.BigMapApi.Load;
import org.jicp.bigmap.BigMapApi.Range;
import org.jicp.bigmap.BigMapApi.Removed;
import org.jicp.bigmap.BigMapApi.ScanArgs;
import org.jicp.bigmap.BigMapApi.Stats;
import org.jicp.bigmap.BigMapApi.Values;
import org.jicp.candid.CandidException;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.state.replicated.ResponsePayload;
import org.jicp.types.CanisterId;
import org.jicp.types.Cycles;
import org.jicp.wasm.execution.ManagementApi;
import org.jicp.wasm.execution.NativeCanister;
import org.jicp.wasm.execution.NativeCanisterException;
import org.jicp.wasm.execution.NativeCanisterFactory;
import org.jicp.wasm.execution.NativeContext;
import org.jicp.wasm.execution.NativeOutcome;

/**
 * BigMap's index (front-end) canister: routes each key to the bucket whose ring interval holds
 * the key's position, forwards the operations as inter-canister calls (to buckets on any subnet),
 * and splits a bucket that passes {@code split_at_keys} keys by forking it.
 *
 * <p>A split of bucket B, driven by the index's heartbeat and continued by the responses:
 * (1) B is marked; operations that would reach B are parked (each waits on a {@code ping} call
 * to B and is routed again when it returns); (2) once no operation of the index is open at B,
 * {@code take_canister_snapshot} of B; {@code provisional_create_canister_with_cycles} on B's
 * subnet (a call to that subnet's management canister), controlled by the index; {@code
 * load_canister_snapshot} of B's snapshot onto the new canister B' (the fork, copy on write);
 * {@code delete_canister_snapshot}; (3) {@code retain} on B (lower half of its interval) and on B'
 * (upper half); (4) the ring is switched in one step and the parked operations proceed. No key
 * is lost or duplicated: B' starts from B's state with no write in between, and nothing is
 * routed to either half until both have dropped what they no longer own. If a step fails, the
 * split is abandoned before the ring changes (B keeps its whole interval and is not split again).
 *
 * <p>Limits: operations and splits in progress are not part of {@link #saveState} (an instance
 * created from a checkpoint rejects their responses); a batch over several buckets is not atomic
 * (a bucket's reject fails the batch, the other buckets' writes stay).
 */
public final class IndexCanister implements NativeCanister {
  /** The kind name, for {@code install_code} of {@code "jicp native canister bigmap-index"}. */
  public static final String KIND = "bigmap-index";

  private static final Set<String> UPDATES = Set.of("put", "get", "delete", "put_batch",
      "get_batch", "delete_batch", "scan");
  private static final int STATE_MAGIC = 0x424d4931; // "BMI1"
  private static final Principal IC_00 = Principal.managementCanister();

  /** A bucket as the index tracks it. */
  private static final class Bucket {
    final Principal id;
    final Principal subnet;
    Range range;
    long keys;
    long bytes;
    int open; // operations of the index at this bucket
    boolean splitWanted;
    boolean splitting;
    boolean noSplit;

    Bucket(Principal id, Principal subnet, Range range) {
      this.id = id;
      this.subnet = subnet;
      this.range = range;
    }
  }

  private enum Kind { PUT, GET, DELETE, SCAN }

  /** A client's operation, possibly over several buckets. */
  private static final class Op {
    final String method;
    final Kind kind;
    final List<Entry> entries;
    final List<Bytes> keys;
    final ScanArgs scan;
    Optional<Bytes>[] values;
    long removed;
    final List<Entry> scanned = new ArrayList<>();
    int outstanding;
    String error;

    @SuppressWarnings("unchecked")
    Op(String method, Kind kind, List<Entry> entries, List<Bytes> keys, ScanArgs scan) {
      this.method = method;
      this.kind = kind;
      this.entries = entries;
      this.keys = keys;
      this.scan = scan;
      if (kind == Kind.GET) {
        values = new Optional[keys.size()];
      }
    }

    int size() {
      return kind == Kind.PUT ? entries.size() : kind == Kind.SCAN ? 0 : keys.size();
    }

    Bytes key(int i) {
      return kind == Kind.PUT ? entries.get(i).key() : keys.get(i);
    }
  }

  /** What a continuation continues. */
  private sealed interface Cont {}

  private record Park(Op op) implements Cont {}

  private record Part(Op op, Bucket bucket, int[] positions) implements Cont {}

  private record SplitStep(Split split, int step) implements Cont {}

  private static final class Split {
    final Bucket source;
    Bytes snapshot;
    Principal created;
    Load lower;
    Load upper;
    int retains = 2;

    Split(Bucket source) {
      this.source = source;
    }
  }

  private static final int SNAPSHOT = 1;
  private static final int CREATE = 2;
  private static final int LOAD = 3;
  private static final int DELETE_SNAPSHOT = 4;
  private static final int RETAIN_LOWER = 5;
  private static final int RETAIN_UPPER = 6;

  private final List<Bucket> ring = new ArrayList<>(); // ordered by range.lo (unsigned)
  private long splitAtKeys;
  private long maxBuckets;
  private long splits;
  private long failedSplits;
  private long nextCont = 1;
  private final Map<Long, Cont> conts = new HashMap<>();

  private IndexCanister() {}

  /** The factory of the kind. */
  public static NativeCanisterFactory factory() {
    return new NativeCanisterFactory() {
      @Override
      public String kind() {
        return KIND;
      }

      @Override
      public NativeCanister create(CanisterId id, Optional<Bytes> saved, Bytes initArg) {
        if (saved.isPresent()) {
          return restore(saved.get());
        }
        IndexInit init;
        try {
          init = BigMapApi.CANDID.decode(initArg.toByteArray(), IndexInit.class);
        } catch (CandidException e) {
          throw new NativeCanisterException("bad install argument of the BigMap index: "
              + e.getMessage(), e);
        }
        return fromInit(init);
      }
    };
  }

  static IndexCanister fromInit(IndexInit init) {
    if (init.buckets().isEmpty()) {
      throw new NativeCanisterException("the BigMap index needs at least one bucket");
    }
    IndexCanister ix = new IndexCanister();
    TreeMap<Long, BucketRef> byLo = new TreeMap<>(Long::compareUnsigned);
    for (BucketRef r : init.buckets()) {
      byLo.put(r.range().lo(), r);
    }
    long expect = 0;
    for (BucketRef r : byLo.values()) {
      if (r.range().lo() != expect || Long.compareUnsigned(r.range().last(), r.range().lo()) < 0) {
        throw new NativeCanisterException("the buckets' ranges must cover the ring without "
            + "gaps or overlaps");
      }
      ix.ring.add(new Bucket(r.id(), r.subnet(), r.range()));
      expect = r.range().last() + 1;
    }
    if (expect != 0) {
      throw new NativeCanisterException("the buckets' ranges must end at 2^64 - 1");
    }
    ix.splitAtKeys = init.splitAtKeys() <= 0 ? Long.MAX_VALUE : init.splitAtKeys();
    ix.maxBuckets = init.maxBuckets() <= 0 ? 1024 : init.maxBuckets();
    return ix;
  }

  @Override
  public boolean hasMethod(String method) {
    return UPDATES.contains(method) || method.equals("stats");
  }

  @Override
  public boolean isQuery(String method) {
    return method.equals("stats");
  }

  // ------------------------------------------------------------------ client operations

  @Override
  public NativeOutcome handle(NativeContext ctx, String method, Bytes arg) {
    byte[] a = arg.toByteArray();
    Op op;
    try {
      op = switch (method) {
        case "put" -> new Op(method, Kind.PUT,
            List.of(BigMapApi.CANDID.decode(a, Entry.class)), null, null);
        case "put_batch" -> new Op(method, Kind.PUT,
            BigMapApi.CANDID.decode(a, Entries.class).entries(), null, null);
        case "get", "delete" -> new Op(method, method.equals("get") ? Kind.GET : Kind.DELETE,
            null, List.of(BigMapApi.CANDID.decode(a, Bytes.class)), null);
        case "get_batch", "delete_batch" -> new Op(method,
            method.equals("get_batch") ? Kind.GET : Kind.DELETE, null,
            BigMapApi.CANDID.decode(a, Keys.class).keys(), null);
        case "scan" -> new Op(method, Kind.SCAN, null, null,
            BigMapApi.CANDID.decode(a, ScanArgs.class));
        case "stats" -> null;
        default -> throw new NativeCanisterException("no method " + method);
      };
    } catch (CandidException e) {
      throw new NativeCanisterException("bad argument of " + method + ": " + e.getMessage(), e);
    }
    if (op == null) {
      return NativeOutcome.reply(Bytes.of(BigMapApi.CANDID.encode(stats())));
    }
    if (op.kind == Kind.SCAN && op.scan.limit() < 0) {
      throw new NativeCanisterException("scan limit must be at most 2^63 - 1");
    }
    return dispatch(op);
  }

  private Stats stats() {
    List<BucketInfo> out = new ArrayList<>();
    for (Bucket b : ring) {
      out.add(new BucketInfo(b.id, b.subnet, b.range, b.keys, b.bytes));
    }
    return new Stats(out, splits, failedSplits);
  }

  private int bucketIndex(long position) {
    int lo = 0;
    int hi = ring.size() - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (Long.compareUnsigned(ring.get(mid).range.lo(), position) <= 0) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  private long cont(Cont c) {
    long id = nextCont++;
    conts.put(id, c);
    return id;
  }

  /** Routes {@code op}: calls to its buckets, or a ping to wait on a bucket being split. */
  private NativeOutcome dispatch(Op op) {
    if (op.kind == Kind.SCAN) {
      for (Bucket b : ring) {
        if (b.splitWanted || b.splitting) {
          return park(op, b);
        }
      }
      List<NativeOutcome.Call> calls = new ArrayList<>();
      for (Bucket b : ring) {
        calls.add(call(b, "scan", BigMapApi.CANDID.encode(op.scan), new Part(op, b, null)));
      }
      op.outstanding = calls.size();
      return new NativeOutcome.Calls(calls, Cycles.ZERO);
    }
    if (op.size() == 0) {
      return reply(op);
    }
    Map<Integer, List<Integer>> groups = new TreeMap<>();
    for (int i = 0; i < op.size(); i++) {
      int b = bucketIndex(BigMapApi.position(op.key(i)));
      groups.computeIfAbsent(b, k -> new ArrayList<>()).add(i);
    }
    for (int b : groups.keySet()) {
      Bucket bucket = ring.get(b);
      if (bucket.splitWanted || bucket.splitting) {
        return park(op, bucket);
      }
    }
    List<NativeOutcome.Call> calls = new ArrayList<>();
    for (Map.Entry<Integer, List<Integer>> g : groups.entrySet()) {
      Bucket bucket = ring.get(g.getKey());
      int[] positions = g.getValue().stream().mapToInt(Integer::intValue).toArray();
      byte[] arg;
      String method;
      if (op.kind == Kind.PUT) {
        List<Entry> part = new ArrayList<>(positions.length);
        for (int i : positions) {
          part.add(op.entries.get(i));
        }
        method = "put";
        arg = BigMapApi.CANDID.encode(new Entries(part));
      } else {
        List<Bytes> part = new ArrayList<>(positions.length);
        for (int i : positions) {
          part.add(op.keys.get(i));
        }
        method = op.kind == Kind.GET ? "get" : "delete";
        arg = BigMapApi.CANDID.encode(new Keys(part));
      }
      calls.add(call(bucket, method, arg, new Part(op, bucket, positions)));
    }
    op.outstanding = calls.size();
    return new NativeOutcome.Calls(calls, Cycles.ZERO);
  }

  private NativeOutcome.Call call(Bucket b, String method, byte[] arg, Part part) {
    b.open++;
    return new NativeOutcome.Call(b.id, method, Bytes.of(arg), Cycles.ZERO, cont(part));
  }

  private NativeOutcome park(Op op, Bucket b) {
    return new NativeOutcome.Calls(List.of(new NativeOutcome.Call(b.id, "ping",
        Bytes.of(BigMapApi.CANDID.encode()), Cycles.ZERO, cont(new Park(op)))), Cycles.ZERO);
  }

  private NativeOutcome reply(Op op) {
    byte[] out = switch (op.method) {
      case "put", "put_batch" -> BigMapApi.CANDID.encode();
      case "get" -> BigMapApi.CANDID.encodeAs(BigMapApi.OPT_BLOB.type(), op.values[0]);
      case "get_batch" -> BigMapApi.CANDID.encode(new Values(List.of(op.values)));
      case "delete" -> BigMapApi.CANDID.encode(op.removed > 0);
      case "delete_batch" -> BigMapApi.CANDID.encode(new BigMapApi.Count(op.removed));
      case "scan" -> {
        op.scanned.sort((x, y) -> x.key().compareTo(y.key()));
        List<Entry> first = op.scanned.subList(0,
            (int) Math.min(op.scanned.size(), op.scan.limit()));
        yield BigMapApi.CANDID.encode(new Entries(new ArrayList<>(first)));
      }
      default -> throw new IllegalStateException(op.method);
    };
    return NativeOutcome.reply(Bytes.of(out));
  }

  @Override
  public NativeOutcome resume(NativeContext ctx, long continuationId, ResponsePayload response) {
    Cont c = conts.remove(continuationId);
    if (c == null) {
      return NativeOutcome.reject("the BigMap index no longer knows this call (it restarted "
          + "from a checkpoint)");
    }
    if (c instanceof Park p) {
      return dispatch(p.op());
    } else if (c instanceof Part p) {
      return part(p, response);
    }
    return splitStep(ctx, (SplitStep) c, response);
  }

  private NativeOutcome part(Part p, ResponsePayload response) {
    Op op = p.op();
    Bucket b = p.bucket();
    b.open--;
    if (response instanceof ResponsePayload.Reply r) {
      byte[] data = r.data().toByteArray();
      try {
        switch (op.kind) {
          case PUT -> setLoad(b, BigMapApi.CANDID.decode(data, Load.class));
          case DELETE -> {
            Removed rm = BigMapApi.CANDID.decode(data, Removed.class);
            op.removed += rm.removed();
            setLoad(b, rm.load());
          }
          case GET -> {
            List<Optional<Bytes>> vs = BigMapApi.CANDID.decode(data, Values.class).values();
            if (vs.size() != p.positions().length) {
              throw new IllegalStateException("a bucket answered " + vs.size() + " values for "
                  + p.positions().length + " keys");
            }
            for (int i = 0; i < vs.size(); i++) {
              op.values[p.positions()[i]] = vs.get(i);
            }
          }
          case SCAN -> {
            for (Entry e : BigMapApi.CANDID.decode(data, Entries.class).entries()) {
              if (b.range.contains(BigMapApi.position(e.key()))) {
                op.scanned.add(e);
              }
            }
          }
          default -> throw new IllegalStateException();
        }
      } catch (RuntimeException e) {
        op.error = "bad answer of bucket " + b.id + ": " + e.getMessage();
      }
    } else {
      ResponsePayload.Reject j = (ResponsePayload.Reject) response;
      op.error = "bucket " + b.id + " rejected: " + j.message();
    }
    if (--op.outstanding > 0) {
      return NativeOutcome.done();
    }
    if (op.error != null) {
      return NativeOutcome.reject(op.error);
    }
    return reply(op);
  }

  private void setLoad(Bucket b, Load l) {
    b.keys = l.keys();
    b.bytes = l.bytes();
    if (b.keys > splitAtKeys && !b.noSplit && !b.splitting && ring.size() < maxBuckets
        && Long.compareUnsigned(b.range.last() - b.range.lo(), 1) > 0) {
      b.splitWanted = true;
    }
  }

  // ------------------------------------------------------------------ splits

  @Override
  public Optional<NativeOutcome> heartbeat(NativeContext ctx) {
    List<NativeOutcome.Call> calls = new ArrayList<>();
    for (Bucket b : ring) {
      if (b.splitWanted && !b.splitting && b.open == 0) {
        b.splitting = true;
        Split s = new Split(b);
        calls.add(mgmt(IC_00, "take_canister_snapshot", new ManagementApi.TakeSnapshotArgs(
            b.id, Optional.empty(), Optional.empty(), Optional.empty()), s, SNAPSHOT));
      }
    }
    return calls.isEmpty() ? Optional.empty()
        : Optional.of(new NativeOutcome.Calls(calls, Cycles.ZERO));
  }

  private NativeOutcome.Call mgmt(Principal callee, String method, Object arg, Split s,
      int step) {
    return new NativeOutcome.Call(callee, method, Bytes.of(ManagementApi.encode(arg)),
        Cycles.ZERO, cont(new SplitStep(s, step)));
  }

  private NativeOutcome splitStep(NativeContext ctx, SplitStep st, ResponsePayload response) {
    Split s = st.split();
    Bucket b = s.source;
    if (!(response instanceof ResponsePayload.Reply r)) {
      if (st.step() == RETAIN_LOWER || st.step() == RETAIN_UPPER) {
        // The halves own disjoint ranges whether or not the bucket dropped the other half
        // (scans filter by range): switch anyway, with the load as it was.
        return retained(s, st.step(), new Load(s.source.keys, s.source.bytes));
      }
      return abandon(s, "step " + st.step() + ": " + ((ResponsePayload.Reject) response)
          .message());
    }
    byte[] data = r.data().toByteArray();
    try {
      switch (st.step()) {
        case SNAPSHOT -> {
          s.snapshot = ManagementApi.decode(data, ManagementApi.Snapshot.class).id();
          return one(mgmt(b.subnet, "provisional_create_canister_with_cycles",
              new ManagementApi.ProvisionalCreateCanisterArgs(Optional.empty(),
                  Optional.of(ManagementApi.CanisterSettings.controllers(
                      List.of(ctx.self().principal()))), Optional.empty(), Optional.empty()),
              s, CREATE));
        }
        case CREATE -> {
          s.created = ManagementApi.decode(data, ManagementApi.CanisterIdResult.class)
              .canisterId();
          return one(mgmt(IC_00, "load_canister_snapshot", new ManagementApi.LoadSnapshotArgs(
              s.created, s.snapshot, Optional.empty()), s, LOAD));
        }
        case LOAD -> {
          return one(mgmt(IC_00, "delete_canister_snapshot", new ManagementApi.SnapshotArgs(
              b.id, s.snapshot), s, DELETE_SNAPSHOT));
        }
        case DELETE_SNAPSHOT -> {
          s.snapshot = null;
          Range lower = BigMapApi.lowerHalf(b.range);
          Range upper = new Range(lower.last() + 1, b.range.last());
          return new NativeOutcome.Calls(List.of(
              new NativeOutcome.Call(b.id, "retain", Bytes.of(BigMapApi.CANDID.encode(lower)),
                  Cycles.ZERO, cont(new SplitStep(s, RETAIN_LOWER))),
              new NativeOutcome.Call(s.created, "retain",
                  Bytes.of(BigMapApi.CANDID.encode(upper)), Cycles.ZERO,
                  cont(new SplitStep(s, RETAIN_UPPER)))), Cycles.ZERO);
        }
        case RETAIN_LOWER, RETAIN_UPPER -> {
          return retained(s, st.step(), BigMapApi.CANDID.decode(data, Load.class));
        }
        default -> throw new IllegalStateException("step " + st.step());
      }
    } catch (CandidException e) {
      return abandon(s, "step " + st.step() + ": " + e.getMessage());
    }
  }

  private NativeOutcome retained(Split s, int step, Load l) {
    if (step == RETAIN_LOWER) {
      s.lower = l;
    } else {
      s.upper = l;
    }
    if (--s.retains == 0) {
      finish(s);
    }
    return NativeOutcome.done();
  }

  private static NativeOutcome one(NativeOutcome.Call c) {
    return new NativeOutcome.Calls(List.of(c), Cycles.ZERO);
  }

  /** Switches the ring: B keeps the lower half, the fork takes the upper half. */
  private void finish(Split s) {
    Bucket b = s.source;
    Range lower = BigMapApi.lowerHalf(b.range);
    Bucket fork = new Bucket(s.created, b.subnet, new Range(lower.last() + 1, b.range.last()));
    b.range = lower;
    ring.add(ring.indexOf(b) + 1, fork);
    b.splitting = false;
    b.splitWanted = false;
    splits++;
    setLoad(b, s.lower);
    setLoad(fork, s.upper);
  }

  private NativeOutcome abandon(Split s, String why) {
    Bucket b = s.source;
    b.splitting = false;
    b.splitWanted = false;
    b.noSplit = true;
    failedSplits++;
    return NativeOutcome.reject("BigMap split of " + b.id + " abandoned at " + why);
  }

  // ------------------------------------------------------------------ state

  @Override
  public Bytes certifiedData() {
    return Bytes.EMPTY;
  }

  @Override
  public <T> T atomic(Supplier<T> body) {
    // Handlers decode and validate before they change anything.
    return body.get();
  }

  @Override
  public Bytes saveState() {
    try {
      ByteArrayOutputStream bo = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bo);
      out.writeInt(STATE_MAGIC);
      out.writeLong(splitAtKeys);
      out.writeLong(maxBuckets);
      out.writeLong(splits);
      out.writeLong(failedSplits);
      out.writeLong(nextCont);
      out.writeInt(ring.size());
      for (Bucket b : ring) {
        writePrincipal(out, b.id);
        writePrincipal(out, b.subnet);
        out.writeLong(b.range.lo());
        out.writeLong(b.range.last());
        out.writeLong(b.keys);
        out.writeLong(b.bytes);
        out.writeBoolean(b.noSplit);
      }
      out.flush();
      return Bytes.of(bo.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writePrincipal(DataOutputStream out, Principal p) throws IOException {
    byte[] b = p.toByteArray();
    out.writeInt(b.length);
    out.write(b);
  }

  private static Principal readPrincipal(DataInputStream in) throws IOException {
    byte[] b = new byte[in.readInt()];
    in.readFully(b);
    return Principal.fromBytes(b);
  }

  static IndexCanister restore(Bytes saved) {
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(saved.toByteArray()));
      if (in.readInt() != STATE_MAGIC) {
        throw new IllegalArgumentException("not a saved BigMap index");
      }
      IndexCanister ix = new IndexCanister();
      ix.splitAtKeys = in.readLong();
      ix.maxBuckets = in.readLong();
      ix.splits = in.readLong();
      ix.failedSplits = in.readLong();
      ix.nextCont = in.readLong();
      int n = in.readInt();
      for (int i = 0; i < n; i++) {
        Bucket b = new Bucket(readPrincipal(in), readPrincipal(in),
            new Range(in.readLong(), in.readLong()));
        b.keys = in.readLong();
        b.bytes = in.readLong();
        b.noSplit = in.readBoolean();
        ix.ring.add(b);
      }
      return ix;
    } catch (IOException e) {
      throw new IllegalArgumentException("truncated saved BigMap index", e);
    }
  }
}
