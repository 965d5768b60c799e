package org.jicp.candid.internal.binary;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.jicp.candid.MalformedCandidException;

/**
 * A cursor over a binary Candid message with bounds-checked readers. Every failure is a {@link
 * MalformedCandidException} naming the byte offset.
 */
public final class ByteReader {
  private final byte[] buf;
  private final int start;
  private final int end;
  private int pos;

  /** A reader of {@code buf[offset, offset + length)}. */
  public ByteReader(byte[] buf, int offset, int length) {
    this.buf = buf;
    this.start = offset;
    this.end = offset + length;
    this.pos = offset;
  }

  /** The offset of the next byte, relative to the start of the message. */
  public int position() {
    return pos - start;
  }

  /** Moves back (or forward) to a position returned by {@link #position()}. */
  public void seek(int position) {
    pos = start + position;
  }

  /** The number of bytes left. */
  public int remaining() {
    return end - pos;
  }

  /** A malformed-input exception at the current position. */
  public MalformedCandidException error(String problem) {
    return errorAt(position(), problem);
  }

  /** A malformed-input exception at {@code position}. */
  public static MalformedCandidException errorAt(int position, String problem) {
    return new MalformedCandidException(position, "at byte " + position + ": " + problem);
  }

  private MalformedCandidException eof(int needed) {
    return error(
        "unexpected end of message (needed "
            + needed
            + " more byte"
            + (needed == 1 ? "" : "s")
            + ", "
            + remaining()
            + " left)");
  }

  /** One unsigned byte. */
  public int u8() {
    if (pos >= end) {
      throw eof(1);
    }
    return buf[pos++] & 0xff;
  }

  /** Skips {@code n} bytes. */
  public void skip(long n) {
    if (n > end - pos) {
      throw eof((int) Math.min(Integer.MAX_VALUE, n));
    }
    pos += (int) n;
  }

  /** Checks that {@code n} more bytes are there, without consuming them. */
  public void require(long n, String what) {
    // Unsigned: a LEB128 length may be up to 2^64 - 1 (negative as a long).
    if (Long.compareUnsigned(n, end - pos) > 0) {
      throw error(what + " needs " + Long.toUnsignedString(n) + " bytes, but only " + remaining()
          + " are left");
    }
  }

  /** Two bytes, little-endian, unsigned. */
  public int le16() {
    if (end - pos < 2) {
      throw eof(2);
    }
    int v = (buf[pos] & 0xff) | (buf[pos + 1] & 0xff) << 8;
    pos += 2;
    return v;
  }

  /** Four bytes, little-endian. */
  public int le32() {
    if (end - pos < 4) {
      throw eof(4);
    }
    int v =
        (buf[pos] & 0xff)
            | (buf[pos + 1] & 0xff) << 8
            | (buf[pos + 2] & 0xff) << 16
            | (buf[pos + 3] & 0xff) << 24;
    pos += 4;
    return v;
  }

