package org.jicp.state.auth;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.InvalidEncodingException;
import org.jicp.crypto.Principal;
import org.jicp.crypto.beacon.DomainSeparator;
import org.jicp.crypto.sig.UserPublicKey;
import org.jicp.state.StateException;
import org.jicp.state.auth.AuthenticationResult.Authenticated;
import org.jicp.state.auth.AuthenticationResult.Reason;
import org.jicp.state.auth.AuthenticationResult.Rejected;
import org.jicp.state.certification.CanisterSignatures;
import org.jicp.state.certification.CertificateSignatureVerifier;
import org.jicp.state.certification.CertificateVerification;
import org.jicp.state.certification.CertificateVerifier;
import org.jicp.state.certification.ThresholdPublicKey;
import org.jicp.types.CanisterId;
import org.jicp.types.MessageId;
import org.jicp.types.Time;

/**
 * Authenticates the sender of an HTTP request (call, query or read_state) as the IC does: the
 * interface specification's "Authentication", "Signatures", "Canister signatures" and "Web
 * Authentication", with the IC's limits and order of checks ({@code rs/validator}'s {@code
 * validate_user_id_and_signature}).
 *
 * <p><b>Contract</b> (stable; what the HTTP layer relies on):
 *
 * <ul>
 *   <li>{@link #authenticate} is a pure function of its arguments and this authenticator's root
 *       key: no clock, no I/O, no state. It never throws for untrusted input — every malformed
 *       key, signature, delegation or certificate gives {@link Rejected} with a {@link Reason} —
 *       and throws {@link NullPointerException} only for null arguments. Thread-safe.
 *   <li>No signature fields ({@code senderPubkey} and {@code senderSig} empty, no delegations):
 *       authenticated iff the sender is the anonymous principal {@code 0x04}, with {@link
 *       DelegationTargets#all()}.
 *   <li>With signature fields: the sender must not be anonymous and must equal {@code
 *       SHA-224(senderPubkey) · 0x02} over the bytes as received; at most {@value
 *       #MAX_DELEGATIONS} delegations, none expired ({@code expiration < now} is expired), no
 *       public key twice in the chain (the sender's included), at most {@value
 *       #MAX_TARGETS_PER_DELEGATION} targets per delegation; then each delegation's signature
 *       over {@link SignedDelegation#signedBytes()} must verify under the key before it, and
 *       {@code senderSig} over {@code "\x0Aic-request" ‖ requestId} under the last key.
 *   <li>Keys and signatures: Ed25519 (ZIP 215), ECDSA P-256 and secp256k1 ({@code r ‖ s}, either
 *       {@code s}), WebAuthn (COSE ECDSA P-256 or RSA PKCS #1 v1.5 SHA-256 in the DER wrapping;
 *       CBOR signature {@code {authenticator_data, client_data_json, signature}}), canister
 *       signatures (certificate and tree, verified against the root key given here; no freshness
 *       check, as the IC), and — as a delegation signer only — plain DER RSA keys. BLS keys are
 *       not user keys.
 *   <li>{@link Authenticated#targets()} is the intersection of the delegations' targets; the
 *       caller checks the request's canister against it (calls and queries; the IC's {@code
 *       CanisterNotInDelegationTargets}). {@code ingress_expiry}, {@code nonce} size, envelope
 *       shape and read_state path rules are the caller's.
 * </ul>
 */
public final class RequestAuthenticator {
  /** The most delegations in a chain (the IC's {@code MAXIMUM_NUMBER_OF_DELEGATIONS}). */
  public static final int MAX_DELEGATIONS = 20;

  /** The most targets in one delegation (the IC's {@code MAXIMUM_NUMBER_OF_TARGETS_PER_DELEGATION}). */
  public static final int MAX_TARGETS_PER_DELEGATION = 1000;

  private final CertificateVerifier canisterSignatureCertificates;

  private RequestAuthenticator(CertificateVerifier verifier) {
    this.canisterSignatureCertificates = verifier;
  }

  /**
   * An authenticator whose canister signatures are verified under {@code rootKey} with the IC's
   * BLS ciphersuite.
   */
  public static RequestAuthenticator create(ThresholdPublicKey rootKey) {
    return create(rootKey, CertificateSignatureVerifier.ic());
  }

