package org.jicp.replica.net;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jicp.crypto.Bytes;
import org.jicp.types.NodeId;

/**
 * The advert/fetch bookkeeping of one {@link TlsTransport}, after dfinity/ic's consensus manager
 * ({@code rs/p2p/consensus_manager}): an artifact of {@link #PUSH_THRESHOLD_BYTES} or more is not
 * pushed but advertised by its id (SHA-256 of its bytes) and size; a receiver fetches it from one
 * advertiser at a time, tries the next advertiser when one does not answer within {@link
 * #FETCH_TIMEOUT_NANOS}, fetches an artifact advertised by several peers at about the same time
 * once (adverts within {@link #REDELIVERY_NANOS} of its delivery are ignored), and gives up after
 * {@link #ABANDON_NANOS}. An artifact advertised again later is fetched again: a sender re-sends
 * its recent artifacts because nothing is acknowledged, and the receiver's pool, not the
 * transport, decides what it already holds.
 *
 * <p>All bounds are fixed: the artifacts kept for peers' fetches (count and bytes, oldest evicted
 * first), the fetches in flight, and the ids remembered as delivered. Thread-safe (one lock); the
 * clock is passed in, so the rules are tested without waiting.
 */
final class AdvertBook {
  /** Artifacts smaller than this are pushed, as {@code ARTIFACT_PUSH_THRESHOLD_BYTES} on the IC. */
  static final int PUSH_THRESHOLD_BYTES = 1024;
  /** The id of an artifact: SHA-256 of its bytes. */
  static final int ID_BYTES = 32;
  /** How long one advertiser has to answer a fetch before the next one is asked. */
  static final long FETCH_TIMEOUT_NANOS = 1_000_000_000L;
  /** How long an advertised artifact is fetched before it is given up. */
  static final long ABANDON_NANOS = 30_000_000_000L;
  /** How long after its delivery an artifact's adverts are ignored as duplicates. */
  static final long REDELIVERY_NANOS = 1_500_000_000L;

  /** An artifact kept for peers' fetches: its frame kind and bytes. */
  record Advertised(int kind, Bytes payload) {}

  /** A fetch: what was advertised, who advertised it, whom it was asked of last and when. */
  static final class Pending {
    final int kind;
    final int size;
    final long firstNanos;
    final LinkedHashSet<NodeId> advertisers = new LinkedHashSet<>();
    NodeId askedFrom;
    long askedAtNanos;

    Pending(int kind, int size, long now) {
      this.kind = kind;
      this.size = size;
      this.firstNanos = now;
    }
  }

  /** A fetch to send now: {@code id} asked of {@code peer}. */
  record Fetch(Bytes id, NodeId peer) {}

  private final int maxKept;
  private final long maxKeptBytes;
  private final int maxPending;
  private final int maxDelivered;
  private final LinkedHashMap<Bytes, Advertised> kept = new LinkedHashMap<>();
  private long keptBytes;
  private final Map<Bytes, Pending> pending = new HashMap<>();
  private final LinkedHashMap<Bytes, Long> delivered = new LinkedHashMap<>();
  private long abandoned;
  private long keeps;
  private long ignoredAdverts;
  private Bytes lastPayload;
  private Bytes lastId;

  AdvertBook(int maxKept, long maxKeptBytes, int maxPending, int maxDelivered) {
    this.maxKept = maxKept;
    this.maxKeptBytes = maxKeptBytes;
    this.maxPending = maxPending;
    this.maxDelivered = maxDelivered;
  }

  /** SHA-256 of {@code payload} (the last one cached: a broadcast hashes once). */
  synchronized Bytes id(Bytes payload) {
    if (payload == lastPayload) {
      return lastId;
    }
    Bytes id = sha256(payload);
    lastPayload = payload;
    lastId = id;
    return id;
  }

