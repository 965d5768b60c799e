package org.jicp.crypto;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * An Internet Computer principal: a blob of at most 29 bytes that names a user, a canister or the
 * management canister.
 *
 * <p>IC interface specification, "Principals": the textual form is {@code Grouped(Base32(CRC32(b)
 * · b))} — the big-endian CRC-32 of the blob followed by the blob, in lower-case RFC 4648 base32
 * without padding, cut into groups of five characters joined by {@code '-'}. Parsing accepts only
 * that canonical form. The last byte of a blob says its class: {@code 0x01} opaque (canister ids),
 * {@code 0x02} self-authenticating ({@code SHA-224(DER public key) · 0x02}), {@code 0x03}
 * derived, {@code 0x04} anonymous (the one-byte blob {@code 04}); the empty blob is the
 * management canister {@code aaaaa-aa}.
 */
public final class Principal implements Comparable<Principal> {
  /** The largest blob a principal may hold. */
  public static final int MAX_LENGTH = 29;

  private static final byte CLASS_OPAQUE = 0x01;
  private static final byte CLASS_SELF_AUTHENTICATING = 0x02;
  private static final byte CLASS_ANONYMOUS = 0x04;
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

  private static final Principal MANAGEMENT = new Principal(Bytes.EMPTY);
  private static final Principal ANONYMOUS = new Principal(Bytes.of(CLASS_ANONYMOUS));

  private final Bytes bytes;

  private Principal(Bytes bytes) {
    this.bytes = bytes;
  }

