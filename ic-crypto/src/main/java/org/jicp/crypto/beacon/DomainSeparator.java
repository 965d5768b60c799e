package org.jicp.crypto.beacon;

import org.jicp.crypto.Bytes;
import org.jicp.crypto.internal.Hashing;

/**
 * The IC's domain separators: every signed message and every {@code crypto_hash} starts with
 * {@code byte(len(s)) ‖ s} ({@code DomainSeparationContext}, {@code domain_with_prepended_length};
 * dfinity/ic {@code rs/types/types/src/crypto/hash/domain_separator.rs}). The names below are the
 * IC's strings; {@link #prefix(String)} gives the bytes.
 */
public final class DomainSeparator {
  private DomainSeparator() {}

  /** Signed content of a random beacon (threshold signature, low-threshold key). */
  public static final String RANDOM_BEACON_CONTENT = "random_beacon_content_domain";
  /** Signed content of a random tape (threshold signature, low-threshold key). */
  public static final String RANDOM_TAPE_CONTENT = "random_tape_content_domain";
  /** Signed content of a notarization (multi-signature). */
  public static final String NOTARIZATION_CONTENT = "notarization_content_domain";
  /** Signed content of a finalization (multi-signature). */
  public static final String FINALIZATION_CONTENT = "finalization_content_domain";
  /** Signed content of a catch-up package (threshold signature, high-threshold key). */
  public static final String CATCH_UP_CONTENT = "catch_up_content_domain";
  /** Certification of the state root hash, and certificate verification. */
  public static final String STATE_ROOT = "ic-state-root";
  /** Signed content of a non-interactive DKG dealing. */
  public static final String DEALING_CONTENT_NON_INTERACTIVE = "dealing_content_non_interactive";
  /** crypto_hash of a random beacon: the parent link of the next beacon and the CSPRNG seed. */
  public static final String RANDOM_BEACON = "random_beacon_domain";
  /** crypto_hash of a random beacon share. */
  public static final String RANDOM_BEACON_SHARE = "random_beacon_share_domain";
  /** crypto_hash of a random tape: the seed of the execution CSPRNG. */
  public static final String RANDOM_TAPE = "random_tape_domain";
  /** crypto_hash of a random tape share. */
  public static final String RANDOM_TAPE_SHARE = "random_tape_share_domain";

  /** A user's signature on an ingress request: {@code "\x0Aic-request" ‖ request_id}. */
  public static final String IC_REQUEST = "ic-request";
  /** A delegation's signature: {@code "\x1Aic-request-auth-delegation" ‖ hash_of_map(delegation)}. */
  public static final String IC_REQUEST_AUTH_DELEGATION = "ic-request-auth-delegation";
  /** A node's signature on a query response: {@code "\x0Bic-response" ‖ hash_of_map(response)}. */
  public static final String IC_RESPONSE = "ic-response";

  /** {@code byte(len) ‖ ASCII(domain)}. */
  public static Bytes prefix(String domain) {
    return Bytes.of(Hashing.domain(domain));
  }

  /** {@code prefix(domain) ‖ content}: the bytes the IC signs for content of that domain. */
  public static byte[] withDomain(String domain, byte[] content) {
    byte[] p = Hashing.domain(domain);
    byte[] r = new byte[p.length + content.length];
    System.arraycopy(p, 0, r, 0, p.length);
    System.arraycopy(content, 0, r, p.length, content.length);
    return r;
  }
}
