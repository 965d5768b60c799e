package org.jicp.candid.internal.binary;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable little-endian byte buffer with LEB128 and SLEB128 writers. */
public final class ByteWriter {
  private static final BigInteger MASK7 = BigInteger.valueOf(0x7f);

  private byte[] buf;
  private int pos;

  /** A writer with the given initial capacity. */
  public ByteWriter(int capacity) {
    buf = new byte[Math.max(0, capacity)];
  }

  /** The number of bytes written. */
  public int size() {
    return pos;
  }

  /** A copy of the bytes written. */
  public byte[] toByteArray() {
    return Arrays.copyOf(buf, pos);
  }

  /**
   * The bytes written, without a copy when they fill the buffer exactly; the writer must not be
   * used afterwards.
   */
  public byte[] finish() {
    byte[] out = pos == buf.length ? buf : Arrays.copyOf(buf, pos);
    buf = new byte[0];
    pos = 0;
    return out;
  }

  /** The number of bytes {@link #leb(long)} writes for {@code v}. */
  public static int lebSize(long v) {
    int n = 1;
    while ((v & ~0x7fL) != 0) {
      v >>>= 7;
      n++;
    }
    return n;
  }

  /** Drops all bytes written. */
  public void reset() {
    pos = 0;
  }

  private void ensure(int n) {
    if (buf.length - pos < n) {
      int cap = Math.max(Math.max(16, buf.length * 2), pos + n);
      if (cap < 0) {
        throw new OutOfMemoryError("Candid message larger than 2 GiB");
      }
      buf = Arrays.copyOf(buf, cap);
    }
  }

  /** One byte. */
  public void u8(int b) {
    ensure(1);
    buf[pos++] = (byte) b;
  }

  /** {@code len} bytes of {@code src} from {@code off}. */
  public void bytes(byte[] src, int off, int len) {
    ensure(len);
    System.arraycopy(src, off, buf, pos, len);
    pos += len;
  }

  /** All bytes of {@code src}. */
  public void bytes(byte[] src) {
    bytes(src, 0, src.length);
  }

  /** All bytes of {@code src}. */
  public void bytes(org.jicp.crypto.Bytes src) {
    int n = src.length();
    ensure(n);
    src.copyTo(buf, pos);
    pos += n;
  }

  /** The bytes written to another writer. */
  public void bytes(ByteWriter other) {
    bytes(other.buf, 0, other.pos);
  }

  /** Unsigned LEB128 of {@code v} read as an unsigned 64-bit number. */
  public void leb(long v) {
    ensure(10);
    while ((v & ~0x7fL) != 0) {
      buf[pos++] = (byte) ((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    buf[pos++] = (byte) v;
  }

  /** Unsigned LEB128 of a non-negative {@code v}. */
  public void leb(BigInteger v) {
    if (v.bitLength() < 64) {
      leb(v.longValue());
      return;
    }
    ensure(v.bitLength() / 7 + 1);
    while (true) {
      int b = v.and(MASK7).intValue();
      v = v.shiftRight(7);
      if (v.signum() == 0) {
        buf[pos++] = (byte) b;
        return;
      }
      buf[pos++] = (byte) (b | 0x80);
    }
  }

  /** Signed LEB128 of {@code v}. */
  public void sleb(long v) {
    ensure(10);
    while (true) {
      int b = (int) (v & 0x7f);
      v >>= 7;
      if ((v == 0 && (b & 0x40) == 0) || (v == -1 && (b & 0x40) != 0)) {
        buf[pos++] = (byte) b;
        return;
      }
      buf[pos++] = (byte) (b | 0x80);
    }
  }

  /** Signed LEB128 of {@code v}. */
  public void sleb(BigInteger v) {
    if (v.bitLength() < 64) {
      sleb(v.longValue());
      return;
    }
    ensure(v.bitLength() / 7 + 2);
    while (true) {
      int b = v.and(MASK7).intValue();
      v = v.shiftRight(7);
      boolean done =
          (v.signum() == 0 && (b & 0x40) == 0) || (v.equals(BigInteger.ONE.negate()) && (b & 0x40) != 0);
      if (done) {
        buf[pos++] = (byte) b;
        return;
      }
      buf[pos++] = (byte) (b | 0x80);
    }
  }

  /** Two bytes, little-endian. */
  public void le16(int v) {
    ensure(2);
    buf[pos++] = (byte) v;
    buf[pos++] = (byte) (v >>> 8);
  }

  /** Four bytes, little-endian. */
  public void le32(int v) {
    ensure(4);
    buf[pos++] = (byte) v;
    buf[pos++] = (byte) (v >>> 8);
    buf[pos++] = (byte) (v >>> 16);
    buf[pos++] = (byte) (v >>> 24);
  }

  /** Eight bytes, little-endian. */
  public void le64(long v) {
    ensure(8);
    for (int i = 0; i < 8; i++) {
      buf[pos++] = (byte) (v >>> (8 * i));
    }
  }

  /** {@code leb128(|utf8(s)|) utf8(s)}. */
  public void text(String s) {
    int n = s.length();
    boolean ascii = true;
    for (int i = 0; i < n; i++) {
      if (s.charAt(i) >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      leb(n);
      ensure(n);
      for (int i = 0; i < n; i++) {
        buf[pos++] = (byte) s.charAt(i);
      }
    } else {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      leb(b.length);
      bytes(b);
    }
  }
}
