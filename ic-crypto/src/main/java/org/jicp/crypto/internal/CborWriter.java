package org.jicp.crypto.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The few CBOR (RFC 8949) items that {@code serde_cbor::to_vec} emits for the IC's consensus
 * contents: maps with text keys (structs, fields in declaration order), unsigned integers, text
 * and byte strings, all with the shortest head.
 */
public final class CborWriter {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private void head(int major, long value) {
    int m = major << 5;
    if (value < 24) {
      out.write(m | (int) value);
    } else if (value < 0x100) {
      out.write(m | 24);
      out.write((int) value);
    } else if (value < 0x10000) {
      out.write(m | 25);
      writeBigEndian(value, 2);
    } else if (value < 0x100000000L) {
      out.write(m | 26);
      writeBigEndian(value, 4);
    } else {
      out.write(m | 27);
      writeBigEndian(value, 8);
    }
  }

  private void writeBigEndian(long v, int n) {
    for (int i = n - 1; i >= 0; i--) {
      out.write((int) (v >>> (8 * i)));
    }
  }

  /** An unsigned integer (major type 0); {@code value} is read as unsigned. */
  public CborWriter uint(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("this writer encodes non-negative integers only");
    }
    head(0, value);
    return this;
  }

  /** A byte string (major type 2). */
  public CborWriter bytes(byte[] b) {
    head(2, b.length);
    out.writeBytes(b);
    return this;
  }

  /** A text string (major type 3). */
  public CborWriter text(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    head(3, b.length);
    out.writeBytes(b);
    return this;
  }

  /** The head of a map with {@code entries} key/value pairs (major type 5). */
  public CborWriter map(int entries) {
    head(5, entries);
    return this;
  }

  /** The encoding written so far. */
  public byte[] toByteArray() {
    return out.toByteArray();
  }
}
