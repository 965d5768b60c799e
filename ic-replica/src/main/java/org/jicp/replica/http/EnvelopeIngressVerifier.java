package org.jicp.replica.http;

import java.util.Objects;
import java.util.Optional;
import org.jicp.replica.node.IngressVerifier;
import org.jicp.types.IngressMessage;

/**
 * The {@link IngressVerifier} of a node: re-authenticates the sender of each ingress message of a
 * peer's block from the envelope the user sent, with the same {@link SenderAuthenticator} the HTTP
 * interface uses (signature, delegation chain and its targets, at the block's time).
 *
 * <p>Calls that an embedding application submits through {@code Replica.update}/{@code submit} for
 * a principal it speaks for carry no signature (the application is trusted); such an envelope —
 * non-anonymous sender, neither {@code sender_pubkey} nor {@code sender_sig} — is accepted. Between
 * nodes of one JVM every node is the embedder's; a subnet whose nodes run in separate processes
 * must not accept them (see the ic-replica README's limits).
 */
public final class EnvelopeIngressVerifier implements IngressVerifier {
  private final SenderAuthenticator authenticator;

  /** A verifier over {@code authenticator}. */
  public EnvelopeIngressVerifier(SenderAuthenticator authenticator) {
    this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
  }

  @Override
  public Optional<String> reject(IngressMessage m, long nowNanos) {
    Envelope e;
    try {
      e = Envelope.parse(CborValues.decode(m.content().toByteArray()), "call");
    } catch (CborValues.MalformedCborException | RequestRejectedException x) {
      return Optional.of("the envelope does not parse: " + x.getMessage());
    } catch (RuntimeException x) {
      return Optional.of("the envelope does not parse: " + x);
    }
    if (!e.requestId().equals(m.messageId())) {
      return Optional.of("the message id is not the envelope's request id");
    }
    if (!e.anonymous() && e.senderPubkey().isEmpty() && e.senderSig().isEmpty()
        && e.delegations().isEmpty()) {
      return Optional.empty();
    }
    SenderAuthenticator.Result r = authenticator.authenticate(e, nowNanos);
    if (r instanceof SenderAuthenticator.Result.Refused f) {
      return Optional.of(f.reason());
    }
    SenderAuthenticator.Result.Authenticated a = (SenderAuthenticator.Result.Authenticated) r;
    if (!a.allows(e.canisterId().orElseThrow())) {
      return Optional.of("the delegation does not allow calls to " + e.canisterId().get());
    }
    return Optional.empty();
  }
}
