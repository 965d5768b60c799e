package org.jicp.replica.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jicp.crypto.Bytes;

/**
 * CBOR of the HTTP interface through Jackson's CBOR format: requests decode to plain values
 * ({@link Map} with {@link String} keys, {@link List}, {@link Bytes}, {@link String}, {@link
 * Long} or {@link BigInteger} naturals, {@link Boolean}, {@code null}), tags (the self-describe
 * tag 55799 among them) skipped; responses encode from the same values with the self-describe
 * tag. Decoding bounds nesting and rejects duplicate keys, negative integers, floats and
 * trailing bytes.
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

  private static Object value(JsonParser p, JsonToken t, int depth) throws IOException {
    if (depth > MAX_DEPTH) {
      throw new IOException("nested more than " + MAX_DEPTH + " levels");
    }
    switch (t) {
      case START_OBJECT: {
        Map<String, Object> m = new LinkedHashMap<>();
        JsonToken k;
        while ((k = p.nextToken()) == JsonToken.FIELD_NAME) {
          String name = p.currentName();
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
        return p.getText();
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

  /** Encodes {@code value} with the self-describe tag. */
  public static byte[] encode(Object value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (CBORGenerator g = (CBORGenerator) FACTORY.createGenerator(out)) {
      g.writeTag(SELF_DESCRIBE_TAG);
      write(g, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void write(CBORGenerator g, Object v) throws IOException {
    if (v instanceof Map<?, ?> m) {
      g.writeStartObject(m.size());
      for (Map.Entry<?, ?> e : m.entrySet()) {
        g.writeFieldName((String) e.getKey());
        write(g, e.getValue());
      }
      g.writeEndObject();
    } else if (v instanceof List<?> l) {
      g.writeStartArray(l, l.size());
      for (Object o : l) {
        write(g, o);
      }
      g.writeEndArray();
    } else if (v instanceof Bytes b) {
      g.writeBinary(b.toByteArray());
    } else if (v instanceof byte[] b) {
      g.writeBinary(b);
    } else if (v instanceof String s) {
      g.writeString(s);
    } else if (v instanceof Long || v instanceof Integer) {
      g.writeNumber(((Number) v).longValue());
    } else if (v instanceof BigInteger n) {
      g.writeNumber(n);
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else {
      throw new IllegalArgumentException("cannot encode " + v);
    }
  }
}
