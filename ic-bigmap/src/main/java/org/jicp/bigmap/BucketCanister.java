package org.jicp.bigmap;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.jicp.bigmap.BigMapApi.BucketInit;
import org.jicp.bigmap.BigMapApi.Entries;
import org.jicp.bigmap.BigMapApi.Entry;
import org.jicp.bigmap.BigMapApi.Keys;
import org.jicp.bigmap.BigMapApi.Load;
import org.jicp.bigmap.BigMapApi.Range;
import org.jicp.bigmap.BigMapApi.Removed;
import org.jicp.bigmap.BigMapApi.ScanArgs;
import org.jicp.bigmap.BigMapApi.Values;
import org.jicp.candid.CandidException;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.state.replicated.ResponsePayload;
import org.jicp.types.CanisterId;
import org.jicp.wasm.execution.NativeCanister;
import org.jicp.wasm.execution.NativeCanisterException;
import org.jicp.wasm.execution.NativeCanisterFactory;
import org.jicp.wasm.execution.NativeContext;
import org.jicp.wasm.execution.NativeOutcome;

/**
 * A BigMap bucket: the keys whose ring positions lie in its {@link Range}, in a sorted map. Its
 * interface is {@code bigmap-bucket.did}; only its index (named in the install argument) may
 * write. Writes of keys outside its range are rejected (they would be a routing bug).
 * Every handler decodes and validates before it changes anything, so a rejected call leaves the
 * state as it was.
 */
public final class BucketCanister implements NativeCanister {
  /** The kind name, for {@code install_code} of {@code "jicp native canister bigmap-bucket"}. */
  public static final String KIND = "bigmap-bucket";

  private static final Set<String> QUERIES = Set.of("get", "scan", "load", "ping");
  private static final Set<String> UPDATES = Set.of("put", "delete", "retain");
  private static final int STATE_MAGIC = 0x424d4231; // "BMB1"

  private Range range;
  private final Principal index;
  private final TreeMap<Bytes, Bytes> map = new TreeMap<>();
  private long bytes;

