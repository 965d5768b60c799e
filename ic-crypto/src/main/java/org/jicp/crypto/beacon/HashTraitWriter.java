package org.jicp.crypto.beacon;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;

/**
 * Collects the bytes that Rust's derived {@code std::hash::Hash} feeds to a hasher, the input of
 * the IC's {@code crypto_hash} (dfinity/ic {@code rs/types/types/src/crypto/hash.rs}; the rules
 * below reproduce the upstream stability vectors):
 *
 * <ul>
 *   <li>{@code u64}, {@code usize}, {@code isize} (enum discriminants): 8 bytes little-endian;
 *   <li>{@code String}/{@code str}: the UTF-8 bytes then {@code 0xff};
 *   <li>{@code Vec<u8>}, {@code [u8]}, {@code [u8; N]}: the length as a {@code u64}, then the bytes;
 *   <li>structs: fields in declaration order; newtypes: the inner value.
 * </ul>
 */
public final class HashTraitWriter {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  /** A {@code u64} (or {@code usize}): 8 bytes little-endian. */
  public HashTraitWriter u64(long v) {
    for (int i = 0; i < 8; i++) {
      out.write((int) (v >>> (8 * i)));
    }
    return this;
  }

  /** An enum discriminant ({@code isize}): 8 bytes little-endian. */
  public HashTraitWriter discriminant(long v) {
    return u64(v);
  }

  /** A {@code String}: UTF-8 bytes then the terminator {@code 0xff}. */
  public HashTraitWriter string(String s) {
    out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    out.write(0xff);
    return this;
  }

  /** A byte vector or slice: its length as a {@code u64}, then the bytes. */
  public HashTraitWriter bytes(Bytes b) {
    u64(b.length());
    out.writeBytes(b.toByteArray());
    return this;
  }

  /**
   * A {@code PrincipalId} (node, subnet ids), whose {@code Hash} writes the length, then the
   * 29-byte array padded with zeros ({@code ic_base_types::PrincipalId}).
   */
  public HashTraitWriter principal(Principal p) {
    byte[] blob = p.toByteArray();
    u64(blob.length);
    byte[] padded = new byte[Principal.MAX_LENGTH];
    System.arraycopy(blob, 0, padded, 0, blob.length);
    return bytes(Bytes.of(padded));
  }

  /** The bytes written so far. */
  public byte[] toByteArray() {
    return out.toByteArray();
  }
}
