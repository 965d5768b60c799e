package org.jicp.state.auth;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.beacon.DomainSeparator;
import org.jicp.state.RepresentationIndependentHash;

/**
 * One element of an envelope's {@code sender_delegation} (interface specification,
 * "Authentication"): {@code {delegation: {pubkey, expiration, targets?}, signature}}. The
 * delegation lets {@code pubkey} sign on behalf of the key before it in the chain until {@code
 * expiration}, for {@code targets} only when they are given.
 *
 * @param pubkey the delegated-to public key (DER, as any sender key)
 * @param expiration nanoseconds since the UNIX epoch, an unsigned 64-bit value (a {@code long}
 *     read as unsigned: {@code -1} is 2^64 − 1)
 * @param targets the canister ids (raw principal bytes) the delegation is restricted to; empty
 *     for an unrestricted delegation (the field absent). An empty list inside is a restriction to
 *     no canister.
 * @param signature the signature of the key before it over {@link #signedBytes()}
 */
public record SignedDelegation(Bytes pubkey, long expiration, Optional<List<Bytes>> targets, Bytes signature) {
  /** Validates the components (structure only; {@link RequestAuthenticator} checks the rest). */
  public SignedDelegation {
    Objects.requireNonNull(pubkey, "pubkey");
    Objects.requireNonNull(targets, "targets");
    Objects.requireNonNull(signature, "signature");
    targets = targets.map(List::copyOf);
  }

  /** An unrestricted delegation. */
  public static SignedDelegation unrestricted(Bytes pubkey, long expiration, Bytes signature) {
    return new SignedDelegation(pubkey, expiration, Optional.empty(), signature);
  }

  /**
   * {@code hash_of_map} of the delegation map {@code {pubkey, expiration, targets?}}: the fields
   * the IC's {@code Delegation} knows, hashed by the representation-independent hash.
   */
  public Bytes hash() {
    return hashOf(pubkey, expiration, targets);
  }

  /** The bytes its signature signs: {@code "\x1Aic-request-auth-delegation" ‖ hash()}. */
  public byte[] signedBytes() {
    return signedBytes(pubkey, expiration, targets);
  }

  /** The signed bytes of a delegation (for a client that signs one). */
  public static byte[] signedBytes(Bytes pubkey, long expiration, Optional<List<Bytes>> targets) {
    return DomainSeparator.withDomain(
        DomainSeparator.IC_REQUEST_AUTH_DELEGATION, hashOf(pubkey, expiration, targets).toByteArray());
  }

  private static Bytes hashOf(Bytes pubkey, long expiration, Optional<List<Bytes>> targets) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("pubkey", pubkey);
    m.put("expiration", new BigInteger(Long.toUnsignedString(expiration)));
    targets.ifPresent(t -> m.put("targets", t));
    return RepresentationIndependentHash.hashOfMap(m);
  }
}
