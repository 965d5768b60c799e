package org.jicp.crypto.beacon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jicp.crypto.testing.Vectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every domain separator of {@code ic/ic-domain-separators.json}, as {@code byte(len) ‖ ASCII}. */
class DomainSeparatorVectorTest {
  @TestFactory
  Stream<DynamicTest> everyListedDomain_prefixMatches() {
    JsonNode doc = Vectors.json("ic/ic-domain-separators.json");
    List<DynamicTest> tests = new ArrayList<>();
    for (String section : List.of("signature_domains", "other_ic_domains")) {
      for (Iterator<Map.Entry<String, JsonNode>> it = doc.get(section).fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode prefix = e.getValue().get("prefix_hex");
        if (prefix != null) {
          tests.add(check(section + "/" + e.getKey(), e.getKey(), prefix.asText()));
        }
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = doc.get("crypto_hash_domains_also_used").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      tests.add(check("crypto_hash/" + e.getKey(), e.getKey(), e.getValue().asText()));
    }
    assertThat(tests).hasSize(7 + 3 + 29);
    return tests.stream();
  }

  private static DynamicTest check(String name, String domain, String hex) {
    return DynamicTest.dynamicTest(name, () -> assertThat(DomainSeparator.prefix(domain).toHex()).isEqualTo(hex));
  }

  @Test
  void constants_areTheIcStrings() {
    JsonNode doc = Vectors.json("ic/ic-domain-separators.json");
    for (String d :
        List.of(
            DomainSeparator.RANDOM_BEACON_CONTENT,
            DomainSeparator.RANDOM_TAPE_CONTENT,
            DomainSeparator.NOTARIZATION_CONTENT,
            DomainSeparator.FINALIZATION_CONTENT,
            DomainSeparator.CATCH_UP_CONTENT,
            DomainSeparator.STATE_ROOT,
            DomainSeparator.DEALING_CONTENT_NON_INTERACTIVE)) {
      assertThat(doc.get("signature_domains").has(d)).as(d).isTrue();
    }
    for (String d :
        List.of(
            DomainSeparator.RANDOM_BEACON,
            DomainSeparator.RANDOM_BEACON_SHARE,
            DomainSeparator.RANDOM_TAPE,
            DomainSeparator.RANDOM_TAPE_SHARE)) {
      assertThat(doc.get("crypto_hash_domains_also_used").has(d)).as(d).isTrue();
    }
  }
}
