package org.jicp.state.auth;

import java.util.Objects;
import org.jicp.crypto.Principal;
import org.jicp.types.CanisterId;

/**
 * The outcome of {@link RequestAuthenticator#authenticate}: the sender is authenticated (with the
 * canisters its delegations allow), or the request is rejected with the rule it broke. A forged
 * or expired request is an expected outcome, not an exception.
 */
public sealed interface AuthenticationResult {
  /** Whether the sender is authenticated. */
  boolean isAuthenticated();

  /**
   * The sender is who the request says, by its signature (or it is the anonymous principal and
   * the request is unsigned).
   *
   * @param sender the authenticated sender
   * @param targets the canisters the request may address: check the request's canister with
   *     {@link #allows} (the IC rejects calls and queries to other canisters)
   */
  record Authenticated(Principal sender, DelegationTargets targets) implements AuthenticationResult {
    /** Validates the components. */
    public Authenticated {
      Objects.requireNonNull(sender, "sender");
      Objects.requireNonNull(targets, "targets");
    }

    /** Whether the delegations let the request address {@code canister}. */
    public boolean allows(CanisterId canister) {
      return targets.allows(canister);
    }

    @Override
    public boolean isAuthenticated() {
      return true;
    }
  }

  /**
   * The request is rejected.
   *
   * @param reason the rule broken
   * @param message a human-readable explanation (for the HTTP body), naming the delegation or key
   */
  record Rejected(Reason reason, String message) implements AuthenticationResult {
    /** Validates the components. */
    public Rejected {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
    }

    @Override
    public boolean isAuthenticated() {
      return false;
    }

    @Override
    public String toString() {
      return reason + ": " + message;
    }
  }

  /**
   * The rules of the interface specification's "Authentication" section, with the IC's names
   * ({@code RequestValidationError}, {@code AuthenticationError}) in the comments. The IC answers
   * each with HTTP 400 and the message as text.
   */
  enum Reason {
    /** A non-anonymous sender without {@code sender_pubkey} and {@code sender_sig} ({@code MissingSignature}). */
    MISSING_SIGNATURE,
    /** The anonymous sender with signature fields ({@code AnonymousSignatureNotAllowed}). */
    ANONYMOUS_SIGNATURE_NOT_ALLOWED,
    /** Only one of {@code sender_pubkey} and {@code sender_sig}, or delegations without a key (envelope shape). */
    INCOMPLETE_AUTHENTICATION,
    /** The sender is not the self-authenticating id of {@code sender_pubkey} ({@code UserIdDoesNotMatchPublicKey}). */
    SENDER_DOES_NOT_MATCH_PUBLIC_KEY,
    /** More than {@value RequestAuthenticator#MAX_DELEGATIONS} delegations ({@code DelegationTooLongError}). */
    TOO_MANY_DELEGATIONS,
    /** A delegation's expiration is before the current time ({@code InvalidDelegationExpiry}). */
    DELEGATION_EXPIRED,
    /** A public key appears twice in the chain, the sender's key included ({@code DelegationContainsCyclesError}). */
    DELEGATION_CYCLE,
    /** A delegation with more than {@value RequestAuthenticator#MAX_TARGETS_PER_DELEGATION} targets, or a target that is not a principal ({@code DelegationTargetError}). */
    INVALID_DELEGATION_TARGETS,
    /** A delegation's signature does not verify under the key before it ({@code InvalidDelegation}). */
    INVALID_DELEGATION,
    /** A key of the chain does not parse or is not a user key ({@code InvalidPublicKey}). */
    INVALID_PUBLIC_KEY,
    /** {@code sender_sig} does not verify under the last key of the chain ({@code InvalidSignature}). */
    INVALID_SIGNATURE
  }
}
