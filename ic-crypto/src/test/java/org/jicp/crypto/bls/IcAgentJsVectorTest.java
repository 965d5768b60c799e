package org.jicp.crypto.bls;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jicp.crypto.testing.Vectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The IC-format BLS triple of agent-js's bls-verify tests: "hello" verifies, "hallo" does not. */
class IcAgentJsVectorTest {
  @TestFactory
  Stream<DynamicTest> agentJsTriple_validAndTampered() {
    JsonNode doc = Vectors.json("ic/ic-bls-g1sig-nul-agentjs.json");
    assertThat(doc.get("ciphersuite").asText()).isEqualTo(BlsScheme.IC.dst());
    PublicKey pk = BlsScheme.IC.publicKeyFromBytes(Vectors.hex(doc.get("public_key").asText()));
    Signature sig = BlsScheme.IC.signatureFromBytes(Vectors.hex(doc.get("signature").asText()));
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : doc.get("cases")) {
      byte[] msg = Vectors.hex(c.get("message_hex").asText());
      boolean expected = c.get("expected").asBoolean();
      tests.add(DynamicTest.dynamicTest(
          "\"" + c.get("message_utf8").asText() + "\" -> " + expected,
          () -> {
            assertThat(BlsScheme.IC.verify(pk, msg, sig)).isEqualTo(expected);
            assertThat(BlsScheme.IC.verify(BlsScheme.IC.publicKeyFromPoint(pk.g2()).prepare(), msg, sig)).isEqualTo(expected);
          }));
    }
    assertThat(tests).as("cases in ic-bls-g1sig-nul-agentjs.json").hasSize(2);
    return tests.stream();
  }
}
