package org.jicp.crypto.beacon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.crypto.testing.Vectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The IC's {@code crypto_hash} stability vectors ({@code ic/ic-crypto-hash-stability.json}, from
 * dfinity/ic {@code rs/types/types/src/crypto/hash/tests.rs}): every case's hash-trait bytes and
 * digest, plus the upstream cases the file lists without bytes (signed artifacts with NI-DKG ids
 * and node ids), rebuilt here from the Rust types.
 */
class IcCryptoHashVectorTest {
  private static final Bytes B42x32 = Bytes.of(repeat(0x42, 32));
  private static final Bytes B42x48 = Bytes.of(repeat(0x42, 48));

  static byte[] repeat(int b, int n) {
    byte[] r = new byte[n];
    java.util.Arrays.fill(r, (byte) b);
    return r;
  }

  /** {@code PrincipalId::new_*_test_id(n)}: n as u64 LE, a marker, then the opaque class byte 01. */
  static Principal testId(long n, int marker) {
    byte[] b = new byte[10];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (n >>> (8 * i));
    }
    b[8] = (byte) marker;
    b[9] = 1;
    return Principal.fromBytes(b);
  }

  static final NiDkgId TEST_NI_DKG_ID = NiDkgId.local(42, testId(42, 0xfc), NiDkgTag.LOW_THRESHOLD);
  static final Principal NODE_42 = testId(42, 0xfd);

  @TestFactory
  Stream<DynamicTest> cases_hashTraitBytesAndDigest_match() {
    JsonNode doc = Vectors.json("ic/ic-crypto-hash-stability.json");
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : doc.get("cases")) {
      String type = c.get("type").asText();
      tests.add(
          DynamicTest.dynamicTest(
              type,
              () -> {
                byte[] bytes = ourBytes(type);
                assertThat(Bytes.hex(bytes)).isEqualTo(c.get("hash_trait_bytes").asText());
                assertThat(DomainSeparator.prefix(c.get("domain").asText()).toHex())
                    .isEqualTo(c.get("domain_prefix_hex").asText());
                assertThat(CryptoHash.compute(c.get("domain").asText(), bytes).toString())
                    .isEqualTo(c.get("expected").asText());
              }));
    }
    assertThat(tests).hasSize(7);
    return tests.stream();
  }

  private static byte[] ourBytes(String type) {
    HashTraitWriter w = new HashTraitWriter();
    if (type.startsWith("CryptoHashableTestDummy")) {
      w.bytes(Bytes.of((byte) 0x42));
    } else if (type.startsWith("MessageId") || type.startsWith("SignedRequestBytes")) {
      w.bytes(B42x32);
    } else if (type.startsWith("RandomTapeContent")) {
      new RandomTapeContent(ReplicaVersions.DEFAULT, 42).hashInto(w);
    } else if (type.startsWith("RandomBeaconContent")) {
      new RandomBeaconContent(ReplicaVersions.DEFAULT, 42, new CryptoHash(B42x32)).hashInto(w);
    } else if (type.startsWith("NotarizationContent") || type.startsWith("FinalizationContent")) {
      w.string(ReplicaVersions.DEFAULT).u64(42).bytes(B42x32); // {version, height, block}
    } else {
      throw new AssertionError("unexpected case " + type);
    }
    return w.toByteArray();
  }

  @Test
  void randomBeaconContent_cryptoHash_matchesStabilityVector() {
    assertThat(new RandomBeaconContent(ReplicaVersions.DEFAULT, 42, new CryptoHash(B42x32)).cryptoHash().toString())
        .isEqualTo("b81821fef1332d033e912d0976403f22c76eb73681d68e2f0a4aa36c736f9a3b");
    assertThat(new RandomTapeContent(ReplicaVersions.DEFAULT, 42).cryptoHash().toString())
        .isEqualTo("8dbec2ff7197fe47053d6e1e17a14d8a77858313d264ca828e89cd5aa1525bb3");
  }

  @Test
  void randomBeacon_signedWithNiDkgId_matchesUpstreamStabilityVector() {
    RandomBeacon rb =
        new RandomBeacon(
            new RandomBeaconContent(ReplicaVersions.DEFAULT, 42, new CryptoHash(B42x32)), B42x48, TEST_NI_DKG_ID);
    assertThat(rb.cryptoHash().toString())
        .isEqualTo("c804349d1d1ebbb7c707408348d0d87bde256ff745ed37dd05827199fbecb43e");
  }

  @Test
  void randomTape_signedWithNiDkgId_matchesUpstreamStabilityVector() {
    RandomTape rt = new RandomTape(new RandomTapeContent(ReplicaVersions.DEFAULT, 42), B42x48, TEST_NI_DKG_ID);
    assertThat(rt.cryptoHash().toString())
        .isEqualTo("6bb598d1366061efa868e14fbcddf8230f08db4a48778182514c1d67b4855d4b");
  }

  @TestFactory
  Stream<DynamicTest> signedShares_withNodeIds_matchUpstreamStabilityVectors() {
    // Signed<Content, {signature, signer(s)}>: content, then signature bytes, then NodeId(s).
    return Stream.of(
        share("RandomBeaconShare", DomainSeparator.RANDOM_BEACON_SHARE,
            w -> new RandomBeaconContent(ReplicaVersions.DEFAULT, 42, new CryptoHash(B42x32)).hashInto(w),
            false, "596f04a1ca01de949efe831405a780ddb0e2ac5e2a3f26aed1976a71326dd207"),
        share("RandomTapeShare", DomainSeparator.RANDOM_TAPE_SHARE,
            w -> new RandomTapeContent(ReplicaVersions.DEFAULT, 42).hashInto(w),
            false, "37fca59988657a32693a2bdfbc54fb32621853a74de8879e5e1cd87d374b9f54"),
        share("NotarizationShare", "notarization_share_domain",
            w -> w.string(ReplicaVersions.DEFAULT).u64(42).bytes(B42x32),
            false, "b1719358e3e3ea11acefb2a0d66b6e867eaf721f9b33a3c75e525ee24ae3c195"),
        share("Notarization", "notarization_domain",
            w -> w.string(ReplicaVersions.DEFAULT).u64(42).bytes(B42x32),
            true, "adce8b217dcd4454ee31ea72342593d6734f1cbe8156bbc877d37fc00e633ffc"),
        share("FinalizationShare", "finalization_share_domain",
            w -> w.string(ReplicaVersions.DEFAULT).u64(42).bytes(B42x32),
            false, "fe213fff29a3e9254307f0d044c2341a17e5569d64f439b5db4ab403bccdac65"),
        share("Finalization", "finalization_domain",
            w -> w.string(ReplicaVersions.DEFAULT).u64(42).bytes(B42x32),
            true, "a0836303b06da648eb0c5df8b48d3e15c5ce3677470a94c451bec0f65cf1b16c"));
  }

  private static DynamicTest share(
      String name, String domain, java.util.function.Consumer<HashTraitWriter> content, boolean signerList, String expected) {
    return DynamicTest.dynamicTest(
        name,
        () -> {
          HashTraitWriter w = new HashTraitWriter();
          content.accept(w);
          w.bytes(B42x48);
          if (signerList) {
            w.u64(1); // Vec<NodeId> length
          }
          w.principal(NODE_42);
          assertThat(CryptoHash.compute(domain, w.toByteArray()).toString()).isEqualTo(expected);
        });
  }
}
