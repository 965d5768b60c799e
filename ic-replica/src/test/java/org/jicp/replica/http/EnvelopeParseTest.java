package org.jicp.replica.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.state.RepresentationIndependentHash;
import org.jicp.types.CanisterId;
import org.junit.jupiter.api.Test;

/**
 * {@link Envelope#parse}, the only parser of request bodies, field by field on decoded CBOR values
 * (no server): what a well-formed call, query and read_state give, and the 400 and its reason for
 * each field that is missing, of the wrong CBOR type, or not hashable (the rejection paths the
 * mutation run found untested).
 */
class EnvelopeParseTest {
  private static final Principal USER = Principal.selfAuthenticating(new byte[44]);
  private static final CanisterId CANISTER = CanisterId.fromIndex(7);

  static Map<String, Object> content(String type) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("request_type", type);
    c.put("sender", USER.bytes());
    c.put("ingress_expiry", 1_700_000_000_000_000_000L);
    if (type.equals("read_state")) {
      c.put("paths", List.of(List.of(Bytes.of("time".getBytes()))));
    } else {
      c.put("canister_id", CANISTER.principal().bytes());
      c.put("method_name", "greet");
      c.put("arg", Bytes.of(new byte[] {'D', 'I', 'D', 'L', 0, 0}));
    }
    return c;
  }

  static Map<String, Object> envelope(Map<String, Object> content) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("content", content);
    return e;
  }

  static Map<String, Object> delegation() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("pubkey", Bytes.of(new byte[] {1, 2, 3}));
    d.put("expiration", 5L);
    return d;
  }

  static Map<String, Object> signed(Map<String, Object> d) {
    Map<String, Object> sd = new LinkedHashMap<>();
    sd.put("delegation", d);
    sd.put("signature", Bytes.of(new byte[] {9}));
    return sd;
  }

  private static void rejected(Object body, String type, String reason) {
    assertThatThrownBy(() -> Envelope.parse(body, type))
        .isInstanceOf(RequestRejectedException.class)
        .hasMessageContaining(reason)
        .satisfies(e -> assertThat(((RequestRejectedException) e).status()).isEqualTo(400));
  }

  private static void contentRejected(String type, Consumer<Map<String, Object>> edit,
      String reason) {
    Map<String, Object> c = content(type);
    edit.accept(c);
    rejected(envelope(c), type, reason);
  }

  private static void delegationRejected(Consumer<Map<String, Object>> editSigned,
      String reason) {
    Map<String, Object> sd = signed(delegation());
    editSigned.accept(sd);
    Map<String, Object> e = envelope(content("call"));
    e.put("sender_delegation", List.of(sd));
    rejected(e, "call", reason);
  }

  @Test
  void parse_wellFormedCall_readsEveryField() throws Exception {
    Map<String, Object> c = content("call");
    c.put("nonce", Bytes.of(new byte[Envelope.MAX_NONCE_BYTES]));
    Map<String, Object> body = envelope(c);
    body.put("sender_pubkey", Bytes.of(new byte[] {4}));
    body.put("sender_sig", Bytes.of(new byte[] {5}));
    Map<String, Object> d = delegation();
    d.put("targets", List.of(CANISTER.principal().bytes()));
    body.put("sender_delegation", List.of(signed(d), signed(delegation())));

    Envelope e = Envelope.parse(body, "call");

    assertThat(e.requestType()).isEqualTo("call");
    assertThat(e.requestId()).isEqualTo(RepresentationIndependentHash.requestId(c));
    assertThat(e.sender()).isEqualTo(USER);
    assertThat(e.anonymous()).isFalse();
    assertThat(e.ingressExpiry()).isEqualTo(BigInteger.valueOf(1_700_000_000_000_000_000L));
    assertThat(e.canisterId()).contains(CANISTER);
    assertThat(e.methodName()).contains("greet");
    assertThat(e.arg()).contains(Bytes.of(new byte[] {'D', 'I', 'D', 'L', 0, 0}));
    assertThat(e.paths()).isEmpty();
    assertThat(e.senderPubkey()).contains(Bytes.of(new byte[] {4}));
    assertThat(e.senderSig()).contains(Bytes.of(new byte[] {5}));
    assertThat(e.delegations()).hasSize(2);
    Envelope.SignedDelegation first = e.delegations().get(0);
    assertThat(first.pubkey()).isEqualTo(Bytes.of(new byte[] {1, 2, 3}));
    assertThat(first.expiration()).isEqualTo(BigInteger.valueOf(5));
    assertThat(first.targets()).contains(List.of(CANISTER));
    assertThat(first.signature()).isEqualTo(Bytes.of(new byte[] {9}));
    assertThat(first.hash()).isEqualTo(RepresentationIndependentHash.hashOfMap(d));
    assertThat(e.delegations().get(1).targets()).isEmpty();
  }

  @Test
  void parse_anonymousQueryWithoutSignature_hasNoKeyNoSigNoDelegation() throws Exception {
    Map<String, Object> c = content("query");
    c.put("sender", Principal.anonymous().bytes());
    Envelope e = Envelope.parse(envelope(c), "query");
    assertThat(e.anonymous()).isTrue();
    assertThat(e.senderPubkey()).isEmpty();
    assertThat(e.senderSig()).isEmpty();
    assertThat(e.delegations()).isEmpty();
  }

  @Test
  void parse_readState_readsPathsAndNoCallee() throws Exception {
    Map<String, Object> c = content("read_state");
    c.put("paths", List.of(List.of(Bytes.of(new byte[] {1}), Bytes.of(new byte[] {2})), List.of()));
    Envelope e = Envelope.parse(envelope(c), "read_state");
    assertThat(e.paths()).containsExactly(
        List.of(Bytes.of(new byte[] {1}), Bytes.of(new byte[] {2})), List.of());
    assertThat(e.canisterId()).isEmpty();
    assertThat(e.methodName()).isEmpty();
    assertThat(e.arg()).isEmpty();
  }

  @Test
  void parse_bigExpiryAndNonceAtLimit_accepted() throws Exception {
    Map<String, Object> c = content("call");
    BigInteger big = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    c.put("ingress_expiry", big);
    c.put("nonce", Bytes.of(new byte[32]));
    assertThat(Envelope.parse(envelope(c), "call").ingressExpiry()).isEqualTo(big);
  }

  @Test
  void parse_envelopeShape_rejectedWithReason() {
    rejected(List.of(), "call", "the request must be a CBOR map");
    rejected(null, "call", "the request must be a CBOR map");
    Map<String, Object> extra = envelope(content("call"));
    extra.put("sender_pubkeys", Bytes.of(new byte[1]));
    rejected(extra, "call", "unexpected envelope field 'sender_pubkeys'");
    rejected(new LinkedHashMap<>(), "call", "envelope lacks the field 'content'");
    rejected(Map.of("content", List.of()), "call", "content must be a CBOR map");
  }

  @Test
  void parse_requestType_rejectedWhenMissingNotTextOrOtherEndpoint() {
    contentRejected("call", c -> c.remove("request_type"), "content lacks the field 'request_type'");
    contentRejected("call", c -> c.put("request_type", Bytes.of(new byte[1])),
        "request_type must be a text string");
    rejected(envelope(content("query")), "call", "request_type is 'query', this endpoint takes 'call'");
    rejected(envelope(content("call")), "read_state", "this endpoint takes 'read_state'");
  }

  @Test
  void parse_senderAndExpiry_rejectedWhenMissingOrMistyped() {
    contentRejected("call", c -> c.remove("sender"), "content lacks the field 'sender'");
    contentRejected("call", c -> c.put("sender", "aaaaa-aa"), "sender must be a byte string");
    contentRejected("call", c -> c.put("sender", Bytes.of(new byte[30])), "sender is not a principal");
    contentRejected("call", c -> c.remove("ingress_expiry"), "content lacks the field 'ingress_expiry'");
    contentRejected("call", c -> c.put("ingress_expiry", "soon"),
        "ingress_expiry must be a natural number");
    contentRejected("call", c -> c.put("ingress_expiry", Bytes.of(new byte[8])),
        "ingress_expiry must be a natural number");
  }

  @Test
  void parse_nonce_rejectedAboveLimitOrMistyped() {
    contentRejected("call", c -> c.put("nonce", Bytes.of(new byte[Envelope.MAX_NONCE_BYTES + 1])),
        "nonce is longer than 32 bytes");
    contentRejected("call", c -> c.put("nonce", 1L), "nonce must be a byte string");
  }

  @Test
  void parse_calleeFields_rejectedWhenMissingOrMistyped() {
    for (String type : List.of("call", "query")) {
      contentRejected(type, c -> c.remove("canister_id"), "content lacks the field 'canister_id'");
      contentRejected(type, c -> c.put("canister_id", "x"), "canister_id must be a byte string");
      contentRejected(type, c -> c.put("canister_id", Bytes.of(new byte[31])),
          "canister_id is not a principal");
      contentRejected(type, c -> c.remove("method_name"), "content lacks the field 'method_name'");
      contentRejected(type, c -> c.put("method_name", Bytes.of(new byte[1])),
          "method_name must be a text string");
      contentRejected(type, c -> c.remove("arg"), "content lacks the field 'arg'");
      contentRejected(type, c -> c.put("arg", "DIDL"), "arg must be a byte string");
    }
  }

  @Test
  void parse_paths_rejectedWhenMissingOrMistyped() {
    contentRejected("read_state", c -> c.remove("paths"), "content lacks the field 'paths'");
    contentRejected("read_state", c -> c.put("paths", Bytes.of(new byte[1])),
        "paths must be a CBOR array");
    contentRejected("read_state", c -> c.put("paths", List.of(Bytes.of(new byte[1]))),
        "a path must be a CBOR array");
    contentRejected("read_state", c -> c.put("paths", List.of(List.of("time"))),
        "a path label must be a byte string");
  }

  @Test
  void parse_nullOrUnhashableContent_rejectedNotThrown() {
    contentRejected("call", c -> c.put("extra", null), "content.extra is null");
    contentRejected("call", c -> c.put("extra", Arrays.asList(1L, null)), "content.extra[1] is null");
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("k", null);
    contentRejected("call", c -> c.put("extra", List.of(inner)), "content.extra[0].k is null");
    contentRejected("call", c -> c.put("extra", Boolean.TRUE), "content cannot be hashed");
  }

  @Test
  void parse_senderKeyAndSignature_rejectedWhenNotByteStrings() {
    Map<String, Object> e = envelope(content("call"));
    e.put("sender_pubkey", "key");
    rejected(e, "call", "sender_pubkey must be a byte string");
    e = envelope(content("call"));
    e.put("sender_sig", List.of());
    rejected(e, "call", "sender_sig must be a byte string");
    e = envelope(content("call"));
    e.put("sender_delegation", signed(delegation()));
    rejected(e, "call", "sender_delegation must be a CBOR array");
    e = envelope(content("call"));
    e.put("sender_delegation", List.of(Bytes.of(new byte[1])));
    rejected(e, "call", "sender_delegation entry must be a CBOR map");
  }

  @Test
  void parse_delegationFields_rejectedWhenMissingOrMistyped() {
    delegationRejected(sd -> sd.remove("delegation"),
        "sender_delegation entry lacks the field 'delegation'");
    delegationRejected(sd -> sd.put("delegation", List.of()), "delegation must be a CBOR map");
    delegationRejected(sd -> sd.remove("signature"),
        "sender_delegation entry lacks the field 'signature'");
    delegationRejected(sd -> sd.put("signature", "sig"), "delegation signature must be a byte string");
    delegationRejected(sd -> del(sd).remove("pubkey"), "delegation lacks the field 'pubkey'");
    delegationRejected(sd -> del(sd).put("pubkey", 1L), "delegation pubkey must be a byte string");
    delegationRejected(sd -> del(sd).remove("expiration"), "delegation lacks the field 'expiration'");
    delegationRejected(sd -> del(sd).put("expiration", "never"),
        "delegation expiration must be a natural number");
    delegationRejected(sd -> del(sd).put("targets", Bytes.of(new byte[1])),
        "delegation targets must be a CBOR array");
    delegationRejected(sd -> del(sd).put("targets", List.of("x")),
        "delegation target must be a byte string");
    delegationRejected(sd -> del(sd).put("targets", List.of(Bytes.of(new byte[30]))),
        "delegation target is not a principal");
    delegationRejected(sd -> del(sd).put("senders", null), "delegation.senders is null");
    delegationRejected(sd -> del(sd).put("senders", Boolean.FALSE), "delegation cannot be hashed");
  }

  @Test
  void parse_emptyTargets_isARestrictionToNothing() throws Exception {
    Map<String, Object> d = delegation();
    d.put("targets", new ArrayList<>());
    Map<String, Object> e = envelope(content("call"));
    e.put("sender_delegation", List.of(signed(d)));
    assertThat(Envelope.parse(e, "call").delegations().get(0).targets()).contains(List.of());
  }

  @Test
  void envelope_listsCopied_notAliased() {
    List<List<Bytes>> paths = new ArrayList<>();
    Envelope e = new Envelope("read_state", RepresentationIndependentHash.requestId(
        content("read_state")), USER, BigInteger.ONE, Optional.empty(), Optional.empty(),
        Optional.empty(), paths, Optional.empty(), Optional.empty(), new ArrayList<>());
    paths.add(List.of());
    assertThat(e.paths()).isEmpty();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> del(Map<String, Object> sd) {
    return (Map<String, Object>) sd.get("delegation");
  }
}
