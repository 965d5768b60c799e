package org.jicp.replica.http;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jicp.types.CanisterId;

/**
 * Authenticates the sender of a request (interface specification, "Authentication"): the
 * signature over {@code "\x0Aic-request" · request_id} by {@code sender_pubkey} or the last
 * delegated key, the delegation chain (signatures over {@code "\x1Aic-request-auth-delegation" ·
 * hash_of_map(delegation)}, expirations, at most 20 links, no key twice), and that the sender is
 * the self-authenticating principal of {@code sender_pubkey} — or anonymous with no signature
 * fields at all.
 *
 * <p>The HTTP layer calls it once per request, before anything reaches the replica, and a node
 * calls it again for each ingress message of a block it validates ({@link
 * EnvelopeIngressVerifier}). {@link IcSenderAuthenticator} is the implementation: every key kind
 * the IC accepts (Ed25519, ECDSA, WebAuthn, canister signatures).
 */
public interface SenderAuthenticator {

  /** The most delegations in a chain. */
  int MAX_DELEGATIONS = 20;
  /** The most targets of one delegation. */
  int MAX_TARGETS = 1000;

  /**
   * Checks {@code envelope}'s sender at wall-clock time {@code nowNanos}.
   *
   * @return the outcome; never throws for a forged or malformed signature
   */
  Result authenticate(Envelope envelope, long nowNanos);

  /** The outcome of {@link #authenticate}. */
  sealed interface Result {
    /**
     * The sender is authenticated.
     *
     * @param targets the canisters the delegations restrict the request to (the intersection of
     *     all {@code targets}); empty: no restriction
     */
    record Authenticated(Optional<List<CanisterId>> targets) implements Result {
      /** Validates the component. */
      public Authenticated {
        Objects.requireNonNull(targets, "targets");
        targets = targets.map(List::copyOf);
      }

      /** Whether {@code canister} is an allowed target. */
      public boolean allows(CanisterId canister) {
        return targets.isEmpty() || targets.get().contains(canister);
      }
    }

    /** The sender is not authenticated. @param reason why */
    record Refused(String reason) implements Result {
      /** Validates the component. */
      public Refused {
        Objects.requireNonNull(reason, "reason");
      }
    }
  }
}
