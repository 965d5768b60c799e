package org.jicp.wasm.internal.binary;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte buffer with the wasm binary encodings (LEB128, names, sections). */
public final class ByteWriter {
  private byte[] buf = new byte[256];
  private int size;

  /** The number of bytes written. */
  public int size() {
    return size;
  }

  private void ensure(int extra) {
    if (size + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
    }
  }

  /** One byte. */
  public ByteWriter u8(int b) {
    ensure(1);
    buf[size++] = (byte) b;
    return this;
  }

  /** Raw bytes. */
  public ByteWriter bytes(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, buf, size, len);
    size += len;
    return this;
  }

  /** Raw bytes. */
  public ByteWriter bytes(byte[] b) {
    return bytes(b, 0, b.length);
  }

  /** Unsigned LEB128 (the value's bits taken as unsigned). */
  public ByteWriter u64(long v) {
    do {
      int b = (int) (v & 0x7F);
      v >>>= 7;
      u8(v != 0 ? b | 0x80 : b);
    } while (v != 0);
    return this;
  }

  /** Unsigned LEB128 of a u32 held in an int. */
  public ByteWriter u32(int v) {
    return u64(v & 0xFFFF_FFFFL);
  }

  /** Signed LEB128. */
  public ByteWriter sleb(long v) {
    while (true) {
      int b = (int) (v & 0x7F);
      v >>= 7;
      boolean done = (v == 0 && (b & 0x40) == 0) || (v == -1 && (b & 0x40) != 0);
      u8(done ? b : b | 0x80);
      if (done) {
        return this;
      }
    }
  }

  /** A UTF-8 name with its length. */
  public ByteWriter name(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    u32(b.length);
    return bytes(b);
  }

  /** A section: id, LEB128 size, payload. */
  public ByteWriter section(int id, ByteWriter payload) {
    u8(id);
    u32(payload.size);
    return bytes(payload.buf, 0, payload.size);
  }

  /** A vector: LEB128 length, then the payload bytes. */
  public ByteWriter sized(ByteWriter payload) {
    u32(payload.size);
    return bytes(payload.buf, 0, payload.size);
  }

  /** Appends another writer's bytes. */
  public ByteWriter append(ByteWriter other) {
    return bytes(other.buf, 0, other.size);
  }

  /** A copy of the bytes written. */
  public byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }
}
