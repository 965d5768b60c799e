package org.jicp.crypto.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 and the IC's length-prefixed domain separators, for jicp's own packages. */
public final class Hashing {
  private Hashing() {}

  /** A fresh SHA-256 digest (every JDK provides it). */
  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("SHA-256 is required of every JDK", e);
    }
  }

  /** SHA-256 of the concatenation of {@code parts}. */
  public static byte[] sha256(byte[]... parts) {
    MessageDigest md = sha256();
    for (byte[] p : parts) {
      md.update(p);
    }
    return md.digest();
  }

  /**
   * The IC's {@code DomainSeparationContext}: one byte with the length of the ASCII string, then
   * the string ({@code domain_with_prepended_length}).
   *
   * @throws IllegalArgumentException if the domain is longer than 255 bytes
   */
  public static byte[] domain(String domain) {
    byte[] b = domain.getBytes(StandardCharsets.US_ASCII);
    if (b.length > 255) {
      throw new IllegalArgumentException("a domain separator is at most 255 bytes: " + domain);
    }
    byte[] r = new byte[b.length + 1];
    r[0] = (byte) b.length;
    System.arraycopy(b, 0, r, 1, b.length);
    return r;
  }

  /** A SHA-256 digest that has absorbed {@code domain(domain)}. */
  public static MessageDigest sha256WithDomain(String domain) {
    MessageDigest md = sha256();
    md.update(domain(domain));
    return md;
  }
}
