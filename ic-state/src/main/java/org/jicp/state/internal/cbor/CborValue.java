package org.jicp.state.internal.cbor;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.jicp.state.MalformedEncodingException;

/**
 * A decoded CBOR data item, reduced to what the IC's CBOR formats use: byte strings, text strings,
 * integers, arrays, maps with text keys, and other simple values kept only to be rejected. A tag
 * is kept on the item it precedes.
 */
public sealed interface CborValue {
  /** The tag that preceded this item, or -1. */
  long tag();

  /** A byte string. */
  record ByteString(byte[] value, long tag) implements CborValue {}

  /** A text string. */
  record Text(String value, long tag) implements CborValue {}

  /** An integer (unsigned or negative). */
  record Int(BigInteger value, long tag) implements CborValue {}

  /** An array. */
  record Array(List<CborValue> items, long tag) implements CborValue {}

  /** A map with text keys, in the order of the input. */
  record MapValue(Map<String, CborValue> entries, long tag) implements CborValue {}

  /** Any other simple value (booleans, null, floats). */
  record Other(String description, long tag) implements CborValue {}

  /** Human-readable kind, for error messages. */
  default String kind() {
    if (this instanceof ByteString) {
      return "byte string";
    } else if (this instanceof Text) {
      return "text string";
    } else if (this instanceof Int) {
      return "integer";
    } else if (this instanceof Array) {
      return "array";
    } else if (this instanceof MapValue) {
      return "map";
    }
    return ((Other) this).description();
  }

  /** This item as a byte string, or a {@link MalformedEncodingException} naming {@code what}. */
  default byte[] asBytes(String what) {
    if (this instanceof ByteString b) {
      return b.value();
    }
    throw new MalformedEncodingException(what + ": expected a byte string, got " + kind());
  }

  /** This item as an array, or a {@link MalformedEncodingException} naming {@code what}. */
  default List<CborValue> asArray(String what) {
    if (this instanceof Array a) {
      return a.items();
    }
    throw new MalformedEncodingException(what + ": expected an array, got " + kind());
  }

  /** This item as a map, or a {@link MalformedEncodingException} naming {@code what}. */
  default Map<String, CborValue> asMap(String what) {
    if (this instanceof MapValue m) {
      return m.entries();
    }
    throw new MalformedEncodingException(what + ": expected a map, got " + kind());
  }

  /** This item as an unsigned integer that fits a long, or an exception naming {@code what}. */
  default long asUnsignedLong(String what) {
    if (this instanceof Int i
        && i.value().signum() >= 0
        && i.value().bitLength() <= 64) {
      return i.value().longValue();
    }
    throw new MalformedEncodingException(what + ": expected an unsigned 64-bit integer, got " + kind());
  }
}
