package org.jicp.wasm;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Hand-written Candid encodings of the few argument shapes the harness canisters take. */
final class Candid {
  private Candid() {}

  static final byte[] EMPTY = HexFormat.of().parseHex("4449444c0000");

  static byte[] hex(String h) {
    return HexFormat.of().parseHex(h);
  }

  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  private static void leb(ByteArrayOutputStream o, long v) {
    do {
      int b = (int) (v & 0x7F);
      v >>>= 7;
      o.write(v != 0 ? b | 0x80 : b);
    } while (v != 0);
  }

  private static ByteArrayOutputStream header(int... types) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    o.writeBytes(new byte[] {'D', 'I', 'D', 'L', 0});
    o.write(types.length);
    for (int t : types) {
      o.write(t);
    }
    return o;
  }

  private static void text(ByteArrayOutputStream o, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    leb(o, b.length);
    o.writeBytes(b);
  }

  static byte[] text(String s) {
    ByteArrayOutputStream o = header(0x71);
    text(o, s);
    return o.toByteArray();
  }

  static byte[] nat(long n) {
    ByteArrayOutputStream o = header(0x7d);
    leb(o, n);
    return o.toByteArray();
  }

  static byte[] nat64(long n) {
    ByteArrayOutputStream o = header(0x78);
    for (int i = 0; i < 8; i++) {
      o.write((int) (n >>> (8 * i)));
    }
    return o.toByteArray();
  }

  static byte[] nats(long a, long b) {
    ByteArrayOutputStream o = header(0x7d, 0x7d);
    leb(o, a);
    leb(o, b);
    return o.toByteArray();
  }

  static byte[] nat64Nat(long a, long b) {
    ByteArrayOutputStream o = header(0x78, 0x7d);
    for (int i = 0; i < 8; i++) {
      o.write((int) (a >>> (8 * i)));
    }
    leb(o, b);
    return o.toByteArray();
  }

  static byte[] principal(byte[] p) {
    ByteArrayOutputStream o = header(0x68);
    o.write(1);
    leb(o, p.length);
    o.writeBytes(p);
    return o.toByteArray();
  }

  static byte[] principalText(byte[] p, String s) {
    ByteArrayOutputStream o = header(0x68, 0x71);
    o.write(1);
    leb(o, p.length);
    o.writeBytes(p);
    text(o, s);
    return o.toByteArray();
  }

  /** Decodes a reply of type {@code (text)}. */
  static String decodeText(byte[] reply) {
    // DIDL 00 01 71 <leb len> <bytes>
    int i = 7;
    long len = 0;
    int shift = 0;
    int b;
    do {
      b = reply[i++] & 0xFF;
      len |= (long) (b & 0x7F) << shift;
      shift += 7;
    } while ((b & 0x80) != 0);
    return new String(reply, i, (int) len, StandardCharsets.UTF_8);
  }

  /** Decodes two little-endian u64 values at the end of a {@code (nat64, nat64)} reply. */
  static long[] decodeNat64Pair(byte[] reply) {
    int at = reply.length - 16;
    long a = 0;
    long b = 0;
    for (int i = 7; i >= 0; i--) {
      a = (a << 8) | (reply[at + i] & 0xFF);
      b = (b << 8) | (reply[at + 8 + i] & 0xFF);
    }
    return new long[] {a, b};
  }
}
