package org.jicp.replica.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.jicp.crypto.Bytes;
import org.junit.jupiter.api.Test;

/**
 * {@link CborValues#encode}, the hand-written response writer, against Jackson's CBOR generator
 * (the reference it replaced): byte for byte on random values (a BigInteger that fits 64 bits is
 * compared with Jackson's integer: Jackson writes every BigInteger as a bignum, encode the shortest
 * form), and the RFC 8949 appendix A examples of the item kinds it writes, bignums included.
 */
class CborValuesTest {
  private static final CBORFactory JACKSON = CBORFactory.builder().build();

  /** What Jackson's generator writes for {@code v} (the writer that {@code encode} replaced). */
  private static byte[] jackson(Object v) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (CBORGenerator g = (CBORGenerator) JACKSON.createGenerator(out)) {
      g.writeTag(55799);
      write(g, v);
    }
    return out.toByteArray();
  }

  private static void write(CBORGenerator g, Object v) throws IOException {
    if (v instanceof Map<?, ?> m) {
      g.writeStartObject(m.size());
      for (Map.Entry<?, ?> e : m.entrySet()) {
        g.writeFieldName((String) e.getKey());
        write(g, e.getValue());
      }
      g.writeEndObject();
    } else if (v instanceof List<?> l) {
      g.writeStartArray(l, l.size());
      for (Object o : l) {
        write(g, o);
      }
      g.writeEndArray();
    } else if (v instanceof Bytes b) {
      g.writeBinary(b.toByteArray());
    } else if (v instanceof String s) {
      g.writeString(s);
    } else if (v instanceof Long x) {
      g.writeNumber(x);
    } else if (v instanceof BigInteger n) {
      // Jackson writes every BigInteger as a bignum (tag 2); encode writes the preferred
      // serialization (RFC 8949 §4.2.1: the shortest integer that holds it), as agents do.
      g.writeNumber(n.longValueExact());
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    }
  }

  private static Object random(SplittableRandom r, int depth) {
    int k = r.nextInt(depth > 3 ? 5 : 7);
    switch (k) {
      case 0: {
        byte[] b = new byte[r.nextInt(3) == 0 ? r.nextInt(70_000) : r.nextInt(40)];
        r.nextBytes(b);
        return Bytes.of(b);
      }
      case 1: {
        StringBuilder s = new StringBuilder();
        int len = r.nextInt(3) == 0 ? r.nextInt(900) : r.nextInt(30);
        for (int i = 0; i < len; i++) {
          s.appendCodePoint(r.nextInt(4) == 0 ? 0x80 + r.nextInt(0x2000) : 0x20 + r.nextInt(95));
        }
        return s.toString();
      }
      case 2: {
        long[] edges = {0, 23, 24, 255, 256, 65_535, 65_536, 0xffff_ffffL, 0x1_0000_0000L,
            Long.MAX_VALUE, -1, -24, -25, -256, -257, Long.MIN_VALUE};
        return r.nextBoolean() ? edges[r.nextInt(edges.length)] : r.nextLong() >> r.nextInt(64);
      }
      case 3:
        return r.nextBoolean();
      case 4: {
        // Up to 63 bits, compared with Jackson's integer for the same value (see write); bignums
        // (beyond 64 bits) are the RFC examples below.
        // Negative BigIntegers: Jackson 2.21 writes tag 3 with |n| rather than -1 - n (RFC 8949
        // §3.4.3); responses carry none, and the RFC examples below check encode's.
        return new BigInteger(63, new java.util.Random(r.nextLong()));
      }
      case 5: {
        List<Object> l = new ArrayList<>();
        int n = r.nextInt(6);
        for (int i = 0; i < n; i++) {
          l.add(random(r, depth + 1));
        }
        return l;
      }
      default: {
        Map<String, Object> m = new LinkedHashMap<>();
        int n = r.nextInt(6);
        for (int i = 0; i < n; i++) {
          m.put("k" + r.nextInt(1000), random(r, depth + 1));
        }
        return m;
      }
    }
  }

  @Test
  void encode_randomValues_sameBytesAsJackson() throws IOException {
    long seed = new java.security.SecureRandom().nextLong();
    System.out.println("CborValuesTest seed " + seed);
    SplittableRandom r = new SplittableRandom(seed);
    int cases = 3000;
    for (int i = 0; i < cases; i++) {
      Object v = random(r, 0);
      assertThat(HexFormat.of().formatHex(CborValues.encode(v)))
          .as("seed %d case %d", seed, i)
          .isEqualTo(HexFormat.of().formatHex(jackson(v)));
    }
    assertThat(cases).isEqualTo(3000);
  }

  @Test
  void encode_rfc8949AppendixAExamples_exactBytes() {
    Object[][] cases = {
        {0L, "00"}, {23L, "17"}, {24L, "1818"}, {100L, "1864"}, {1000L, "1903e8"},
        {1_000_000L, "1a000f4240"}, {1_000_000_000_000L, "1b000000e8d4a51000"},
        {new BigInteger("18446744073709551615"), "1bffffffffffffffff"},
        {new BigInteger("18446744073709551616"), "c249010000000000000000"},
        {-1L, "20"}, {-1000L, "3903e7"},
        {new BigInteger("-18446744073709551617"), "c349010000000000000000"},
        {false, "f4"}, {true, "f5"}, {Bytes.of(new byte[0]), "40"},
        {Bytes.parseHex("01020304"), "4401020304"}, {"", "60"}, {"IETF", "6449455446"},
        {"\u00fc", "62c3bc"}, {"\u6c34", "63e6b0b4"}, {List.of(), "80"},
        {List.of(1L, List.of(2L, 3L), List.of(4L, 5L)), "8301820203820405"},
        {new LinkedHashMap<String, Object>(Map.of("a", 1L)), "a1616101"},
    };
    for (Object[] c : cases) {
      assertThat(HexFormat.of().formatHex(CborValues.encode(c[0]))).as(String.valueOf(c[0]))
          .isEqualTo("d9d9f7" + c[1]);
    }
    assertThat(cases.length).isEqualTo(23);
  }

  @Test
  void decode_textOrKeyOfInvalidUtf8_isMalformed() {
    // Found by EnvelopeFuzzTest: "sen\xf4er_delegation" decoded to a string with an unpaired
    // surrogate, which re-encodes (and hashes into a request id) as other bytes than were sent.
    byte[] text = HexFormat.of().parseHex("6473f46572");
    byte[] key = HexFormat.of().parseHex("a16473f4657201");
    assertThatThrownBy(() -> CborValues.decode(text)).isInstanceOf(CborValues.MalformedCborException.class)
        .hasMessageContaining("UTF-8");
    assertThatThrownBy(() -> CborValues.decode(key)).isInstanceOf(CborValues.MalformedCborException.class)
        .hasMessageContaining("UTF-8");
  }

  @Test
  void encode_nullFromADecodedBody_roundTrips() throws Exception {
    // Found by Jazzer on EnvelopeFuzzTest: a body holding CBOR undefined (f7) decodes to null,
    // which encode refused, so a decoded value did not re-encode.
    assertThat(CborValues.decode(HexFormat.of().parseHex("d9d903f7"))).isNull();
    List<Object> withNull = new ArrayList<>();
    withNull.add(null);
    assertThat(HexFormat.of().formatHex(CborValues.encode(withNull))).isEqualTo("d9d9f781f6");
    assertThat(CborValues.decode(CborValues.encode(withNull))).isEqualTo(withNull);
  }

  @Test
  void encode_unsupportedValue_illegalArgument() {
    assertThatThrownBy(() -> CborValues.encode(1.5)).isInstanceOf(IllegalArgumentException.class);
    Map<Object, Object> m = new LinkedHashMap<>();
    m.put(1, 2L);
    assertThatThrownBy(() -> CborValues.encode(m)).isInstanceOf(IllegalArgumentException.class);
  }
}
