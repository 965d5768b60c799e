package org.jicp.nns.internal;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.io.ByteArrayOutputStream;

/** SHA-2 digests and LEB128, the encodings the NNS hashes over. */
public final class Hashing {
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> digest("SHA-256"));
  private static final ThreadLocal<MessageDigest> SHA224 = ThreadLocal.withInitial(() -> digest("SHA-224"));

  private Hashing() {}

  private static MessageDigest digest(String name) {
    try {
      return MessageDigest.getInstance(name);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(name + " is required by the Java platform", e);
    }
  }

  /** A reusable SHA-256 instance of this thread (reset before use). */
  public static MessageDigest sha256() {
    MessageDigest d = SHA256.get();
    d.reset();
    return d;
  }

  private static final java.util.concurrent.ConcurrentHashMap<String, byte[]> KEY_HASHES =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * SHA-256 of the UTF-8 of {@code key}, cached for the few keys that repeat in every structure
   * (map keys of ICRC-3 blocks). The returned array must not be modified.
   */
  public static byte[] sha256OfKey(String key) {
    byte[] h = KEY_HASHES.get(key);
    if (h == null) {
      h = sha256(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      if (KEY_HASHES.size() < 1024) {
        KEY_HASHES.put(key, h);
      }
    }
    return h;
  }

  /** SHA-256 of the concatenation of {@code parts}. */
  public static byte[] sha256(byte[]... parts) {
    MessageDigest d = sha256();
    for (byte[] p : parts) {
      d.update(p);
    }
    return d.digest();
  }

  /** SHA-224 of the concatenation of {@code parts}. */
  public static byte[] sha224(byte[]... parts) {
    MessageDigest d = SHA224.get();
    d.reset();
    for (byte[] p : parts) {
      d.update(p);
    }
    return d.digest();
  }

  /** Unsigned LEB128 of a non-negative number. */
  public static byte[] leb128(BigInteger n) {
    if (n.signum() < 0) {
      throw new IllegalArgumentException("LEB128 of a negative number: " + n);
    }
    if (n.bitLength() < 63) {
      return leb128(n.longValue());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BigInteger v = n;
    BigInteger mask = BigInteger.valueOf(0x7f);
    do {
      int b = v.and(mask).intValue();
      v = v.shiftRight(7);
      out.write(v.signum() == 0 ? b : b | 0x80);
    } while (v.signum() != 0);
    return out.toByteArray();
  }

  /** Unsigned LEB128 of {@code n} read as an unsigned 64-bit number. */
  public static byte[] leb128(long n) {
    byte[] buf = new byte[10];
    int i = 0;
    long v = n;
    do {
      int b = (int) (v & 0x7f);
      v >>>= 7;
      buf[i++] = (byte) (v == 0 ? b : b | 0x80);
    } while (v != 0);
    return java.util.Arrays.copyOf(buf, i);
  }

  /** Signed LEB128 of {@code n}. */
  public static byte[] sleb128(BigInteger n) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BigInteger v = n;
    BigInteger mask = BigInteger.valueOf(0x7f);
    while (true) {
      int b = v.and(mask).intValue();
      v = v.shiftRight(7);
      boolean signBit = (b & 0x40) != 0;
      if ((v.signum() == 0 && !signBit) || (v.equals(BigInteger.ONE.negate()) && signBit)) {
        out.write(b);
        return out.toByteArray();
      }
      out.write(b | 0x80);
    }
  }

  /** The first 8 bytes of {@code b} as a big-endian number. */
  public static long u64beToLong(byte[] b) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[i] & 0xff);
    }
    return v;
  }

  /** The 8 bytes of {@code n}, big-endian. */
  public static byte[] u64be(long n) {
    byte[] b = new byte[8];
    for (int i = 7; i >= 0; i--) {
      b[i] = (byte) n;
      n >>>= 8;
    }
    return b;
  }
}
