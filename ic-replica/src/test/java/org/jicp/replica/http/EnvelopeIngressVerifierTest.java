package org.jicp.replica.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.state.RepresentationIndependentHash;
import org.jicp.types.CanisterId;
import org.jicp.types.IngressMessage;
import org.jicp.types.MessageId;
import org.jicp.types.Time;
import org.junit.jupiter.api.Test;

/**
 * {@link EnvelopeIngressVerifier}, a node's re-check of the ingress messages in a peer's block, with
 * a recording authenticator (no server): bodies that do not parse, a message id that is not the
 * envelope's, unsigned embedder calls (accepted without authentication), and the authenticator's
 * refusal and delegation targets.
 */
class EnvelopeIngressVerifierTest {
  private static final CanisterId CANISTER = CanisterId.fromIndex(7);

  /** An authenticator that records its calls and answers {@code answer}. */
  private static final class Recording implements SenderAuthenticator {
    final List<Long> calls = new ArrayList<>();
    final Result answer;

    Recording(Result answer) {
      this.answer = answer;
    }

    @Override
    public Result authenticate(Envelope envelope, long nowNanos) {
      calls.add(nowNanos);
      return answer;
    }
  }

  private static IngressMessage message(Map<String, Object> body) {
    @SuppressWarnings("unchecked")
    MessageId id = RepresentationIndependentHash.requestId(
        (Map<String, Object>) body.get("content"));
    return new IngressMessage(id, Time.ofNanos(1), Bytes.of(CborValues.encode(body)));
  }

  private static Map<String, Object> signedBody(Principal sender) {
    Map<String, Object> c = EnvelopeParseTest.content("call");
    c.put("sender", sender.bytes());
    Map<String, Object> b = EnvelopeParseTest.envelope(c);
    b.put("sender_pubkey", Bytes.of(new byte[] {1}));
    b.put("sender_sig", Bytes.of(new byte[] {2}));
    return b;
  }

  private static final Principal USER = Principal.selfAuthenticating(new byte[44]);
  private static final SenderAuthenticator.Result ALL =
      new SenderAuthenticator.Result.Authenticated(Optional.empty());

  @Test
  void reject_bodyNotCbor_doesNotParse() {
    Recording auth = new Recording(ALL);
    IngressMessage m = new IngressMessage(MessageId.of(new byte[32]), Time.ofNanos(1),
        Bytes.of(new byte[] {(byte) 0xff}));
    assertThat(new EnvelopeIngressVerifier(auth).reject(m, 5).orElseThrow())
        .startsWith("the envelope does not parse: malformed CBOR");
    assertThat(auth.calls).isEmpty();
  }

  @Test
  void reject_queryEnvelope_doesNotParseAsCall() {
    Map<String, Object> b = EnvelopeParseTest.envelope(EnvelopeParseTest.content("query"));
    assertThat(new EnvelopeIngressVerifier(new Recording(ALL)).reject(message(b), 5).orElseThrow())
        .startsWith("the envelope does not parse: request_type is 'query'");
  }

  @Test
  void reject_otherMessageId_rejectedBeforeAuthentication() {
    Recording auth = new Recording(ALL);
    Map<String, Object> b = signedBody(USER);
    IngressMessage m = message(b);
    IngressMessage other = new IngressMessage(MessageId.of(new byte[32]), m.expiry(), m.content());
    assertThat(new EnvelopeIngressVerifier(auth).reject(other, 5))
        .contains("the message id is not the envelope's request id");
    assertThat(auth.calls).isEmpty();
  }

  @Test
  void reject_unsignedNonAnonymousCall_acceptedWithoutAuthentication() {
    Recording auth = new Recording(new SenderAuthenticator.Result.Refused("no"));
    Map<String, Object> c = EnvelopeParseTest.content("call");
    assertThat(new EnvelopeIngressVerifier(auth).reject(message(EnvelopeParseTest.envelope(c)), 5))
        .isEmpty();
    assertThat(auth.calls).isEmpty();
  }

  @Test
  void reject_anonymousOrPartlySigned_goesToTheAuthenticator() {
    Map<String, Object> anon = EnvelopeParseTest.content("call");
    anon.put("sender", Principal.anonymous().bytes());
    Map<String, Object> onlyKey = EnvelopeParseTest.envelope(EnvelopeParseTest.content("call"));
    onlyKey.put("sender_pubkey", Bytes.of(new byte[] {1}));
    Map<String, Object> onlySig = EnvelopeParseTest.envelope(EnvelopeParseTest.content("call"));
    onlySig.put("sender_sig", Bytes.of(new byte[] {1}));
    Map<String, Object> onlyDelegation = EnvelopeParseTest.envelope(
        EnvelopeParseTest.content("call"));
    onlyDelegation.put("sender_delegation",
        List.of(EnvelopeParseTest.signed(EnvelopeParseTest.delegation())));
    for (Map<String, Object> b : List.of(EnvelopeParseTest.envelope(anon), onlyKey, onlySig,
        onlyDelegation)) {
      Recording auth = new Recording(new SenderAuthenticator.Result.Refused("refused: why"));
      assertThat(new EnvelopeIngressVerifier(auth).reject(message(b), 42)).contains("refused: why");
      assertThat(auth.calls).containsExactly(42L);
    }
  }

  @Test
  void reject_delegationTargets_allowOnlyTheirCanisters() {
    Map<String, Object> b = signedBody(USER);
    SenderAuthenticator.Result elsewhere = new SenderAuthenticator.Result.Authenticated(
        Optional.of(List.of(CanisterId.fromIndex(8))));
    assertThat(new EnvelopeIngressVerifier(new Recording(elsewhere)).reject(message(b), 5))
        .contains("the delegation does not allow calls to " + CANISTER);
    SenderAuthenticator.Result here = new SenderAuthenticator.Result.Authenticated(
        Optional.of(List.of(CANISTER)));
    assertThat(new EnvelopeIngressVerifier(new Recording(here)).reject(message(b), 5)).isEmpty();
    assertThat(new EnvelopeIngressVerifier(new Recording(ALL)).reject(message(b), 5)).isEmpty();
  }

  @Test
  void constructor_nullAuthenticator_rejected() {
    assertThatThrownBy(() -> new EnvelopeIngressVerifier(null))
        .isInstanceOf(NullPointerException.class);
  }
}
