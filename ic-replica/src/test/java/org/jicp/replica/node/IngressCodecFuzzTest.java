package org.jicp.replica.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jicp.candid.CandidEncoder;
import org.jicp.candid.CandidValue;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.crypto.testing.SeededFuzz;
import org.jicp.replica.http.CborValues;
import org.jicp.state.RepresentationIndependentHash;
import org.jicp.state.replicated.CanisterMessage;
import org.jicp.types.CanisterId;
import org.jicp.types.IngressMessage;
import org.jicp.types.MessageId;
import org.jicp.types.Time;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz target for ingress as blocks carry it ({@link IngressCodec#decode}: the client's envelope,
 * verbatim, in a block another node proposed). The only outcomes are a call or a {@link
 * IngressCodec.MalformedIngressException}; what decodes has the content's request id as message
 * id and the content's fields, and {@link IngressCodec#decode(IngressMessage)} accepts it under
 * that id only.
 *
 * <p>Seeds: envelopes {@link IngressCodec#encode} makes (a canister call, a management call whose
 * argument names the effective canister, a big expiry) and agent-style envelopes with a signature,
 * a delegation and extra content fields. Jazzer {@code @FuzzTest}: committed inputs in {@code
 * src/test/resources/org/jicp/replica/node/IngressCodecFuzzTestInputs/<target>/}; {@code
 * JAZZER_FUZZ=1 -Dtest=IngressCodecFuzzTest#ingress*} fuzzes it. docs/fuzzing.md has the runs.
 */
class IngressCodecFuzzTest {
  @FuzzTest(maxDuration = "60s")
  void ingress_anyEnvelope_callOrMalformed(byte[] data) {
    IngressCodec.Decoded d;
    try {
      d = IngressCodec.decode(data);
    } catch (IngressCodec.MalformedIngressException expected) {
      return;
    }
    CanisterMessage.Ingress in = d.ingress();
    Map<String, Object> c = d.content();
    MessageId id = RepresentationIndependentHash.requestId(c);
    if (!in.messageId().equals(id)) {
      throw new AssertionError("message id is not the content's request id: " + Bytes.hex(data));
    }
    if (!"call".equals(c.get("request_type")) || !in.methodName().equals(c.get("method_name"))
        || !java.util.Arrays.equals(in.methodPayload().toByteArray(), (byte[]) c.get("arg"))
        || !java.util.Arrays.equals(in.receiver().toByteArray(), (byte[]) c.get("canister_id"))
        || !java.util.Arrays.equals(in.source().toByteArray(), (byte[]) c.get("sender"))
        || in.expiryNanos() < 0) {
      throw new AssertionError("the call differs from its content: " + Bytes.hex(data));
    }
    if (!in.effectiveCanisterId().equals(in.receiver()) && in.receiver().principal().toByteArray().length != 0) {
      throw new AssertionError("an effective canister id other than the receiver for a canister call: " + Bytes.hex(data));
    }
    CanisterMessage.Ingress again = IngressCodec.decode(new IngressMessage(id, Time.ofNanos(in.expiryNanos()), Bytes.of(data)));
    if (!again.equals(in)) {
      throw new AssertionError("decode(IngressMessage) differs: " + Bytes.hex(data));
    }
    byte[] otherId = id.toByteArray();
    otherId[0] ^= 1;
    try {
      IngressCodec.decode(new IngressMessage(new MessageId(Bytes.of(otherId)), Time.ofNanos(in.expiryNanos()), Bytes.of(data)));
      throw new AssertionError("accepted under a message id other than its request id: " + Bytes.hex(data));
    } catch (IngressCodec.MalformedIngressException expected) {
      // the id is checked
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Seeds and the bounded run of the default build

  static final List<String> NAMES = List.of("call-anonymous", "management-call", "big-expiry", "agent-signed-delegated");

  static List<byte[]> seeds() {
    CanisterId canister = CanisterId.fromText("rwlgt-iiaaa-aaaaa-aaaaa-cai");
    Principal user = Principal.selfAuthenticating(new byte[] {1, 2, 3, 4});
    List<byte[]> seeds = new ArrayList<>();
    seeds.add(IngressCodec.encode(Principal.anonymous(), canister, "inc", Bytes.of(CandidEncoder.empty()),
        1_700_000_000_000_000_000L, Bytes.of(new byte[] {7})).content().toByteArray());
    byte[] mgmtArg = CandidEncoder.encode(List.of(CandidValue.record(CandidValue.field("canister_id", CandidValue.principal(canister.principal())))));
    seeds.add(IngressCodec.encode(user, new CanisterId(Principal.fromBytes(new byte[0])), "start_canister", Bytes.of(mgmtArg),
        1_700_000_000_000_000_000L, Bytes.of(new byte[0])).content().toByteArray());
    seeds.add(IngressCodec.encode(user, canister, "greet", Bytes.of("DIDL\0\1q\2hi".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)),
        Long.MAX_VALUE, Bytes.of(new byte[8])).content().toByteArray());
    // An agent's envelope: key, signature, a delegation with targets, and a content field the codec ignores.
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("request_type", "call");
    content.put("canister_id", canister.toByteArray());
    content.put("method_name", "inc");
    content.put("arg", CandidEncoder.empty());
    content.put("sender", user.toByteArray());
    content.put("ingress_expiry", 1_700_000_000_000_000_000L);
    content.put("nonce", new byte[] {1, 2});
    content.put("paths", List.of(List.of(new byte[] {'t'})));
    Map<String, Object> delegation = new LinkedHashMap<>();
    delegation.put("pubkey", new byte[44]);
    delegation.put("expiration", 1_700_000_000_000_000_001L);
    delegation.put("targets", List.of(canister.toByteArray()));
    Map<String, Object> env = new LinkedHashMap<>();
    env.put("content", content);
    env.put("sender_pubkey", new byte[44]);
    env.put("sender_sig", new byte[64]);
    env.put("sender_delegation", List.of(Map.of("delegation", delegation, "signature", new byte[64])));
    seeds.add(CborValues.encode(env));
    return seeds;
  }

  @Test
  void seeds_decodeToTheirCalls() {
    List<byte[]> seeds = seeds();
    for (byte[] s : seeds) {
      ingress_anyEnvelope_callOrMalformed(s);
      assertThat(IngressCodec.decode(s).ingress().methodName()).isIn("inc", "start_canister", "greet");
    }
    CanisterMessage.Ingress mgmt = IngressCodec.decode(seeds.get(1)).ingress();
    assertThat(mgmt.effectiveCanisterId()).isEqualTo(CanisterId.fromText("rwlgt-iiaaa-aaaaa-aaaaa-cai"));
  }

  private static Map<String, Object> call(byte[] sender) {
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("request_type", "call");
    content.put("canister_id", CanisterId.fromText("rwlgt-iiaaa-aaaaa-aaaaa-cai").toByteArray());
    content.put("method_name", "inc");
    content.put("arg", CandidEncoder.empty());
    content.put("sender", sender);
    content.put("ingress_expiry", 1_700_000_000_000_000_000L);
    content.put("nonce", "NONCE-HERE");
    return content;
  }

  /** Found by the seeded run (input 287): a sender of 61 bytes escaped as InvalidEncodingException. */
  @Test
  void decode_principalLongerThan29Bytes_isMalformed() {
    byte[] env = CborValues.encode(Map.of("content", call(new byte[61])));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> IngressCodec.decode(env))
        .isInstanceOf(IngressCodec.MalformedIngressException.class).hasMessageContaining("principal");
    ingress_anyEnvelope_callOrMalformed(env);
  }

  /** Found while writing the target: a negative bignum (tag 3) or an integer below -2^63 reached the request-id hash (IllegalArgumentException). */
  @Test
  void decode_negativeBigIntegers_areMalformed() {
    String hex = Bytes.hex(CborValues.encode(Map.of("content", call(new byte[] {4}))));
    String text = Bytes.hex(CborValues.encode("NONCE-HERE")).substring(6); // without the self-describing tag
    for (String item : List.of("c34101", "3bffffffffffffffff", "c34a01000000000000000000")) {
      byte[] env = Bytes.parseHex(hex.replace(text, item));
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> IngressCodec.decode(env))
          .as(item).isInstanceOf(IngressCodec.MalformedIngressException.class).hasMessageContaining("negative");
    }
    // a positive bignum is a natural: decodes, and the request id hashes it
    byte[] env = Bytes.parseHex(hex.replace(text, "c24a01000000000000000000"));
    ingress_anyEnvelope_callOrMalformed(env);
    assertThat(IngressCodec.decode(env).content().get("nonce")).isEqualTo(java.math.BigInteger.ONE.shiftLeft(72));
  }

  @Test
  @Timeout(120)
  void seededMutation_ingress_callOrMalformed() {
    List<byte[]> seeds = seeds();
    SeededFuzz.writeSeeds("ingress_anyEnvelope_callOrMalformed", NAMES, seeds);
    assertThat(SeededFuzz.run("IngressCodecFuzzTest.ingress", seeds, 3000, this::ingress_anyEnvelope_callOrMalformed))
        .isEqualTo(seeds.size() + SeededFuzz.iterations(3000));
  }
}
