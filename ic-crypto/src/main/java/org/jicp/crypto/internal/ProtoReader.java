package org.jicp.crypto.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jicp.crypto.InvalidEncodingException;

/**
 * A strict Protocol Buffers reader for one message: it takes the message's schema (field number →
 * name, wire type, repeated or not) and rejects, with an {@link InvalidEncodingException} naming
 * the message and field, anything a canonical encoder would not write: unknown field numbers,
 * wrong wire types, a singular field twice, truncated or over-long data, non-minimal varints.
 * Absent singular scalar fields read as their proto3 default; absent singular {@code bytes} fields
 * are reported by {@link #requiredBytes}.
 */
public final class ProtoReader {
  /** The wire type of a field. */
  public enum Kind {
    /** Wire type 0. */
    VARINT,
    /** Wire type 2: bytes, strings, messages. */
    LEN
  }

  /** A field of the schema. */
  public record Field(int number, String name, Kind kind, boolean repeated) {}

  private final String context;
  private final Map<Integer, Field> schema = new HashMap<>();
  private final Map<Integer, List<Object>> values = new HashMap<>();

  /**
   * Parses {@code data} as the message {@code context} with the given fields.
   *
   * @throws InvalidEncodingException for any deviation from the schema or the wire format
   */
  public ProtoReader(String context, byte[] data, Field... fields) {
    this.context = context;
    for (Field f : fields) {
      schema.put(f.number(), f);
    }
    int pos = 0;
    while (pos < data.length) {
      long[] tag = varint(data, pos, "a field tag");
      pos = (int) tag[1];
      long key = tag[0];
      int wireType = (int) (key & 7);
      long number = key >>> 3;
      Field f = number <= Integer.MAX_VALUE ? schema.get((int) number) : null;
      if (f == null) {
        throw fail("unknown field number " + number);
      }
      Kind kind = wireType == 0 ? Kind.VARINT : wireType == 2 ? Kind.LEN : null;
      if (kind != f.kind()) {
        throw fail(f.name() + ": wire type " + wireType + " where " + f.kind() + " is expected");
      }
      Object value;
      if (kind == Kind.VARINT) {
        long[] v = varint(data, pos, f.name());
        pos = (int) v[1];
        value = v[0];
      } else {
        long[] len = varint(data, pos, f.name() + " length");
        pos = (int) len[1];
        // Unsigned: a 10-byte varint of 2^63 or more is a negative long, which a signed comparison
        // would let through (as a negative or truncated array length).
        if (Long.compareUnsigned(len[0], data.length - pos) > 0) {
          throw fail(f.name() + ": length " + Long.toUnsignedString(len[0]) + " runs past the end of the message");
        }
        int n = (int) len[0];
        byte[] b = new byte[n];
        System.arraycopy(data, pos, b, 0, n);
        pos += n;
        value = b;
      }
      List<Object> list = values.computeIfAbsent(f.number(), k -> new ArrayList<>());
      if (!f.repeated() && !list.isEmpty()) {
        throw fail(f.name() + " appears more than once");
      }
      list.add(value);
    }
  }

  private long[] varint(byte[] data, int pos, String what) {
    long v = 0;
    for (int i = 0; i < 10; i++) {
      if (pos >= data.length) {
        throw fail(what + ": truncated varint");
      }
      int b = data[pos++] & 0xff;
      if (i == 9 && b > 1) {
        throw fail(what + ": varint longer than 64 bits");
      }
      v |= (long) (b & 0x7f) << (7 * i);
      if ((b & 0x80) == 0) {
        if (b == 0 && i > 0) {
          throw fail(what + ": non-minimal varint");
        }
        return new long[] {v, pos};
      }
    }
    throw fail(what + ": varint longer than 10 bytes");
  }

  /** An {@link InvalidEncodingException} naming this message. */
  public InvalidEncodingException fail(String problem) {
    return new InvalidEncodingException(context + ": " + problem);
  }

  /**
   * A singular {@code bytes} or message field that must be present.
   *
   * @throws InvalidEncodingException if it is absent
   */
  public byte[] requiredBytes(int number) {
    List<Object> v = values.get(number);
    if (v == null) {
      throw fail("missing field " + schema.get(number).name());
    }
    return (byte[]) v.get(0);
  }

  /** Every element of a repeated {@code bytes} or message field (possibly none). */
  public List<byte[]> repeatedBytes(int number) {
    List<byte[]> r = new ArrayList<>();
    for (Object o : values.getOrDefault(number, List.of())) {
      r.add((byte[]) o);
    }
    return r;
  }

  /**
   * A singular {@code uint32} field (0 when absent).
   *
   * @throws InvalidEncodingException if the value does not fit in 32 bits
   */
  public long uint32(int number) {
    List<Object> v = values.get(number);
    if (v == null) {
      return 0;
    }
    long x = (Long) v.get(0);
    if (x < 0 || x > 0xffffffffL) {
      throw fail(schema.get(number).name() + ": " + Long.toUnsignedString(x) + " does not fit in a uint32");
    }
    return x;
  }
}