  /** Eight bytes, little-endian. */
  public long le64() {
    if (end - pos < 8) {
      throw eof(8);
    }
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = (v << 8) | (buf[pos + i] & 0xff);
    }
    pos += 8;
    return v;
  }

  /**
   * An unsigned LEB128 number that fits in 64 bits (read as unsigned). Overlong encodings (extra
   * zero groups) are accepted, as the spec allows. Values of 2^63 and more are negative as a
   * {@code long}: callers compare them with {@link Long#compareUnsigned} (CandidFuzzTest found a
   * field count of 2^64 - 2^20 passing a signed size check).
   */
  public long leb() {
    long result = 0;
    int shift = 0;
    int at = position();
    while (true) {
      if (pos >= end) {
        throw eof(1);
      }
      int b = buf[pos++];
      long low = b & 0x7f;
      if (shift < 64) {
        if (shift == 63 && low > 1) {
          throw errorAt(at, "LEB128 number does not fit in 64 bits");
        }
        result |= low << shift;
      } else if (low != 0) {
        throw errorAt(at, "LEB128 number does not fit in 64 bits");
      }
      if ((b & 0x80) == 0) {
        return result;
      }
      shift += 7;
    }
  }

  /** An unsigned LEB128 number that must be below {@code limit} (used for counts and lengths). */
  public long lebBelow(long limit, String what) {
    int at = position();
    long v = leb();
    if (Long.compareUnsigned(v, limit) >= 0) {
      throw errorAt(
          at, what + " " + Long.toUnsignedString(v) + " is too large (at most " + (limit - 1) + ")");
    }
    return v;
  }

  /** A signed LEB128 number that fits in 64 bits. */
  public long sleb() {
    int at = position();
    BigInteger v = slebBig();
    if (v.bitLength() > 63) {
      throw errorAt(at, "SLEB128 number does not fit in 64 bits");
    }
    return v.longValue();
  }

  /** An unsigned LEB128 number of any size. */
  public BigInteger lebBig() {
    return big(false);
  }

  /** A signed LEB128 number of any size. */
  public BigInteger slebBig() {
    return big(true);
  }

  private BigInteger big(boolean signed) {
    // Fast path: up to 9 groups (63 bits).
    int p = pos;
    long result = 0;
    for (int i = 0; i < 9 && p < end; i++) {
      int b = buf[p++];
      result |= (long) (b & 0x7f) << (7 * i);
      if ((b & 0x80) == 0) {
        if (signed && (b & 0x40) != 0) {
          result |= -1L << (7 * (i + 1));
        }
        pos = p;
        return BigInteger.valueOf(result);
      }
    }
    return bigGroups(signed);
  }

  /** The slow path of LEB128/SLEB128: a number of any size. */
  private BigInteger bigGroups(boolean signed) {
    int first = pos;
    int n = 0;
    while (true) {
      if (first + n >= end) {
        pos = first + n;
        throw eof(1);
      }
      if ((buf[first + n++] & 0x80) == 0) {
        break;
      }
    }
    BigInteger v = BigInteger.ZERO;
    for (int i = n - 1; i >= 0; i--) {
      v = v.shiftLeft(7).or(BigInteger.valueOf(buf[first + i] & 0x7f));
    }
    if (signed && (buf[first + n - 1] & 0x40) != 0) {
      v = v.subtract(BigInteger.ONE.shiftLeft(7 * n));
    }
    pos = first + n;
    return v;
  }

  /** Skips one LEB128 or SLEB128 number, checking that it ends. */
  public void skipLeb() {
    while (true) {
      if (pos >= end) {
        throw eof(1);
      }
      if ((buf[pos++] & 0x80) == 0) {
        return;
      }
    }
  }

  /** A copy of the next {@code n} bytes. */
  public byte[] bytes(int n) {
    if (n > end - pos) {
      throw eof(n);
    }
    byte[] out = new byte[n];
    System.arraycopy(buf, pos, out, 0, n);
    pos += n;
    return out;
  }

  /** Validated UTF-8 of the next {@code n} bytes, as a string. */
  public String utf8(int n) {
    if (n > end - pos) {
      throw eof(n);
    }
    int at = pos;
    int bad = Utf8.firstInvalid(buf, pos, pos + n);
    if (bad >= 0) {
      throw errorAt(bad - start, "text is not valid UTF-8");
    }
    pos += n;
    if (Utf8.isAscii(buf, at, at + n)) {
      return new String(buf, at, n, StandardCharsets.ISO_8859_1);
    }
    return new String(buf, at, n, StandardCharsets.UTF_8);
  }

  /** Checks that the next {@code n} bytes are valid UTF-8 and skips them. */
  public void skipUtf8(int n) {
    if (n > end - pos) {
      throw eof(n);
    }
    int bad = Utf8.firstInvalid(buf, pos, pos + n);
    if (bad >= 0) {
      throw errorAt(bad - start, "text is not valid UTF-8");
    }
    pos += n;
  }

  /** Whether the next bytes are exactly {@code expected} (not consumed). */
  public boolean startsWith(byte[] expected) {
    if (end - pos < expected.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      if (buf[pos + i] != expected[i]) {
        return false;
      }
    }
    return true;
  }

  /** Compares the unsigned bytes {@code [a, a+alen)} and {@code [b, b+blen)} of the message. */
  public int compareRanges(int a, int alen, int b, int blen) {
    return java.util.Arrays.compareUnsigned(
        buf, start + a, start + a + alen, buf, start + b, start + b + blen);
  }

  /** The underlying array (for bulk copies by the decoder). */
  byte[] array() {
    return buf;
  }

  /** The absolute index of the next byte in {@link #array()}. */
  int index() {
    return pos;
  }

  /** Advances after a bulk copy. */
  void advance(int n) {
    pos += n;
  }
}
