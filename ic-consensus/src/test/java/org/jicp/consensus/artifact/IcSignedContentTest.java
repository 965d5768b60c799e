package org.jicp.consensus.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.crypto.beacon.CryptoHash;
import org.jicp.crypto.beacon.DomainSeparator;
import org.jicp.crypto.beacon.RandomBeaconContent;
import org.jicp.crypto.beacon.RandomTapeContent;
import org.jicp.types.Height;
import org.jicp.types.SubnetId;
import org.junit.jupiter.api.Test;

/**
 * The contents the IC signs with {@code serde_cbor::to_vec} ({@code RandomBeaconContent}, {@code
 * RandomTapeContent}, {@code NotarizationContent}, {@code FinalizationContent}, {@code
 * BlockMetadata}; dfinity/ic {@code rs/types/types/src/consensus.rs}), checked against an
 * independent CBOR encoder (Jackson) fed the serde data model of each struct: a map of the field
 * names in declaration order, {@code ReplicaVersion} as {@code {"version_id": text}} ({@code
 * replica_version.rs}), {@code Height} as its {@code u64} ({@code phantom_newtype}'s {@code
 * AmountOf} serializes as its representation), {@code CryptoHash} as bytes ({@code
 * #[serde(with = "serde_bytes")]} in {@code crypto.rs}), {@code SubnetId} as its principal's bytes.
 * Heights cross every CBOR head size; versions are short and long (40-character replica versions
 * like mainnet's).
 */
class IcSignedContentTest {
  static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());
  static final long[] HEIGHTS = {0, 1, 23, 24, 255, 256, 65_535, 65_536, 4_294_967_295L, 4_294_967_296L, Long.MAX_VALUE};
  static final String[] VERSIONS = {"0.9.0", "d4ee25b0865e89d3eaac13a60f0016d5e3296b31"};

  /** Jackson's CBOR generator, maps written with their size (serde_cbor's definite-length maps). */
  static byte[] jackson(Map<String, Object> m) {
    try {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      try (com.fasterxml.jackson.dataformat.cbor.CBORGenerator g = ((CBORFactory) CBOR.getFactory()).createGenerator(out)) {
        write(g, m);
      }
      return out.toByteArray();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void write(com.fasterxml.jackson.dataformat.cbor.CBORGenerator g, Object v) throws java.io.IOException {
    if (v instanceof Map<?, ?> m) {
      g.writeStartObject(m, m.size());
      for (Map.Entry<?, ?> e : m.entrySet()) {
        g.writeFieldName((String) e.getKey());
        write(g, e.getValue());
      }
      g.writeEndObject();
    } else if (v instanceof String s) {
      g.writeString(s);
    } else if (v instanceof Long l) {
      g.writeNumber(l);
    } else if (v instanceof byte[] b) {
      g.writeBinary(b);
    } else {
      throw new IllegalArgumentException("unexpected " + v);
    }
  }

  static Map<String, Object> struct(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  static byte[] withoutDomain(String domain, byte[] signed) {
    byte[] prefix = DomainSeparator.prefix(domain).toByteArray();
    assertThat(Arrays.copyOf(signed, prefix.length)).isEqualTo(prefix);
    return Arrays.copyOfRange(signed, prefix.length, signed.length);
  }

  @Test
  void signedContents_allKindsHeightsAndVersions_matchAnIndependentSerdeCborEncoding() {
    SplittableRandom r = new SplittableRandom(2024);
    SubnetId subnet = SubnetId.fromText("tdb26-jop6k-aogll-7ltgs-eruif-6kk7m-qpktf-gdiqx-mxtrf-vb5e6-eqe");
    int cases = 0;
    for (String v : VERSIONS) {
      Map<String, Object> version = struct("version_id", v);
      for (long h : HEIGHTS) {
        byte[] hash = new byte[32];
        r.nextBytes(hash);
        CryptoHash ch = new CryptoHash(Bytes.of(hash));
        assertThat(new RandomBeaconContent(v, h, ch).cbor()).isEqualTo(jackson(struct("version", version, "height", h, "parent", hash)));
        assertThat(new RandomTapeContent(v, h).cbor()).isEqualTo(jackson(struct("version", version, "height", h)));
        assertThat(withoutDomain(Domains.NOTARIZATION_CONTENT, new NotarizationContent(v, Height.of(h), ch).signedBytes()))
            .isEqualTo(jackson(struct("version", version, "height", h, "block", hash)));
        assertThat(withoutDomain(Domains.FINALIZATION_CONTENT, new FinalizationContent(v, Height.of(h), ch).signedBytes()))
            .isEqualTo(jackson(struct("version", version, "height", h, "block", hash)));
        assertThat(withoutDomain(Domains.BLOCK_METADATA, BlockProposal.signedBytes(v, Height.of(h), subnet, ch)))
            .isEqualTo(jackson(struct("version", version, "height", h, "subnet_id", subnet.toByteArray(), "hash", hash)));
        cases += 5;
      }
    }
    System.out.println("IcSignedContentTest: " + cases + " serde_cbor contents checked");
    assertThat(cases).isEqualTo(5 * HEIGHTS.length * VERSIONS.length);
  }

  @Test
  void randomTapeContent_byHand_isTheSerdeCborMap() {
    // {"version": {"version_id": "0.9.0"}, "height": 5}: map(2), text(7) "version", map(1),
    // text(10) "version_id", text(5) "0.9.0", text(6) "height", uint 5.
    String expected = "a2" + "6776657273696f6e" + "a1" + "6a76657273696f6e5f6964" + "65302e392e30" + "66686569676874" + "05";
    assertThat(HexFormat.of().formatHex(new RandomTapeContent("0.9.0", 5).cbor())).isEqualTo(expected);
    assertThat(HexFormat.of().formatHex(new RandomTapeContent("0.9.0", 5).signedBytes()))
        .isEqualTo("1a72616e646f6d5f746170655f636f6e74656e745f646f6d61696e" + expected);
    assertThat(Principal.fromText("tdb26-jop6k-aogll-7ltgs-eruif-6kk7m-qpktf-gdiqx-mxtrf-vb5e6-eqe").toByteArray()).hasSize(29);
  }
}
