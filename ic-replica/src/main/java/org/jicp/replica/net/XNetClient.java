package org.jicp.replica.net;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jicp.replica.node.ReplicaPayloadBuilder;
import org.jicp.replica.node.XNet;
import org.jicp.state.certification.CertificateSignatureVerifier;
import org.jicp.state.certification.ThresholdPublicKey;
import org.jicp.state.ports.StreamSlice;
import org.jicp.types.SubnetId;
import org.jicp.types.ports.CertifiedStreamSlice;

/**
 * The XNet client of a testnet node (dfinity/ic {@code xnet_payload_builder}'s slice fetching and
 * {@code certified_slice_pool}): a background thread pulls, from the nodes of every other subnet,
 * the slice of that subnet's certified stream to this one ({@code GET /api/v1/stream/<own>}, see
 * {@link XNetEndpoint}) starting where the payload builder last asked, checks it and keeps the
 * latest good one per sender; the payload builder ({@link ReplicaPayloadBuilder.SliceSource})
 * takes it from there without waiting on the network, exactly as it takes an in-memory slice from
 * another subnet of the same JVM. Validators and message routing verify the slice again from the
 * block.
 *
 * <p>A fetched answer is refused — not kept, counted by {@link Refusal}, the next node of the
 * sender asked next time — if it is larger than {@link Limits#maxSliceBytes()}, does not decode,
 * comes from a subnet without a key in the registry, does not verify ({@link XNet#verify}: the
 * certification's signer and threshold signature under the sender's registry key, the witness
 * against the certified root, the header and every message in the witness, at most {@link
 * XNet#MAX_MESSAGES_PER_SLICE} messages), or does not start at the index asked for.
 *
 * <p>A slice without messages (the stream's header alone) is handed out only when its signals
 * ({@code signals_end}) or its {@code begin} advanced since this node last handed out a slice of
 * that sender: the first lets this subnet garbage-collect the messages the sender inducted (and
 * act on its reject signals) even when the sender sends nothing back; the second lets this subnet
 * drop the reject signals the sender acted on.
 */
public final class XNetClient implements ReplicaPayloadBuilder.SliceSource, AutoCloseable {
  /** Why a fetched slice was refused. */
  public enum Refusal {
    /** Larger than {@link Limits#maxSliceBytes()}. */
    OVERSIZED,
    /** Not {@link XNetEndpoint#encode}'s format. */
    MALFORMED,
    /** From a subnet that has no key in the registry. */
    UNKNOWN_SUBNET,
    /** The certification, witness or messages do not verify. */
    INVALID,
    /** Does not start at the index this subnet continues the stream at. */
    OUT_OF_ORDER
  }

  /** A refused slice. */
  public static final class RefusedSliceException extends Exception {
    private static final long serialVersionUID = 1L;
    private final Refusal reason;

    RefusedSliceException(Refusal reason, String message) {
      super(reason + ": " + message);
      this.reason = reason;
    }

    /** Why. */
    public Refusal reason() {
      return reason;
    }
  }

  /**
   * The client's bounds.
   *
   * @param maxSliceBytes the largest answer read (the rest is refused unread)
   * @param msgLimit the most messages asked for per slice
   * @param pollMillis the pause between fetch rounds (a payload builder asking for an index the
   *     client has no slice for ends the pause early)
   * @param timeoutMillis the connect and request timeout per node
   */
  public record Limits(int maxSliceBytes, int msgLimit, long pollMillis, long timeoutMillis) {
    /** 4 MiB, 1,000 messages, 100 ms, 2 s. */
    public static Limits defaults() {
      return new Limits(4 << 20, XNet.MAX_MESSAGES_PER_SLICE, 100, 2_000);
    }
  }

  /** A checked slice: the block's form and the decoded one. */
  private record Kept(long from, long to, long signalsEnd, long begin, CertifiedStreamSlice slice,
      byte[] body) {}

  /** The header values of the last slice handed out for a sender. */
  private record Handed(long signalsEnd, long begin) {}

