package org.jicp.replica.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.jicp.crypto.Bytes;
import org.junit.jupiter.api.Test;

/**
 * {@link CborValues#decode}, the reader of every request body, on hand-written CBOR items: the
 * values it gives for each accepted item kind, and a typed {@link CborValues.MalformedCborException}
 * for each rejected one (empty, trailing bytes, nesting beyond {@value CborValues#MAX_DEPTH},
 * duplicate or non-text map keys, negative integers, floats, text that is not UTF-8).
 */
class CborValuesDecodeTest {
  private static Object decode(String hex) throws CborValues.MalformedCborException {
    return CborValues.decode(HexFormat.of().parseHex(hex));
  }

  private static void malformed(String hex, String reason) {
    assertThatThrownBy(() -> decode(hex)).as(hex)
        .isInstanceOf(CborValues.MalformedCborException.class)
        .hasMessageContaining(reason)
        .satisfies(e -> assertThat(e.getMessage()).as("first line only").doesNotContain("\n"));
  }

  /** {@code n} one-element arrays around an empty array: the innermost is at depth {@code n}. */
  private static byte[] nested(int n) {
    byte[] b = new byte[n + 1];
    Arrays.fill(b, 0, n, (byte) 0x81);
    b[n] = (byte) 0x80;
    return b;
  }

  @Test
  void decode_eachItemKind_givesItsJavaValue() throws Exception {
    assertThat(decode("00")).isEqualTo(0L);
    assertThat(decode("1b7fffffffffffffff")).isEqualTo(Long.MAX_VALUE);
    assertThat(decode("1b8000000000000000")).isEqualTo(BigInteger.ONE.shiftLeft(63));
    assertThat(decode("1bffffffffffffffff"))
        .isEqualTo(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE));
    assertThat(decode("f5")).isEqualTo(Boolean.TRUE);
    assertThat(decode("f4")).isEqualTo(Boolean.FALSE);
    assertThat(decode("f6")).isNull();
    assertThat(decode("6161")).isEqualTo("a");
    assertThat(decode("43010203")).isEqualTo(Bytes.of(new byte[] {1, 2, 3}));
    assertThat(decode("820102")).isEqualTo(List.of(1L, 2L));
    assertThat(decode("9f0102ff")).isEqualTo(List.of(1L, 2L));
    assertThat(decode("a2616101616202")).isEqualTo(Map.of("a", 1L, "b", 2L));
    assertThat(decode("bf616101ff")).isEqualTo(Map.of("a", 1L));
    assertThat(decode("d9d9f7a0")).isEqualTo(Map.of());
  }

  @Test
  void decode_nestingAtLimit_acceptedAndBeyond_rejected() throws Exception {
    assertThat(CborValues.decode(nested(CborValues.MAX_DEPTH))).isInstanceOf(List.class);
    assertThatThrownBy(() -> CborValues.decode(nested(CborValues.MAX_DEPTH + 1)))
        .isInstanceOf(CborValues.MalformedCborException.class)
        .hasMessageContaining("nested more than 32 levels");
  }

  @Test
  void decode_mapNestingAtLimit_acceptedAndBeyond_rejected() throws Exception {
    // {"a": {"a": ... {}}}: the innermost map at depth n
    for (int n : new int[] {CborValues.MAX_DEPTH, CborValues.MAX_DEPTH + 1}) {
      byte[] b = new byte[3 * n + 1];
      for (int i = 0; i < n; i++) {
        b[3 * i] = (byte) 0xa1;
        b[3 * i + 1] = 0x61;
        b[3 * i + 2] = 'a';
      }
      b[3 * n] = (byte) 0xa0;
      if (n == CborValues.MAX_DEPTH) {
        assertThat(CborValues.decode(b)).isInstanceOf(Map.class);
      } else {
        assertThatThrownBy(() -> CborValues.decode(b))
            .isInstanceOf(CborValues.MalformedCborException.class)
            .hasMessageContaining("nested more than 32 levels");
      }
    }
  }

  @Test
  void decode_emptyOrTrailing_rejected() {
    assertThatThrownBy(() -> CborValues.decode(new byte[0]))
        .isInstanceOf(CborValues.MalformedCborException.class).hasMessage("empty body");
    malformed("0000", "trailing bytes after the CBOR value");
    malformed("a0a0", "trailing bytes after the CBOR value");
  }

  @Test
  void decode_badMaps_rejected() {
    malformed("a2616101616102", "duplicate map key 'a'");
    malformed("a2616101", "");
    malformed("a1", "");
  }

  @Test
  void decode_unsupportedItems_rejected() {
    malformed("20", "negative integer");
    malformed("3bffffffffffffffff", "negative integer");
    malformed("f93c00", "unsupported CBOR item");
    malformed("fb3ff0000000000000", "unsupported CBOR item");
    malformed("82", "");
    malformed("9f01", "");
  }

  @Test
  void decode_textNotUtf8_rejected() {
    // An encoded lone surrogate (U+D800), as a value and as a map key.
    assertThatThrownBy(() -> decode("63eda080")).isInstanceOf(CborValues.MalformedCborException.class);
    assertThatThrownBy(() -> decode("a163eda08001"))
        .isInstanceOf(CborValues.MalformedCborException.class);
  }
}