  /** The same with another certificate-signature verifier (tests of the surrounding code). */
  public static RequestAuthenticator create(ThresholdPublicKey rootKey, CertificateSignatureVerifier bls) {
    return new RequestAuthenticator(CertificateVerifier.withoutFreshness(
        Objects.requireNonNull(rootKey, "rootKey"), Objects.requireNonNull(bls, "bls")));
  }

  /** The bytes a request's {@code sender_sig} signs: {@code "\x0Aic-request" ‖ requestId}. */
  public static byte[] requestSignedBytes(MessageId requestId) {
    return DomainSeparator.withDomain(DomainSeparator.IC_REQUEST, requestId.toByteArray());
  }

  /**
   * Authenticates a request's sender.
   *
   * @param sender the {@code content.sender}
   * @param requestId the request id (representation-independent hash of {@code content})
   * @param senderPubkey the envelope's {@code sender_pubkey} (DER), if present
   * @param senderSig the envelope's {@code sender_sig}, if present
   * @param senderDelegation the envelope's {@code sender_delegation}, in order (empty when absent)
   * @param now the current time (delegations expire against it)
   * @return {@link Authenticated} or {@link Rejected}; never null
   */
  public AuthenticationResult authenticate(
      Principal sender,
      MessageId requestId,
      Optional<Bytes> senderPubkey,
      Optional<Bytes> senderSig,
      List<SignedDelegation> senderDelegation,
      Time now) {
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(senderPubkey, "senderPubkey");
    Objects.requireNonNull(senderSig, "senderSig");
    Objects.requireNonNull(senderDelegation, "senderDelegation");
    Objects.requireNonNull(now, "now");
    List<SignedDelegation> delegations = List.copyOf(senderDelegation);
    if (senderPubkey.isEmpty() && senderSig.isEmpty()) {
      if (!delegations.isEmpty()) {
        return reject(Reason.INCOMPLETE_AUTHENTICATION, "sender_delegation without sender_pubkey and sender_sig");
      }
      if (sender.isAnonymous()) {
        return new Authenticated(sender, DelegationTargets.all());
      }
      return reject(Reason.MISSING_SIGNATURE, "Missing signature from user: " + sender);
    }
    if (senderPubkey.isEmpty() || senderSig.isEmpty()) {
      return reject(Reason.INCOMPLETE_AUTHENTICATION,
          "sender_pubkey and sender_sig must both be present (got only " + (senderPubkey.isPresent() ? "sender_pubkey" : "sender_sig") + ")");
    }
    if (sender.isAnonymous()) {
      return reject(Reason.ANONYMOUS_SIGNATURE_NOT_ALLOWED, "Signature is not allowed for the anonymous user");
    }
    byte[] pubkey = senderPubkey.get().toByteArray();
    if (!Principal.selfAuthenticating(pubkey).equals(sender)) {
      return reject(Reason.SENDER_DOES_NOT_MATCH_PUBLIC_KEY,
          "The user id " + sender + " does not match the public key " + Bytes.hex(pubkey));
    }
    // The checks that need no cryptography, over the whole chain, first.
    if (delegations.size() > MAX_DELEGATIONS) {
      return reject(Reason.TOO_MANY_DELEGATIONS, "Chain of delegations is too long: got " + delegations.size()
          + " delegations, but at most " + MAX_DELEGATIONS + " are allowed");
    }
    for (int i = 0; i < delegations.size(); i++) {
      long exp = delegations.get(i).expiration();
      if (Long.compareUnsigned(exp, now.nanos()) < 0) {
        return reject(Reason.DELEGATION_EXPIRED, "Specified sender delegation " + i + " has expired: expiration "
            + Long.toUnsignedString(exp) + " ns, local time " + now.nanos() + " ns");
      }
    }
    Set<Bytes> seen = new HashSet<>();
    seen.add(senderPubkey.get());
    for (int i = 0; i < delegations.size(); i++) {
      if (!seen.add(delegations.get(i).pubkey())) {
        return reject(Reason.DELEGATION_CYCLE, "Chain of delegations contains at least one cycle: first repeating public key "
            + delegations.get(i).pubkey().toHex() + " (delegation " + i + ")");
      }
    }
    for (int i = 0; i < delegations.size(); i++) {
      int n = delegations.get(i).targets().map(List::size).orElse(0);
      if (n > MAX_TARGETS_PER_DELEGATION) {
        return reject(Reason.INVALID_DELEGATION_TARGETS, "expected at most " + MAX_TARGETS_PER_DELEGATION
            + " targets per delegation, but delegation " + i + " has " + n);
      }
    }
    // The chain: each delegation signed by the key before it.
    DelegationTargets targets = DelegationTargets.all();
    byte[] signer = pubkey;
    for (int i = 0; i < delegations.size(); i++) {
      SignedDelegation d = delegations.get(i);
      String what = "delegation " + i;
      Rejected bad = verify(signer, d.signedBytes(), d.signature().toByteArray(), what, true);
      if (bad != null) {
        return bad;
      }
      if (d.targets().isPresent()) {
        Set<CanisterId> ids = new TreeSet<>();
        for (Bytes t : d.targets().get()) {
          try {
            ids.add(CanisterId.fromBytes(t.toByteArray()));
          } catch (RuntimeException e) {
            return reject(Reason.INVALID_DELEGATION_TARGETS, "Error parsing canister ID " + t.toHex() + " in " + what + ": " + e.getMessage());
          }
        }
        targets = targets.intersect(ids);
      }
      signer = d.pubkey().toByteArray();
    }
    Rejected bad = verify(signer, requestSignedBytes(requestId), senderSig.get().toByteArray(), "the request", false);
    if (bad != null) {
      return bad;
    }
    return new Authenticated(sender, targets);
  }

