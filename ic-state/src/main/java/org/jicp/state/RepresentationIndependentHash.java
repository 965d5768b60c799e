package org.jicp.state;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jicp.crypto.Bytes;
import org.jicp.state.internal.Leb128;
import org.jicp.state.internal.Sha256;

/**
 * The representation-independent hash of the IC interface specification ("Request ids"), used
 * for request ids, delegations and query response signatures.
 *
 * <p>Values: {@link Bytes} or {@code byte[]} (blobs, hashed as is), {@link String} (UTF-8), {@link
 * Long}, {@link Integer} or {@link BigInteger} (naturals, hashed as shortest unsigned LEB128; they
 * must not be negative), {@link Signed} (integers, signed LEB128), {@link List} (an array: the
 * hash of the concatenated element hashes) and {@link Map} with {@link String} keys (a nested map,
 * hashed with {@link #hashOfMap}).
 */
public final class RepresentationIndependentHash {
  private RepresentationIndependentHash() {}

  /**
   * A signed integer field (hashed as signed LEB128).
   *
   * @param value the value
   */
  public record Signed(BigInteger value) {
    /** Validates the component. */
    public Signed {
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * The request id of a request's {@code content} map: its {@link #hashOfMap} (IC interface
   * specification, "Request ids").
   */
  public static org.jicp.types.MessageId requestId(Map<String, ?> content) {
    return new org.jicp.types.MessageId(hashOfMap(content));
  }

  /**
   * {@code hash_of_map}: SHA-256 of the sorted concatenation of {@code H(key) · H(value)} over
   * the fields.
   */
  public static Bytes hashOfMap(Map<String, ?> map) {
    return Bytes.of(mapHash(map));
  }

  private static byte[] mapHash(Map<?, ?> map) {
    List<byte[]> pairs = new ArrayList<>(map.size());
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String k)) {
        throw new IllegalArgumentException("map keys must be strings, got " + e.getKey());
      }
      byte[] kh = Sha256.hash(k.getBytes(StandardCharsets.UTF_8));
      byte[] vh = hashValue(e.getValue());
      byte[] pair = Arrays.copyOf(kh, 64);
      System.arraycopy(vh, 0, pair, 32, 32);
      pairs.add(pair);
    }
    pairs.sort(Arrays::compareUnsigned);
    return Sha256.hash(pairs.toArray(byte[][]::new));
  }

  /** The hash of one value (see the class comment for the accepted types). */
  public static byte[] hashValue(Object v) {
    Objects.requireNonNull(v, "value");
    if (v instanceof Bytes b) {
      return Sha256.hash(b.toByteArray());
    } else if (v instanceof byte[] b) {
      return Sha256.hash(b);
    } else if (v instanceof String s) {
      return Sha256.hash(s.getBytes(StandardCharsets.UTF_8));
    } else if (v instanceof Long || v instanceof Integer) {
      long n = ((Number) v).longValue();
      if (n < 0) {
        throw new IllegalArgumentException("a natural is not negative: " + n);
      }
      return Sha256.hash(Leb128.encodeUnsigned(n));
    } else if (v instanceof BigInteger n) {
      return Sha256.hash(Leb128.encodeUnsigned(n));
    } else if (v instanceof Signed s) {
      return Sha256.hash(Leb128.encodeSigned(s.value()));
    } else if (v instanceof List<?> list) {
      byte[][] hs = new byte[list.size()][];
      for (int i = 0; i < hs.length; i++) {
        hs[i] = hashValue(list.get(i));
      }
      return Sha256.hash(hs);
    } else if (v instanceof Map<?, ?> m) {
      return mapHash(m);
    }
    throw new IllegalArgumentException("cannot hash a " + v.getClass().getName());
  }
}
