package org.jicp.state.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 with the IC's domain separators, one {@link MessageDigest} per thread. */
public final class Sha256 {
  private static final ThreadLocal<MessageDigest> DIGEST =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("SHA-256 is required by every Java platform", e);
            }
          });

  private Sha256() {}

  /** A reset SHA-256 digest owned by the calling thread. */
  public static MessageDigest digest() {
    MessageDigest d = DIGEST.get();
    d.reset();
    return d;
  }

  /** {@code byte(len(s)) · s}: the IC's domain separator for the ASCII string {@code s}. */
  public static byte[] domainSeparator(String s) {
    byte[] ascii = s.getBytes(StandardCharsets.US_ASCII);
    if (ascii.length > 255) {
      throw new IllegalArgumentException("domain separator longer than 255 bytes: " + s);
    }
    byte[] out = new byte[ascii.length + 1];
    out[0] = (byte) ascii.length;
    System.arraycopy(ascii, 0, out, 1, ascii.length);
    return out;
  }

  /** SHA-256 of the concatenation of {@code parts}. */
  public static byte[] hash(byte[]... parts) {
    MessageDigest d = digest();
    for (byte[] p : parts) {
      d.update(p);
    }
    return d.digest();
  }
}