  /**
   * Verifies one signature of the chain.
   *
   * @return null when valid
   */
  private Rejected verify(byte[] der, byte[] message, byte[] signature, String what, boolean delegation) {
    Reason invalid = delegation ? Reason.INVALID_DELEGATION : Reason.INVALID_SIGNATURE;
    UserPublicKey key;
    try {
      key = UserPublicKey.fromDer(der);
    } catch (InvalidEncodingException e) {
      return reject(Reason.INVALID_PUBLIC_KEY, "Invalid public key of " + what + ": " + e.getMessage());
    }
    switch (key.algorithm()) {
      case ED25519, ECDSA_P256, ECDSA_SECP256K1:
        return key.verify(message, signature) ? null
            : reject(invalid, "Invalid basic signature of " + what + " (" + key.algorithm() + ")");
      case RSA_PKCS1_SHA256:
        if (!delegation) {
          return reject(invalid, "Invalid signature of " + what + ": RSA signatures are not allowed except in webauthn context");
        }
        return key.verify(message, signature) ? null
            : reject(invalid, "Invalid basic signature of " + what + " (" + key.algorithm() + ")");
      case WEBAUTHN: {
        UserPublicKey inner;
        try {
          inner = WebAuthn.innerKey(key);
        } catch (InvalidEncodingException e) {
          return reject(Reason.INVALID_PUBLIC_KEY, "Invalid public key of " + what + ": " + e.getMessage());
        }
        String why = WebAuthn.verify(inner, signature, message);
        return why == null ? null : reject(invalid, "Invalid WebAuthn signature of " + what + ": " + why);
      }
      case CANISTER_SIGNATURE: {
        CertificateVerification v;
        try {
          v = CanisterSignatures.verify(Bytes.of(der), Bytes.of(message), Bytes.of(signature), canisterSignatureCertificates);
        } catch (StateException | IllegalArgumentException e) {
          return reject(invalid, "Invalid canister signature of " + what + ": " + e.getMessage());
        }
        return v.isValid() ? null
            : reject(invalid, "Invalid canister signature of " + what + ": " + v.reason().orElse("invalid"));
      }
      default:
        return reject(Reason.INVALID_PUBLIC_KEY,
            "Invalid public key of " + what + ": " + key.algorithm() + " keys do not sign requests");
    }
  }

  private static Rejected reject(Reason reason, String message) {
    return new Rejected(reason, message);
  }
}