  private final SubnetId own;
  private final Map<SubnetId, List<URI>> sources;
  private final Function<SubnetId, Optional<ThresholdPublicKey>> keys;
  private final Limits limits;
  private final Consumer<String> log;
  private final CertificateSignatureVerifier bls = CertificateSignatureVerifier.ic();
  private final HttpClient http;
  private final Map<SubnetId, Long> wanted = new ConcurrentHashMap<>();
  private final Map<SubnetId, Kept> kept = new ConcurrentHashMap<>();
  private final Map<SubnetId, Handed> signalsHandedOut = new ConcurrentHashMap<>();
  private final Map<SubnetId, Integer> rotation = new ConcurrentHashMap<>();
  private final Map<SubnetId, Long> lastLogged = new ConcurrentHashMap<>();
  private final EnumMap<Refusal, AtomicLong> refused = new EnumMap<>(Refusal.class);
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong fetches = new AtomicLong();
  private final Object signal = new Object();
  private volatile String lastRefusal = "";
  private volatile boolean running = true;
  private Thread fetcher;

  /**
   * A client of subnet {@code own} pulling from {@code sources} (each other subnet's nodes' base
   * URLs, {@code http://host:port}), verifying with the registry's {@code keys}.
   */
  public XNetClient(SubnetId own, Map<SubnetId, List<URI>> sources,
      Function<SubnetId, Optional<ThresholdPublicKey>> keys, Limits limits,
      Consumer<String> log) {
    this.own = Objects.requireNonNull(own, "own");
    TreeMap<SubnetId, List<URI>> s = new TreeMap<>();
    sources.forEach((k, v) -> {
      if (!k.equals(own) && !v.isEmpty()) {
        s.put(k, List.copyOf(v));
      }
    });
    this.sources = s;
    this.keys = Objects.requireNonNull(keys, "keys");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.log = Objects.requireNonNull(log, "log");
    for (Refusal r : Refusal.values()) {
      refused.put(r, new AtomicLong());
    }
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofMillis(limits.timeoutMillis())).build();
  }

  /** Starts the background fetcher. */
  public synchronized void start() {
    if (fetcher == null) {
      fetcher = new Thread(this::run, "jicp-xnet-client");
      fetcher.setDaemon(true);
      fetcher.start();
    }
  }

  @Override
  public List<SubnetId> senders() {
    return List.copyOf(sources.keySet());
  }

  @Override
  public Optional<CertifiedStreamSlice> slice(SubnetId sender, long from) {
    if (!sources.containsKey(sender)) {
      return Optional.empty();
    }
    Long before = wanted.put(sender, from);
    Kept k = kept.get(sender);
    if (k == null || k.from() != from) {
      if (before == null || before != from) {
        wake();
      }
      return Optional.empty();
    }
    Handed handed = signalsHandedOut.get(sender);
    if (k.to() > from || handed == null || k.signalsEnd() > handed.signalsEnd()
        || k.begin() > handed.begin()) {
      signalsHandedOut.put(sender, new Handed(k.signalsEnd(), k.begin()));
      return Optional.of(k.slice());
    }
    return Optional.empty();
  }

  /**
   * Checks an answer of {@code sender}'s endpoint to a request from index {@code from}.
   *
   * @throws RefusedSliceException if it is refused, with the reason
   */
  public StreamSlice check(SubnetId sender, long from, byte[] body) throws RefusedSliceException {
    return checked(sender, from, body).decoded;
  }

  private record Checked(CertifiedStreamSlice slice, StreamSlice decoded, long from, long to) {}

  private Checked checked(SubnetId sender, long from, byte[] body) throws RefusedSliceException {
    if (body.length > limits.maxSliceBytes()) {
      throw new RefusedSliceException(Refusal.OVERSIZED, body.length + " bytes, more than "
          + limits.maxSliceBytes());
    }
    CertifiedStreamSlice s;
    try {
      s = XNetEndpoint.decode(body);
    } catch (XNetEndpoint.MalformedSliceException e) {
      throw new RefusedSliceException(Refusal.MALFORMED, e.getMessage());
    }
    Optional<ThresholdPublicKey> key = keys.apply(sender);
    if (key.isEmpty()) {
      throw new RefusedSliceException(Refusal.UNKNOWN_SUBNET, sender
          + " has no key in the registry");
    }
    StreamSlice d;
    try {
      d = XNet.verify(s, sender, own, key.get(), bls);
    } catch (XNet.InvalidSliceException e) {
      throw new RefusedSliceException(Refusal.INVALID, e.getMessage());
    }
    long lo = java.nio.ByteBuffer.wrap(s.payload().toByteArray()).getLong();
    long hi = java.nio.ByteBuffer.wrap(s.payload().toByteArray()).getLong(8);
    if (lo != from) {
      throw new RefusedSliceException(Refusal.OUT_OF_ORDER, "starts at " + lo + ", asked for "
          + from);
    }
    return new Checked(s, d, lo, hi);
  }

  /** Slices refused for {@code r} so far. */
  public long refused(Refusal r) {
    return refused.get(r).get();
  }

  /** Slices fetched, checked and kept so far (an answer identical to the kept one not counted). */
  public long accepted() {
    return accepted.get();
  }

  /** HTTP requests made so far. */
  public long fetches() {
    return fetches.get();
  }

  /** The last refusal's message ("" before any). */
  public String lastRefusal() {
    return lastRefusal;
  }

  private void wake() {
    synchronized (signal) {
      signal.notifyAll();
    }
  }

  private void run() {
    while (running) {
      for (SubnetId sender : sources.keySet()) {
        Long from = wanted.get(sender);
        if (from != null && running) {
          fetch(sender, from);
        }
      }
      synchronized (signal) {
        try {
          signal.wait(limits.pollMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Asks the sender's nodes in turn, from a rotating start, until one answers usefully. */
  private void fetch(SubnetId sender, long from) {
    List<URI> nodes = sources.get(sender);
    int start = rotation.getOrDefault(sender, 0);
    for (int i = 0; i < nodes.size() && running; i++) {
      URI base = nodes.get(Math.floorMod(start + i, nodes.size()));
      URI uri = URI.create(base + XNetEndpoint.PREFIX + own.principal().toText() + "?index="
          + from + "&msg_limit=" + limits.msgLimit());
      try {
        fetches.incrementAndGet();
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(uri)
            .timeout(Duration.ofMillis(limits.timeoutMillis())).GET().build(),
            HttpResponse.BodyHandlers.ofInputStream());
        byte[] body;
        try (InputStream in = r.body()) {
          body = in.readNBytes(limits.maxSliceBytes() + 1);
        }
        if (r.statusCode() == 204) {
          return; // no stream to this subnet yet
        }
        if (r.statusCode() == 200) {
          Kept k = kept.get(sender);
          if (k != null && k.from() == from && Arrays.equals(k.body(), body)) {
            return; // unchanged: checked already
          }
          try {
            Checked c = checked(sender, from, body);
            kept.put(sender, new Kept(c.from(), c.to(), c.decoded().header().signalsEnd(),
                c.decoded().header().begin(), c.slice(), body));
            accepted.incrementAndGet();
            return;
          } catch (RefusedSliceException e) {
            refused.get(e.reason()).incrementAndGet();
            lastRefusal = "from " + base + ": " + e.getMessage();
            logRarely(sender, "xnet: refused the slice of " + sender + " " + lastRefusal);
          }
        }
      } catch (IOException e) {
        logRarely(sender, "xnet: " + uri + ": " + e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      rotation.put(sender, start + i + 1); // next time, start after the node that failed
    }
  }

  private void logRarely(SubnetId sender, String line) {
    long now = System.nanoTime();
    Long last = lastLogged.get(sender);
    if (last == null || now - last > 5_000_000_000L) {
      lastLogged.put(sender, now);
      log.accept(line);
    }
  }

  /** Counters for the node's progress log. */
  public String summary() {
    List<String> r = new ArrayList<>();
    refused.forEach((k, v) -> {
      if (v.get() > 0) {
        r.add(k + " " + v.get());
      }
    });
    return "xnet fetches " + fetches.get() + " kept " + accepted.get() + " refused "
        + (r.isEmpty() ? "0" : String.join(", ", r));
  }

  @Override
  public void close() {
    running = false;
    Thread t;
    synchronized (this) {
      t = fetcher;
    }
    if (t != null) {
      t.interrupt();
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
