package org.jicp.replica.http;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jicp.crypto.Bytes;
import org.jicp.state.auth.AuthenticationResult;
import org.jicp.state.auth.RequestAuthenticator;
import org.jicp.state.auth.SignedDelegation;
import org.jicp.state.certification.ThresholdPublicKey;
import org.jicp.types.CanisterId;
import org.jicp.types.Time;

/**
 * The {@link SenderAuthenticator} of the replica: every sender key the IC accepts — Ed25519,
 * ECDSA P-256 and secp256k1, WebAuthn (COSE ECDSA P-256 or RSA), canister signatures (OID
 * 1.3.6.1.4.1.56387.1.2; the certificate inside verified against the root key, its subnet
 * delegation included) — also as links of a delegation chain, by ic-state's {@link
 * RequestAuthenticator} (the IC's {@code validate_user_id_and_signature}).
 *
 * <p>The root key is read from a supplier on first use, so a replica can hand this to its nodes
 * before its NNS subnet (whose threshold key is the root key) exists. Delegations are hashed from
 * their {@code pubkey}, {@code expiration} and {@code targets} as the IC hashes its {@code
 * Delegation} struct (fields it does not know are not signed).
 */
public final class IcSenderAuthenticator implements SenderAuthenticator {
  private static final BigInteger MAX_NAT64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private final Supplier<Bytes> rootKeyDer;
  private volatile RequestAuthenticator delegate;

  /** An authenticator whose canister signatures verify under the root key {@code rootKeyDer}. */
  public IcSenderAuthenticator(Bytes rootKeyDer) {
    this(() -> rootKeyDer);
    Objects.requireNonNull(rootKeyDer, "rootKeyDer");
  }

  /**
   * An authenticator that reads the root key (DER, 133 bytes) from {@code rootKeyDer} when it
   * first authenticates a request.
   */
  public IcSenderAuthenticator(Supplier<Bytes> rootKeyDer) {
    this.rootKeyDer = Objects.requireNonNull(rootKeyDer, "rootKeyDer");
  }

  private RequestAuthenticator delegate() {
    RequestAuthenticator d = delegate;
    if (d == null) {
      d = RequestAuthenticator.create(
          ThresholdPublicKey.fromDer(rootKeyDer.get().toByteArray()));
      delegate = d;
    }
    return d;
  }

  @Override
  public Result authenticate(Envelope e, long nowNanos) {
    List<SignedDelegation> chain = new ArrayList<>(e.delegations().size());
    for (int i = 0; i < e.delegations().size(); i++) {
      Envelope.SignedDelegation d = e.delegations().get(i);
      if (d.expiration().signum() < 0 || d.expiration().compareTo(MAX_NAT64) > 0) {
        return new Result.Refused("delegation " + i + ": expiration is not a nat64");
      }
      Optional<List<Bytes>> targets = d.targets().map(ts -> ts.stream()
          .map(CanisterId::principal).map(p -> p.bytes()).toList());
      chain.add(new SignedDelegation(d.pubkey(), d.expiration().longValue(), targets,
          d.signature()));
    }
    AuthenticationResult r = delegate().authenticate(e.sender(), e.requestId(), e.senderPubkey(),
        e.senderSig(), chain, Time.ofNanos(nowNanos));
    if (r instanceof AuthenticationResult.Rejected rej) {
      return new Result.Refused(rej.message() + " (" + rej.reason() + ")");
    }
    AuthenticationResult.Authenticated a = (AuthenticationResult.Authenticated) r;
    return new Result.Authenticated(a.targets().restriction().map(List::copyOf));
  }
}