  private BucketCanister(Range range, Principal index) {
    this.range = range;
    this.index = index;
  }

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
        BucketInit init = BigMapApi.CANDID.decode(initArg.toByteArray(), BucketInit.class);
        return new BucketCanister(init.range(), init.index());
      }
    };
  }

  @Override
  public boolean hasMethod(String method) {
    return QUERIES.contains(method) || UPDATES.contains(method);
  }

  @Override
  public boolean isQuery(String method) {
    return QUERIES.contains(method);
  }

  @Override
  public NativeOutcome handle(NativeContext ctx, String method, Bytes arg) {
    byte[] a = arg.toByteArray();
    if (UPDATES.contains(method) && !ctx.caller().equals(index)) {
      throw new NativeCanisterException("only the index " + index + " writes to this bucket");
    }
    try {
      return NativeOutcome.reply(Bytes.of(switch (method) {
        case "put" -> put(BigMapApi.CANDID.decode(a, Entries.class));
        case "get" -> get(BigMapApi.CANDID.decode(a, Keys.class));
        case "delete" -> delete(BigMapApi.CANDID.decode(a, Keys.class));
        case "scan" -> scan(BigMapApi.CANDID.decode(a, ScanArgs.class));
        case "retain" -> retain(BigMapApi.CANDID.decode(a, Range.class));
        case "load" -> BigMapApi.CANDID.encode(load());
        case "ping" -> BigMapApi.CANDID.encode();
        default -> throw new NativeCanisterException("no method " + method);
      }));
    } catch (CandidException e) {
      throw new NativeCanisterException("bad argument of " + method + ": " + e.getMessage(), e);
    }
  }

  private void checkRange(Bytes key) {
    long p = BigMapApi.position(key);
    if (!range.contains(p)) {
      throw new NativeCanisterException("key at ring position " + Long.toUnsignedString(p)
          + " is outside this bucket's range " + Long.toUnsignedString(range.lo()) + ".."
          + Long.toUnsignedString(range.last()));
    }
  }

  private byte[] put(Entries e) {
    for (Entry x : e.entries()) {
      checkRange(x.key());
    }
    for (Entry x : e.entries()) {
      Bytes old = map.put(x.key(), x.value());
      bytes += x.value().length() + (old == null ? x.key().length() : -old.length());
    }
    return BigMapApi.CANDID.encode(load());
  }

  private byte[] get(Keys k) {
    List<Optional<Bytes>> out = new ArrayList<>(k.keys().size());
    for (Bytes key : k.keys()) {
      out.add(Optional.ofNullable(map.get(key)));
    }
    return BigMapApi.CANDID.encode(new Values(out));
  }

  private byte[] delete(Keys k) {
    for (Bytes key : k.keys()) {
      checkRange(key);
    }
    long n = 0;
    for (Bytes key : k.keys()) {
      Bytes old = map.remove(key);
      if (old != null) {
        n++;
        bytes -= key.length() + old.length();
      }
    }
    return BigMapApi.CANDID.encode(new Removed(n, load()));
  }

  private byte[] scan(ScanArgs s) {
    List<Entry> out = new ArrayList<>();
    for (Map.Entry<Bytes, Bytes> e : map.tailMap(s.prefix(), true).entrySet()) {
      if (out.size() >= s.limit() || !startsWith(e.getKey(), s.prefix())) {
        break;
      }
      out.add(new Entry(e.getKey(), e.getValue()));
    }
    return BigMapApi.CANDID.encode(new Entries(out));
  }

  private byte[] retain(Range r) {
    for (Iterator<Map.Entry<Bytes, Bytes>> it = map.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Bytes, Bytes> e = it.next();
      if (!r.contains(BigMapApi.position(e.getKey()))) {
        bytes -= e.getKey().length() + e.getValue().length();
        it.remove();
      }
    }
    range = r;
    return BigMapApi.CANDID.encode(load());
  }

  private Load load() {
    return new Load(map.size(), bytes);
  }

  static boolean startsWith(Bytes key, Bytes prefix) {
    if (key.length() < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (key.get(i) != prefix.get(i)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public NativeOutcome resume(NativeContext ctx, long continuationId, ResponsePayload response) {
    return NativeOutcome.reject("a bucket makes no calls");
  }

  @Override
  public Bytes certifiedData() {
    return Bytes.EMPTY;
  }

  @Override
  public <T> T atomic(Supplier<T> body) {
    // Handlers validate everything before they change anything: nothing to roll back.
    return body.get();
  }

  @Override
  public Bytes saveState() {
    try {
      ByteArrayOutputStream bo = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bo);
      out.writeInt(STATE_MAGIC);
      out.writeLong(range.lo());
      out.writeLong(range.last());
      byte[] ix = index.toByteArray();
      out.writeInt(ix.length);
      out.write(ix);
      out.writeInt(map.size());
      for (Map.Entry<Bytes, Bytes> e : map.entrySet()) {
        out.writeInt(e.getKey().length());
        out.write(e.getKey().toByteArray());
        out.writeInt(e.getValue().length());
        out.write(e.getValue().toByteArray());
      }
      out.flush();
      return Bytes.of(bo.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static BucketCanister restore(Bytes saved) {
    try {
      DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(
          saved.toByteArray()));
      if (in.readInt() != STATE_MAGIC) {
        throw new IllegalArgumentException("not a saved BigMap bucket");
      }
      Range r = new Range(in.readLong(), in.readLong());
      byte[] ix = new byte[in.readInt()];
      in.readFully(ix);
      BucketCanister b = new BucketCanister(r, Principal.fromBytes(ix));
      int n = in.readInt();
      for (int i = 0; i < n; i++) {
        byte[] k = new byte[in.readInt()];
        in.readFully(k);
        byte[] v = new byte[in.readInt()];
        in.readFully(v);
        b.map.put(Bytes.of(k), Bytes.of(v));
        b.bytes += k.length + v.length;
      }
      return b;
    } catch (IOException e) {
      throw new IllegalArgumentException("truncated saved BigMap bucket", e);
    }
  }
}
