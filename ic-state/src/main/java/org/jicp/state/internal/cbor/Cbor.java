package org.jicp.state.internal.cbor;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jicp.state.MalformedEncodingException;

/**
 * CBOR decoding to {@link CborValue} and a thin writer, both on Jackson's streaming CBOR codec
 * ({@code jackson-dataformat-cbor}); no data binding.
 */
public final class Cbor {
  /** The self-describe tag 55799 ({@code d9 d9 f7}). */
  public static final int SELF_DESCRIBE_TAG = 55799;

  /** Nesting depth beyond which decoding stops: guards the stack against hostile input. */
  public static final int MAX_DEPTH = 2048;

  private static final CBORFactory FACTORY =
      CBORFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH + 8).build())
          .build();

  private Cbor() {}

  /**
   * Decodes exactly one CBOR data item.
   *
   * @param what names the input in error messages (for example "certificate")
   * @throws MalformedEncodingException if the bytes are not one well-formed CBOR item
   */
  public static CborValue decode(byte[] bytes, String what) {
    try (CBORParser p = FACTORY.createParser(bytes)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new MalformedEncodingException(what + ": empty input, expected a CBOR item");
      }
      CborValue v = read(p, t, 0, what);
      JsonToken extra = p.nextToken();
      if (extra != null) {
        throw new MalformedEncodingException(
            what + ": trailing data after the CBOR item at byte "
                + p.currentLocation().getByteOffset());
      }
      return v;
    } catch (IOException | RuntimeException e) {
      if (e instanceof MalformedEncodingException m) {
        throw m;
      }
      throw new MalformedEncodingException(what + ": not valid CBOR: " + firstLine(e), e);
    }
  }

  private static String firstLine(Exception e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  private static CborValue read(CBORParser p, JsonToken t, int depth, String what)
      throws IOException {
    if (depth > MAX_DEPTH) {
      throw new MalformedEncodingException(what + ": CBOR nested deeper than " + MAX_DEPTH);
    }
    long tag = p.getCurrentTag();
    switch (t) {
      case VALUE_EMBEDDED_OBJECT:
        return new CborValue.ByteString(p.getBinaryValue(), tag);
      case VALUE_STRING:
        return new CborValue.Text(p.getText(), tag);
      case VALUE_NUMBER_INT:
        return new CborValue.Int(p.getBigIntegerValue(), tag);
      case START_ARRAY:
        {
          List<CborValue> items = new ArrayList<>();
          JsonToken n;
          while ((n = p.nextToken()) != JsonToken.END_ARRAY) {
            if (n == null) {
              throw new MalformedEncodingException(what + ": CBOR array ends early");
            }
            items.add(read(p, n, depth + 1, what));
          }
          return new CborValue.Array(List.copyOf(items), tag);
        }
      case START_OBJECT:
        {
          Map<String, CborValue> entries = new LinkedHashMap<>();
          JsonToken n;
          while ((n = p.nextToken()) != JsonToken.END_OBJECT) {
            if (n != JsonToken.FIELD_NAME) {
              throw new MalformedEncodingException(what + ": CBOR map ends early");
            }
            String key = p.currentName();
            JsonToken vt = p.nextToken();
            if (vt == null) {
              throw new MalformedEncodingException(what + ": CBOR map ends early");
            }
            if (entries.put(key, read(p, vt, depth + 1, what)) != null) {
              throw new MalformedEncodingException(what + ": CBOR map has key '" + key + "' twice");
            }
          }
          return new CborValue.MapValue(java.util.Collections.unmodifiableMap(entries), tag);
        }
      case VALUE_TRUE:
      case VALUE_FALSE:
        return new CborValue.Other("boolean", tag);
      case VALUE_NULL:
        return new CborValue.Other("null", tag);
      case VALUE_NUMBER_FLOAT:
        return new CborValue.Other("float", tag);
      default:
        return new CborValue.Other(t.toString(), tag);
    }
  }

  /** A CBOR writer over an in-memory buffer. */
  public static final class Writer {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final CBORGenerator g;

    /** A writer with an empty buffer. */
    public Writer() {
      try {
        g = FACTORY.createGenerator(out);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** A generator call that may throw {@link IOException}. */
    @FunctionalInterface
    private interface Io {
      void run() throws IOException;
    }

    private Writer io(Io action) {
      try {
        action.run();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    /** Writes a tag for the next item. */
    public Writer tag(int tag) {
      return io(() -> g.writeTag(tag));
    }

    /** Starts a definite-length array of {@code size} items. */
    public Writer startArray(int size) {
      return io(() -> g.writeStartArray(null, size));
    }

    /** Ends the current array. */
    public Writer endArray() {
      return io(g::writeEndArray);
    }

    /** Starts a definite-length map of {@code size} entries. */
    public Writer startMap(int size) {
      return io(() -> g.writeStartObject(null, size));
    }

    /** Writes a text key of the current map. */
    public Writer key(String key) {
      return io(() -> g.writeFieldName(key));
    }

    /** Ends the current map. */
    public Writer endMap() {
      return io(g::writeEndObject);
    }

    /** Writes a byte string. */
    public Writer bytes(byte[] b) {
      return io(() -> g.writeBinary(b));
    }

    /** Writes a text string. */
    public Writer text(String s) {
      return io(() -> g.writeString(s));
    }

    /** Writes an unsigned integer in its shortest form. */
    public Writer uint(long v) {
      if (v < 0) {
        throw new IllegalArgumentException("unsigned value expected: " + v);
      }
      return io(() -> g.writeNumber(v));
    }

    /** Writes the unsigned 64-bit integer whose bits are {@code bits}. */
    public Writer u64(long bits) {
      if (bits >= 0) {
        return uint(bits);
      }
      java.math.BigInteger v = new java.math.BigInteger(Long.toUnsignedString(bits));
      return io(() -> g.writeNumber(v));
    }

    /** The bytes written so far. */
    public byte[] toByteArray() {
      io(g::flush);
      return out.toByteArray();
    }
  }
}
