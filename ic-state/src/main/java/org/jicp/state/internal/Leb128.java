package org.jicp.state.internal;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import org.jicp.state.MalformedEncodingException;

/** Unsigned and signed LEB128, as the IC encodes naturals and integers. */
public final class Leb128 {
  private Leb128() {}

  /** The shortest unsigned LEB128 encoding of {@code v}, read as an unsigned 64-bit number. */
  public static byte[] encodeUnsigned(long v) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(10);
    do {
      int b = (int) (v & 0x7f);
      v >>>= 7;
      out.write(v != 0 ? b | 0x80 : b);
    } while (v != 0);
    return out.toByteArray();
  }

  /** The shortest unsigned LEB128 encoding of a non-negative {@code v}. */
  public static byte[] encodeUnsigned(BigInteger v) {
    if (v.signum() < 0) {
      throw new IllegalArgumentException("negative natural: " + v);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    do {
      int b = v.intValue() & 0x7f;
      v = v.shiftRight(7);
      out.write(v.signum() != 0 ? b | 0x80 : b);
    } while (v.signum() != 0);
    return out.toByteArray();
  }

  /** The shortest signed LEB128 encoding of {@code v}. */
  public static byte[] encodeSigned(BigInteger v) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (true) {
      int b = v.intValue() & 0x7f;
      v = v.shiftRight(7);
      boolean done =
          (v.signum() == 0 && (b & 0x40) == 0) || (v.equals(BigInteger.ONE.negate()) && (b & 0x40) != 0);
      out.write(done ? b : b | 0x80);
      if (done) {
        return out.toByteArray();
      }
    }
  }

  /**
   * Decodes an unsigned LEB128 number that fills all of {@code bytes} and fits 64 bits (returned
   * as an unsigned long).
   *
   * @throws MalformedEncodingException naming {@code what} otherwise
   */
  public static long decodeUnsigned(byte[] bytes, String what) {
    long v = 0;
    int shift = 0;
    for (int i = 0; i < bytes.length; i++) {
      int b = bytes[i] & 0xff;
      if (shift >= 64 || (shift == 63 && (b & 0x7e) != 0)) {
        throw new MalformedEncodingException(what + ": LEB128 number exceeds 64 bits");
      }
      v |= (long) (b & 0x7f) << shift;
      shift += 7;
      if ((b & 0x80) == 0) {
        if (i != bytes.length - 1) {
          throw new MalformedEncodingException(
              what + ": " + (bytes.length - 1 - i) + " bytes after the LEB128 number");
        }
        return v;
      }
    }
    throw new MalformedEncodingException(what + ": LEB128 number is cut short");
  }
}
