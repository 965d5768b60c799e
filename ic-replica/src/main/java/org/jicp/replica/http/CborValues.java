package org.jicp.replica.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jicp.crypto.Bytes;

/**
 * CBOR of the HTTP interface: requests decode through Jackson's CBOR format to plain values
 * ({@link Map} with {@link String} keys, {@link List}, {@link Bytes}, {@link String}, {@link
 * Long} or {@link BigInteger} naturals, {@link Boolean}, {@code null}), tags (the self-describe
 * tag 55799 among them) skipped; responses encode from the same values with the self-describe
 * tag by a small writer of definite-length items ({@link #encode}). Decoding bounds nesting and
 * rejects duplicate keys, negative integers, floats, text that is not well-formed UTF-16 after
 * decoding (invalid UTF-8 that Jackson turns into unpaired surrogates) and trailing bytes.
 */
public final class CborValues {
  /** The self-describe tag 55799 ({@code d9 d9 f7}). */
  static final int SELF_DESCRIBE_TAG = 55799;
  /** The deepest nesting accepted (delegation chains and read_state paths stay far below). */
  static final int MAX_DEPTH = 32;

  private static final CBORFactory FACTORY = CBORFactory.builder().build();

  private CborValues() {}

  /** A malformed CBOR request. */
  public static final class MalformedCborException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedCborException(String message) {
      super(message);
    }
  }

  /** Decodes one CBOR data item that spans all of {@code body}. */
  public static Object decode(byte[] body) throws MalformedCborException {
    try (JsonParser p = FACTORY.createParser(body)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new MalformedCborException("empty body");
      }
      Object v = value(p, t, 0);
      if (p.nextToken() != null) {
        throw new MalformedCborException("trailing bytes after the CBOR value");
      }
      return v;
    } catch (IOException | RuntimeException e) {
      throw new MalformedCborException("malformed CBOR: " + firstLine(e.getMessage()));
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unexpected end";
    }
    int i = s.indexOf('\n');
    return i < 0 ? s : s.substring(0, i);
  }

  /**
   * {@code s} if it is well-formed text: Jackson decodes some invalid UTF-8 sequences into unpaired
   * surrogates, which would hash (as their UTF-8 bytes) to something else than the client sent.
   */
  private static String utf8(String s) throws IOException {
    if (!java.nio.charset.StandardCharsets.UTF_8.newEncoder().canEncode(s)) {
      throw new IOException("a text string is not valid UTF-8");
    }
    return s;
  }

  private static Object value(JsonParser p, JsonToken t, int depth) throws IOException {
    if (depth > MAX_DEPTH) {
      throw new IOException("nested more than " + MAX_DEPTH + " levels");
    }
    switch (t) {
      case START_OBJECT: {
        Map<String, Object> m = new LinkedHashMap<>();
        JsonToken k;
        while ((k = p.nextToken()) == JsonToken.FIELD_NAME) {
          String name = utf8(p.currentName());
          Object v = value(p, p.nextToken(), depth + 1);
          if (m.put(name, v) != null) {
            throw new IOException("duplicate map key '" + name + "'");
          }
        }
        if (k != JsonToken.END_OBJECT) {
          throw new IOException("map keys must be text");
        }
        return m;
      }
      case START_ARRAY: {
        List<Object> l = new ArrayList<>();
        JsonToken e;
        while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
          if (e == null) {
            throw new IOException("unexpected end of array");
          }
          l.add(value(p, e, depth + 1));
        }
        return l;
      }
      case VALUE_STRING:
        return utf8(p.getText());
      case VALUE_EMBEDDED_OBJECT: {
        Object o = p.getEmbeddedObject();
        if (o instanceof byte[] b) {
          return Bytes.of(b);
        }
        throw new IOException("unsupported CBOR item");
      }
      case VALUE_NUMBER_INT: {
        BigInteger n = p.getBigIntegerValue();
        if (n.signum() < 0) {
          throw new IOException("negative integer");
        }
        return n.bitLength() < 64 ? (Object) n.longValue() : n;
      }
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        throw new IOException("unsupported CBOR item " + t);
    }
  }

  /**
   * Encodes {@code value} with the self-describe tag: definite lengths, the shortest head for
   * every length and integer (RFC 8949 §4.2.1 preferred serialization), map entries in the map's
   * iteration order; {@code null} as CBOR null; integers beyond 64 bits as bignums (tags 2 and 3, magnitude without a sign
   * byte). A hand-written writer: Jackson's generator costs more to create (its 16 KB recycled
   * buffers) than a whole query response takes to write; {@code CborValuesTest} checks its bytes against Jackson's for random values.
   *
   * @throws IllegalArgumentException for a value of another type (or a map key not a string)
   */
  public static byte[] encode(Object value) {
    Writer w = new Writer();
    w.head(6, SELF_DESCRIBE_TAG);
    w.value(value);
    return w.toByteArray();
  }

  /** A growable byte buffer with CBOR heads. */
  private static final class Writer {
    private byte[] buf = new byte[256];
    private int n;

    private void ensure(int more) {
      if (n + more > buf.length) {
        buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, n + more));
      }
    }

    /** The head of major type {@code major} with argument {@code arg} (unsigned). */
    void head(int major, long arg) {
      ensure(9);
      int m = major << 5;
      if (arg >= 0 && arg < 24) {
        buf[n++] = (byte) (m | arg);
      } else if (arg >= 0 && arg < 0x100) {
        buf[n++] = (byte) (m | 24);
        buf[n++] = (byte) arg;
      } else if (arg >= 0 && arg < 0x10000) {
        buf[n++] = (byte) (m | 25);
        buf[n++] = (byte) (arg >>> 8);
        buf[n++] = (byte) arg;
      } else if (arg >= 0 && arg < 0x1_0000_0000L) {
        buf[n++] = (byte) (m | 26);
        for (int i = 24; i >= 0; i -= 8) {
          buf[n++] = (byte) (arg >>> i);
        }
      } else {
        buf[n++] = (byte) (m | 27);
        for (int i = 56; i >= 0; i -= 8) {
          buf[n++] = (byte) (arg >>> i);
        }
      }
    }

    void raw(byte[] b, int off, int len) {
      ensure(len);
      System.arraycopy(b, off, buf, n, len);
      n += len;
    }

    void value(Object v) {
      if (v instanceof Map<?, ?> m) {
        head(5, m.size());
        for (Map.Entry<?, ?> e : m.entrySet()) {
          if (!(e.getKey() instanceof String k)) {
            throw new IllegalArgumentException("cannot encode map key " + e.getKey());
          }
          text(k);
          value(e.getValue());
        }
      } else if (v instanceof List<?> l) {
        head(4, l.size());
        for (Object o : l) {
          value(o);
        }
      } else if (v instanceof Bytes b) {
        head(2, b.length());
        ensure(b.length());
        b.copyTo(buf, n);
        n += b.length();
      } else if (v instanceof byte[] b) {
        head(2, b.length);
        raw(b, 0, b.length);
      } else if (v instanceof String s) {
        text(s);
      } else if (v instanceof Long || v instanceof Integer) {
        long x = ((Number) v).longValue();
        if (x >= 0) {
          head(0, x);
        } else {
          head(1, -1 - x);
        }
      } else if (v instanceof BigInteger x) {
        if (x.signum() >= 0 && x.bitLength() <= 64) {
          head(0, x.longValue());
        } else if (x.signum() < 0 && x.negate().subtract(BigInteger.ONE).bitLength() <= 64) {
          head(1, x.negate().subtract(BigInteger.ONE).longValue());
        } else {
          BigInteger mag = x.signum() >= 0 ? x : x.negate().subtract(BigInteger.ONE);
          byte[] b = mag.toByteArray();
          int off = b[0] == 0 ? 1 : 0;
          head(6, x.signum() >= 0 ? 2 : 3);
          head(2, b.length - off);
          raw(b, off, b.length - off);
        }
      } else if (v instanceof Boolean b) {
        ensure(1);
        buf[n++] = (byte) (b ? 0xf5 : 0xf4);
      } else if (v == null) {
        // What decode gives for null (and undefined), so that every decoded value re-encodes.
        ensure(1);
        buf[n++] = (byte) 0xf6;
      } else {
        throw new IllegalArgumentException("cannot encode " + v);
      }
    }

    void text(String s) {
      byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      head(3, b.length);
      raw(b, 0, b.length);
    }

    byte[] toByteArray() {
      return java.util.Arrays.copyOf(buf, n);
    }
  }
}
