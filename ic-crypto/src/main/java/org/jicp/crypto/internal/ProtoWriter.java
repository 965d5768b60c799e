package org.jicp.crypto.internal;

import java.io.ByteArrayOutputStream;

/**
 * Writes Protocol Buffers wire format the way protoc's generated code does for proto3: fields in
 * field-number order (the caller's order), varints minimal, a scalar field omitted when it has its
 * default value, every element of a repeated field as its own record.
 */
public final class ProtoWriter {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private void varint(long v) {
    while ((v & ~0x7fL) != 0) {
      out.write((int) ((v & 0x7f) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }

  private void tag(int field, int wireType) {
    varint(((long) field << 3) | wireType);
  }

  /** A {@code bytes} (or embedded message) field, written even when empty (repeated elements). */
  public ProtoWriter bytes(int field, byte[] value) {
    tag(field, 2);
    varint(value.length);
    out.writeBytes(value);
    return this;
  }

  /** A singular proto3 {@code bytes} field: omitted when empty. */
  public ProtoWriter singularBytes(int field, byte[] value) {
    return value.length == 0 ? this : bytes(field, value);
  }

  /** An embedded message field (present, so always written). */
  public ProtoWriter message(int field, byte[] encoded) {
    return bytes(field, encoded);
  }

  /** A {@code uint32} field: omitted when 0 (proto3 default). */
  public ProtoWriter uint32(int field, long value) {
    if (value < 0 || value > 0xffffffffL) {
      throw new IllegalArgumentException("not a uint32: " + value);
    }
    if (value != 0) {
      tag(field, 0);
      varint(value);
    }
    return this;
  }

  /** The encoding. */
  public byte[] toByteArray() {
    return out.toByteArray();
  }
}
