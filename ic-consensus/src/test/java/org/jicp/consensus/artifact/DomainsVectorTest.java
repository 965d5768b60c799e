package org.jicp.consensus.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jicp.consensus.certification.CertificationMessage;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.crypto.beacon.CryptoHash;
import org.jicp.crypto.beacon.DomainSeparator;
import org.jicp.crypto.beacon.RandomBeaconContent;
import org.jicp.crypto.beacon.RandomTapeContent;
import org.jicp.types.Height;
import org.jicp.types.SubnetId;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Consensus's domain separators against {@code ../shared/vectors/ic/ic-domain-separators.json}
 * (dfinity/ic {@code hash.rs} / {@code sign.rs}), and the domain each artifact's signed bytes
 * start with against the domain the IC signs that content under.
 */
class DomainsVectorTest {
  /**
   * Names in {@link Domains} that the vector file does not list, with where the IC defines them:
   * dfinity/ic {@code rs/types/types/src/crypto/hash/domain_separator.rs} (commit
   * 1855b3dd1f76f90735181614d84ff3da046d5819), enum variants {@code BlockMetadata}, {@code
   * BlockMetadataProposal}, {@code EquivocationProof}.
   */
  static final Map<String, String> IC_SOURCE_ONLY =
      Map.of(
          "block_metadata_domain", "DomainSeparator::BlockMetadata",
          "block_metadata_proposal_domain", "DomainSeparator::BlockMetadataProposal",
          "equivocation_proof_domain", "DomainSeparator::EquivocationProof");

  static JsonNode vectors() {
    String prop = System.getProperty("jicp.vectors");
    Path dir = prop == null ? Path.of("..", "..", "shared", "vectors") : Path.of(prop);
    Path f = dir.resolve("ic/ic-domain-separators.json");
    if (!Files.isRegularFile(f)) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("missing vector file " + f.toAbsolutePath());
      }
      Assumptions.abort("vector file not found at " + f.toAbsolutePath() + " (set -Djicp.vectors=...)");
    }
    try {
      return new ObjectMapper().readTree(f.toFile());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** name → prefix hex of every domain the file lists. */
  static Map<String, String> listed(JsonNode doc) {
    Map<String, String> out = new TreeMap<>();
    doc.get("signature_domains").properties().forEach(e -> out.put(e.getKey(), e.getValue().get("prefix_hex").asText()));
    doc.get("crypto_hash_domains_also_used").properties().forEach(e -> {
      String before = out.putIfAbsent(e.getKey(), e.getValue().asText());
      assertThat(before == null || before.equals(e.getValue().asText())).as("the file agrees with itself on " + e.getKey()).isTrue();
    });
    return out;
  }

  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  @Test
  void domains_everyConstant_isTheIcsSeparator() throws IllegalAccessException {
    Map<String, String> listed = listed(vectors());
    int fromVectors = 0;
    int fromSource = 0;
    for (Field f : Domains.class.getFields()) {
      if (!Modifier.isStatic(f.getModifiers()) || f.getType() != String.class) {
        continue;
      }
      String name = (String) f.get(null);
      String prefix = hex(DomainSeparator.prefix(name).toByteArray());
      if (listed.containsKey(name)) {
        assertThat(prefix).as(f.getName()).isEqualTo(listed.get(name));
        fromVectors++;
      } else {
        assertThat(IC_SOURCE_ONLY).as(f.getName() + " = " + name + " is neither in the vector file nor a known IC separator").containsKey(name);
        assertThat(prefix).isEqualTo(String.format("%02x", name.length()) + hex(name.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        fromSource++;
      }
    }
    System.out.println("DomainsVectorTest: " + fromVectors + " domains checked against ic-domain-separators.json, " + fromSource + " against the IC source");
    assertThat(fromVectors).isEqualTo(26);
    assertThat(fromSource).isEqualTo(3);
  }

  @Test
  void signedBytes_eachArtifact_startsWithTheDomainTheIcSignsItUnder() {
    Map<String, String> listed = listed(vectors());
    SubnetId subnet = new SubnetId(Principal.fromBytes(new byte[] {1}));
    CryptoHash h = new CryptoHash(Bytes.of(new byte[32]));
    Map<String, byte[]> cases = new LinkedHashMap<>();
    cases.put("notarization_content_domain", new NotarizationContent("0.9.0", Height.of(7), h).signedBytes());
    cases.put("finalization_content_domain", new FinalizationContent("0.9.0", Height.of(7), h).signedBytes());
    cases.put("random_beacon_content_domain", new RandomBeaconContent("0.9.0", 7, h).signedBytes());
    cases.put("random_tape_content_domain", new RandomTapeContent("0.9.0", 7).signedBytes());
    cases.put("ic-state-root", CertificationMessage.signedBytes(h.value()));
    cases.put("dealing_content_non_interactive", DealingMessage.signedBytes(ArtifactSamples.dealing().dkgId(), ArtifactSamples.NODES.get(0), Bytes.of(new byte[] {1})));
    cases.put("catch_up_content_domain", ((CatchUpPackage) ArtifactSamples.all().stream().filter(m -> m instanceof CatchUpPackage).findFirst().orElseThrow()).content().shareContent().signedBytes());
    cases.put("block_metadata_domain", BlockProposal.signedBytes("0.9.0", Height.of(7), subnet, h));
    int checked = 0;
    for (Map.Entry<String, byte[]> e : cases.entrySet()) {
      String expected = listed.containsKey(e.getKey()) ? listed.get(e.getKey()) : hex(DomainSeparator.prefix(e.getKey()).toByteArray());
      assertThat(hex(e.getValue())).as(e.getKey()).startsWith(expected);
      assertThat(listed.containsKey(e.getKey()) || IC_SOURCE_ONLY.containsKey(e.getKey())).isTrue();
      checked++;
    }
    assertThat(checked).isEqualTo(8);
    assertThat(List.copyOf(cases.keySet())).hasSize(8);
  }
}
