package org.jicp.wasm.internal.binary;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.jicp.wasm.MalformedWasmException;

/** A cursor over wasm binary bytes: LEB128 integers, names, fixed-size values. */
public final class ByteReader {
  private final byte[] bytes;
  private int pos;
  private final int end;
  private final String where;

  /** Reads {@code bytes[from, to)}; {@code where} names the region in error messages. */
  public ByteReader(byte[] bytes, int from, int to, String where) {
    this.bytes = bytes;
    this.pos = from;
    this.end = to;
    this.where = where;
  }

  /** The current offset in the underlying array. */
  public int position() {
    return pos;
  }

  /** The end offset (exclusive). */
  public int end() {
    return end;
  }

  /** Whether bytes remain. */
  public boolean hasMore() {
    return pos < end;
  }

  /** The underlying array (not copied). */
  public byte[] array() {
    return bytes;
  }

  /** A malformed-input exception naming this region and offset. */
  public MalformedWasmException malformed(String what) {
    return new MalformedWasmException(what + " (" + where + ", byte offset " + pos + ")");
  }

  /** One unsigned byte. */
  public int u8() {
    if (pos >= end) {
      throw malformed("unexpected end");
    }
    return bytes[pos++] & 0xFF;
  }

  /** Skips {@code n} bytes. */
  public void skip(int n) {
    if (n < 0 || n > end - pos) {
      throw malformed("length " + n + " runs past the end");
    }
    pos += n;
  }

  /** An unsigned LEB128 of at most 32 bits. */
  public int u32() {
    long result = unsigned(35);
    if (result > 0xFFFF_FFFFL) {
      throw malformed("integer too large");
    }
    return (int) result;
  }

  /** An unsigned LEB128 u32 that must fit a Java int (lengths and counts). */
  public int length() {
    int v = u32();
    if (v < 0) {
      throw malformed("length too large");
    }
    return v;
  }

  /** An unsigned LEB128 of at most 64 bits. */
  public long u64() {
    return unsigned(70);
  }

  /** An unsigned LEB128 whose encoding has fewer than {@code maxShift / 7} bytes. */
  private long unsigned(int maxShift) {
    long result = 0;
    int shift = 0;
    while (true) {
      int b = u8();
      result |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return result;
      }
      shift += 7;
      if (shift >= maxShift) {
        throw malformed("integer representation too long");
      }
      if (shift == 63 && maxShift == 70 && pos < end && (bytes[pos] & 0x7E) != 0) {
        throw malformed("integer too large");
      }
    }
  }

  /** A signed LEB128 of at most {@code bits} bits. */
  public long sleb(int bits) {
    long result = 0;
    int shift = 0;
    int b;
    do {
      b = u8();
      result |= (long) (b & 0x7F) << shift;
      shift += 7;
      if (shift > bits + 7) {
        throw malformed("integer representation too long");
      }
    } while ((b & 0x80) != 0);
    if (shift < 64 && (b & 0x40) != 0) {
      result |= -1L << shift;
    }
    return result;
  }

  /** A UTF-8 name with its LEB128 length. */
  public String name() {
    int n = length();
    int start = pos;
    skip(n);
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes, start, n))
          .toString();
    } catch (CharacterCodingException e) {
      pos = start;
      throw malformed("name is not valid UTF-8");
    }
  }
}
