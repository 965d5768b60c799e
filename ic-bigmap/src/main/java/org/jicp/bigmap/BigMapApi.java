package org.jicp.bigmap;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jicp.candid.mapping.CandidAs;
import org.jicp.candid.mapping.CandidMapper;
import org.jicp.candid.mapping.CandidName;
import org.jicp.candid.mapping.TypeRef;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;

/**
 * The Candid types of BigMap's index and bucket canisters ({@code bigmap-index.did}, {@code
 * bigmap-bucket.did} in this package's resources) as Java records, and the ring: a key's position
 * is the first 8 bytes of its SHA-256 read as an unsigned 64-bit number; a bucket owns the closed
 * interval {@code [lo, last]} of positions.
 */
public final class BigMapApi {
  private BigMapApi() {}

  /** The Candid mapper of these types. */
  public static final CandidMapper CANDID = CandidMapper.standard();

  /** A key and its value. */
  public record Entry(Bytes key, Bytes value) {}

  /** Entries (put batches, scan results). */
  public record Entries(List<Entry> entries) {}

  /** Keys (get and delete batches). */
  public record Keys(List<Bytes> keys) {}

  /** The values of a get batch, in the order of its keys. */
  public record Values(List<Optional<Bytes>> values) {}

  /** A scan: the keys that start with {@code prefix}, in key order, at most {@code limit}. */
  public record ScanArgs(Bytes prefix, @CandidAs("nat64") long limit) {}

  /** A closed interval of ring positions. */
  public record Range(@CandidAs("nat64") long lo, @CandidAs("nat64") long last) {
    /** Whether {@code position} lies in the interval (unsigned). */
    public boolean contains(long position) {
      return Long.compareUnsigned(position, lo) >= 0 && Long.compareUnsigned(position, last) <= 0;
    }
  }

  /** A bucket's install argument: its range and the index that may write to it. */
  public record BucketInit(Range range, Principal index) {}

  /** A bucket's size after a write: its keys and the bytes of its keys and values. */
  public record Load(@CandidAs("nat64") long keys, @CandidAs("nat64") long bytes) {}

  /** The answer of a bucket's delete: how many keys were removed, and its load. */
  public record Removed(@CandidAs("nat64") long removed, Load load) {}

  /** The answer of {@code delete_batch}: how many of the keys were present. */
  public record Count(@CandidAs("nat64") long removed) {}

  /** A bucket as the index knows it. */
  public record BucketRef(Principal id, Principal subnet, Range range) {}

  /** The index's install argument. */
  public record IndexInit(List<BucketRef> buckets,
      @CandidName("split_at_keys") @CandidAs("nat64") long splitAtKeys,
      @CandidName("max_buckets") @CandidAs("nat64") long maxBuckets) {}

  /** One line of {@code stats}. */
  public record BucketInfo(Principal id, Principal subnet, Range range,
      @CandidAs("nat64") long keys, @CandidAs("nat64") long bytes) {}

  /** The index's {@code stats}: its buckets in ring order and the splits done. */
  public record Stats(List<BucketInfo> buckets, @CandidAs("nat64") long splits,
      @CandidName("failed_splits") @CandidAs("nat64") long failedSplits) {}

  static final TypeRef<Optional<Bytes>> OPT_BLOB = new TypeRef<>() {};

  /** A key's position on the ring. */
  public static long position(Bytes key) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] h = md.digest(key.toByteArray());
      long p = 0;
      for (int i = 0; i < 8; i++) {
        p = (p << 8) | (h[i] & 0xff);
      }
      return p;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing", e);
    }
  }

  /** The ring cut into {@code n} intervals of (nearly) equal width, in order. */
  public static List<Range> split(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("at least one bucket, got " + n);
    }
    List<Range> out = new ArrayList<>();
    long width = Long.divideUnsigned(-1L, n);
    long lo = 0;
    for (int i = 0; i < n; i++) {
      long last = i == n - 1 ? -1L : lo + width - 1;
      out.add(new Range(lo, last));
      lo = last + 1;
    }
    return out;
  }

  /** The lower half of {@code r} (the upper half starts at its {@code last + 1}). */
  static Range lowerHalf(Range r) {
    long width = r.last() - r.lo(); // unsigned
    return new Range(r.lo(), r.lo() + Long.divideUnsigned(width, 2));
  }

  /** UTF-8 bytes of {@code s}. */
  public static Bytes utf8(String s) {
    return Bytes.of(s.getBytes(StandardCharsets.UTF_8));
  }
}
