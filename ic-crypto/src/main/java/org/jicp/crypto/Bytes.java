package org.jicp.crypto;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An immutable sequence of bytes with equality, hashing and ordering by value. The one bytes type
 * that jicp's value types use instead of {@code byte[]}: arrays are copied in and out.
 */
public final class Bytes implements Comparable<Bytes> {
  private static final HexFormat HEX = HexFormat.of();

  /** The empty sequence. */
  public static final Bytes EMPTY = new Bytes(new byte[0]);

  private final byte[] data;

  private Bytes(byte[] data) {
    this.data = data;
  }

  /** A copy of {@code bytes}. */
  public static Bytes of(byte... bytes) {
    return new Bytes(bytes.clone());
  }

  /** A copy of {@code bytes[from, to)}. */
  public static Bytes of(byte[] bytes, int from, int to) {
    return new Bytes(Arrays.copyOfRange(bytes, from, to));
  }

  /** Wraps an array that the caller gives up (no copy); for use inside jicp only. */
  static Bytes wrap(byte[] owned) {
    return new Bytes(owned);
  }

  /**
   * Parses hexadecimal text (upper or lower case, with or without a leading {@code 0x}).
   *
   * @throws InvalidEncodingException if the text is not an even number of hex digits
   */
  public static Bytes fromHex(String hex) {
    return new Bytes(parseHex(hex));
  }

  /**
   * Parses hexadecimal text into a new array: upper or lower case, with or without {@code 0x}.
   *
   * @throws InvalidEncodingException if the text is not an even number of hex digits
   */
  public static byte[] parseHex(String hex) {
    Objects.requireNonNull(hex, "hex");
    String s = hex.strip();
    if (s.startsWith("0x") || s.startsWith("0X")) {
      s = s.substring(2);
    }
    if ((s.length() & 1) != 0) {
      throw new InvalidEncodingException(
          "hex text has an odd number of digits (" + s.length() + ")");
    }
    for (int i = 0; i < s.length(); i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        throw new InvalidEncodingException(
            "hex text has a non-hex character '" + s.charAt(i) + "' at position " + i);
      }
    }
    return HEX.parseHex(s);
  }

  /** Lower-case hex of {@code bytes}, without a prefix. */
  public static String hex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }

  /** The number of bytes. */
  public int length() {
    return data.length;
  }

  /** Whether this is the empty sequence. */
  public boolean isEmpty() {
    return data.length == 0;
  }

  /** The byte at {@code index}. */
  public byte get(int index) {
    return data[index];
  }

  /** A fresh copy of the bytes. */
  public byte[] toByteArray() {
    return data.clone();
  }

  /** Copies the bytes into {@code dest} at {@code offset}. */
  public void copyTo(byte[] dest, int offset) {
    System.arraycopy(data, 0, dest, offset, data.length);
  }

  /** The bytes {@code [from, to)}. */
  public Bytes slice(int from, int to) {
    return new Bytes(Arrays.copyOfRange(data, from, to));
  }

  /** This sequence followed by {@code other}. */
  public Bytes concat(Bytes other) {
    byte[] r = Arrays.copyOf(data, data.length + other.data.length);
    System.arraycopy(other.data, 0, r, data.length, other.data.length);
    return new Bytes(r);
  }

  /** Lower-case hex without a prefix. */
  public String toHex() {
    return HEX.formatHex(data);
  }

  /** Lexicographic order of unsigned bytes, shorter first on a common prefix. */
  @Override
  public int compareTo(Bytes o) {
    return Arrays.compareUnsigned(data, o.data);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bytes b && Arrays.equals(data, b.data);
  }

  /**
   * A well-mixed hash of the content (FNV-1a over 64 bits, 8 bytes per step, then MurmurHash3's
   * finalizer). {@code Arrays.hashCode}'s polynomial gave only 349 distinct codes for the canister
   * ids 0–999, which differ in two bytes; this gives 1,000. The hash is deterministic (unseeded) but
   * part of no format: state, certificates and streams are ordered by {@link #compareTo}.
   */
  @Override
  public int hashCode() {
    long h = 0xcbf29ce484222325L ^ data.length;
    int i = 0;
    for (; i + 8 <= data.length; i += 8) {
      h = (h ^ (long) LONGS.get(data, i)) * 0x100000001b3L;
      h ^= h >>> 29;
    }
    for (; i < data.length; i++) {
      h = (h ^ (data[i] & 0xff)) * 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return (int) h;
  }

  private static final java.lang.invoke.VarHandle LONGS =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

  /** Lower-case hex. */
  @Override
  public String toString() {
    return toHex();
  }
}
