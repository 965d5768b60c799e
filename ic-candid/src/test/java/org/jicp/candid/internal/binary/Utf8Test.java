package org.jicp.candid.internal.binary;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@link Utf8#firstInvalid} against the JDK's strict UTF-8 decoder (which follows the Unicode
 * standard's table 3-7 of well-formed byte sequences: no overlong forms, no surrogates, nothing
 * above U+10FFFF): the same verdict and the same offset of the first bad sequence, for every lead
 * byte with second, third and fourth bytes at and beside each boundary of that table, truncated at
 * every length, inside a larger array whose bytes past {@code to} would complete the sequence.
 */
class Utf8Test {
  /** Continuation-byte candidates: each edge of the ranges in table 3-7, and one past it. */
  private static final int[] EDGES = {0x00, 0x41, 0x7f, 0x80, 0x81, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xff};

  /** The offset (relative to {@code from}) of the JDK decoder's first error, or -1. */
  private static int jdkFirstInvalid(byte[] b, int from, int to) {
    CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(b, from, to - from);
    CharBuffer out = CharBuffer.allocate(2 * (to - from) + 4);
    CoderResult r = d.decode(in, out, true);
    if (r.isError()) {
      return in.position() - from;
    }
    r = d.flush(out);
    return r.isError() ? in.position() - from : -1;
  }

  private static void check(byte[] seq) {
    // a valid ASCII byte before, and bytes after `to` that would complete any truncated sequence
    byte[] b = new byte[seq.length + 5];
    b[0] = 'x';
    System.arraycopy(seq, 0, b, 1, seq.length);
    for (int k = 1 + seq.length; k < b.length; k++) {
      b[k] = (byte) 0x80;
    }
    int to = 1 + seq.length;
    int expected = jdkFirstInvalid(b, 1, to);
    int actual = Utf8.firstInvalid(b, 1, to);
    assertThat(actual == -1 ? -1 : actual - 1)
        .as("firstInvalid of %s", hex(seq))
        .isEqualTo(expected);
    assertThat(Utf8.isAscii(b, 1, to)).as("isAscii of %s", hex(seq)).isEqualTo(allAscii(seq));
  }

  private static boolean allAscii(byte[] s) {
    for (byte x : s) {
      if (x < 0) {
        return false;
      }
    }
    return true;
  }

  private static String hex(byte[] s) {
    StringBuilder sb = new StringBuilder();
    for (byte x : s) {
      sb.append(String.format("%02x ", x & 0xff));
    }
    return sb.toString().trim();
  }

  @Test
  void firstInvalid_everyLeadByteWithBoundaryContinuations_agreesWithTheJdk() {
    int cases = 0;
    for (int lead = 0; lead < 256; lead++) {
      check(new byte[] {(byte) lead});
      cases++;
      for (int c1 : EDGES) {
        check(new byte[] {(byte) lead, (byte) c1});
        cases++;
        for (int c2 : EDGES) {
          check(new byte[] {(byte) lead, (byte) c1, (byte) c2});
          cases++;
          for (int c3 : EDGES) {
            check(new byte[] {(byte) lead, (byte) c1, (byte) c2, (byte) c3});
            cases++;
          }
        }
      }
    }
    assertThat(cases).isEqualTo(256 * (1 + 12 + 144 + 1728));
  }

  @Test
  void firstInvalid_badSequenceAfterValidOnes_reportsItsOffset() {
    // "a", U+00E9, U+20AC, U+1F600, then a lone continuation byte
    byte[] s = {'a', (byte) 0xc3, (byte) 0xa9, (byte) 0xe2, (byte) 0x82, (byte) 0xac,
        (byte) 0xf0, (byte) 0x9f, (byte) 0x98, (byte) 0x80, (byte) 0x80, 'z'};
    assertThat(Utf8.firstInvalid(s, 0, s.length)).isEqualTo(10);
    assertThat(Utf8.firstInvalid(s, 0, 10)).isEqualTo(-1);
    assertThat(Utf8.firstInvalid(s, 3, 10)).isEqualTo(-1);
    assertThat(Utf8.firstInvalid(s, 2, 10)).isEqualTo(2);
    assertThat(Utf8.firstInvalid(s, 0, 9)).isEqualTo(6);
    assertThat(Utf8.firstInvalid(s, 4, 4)).isEqualTo(-1);
    assertThat(Utf8.isAscii(s, 0, 1)).isTrue();
    assertThat(Utf8.isAscii(s, 0, 2)).isFalse();
    assertThat(Utf8.isAscii(s, 11, 12)).isTrue();
  }
}
