package org.jicp.replica.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.jicp.crypto.Bytes;
import org.junit.jupiter.api.Test;

/**
 * {@link CborValues#encode} at the edges of each CBOR head length (RFC 8949 §3: 23/24, 255/256,
 * 65535/65536, 2^32-1/2^32), of unsigned and negative 64-bit integers and bignums (tags 2 and 3),
 * and with the output buffer exactly full before a one-byte item; each value also decodes back.
 */
class CborValuesEdgeTest {
  private static String hex(Object v) {
    byte[] b = CborValues.encode(v);
    assertThat(b).startsWith(0xd9, 0xd9, 0xf7);
    return HexFormat.of().formatHex(b, 3, b.length);
  }

  @Test
  void encode_integerHeadEdges_shortestForm() {
    assertThat(hex(23L)).isEqualTo("17");
    assertThat(hex(24L)).isEqualTo("1818");
    assertThat(hex(255L)).isEqualTo("18ff");
    assertThat(hex(256L)).isEqualTo("190100");
    assertThat(hex(65_535L)).isEqualTo("19ffff");
    assertThat(hex(65_536L)).isEqualTo("1a00010000");
    assertThat(hex(0xffff_ffffL)).isEqualTo("1affffffff");
    assertThat(hex(0x1_0000_0000L)).isEqualTo("1b0000000100000000");
    assertThat(hex(Long.MAX_VALUE)).isEqualTo("1b7fffffffffffffff");
    assertThat(hex(-1L)).isEqualTo("20");
    assertThat(hex(-24L)).isEqualTo("37");
    assertThat(hex(-25L)).isEqualTo("3818");
    assertThat(hex(Long.MIN_VALUE)).isEqualTo("3b7fffffffffffffff");
    assertThat(hex(7)).isEqualTo("07");
  }

  @Test
  void encode_bigIntegerEdges_integerOrBignum() throws Exception {
    BigInteger two64 = BigInteger.ONE.shiftLeft(64);
    assertThat(hex(BigInteger.ZERO)).isEqualTo("00");
    assertThat(hex(BigInteger.valueOf(-1))).isEqualTo("20");
    assertThat(hex(two64.subtract(BigInteger.ONE))).isEqualTo("1bffffffffffffffff");
    assertThat(hex(two64)).isEqualTo("c249010000000000000000");
    assertThat(hex(two64.negate())).isEqualTo("3bffffffffffffffff");
    assertThat(hex(two64.negate().subtract(BigInteger.ONE))).isEqualTo("c349010000000000000000");
    assertThat(hex(BigInteger.ONE.shiftLeft(71))).isEqualTo("c249800000000000000000");
    assertThat(CborValues.decode(CborValues.encode(two64.subtract(BigInteger.ONE))))
        .isEqualTo(two64.subtract(BigInteger.ONE));
  }

  @Test
  void encode_stringAndBlobLengthEdges() throws Exception {
    assertThat(hex(new byte[] {1, 2})).isEqualTo("420102");
    assertThat(hex(Bytes.of(new byte[23]))).startsWith("57");
    assertThat(hex(Bytes.of(new byte[24]))).startsWith("5818");
    assertThat(hex("a".repeat(256))).startsWith("790100");
    byte[] big = new byte[70_000];
    Arrays.fill(big, (byte) 5);
    assertThat(hex(Bytes.of(big))).startsWith("5a00011170");
    assertThat(CborValues.decode(CborValues.encode(Bytes.of(big)))).isEqualTo(Bytes.of(big));
  }

  @Test
  void encode_oneByteItemsWhenTheBufferIsFull_grow() throws Exception {
    // tag (3) + array head (1) + blob head (2) + 250 bytes = the initial 256-byte buffer.
    for (Object last : Arrays.asList(Boolean.TRUE, Boolean.FALSE, null)) {
      List<Object> v = Arrays.asList(Bytes.of(new byte[250]), last);
      byte[] b = CborValues.encode(v);
      assertThat(b).hasSize(257);
      assertThat(CborValues.decode(b)).isEqualTo(v);
    }
  }
}
