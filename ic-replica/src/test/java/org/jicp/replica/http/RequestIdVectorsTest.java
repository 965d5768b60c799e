package org.jicp.replica.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The request ids of the recorded client traffic ({@code agent-js/recorded/VECTORS.json}: agent-js
 * anonymous and Ed25519, IC4J with indefinite-length maps and no self-describe tag): each body
 * decodes through the HTTP layer's CBOR and envelope parsing to exactly the recorded request id,
 * and the signed ones pass sender authentication (expiry is not checked here: the recordings are
 * old).
 */
class RequestIdVectorsTest {
  @Test
  void recordedBodies_parsed_requestIdsMatchByteForByte() throws Exception {
    JsonNode vectors = new ObjectMapper().readTree(
        Harness.root().resolve("agent-js/recorded/VECTORS.json").toFile());
    int checked = 0;
    int signed = 0;
    int indefinite = 0;
    // None of the recorded senders is a canister signature: any root key does.
    SenderAuthenticator auth = new IcSenderAuthenticator(
        org.jicp.state.certification.ThresholdPublicKey.IC_MAINNET_ROOT_KEY.toDer());
    for (JsonNode v : vectors) {
      byte[] body = HexFormat.of().parseHex(v.get("body_hex").asText());
      Envelope e = Envelope.parse(CborValues.decode(body), "call");
      assertThat(e.requestId().bytes().toHex()).as(v.get("client").asText() + " "
          + v.get("path").asText()).isEqualTo(v.get("request_id").asText());
      assertThat(auth.authenticate(e, 0))
          .as("sender of " + v.get("request_id").asText())
          .isInstanceOf(SenderAuthenticator.Result.Authenticated.class);
      if (e.senderSig().isPresent()) {
        signed++;
      }
      if (v.get("indefinite_length_map").asBoolean()) {
        indefinite++;
      }
      checked++;
    }
    assertThat(checked).isEqualTo(10);
    assertThat(signed).isPositive();
    assertThat(indefinite).isPositive();
    System.out.println("request-id vectors: " + checked + " checked (" + signed + " signed, "
        + indefinite + " with indefinite-length maps)");
  }
}
