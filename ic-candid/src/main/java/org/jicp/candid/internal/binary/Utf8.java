package org.jicp.candid.internal.binary;

/** Strict UTF-8 validation (no overlong forms, no surrogates, nothing above U+10FFFF). */
final class Utf8 {
  private Utf8() {}

  static boolean isAscii(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] < 0) {
        return false;
      }
    }
    return true;
  }

  /** The index of the first byte of the first invalid sequence, or {@code -1}. */
  static int firstInvalid(byte[] b, int from, int to) {
    int i = from;
    while (i < to) {
      int c = b[i];
      if (c >= 0) {
        i++;
        continue;
      }
      c &= 0xff;
      int start = i;
      if (c >= 0xc2 && c <= 0xdf) {
        if (i + 1 >= to || !cont(b[i + 1])) {
          return start;
        }
        i += 2;
      } else if (c >= 0xe0 && c <= 0xef) {
        if (i + 2 >= to) {
          return start;
        }
        int c1 = b[i + 1] & 0xff;
        if (c == 0xe0 && (c1 < 0xa0 || c1 > 0xbf)) {
          return start;
        }
        if (c == 0xed && (c1 < 0x80 || c1 > 0x9f)) {
          return start;
        }
        if (!cont(b[i + 1]) || !cont(b[i + 2])) {
          return start;
        }
        i += 3;
      } else if (c >= 0xf0 && c <= 0xf4) {
        if (i + 3 >= to) {
          return start;
        }
        int c1 = b[i + 1] & 0xff;
        if (c == 0xf0 && (c1 < 0x90 || c1 > 0xbf)) {
          return start;
        }
        if (c == 0xf4 && (c1 < 0x80 || c1 > 0x8f)) {
          return start;
        }
        if (!cont(b[i + 1]) || !cont(b[i + 2]) || !cont(b[i + 3])) {
          return start;
        }
        i += 4;
      } else {
        return start;
      }
    }
    return -1;
  }

  private static boolean cont(byte x) {
    return (x & 0xc0) == 0x80;
  }
}