  /**
   * The principal with blob {@code bytes}.
   *
   * @throws InvalidEncodingException if the blob is longer than 29 bytes
   */
  public static Principal fromBytes(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length > MAX_LENGTH) {
      throw new InvalidEncodingException(
          "a principal is at most " + MAX_LENGTH + " bytes, got " + bytes.length);
    }
    return new Principal(Bytes.of(bytes));
  }

  /** The principal with blob {@code bytes}; see {@link #fromBytes(byte[])}. */
  public static Principal fromBytes(Bytes bytes) {
    return fromBytes(bytes.toByteArray());
  }

  /** The management canister, {@code aaaaa-aa} (the empty blob). */
  public static Principal managementCanister() {
    return MANAGEMENT;
  }

  /** The anonymous principal, {@code 2vxsx-fae} (the blob {@code 04}). */
  public static Principal anonymous() {
    return ANONYMOUS;
  }

  /**
   * The self-authenticating principal of a DER-encoded public key: {@code SHA-224(der) · 0x02}.
   */
  public static Principal selfAuthenticating(byte[] derPublicKey) {
    Objects.requireNonNull(derPublicKey, "derPublicKey");
    byte[] out = new byte[29];
    try {
      byte[] h = MessageDigest.getInstance("SHA-224").digest(derPublicKey);
      System.arraycopy(h, 0, out, 0, 28);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-224 is required by every Java platform", e);
    }
    out[28] = CLASS_SELF_AUTHENTICATING;
    return new Principal(Bytes.wrap(out));
  }

  /**
   * The canister id with index {@code index}: the opaque blob of the big-endian u64 index followed
   * by {@code 0x01}, as the IC allocates canister ids.
   */
  public static Principal canisterIdFromIndex(long index) {
    byte[] out = new byte[10];
    for (int i = 0; i < 8; i++) {
      out[i] = (byte) (index >>> (56 - 8 * i));
    }
    out[8] = CLASS_OPAQUE;
    out[9] = CLASS_OPAQUE;
    return new Principal(Bytes.wrap(out));
  }

  /**
   * Parses the canonical textual form.
   *
   * @throws InvalidEncodingException naming what is wrong: a character outside the base32
   *     alphabet, groups not of five characters, a checksum that does not match, a blob that is too
   *     long or too short, or a text that is not in canonical form
   */
  public static Principal fromText(String text) {
    Objects.requireNonNull(text, "text");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int buffer = 0;
    int bits = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '-') {
        continue;
      }
      int v = ALPHABET.indexOf(c);
      if (v < 0) {
        throw new InvalidEncodingException(
            "principal text has an invalid character '" + c + "' at position " + i
                + " (expected lower-case base32 or '-')");
      }
      buffer = (buffer << 5) | v;
      bits += 5;
      if (bits >= 8) {
        bits -= 8;
        out.write((buffer >>> bits) & 0xff);
      }
    }
    byte[] all = out.toByteArray();
    if (all.length < 4) {
      throw new InvalidEncodingException(
          "principal text '" + text + "' is too short to hold a checksum");
    }
    if (all.length - 4 > MAX_LENGTH) {
      throw new InvalidEncodingException(
          "principal text '" + text + "' holds " + (all.length - 4) + " bytes, at most "
              + MAX_LENGTH + " are allowed");
    }
    byte[] blob = new byte[all.length - 4];
    System.arraycopy(all, 4, blob, 0, blob.length);
    long expected = crc32(blob);
    long actual =
        ((all[0] & 0xffL) << 24) | ((all[1] & 0xffL) << 16) | ((all[2] & 0xffL) << 8)
            | (all[3] & 0xffL);
    if (expected != actual) {
      throw new InvalidEncodingException(
          "principal text '" + text + "' has a wrong checksum");
    }
    Principal p = new Principal(Bytes.wrap(blob));
    if (!p.toText().equals(text)) {
      throw new InvalidEncodingException(
          "principal text '" + text + "' is not in canonical form (expected '" + p.toText()
              + "')");
    }
    return p;
  }

  private static long crc32(byte[] blob) {
    CRC32 crc = new CRC32();
    crc.update(blob);
    return crc.getValue();
  }

  /** The blob. */
  public Bytes bytes() {
    return bytes;
  }

  /** A fresh copy of the blob. */
  public byte[] toByteArray() {
    return bytes.toByteArray();
  }

  /** Whether this is the anonymous principal. */
  public boolean isAnonymous() {
    return equals(ANONYMOUS);
  }

  /** Whether this is the management canister (the empty blob). */
  public boolean isManagementCanister() {
    return bytes.isEmpty();
  }

  /** Whether this is a self-authenticating principal (29 bytes ending in {@code 0x02}). */
  public boolean isSelfAuthenticating() {
    return bytes.length() == 29 && bytes.get(28) == CLASS_SELF_AUTHENTICATING;
  }

  /** The canonical textual form, for example {@code ryjl3-tyaaa-aaaaa-aaaba-cai}. */
  public String toText() {
    byte[] blob = bytes.toByteArray();
    long crc = crc32(blob);
    byte[] all = new byte[blob.length + 4];
    all[0] = (byte) (crc >>> 24);
    all[1] = (byte) (crc >>> 16);
    all[2] = (byte) (crc >>> 8);
    all[3] = (byte) crc;
    System.arraycopy(blob, 0, all, 4, blob.length);
    StringBuilder b32 = new StringBuilder();
    int buffer = 0;
    int bits = 0;
    for (byte x : all) {
      buffer = (buffer << 8) | (x & 0xff);
      bits += 8;
      while (bits >= 5) {
        bits -= 5;
        b32.append(ALPHABET.charAt((buffer >>> bits) & 31));
      }
    }
    if (bits > 0) {
      b32.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
    }
    StringBuilder grouped = new StringBuilder();
    for (int i = 0; i < b32.length(); i++) {
      if (i > 0 && i % 5 == 0) {
        grouped.append('-');
      }
      grouped.append(b32.charAt(i));
    }
    return grouped.toString();
  }

  /** Orders principals by their blobs (unsigned lexicographic), as the IC does. */
  @Override
  public int compareTo(Principal o) {
    return bytes.compareTo(o.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Principal p && bytes.equals(p.bytes);
  }

  @Override
  public int hashCode() {
    return bytes.hashCode();
  }

  /** The textual form. */
  @Override
  public String toString() {
    return toText();
  }
}