  static Bytes sha256(Bytes payload) {
    try {
      return Bytes.of(MessageDigest.getInstance("SHA-256").digest(payload.toByteArray()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }

  /** Keeps {@code payload} for peers' fetches (evicting the oldest beyond the bounds). */
  synchronized void keep(Bytes id, int kind, Bytes payload) {
    keeps++;
    Advertised old = kept.put(id, new Advertised(kind, payload));
    if (old != null) {
      keptBytes -= old.payload().length();
    }
    keptBytes += payload.length();
    Iterator<Map.Entry<Bytes, Advertised>> it = kept.entrySet().iterator();
    while ((kept.size() > maxKept || keptBytes > maxKeptBytes) && it.hasNext()) {
      Map.Entry<Bytes, Advertised> e = it.next();
      if (e.getKey().equals(id)) {
        continue; // the newest stays
      }
      keptBytes -= e.getValue().payload().length();
      it.remove();
    }
  }

  /** The artifact kept under {@code id}, if still kept. */
  synchronized Optional<Advertised> kept(Bytes id) {
    return Optional.ofNullable(kept.get(id));
  }

  /**
   * An advert of {@code id} from {@code peer}: the peer to fetch it from now, or empty when it was
   * delivered already, is being fetched (the peer becomes another advertiser to try), or too many
   * fetches are in flight (the advert is ignored).
   */
  synchronized Optional<NodeId> onAdvert(NodeId peer, Bytes id, int kind, int size, long now) {
    Long at = delivered.get(id);
    if (at != null && now - at < REDELIVERY_NANOS) {
      return Optional.empty();
    }
    Pending p = pending.get(id);
    if (p != null) {
      p.advertisers.add(peer);
      return Optional.empty();
    }
    if (pending.size() >= maxPending) {
      ignoredAdverts++;
      return Optional.empty();
    }
    p = new Pending(kind, size, now);
    p.advertisers.add(peer);
    p.askedFrom = peer;
    p.askedAtNanos = now;
    pending.put(id, p);
    return Optional.of(peer);
  }

  /**
   * A fetched artifact {@code id} arrived at {@code now}: the fetch it answers (removed, the id
   * remembered as delivered), or empty if none is in flight (a late answer after another peer's,
   * or unasked).
   */
  synchronized Optional<Pending> onArtifact(Bytes id, long now) {
    Pending p = pending.remove(id);
    if (p == null) {
      return Optional.empty();
    }
    delivered.remove(id);
    delivered.put(id, now);
    Iterator<Bytes> it = delivered.keySet().iterator();
    while (delivered.size() > maxDelivered && it.hasNext()) {
      it.next();
      it.remove();
    }
    return Optional.of(p);
  }

  /**
   * The fetches whose advertiser did not answer in time, each now asked of the next advertiser (in
   * the order they advertised, round and round); fetches older than {@link #ABANDON_NANOS} are
   * given up.
   */
  synchronized List<Fetch> due(long now) {
    List<Fetch> out = new ArrayList<>();
    Iterator<Map.Entry<Bytes, Pending>> it = pending.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<Bytes, Pending> e = it.next();
      Pending p = e.getValue();
      if (now - p.firstNanos >= ABANDON_NANOS) {
        it.remove();
        abandoned++;
        continue;
      }
      if (now - p.askedAtNanos < FETCH_TIMEOUT_NANOS) {
        continue;
      }
      List<NodeId> order = new ArrayList<>(p.advertisers);
      int at = order.indexOf(p.askedFrom);
      p.askedFrom = order.get((at + 1) % order.size());
      p.askedAtNanos = now;
      out.add(new Fetch(e.getKey(), p.askedFrom));
    }
    return out;
  }

  /** Forgets {@code peer} as an advertiser (it left the subnet). */
  synchronized void forget(NodeId peer) {
    Iterator<Map.Entry<Bytes, Pending>> it = pending.entrySet().iterator();
    while (it.hasNext()) {
      Pending p = it.next().getValue();
      p.advertisers.remove(peer);
      if (p.advertisers.isEmpty()) {
        it.remove();
        abandoned++;
      } else if (peer.equals(p.askedFrom)) {
        p.askedFrom = null; // the first remaining advertiser is asked at the next check
        p.askedAtNanos = p.firstNanos - FETCH_TIMEOUT_NANOS;
      }
    }
  }

  synchronized int pendingCount() {
    return pending.size();
  }

  synchronized int keptCount() {
    return kept.size();
  }

  synchronized long keptBytes() {
    return keptBytes;
  }

  /** Calls of {@link #keep} so far. */
  synchronized long keeps() {
    return keeps;
  }

  synchronized long abandoned() {
    return abandoned;
  }

  synchronized long ignoredAdverts() {
    return ignoredAdverts;
  }
}
