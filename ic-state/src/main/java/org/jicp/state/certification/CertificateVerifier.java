package org.jicp.state.certification;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.types.SubnetId;
import org.jicp.types.CanisterId;
import org.jicp.state.StateException;
import org.jicp.state.certification.CertificateVerification.Failure;
import org.jicp.state.tree.HashTree;
import org.jicp.state.tree.LookupResult;
import org.jicp.state.tree.LookupStatus;
import org.jicp.state.tree.SubtreeLookupResult;

/**
 * Verifies certificates as the IC interface specification says ("Certification" → "Delegation"):
 *
 * <ol>
 *   <li>Without a delegation, the signature of {@code ds("ic-state-root") · reconstruct(tree)}
 *       must verify under the root key.
 *   <li>With one, the delegation's certificate must itself verify under the root key, must not
 *       carry a delegation, must reveal {@code /subnet/<subnet_id>/public_key} (DER), and the
 *       certificate's signature must verify under that key. The delegation is scoped: the
 *       effective canister id must lie in the subnet's ranges, read from {@code
 *       /canister_ranges/<subnet_id>/…} or {@code /subnet/<subnet_id>/canister_ranges}; for a
 *       subnet-level request the subnet ids must match.
 *   <li>{@code /time} must be revealed; unless freshness checking was explicitly left out at
 *       construction, it must lie within {@code maxAge} of the injected clock's now, in either
 *       direction. The delegation's certificate is not held to that window (subnets refresh
 *       delegations rarely).
 * </ol>
 *
 * <p>Immutable and thread-safe.
 */
public final class CertificateVerifier {
  /** The window the interface specification recommends: five minutes. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(5);

  private final ThresholdPublicKey rootKey;
  private final CertificateSignatureVerifier bls;
  private final Clock clock;
  private final Duration maxAge;

  private CertificateVerifier(
      ThresholdPublicKey rootKey, CertificateSignatureVerifier bls, Clock clock, Duration maxAge) {
    this.rootKey = rootKey;
    this.bls = bls;
    this.clock = clock;
    this.maxAge = maxAge;
  }

  /** A verifier that checks freshness against {@code clock} with a window of {@code maxAge}. */
  public static CertificateVerifier withFreshness(
      ThresholdPublicKey rootKey, CertificateSignatureVerifier bls, Clock clock, Duration maxAge) {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(maxAge, "maxAge");
    if (maxAge.isNegative()) {
      throw new IllegalArgumentException("maxAge is negative: " + maxAge);
    }
    return new CertificateVerifier(
        Objects.requireNonNull(rootKey, "rootKey"), Objects.requireNonNull(bls, "bls"), clock,
        maxAge);
  }

  /**
   * A verifier that does not check freshness: for certificates whose age is judged elsewhere
   * (canister signatures, archived responses, the CLI without {@code --now}).
   */
  public static CertificateVerifier withoutFreshness(
      ThresholdPublicKey rootKey, CertificateSignatureVerifier bls) {
    return new CertificateVerifier(
        Objects.requireNonNull(rootKey, "rootKey"), Objects.requireNonNull(bls, "bls"), null, null);
  }

  /** The root key. */
  public ThresholdPublicKey rootKey() {
    return rootKey;
  }

  /** Verifies a certificate for a request to canister {@code effectiveCanisterId}. */
  public CertificateVerification verify(Certificate cert, CanisterId effectiveCanisterId) {
    Objects.requireNonNull(effectiveCanisterId, "effectiveCanisterId");
    return verify(cert, Scope.canister(effectiveCanisterId.principal()));
  }

  /** Verifies a certificate for a subnet-level request to subnet {@code subnetId}. */
  public CertificateVerification verifyForSubnet(Certificate cert, SubnetId subnetId) {
    Objects.requireNonNull(subnetId, "subnetId");
    return verify(cert, Scope.subnet(subnetId));
  }

  /**
   * Verifies a certificate without checking a delegation's scope (signatures, delegation
   * structure, time only). Use it only when no effective canister is known.
   */
  public CertificateVerification verifyUnscoped(Certificate cert) {
    return verify(cert, Scope.NONE);
  }

  private record Scope(Principal canister, SubnetId subnet) {
    static final Scope NONE = new Scope(null, null);

    static Scope canister(Principal p) {
      return new Scope(p, null);
    }

    static Scope subnet(SubnetId s) {
      return new Scope(null, s);
    }
  }

  private CertificateVerification verify(Certificate cert, Scope scope) {
    Objects.requireNonNull(cert, "cert");
    ThresholdPublicKey key = rootKey;
    if (cert.delegation().isPresent()) {
      Delegation d = cert.delegation().get();
      Certificate dc;
      try {
        dc = d.decodedCertificate();
      } catch (StateException e) {
        return CertificateVerification.invalid(
            Failure.BAD_DELEGATION, "delegation certificate does not decode: " + e.getMessage());
      }
      if (dc.delegation().isPresent()) {
        return CertificateVerification.invalid(
            Failure.BAD_DELEGATION, "delegation certificate has a delegation itself");
      }
      if (!signatureValid(rootKey, dc)) {
        return CertificateVerification.invalid(
            Failure.BAD_DELEGATION, "delegation certificate signature does not verify under the root key");
      }
      Bytes sid = Bytes.of(d.subnetId().toByteArray());
      LookupResult pk =
          dc.lookup(List.of(HashTree.utf8("subnet"), sid, HashTree.utf8("public_key")));
      if (!pk.isFound()) {
        return CertificateVerification.invalid(
            Failure.BAD_DELEGATION,
            "delegation certificate has no /subnet/" + d.subnetId() + "/public_key (" + pk.status()
                + ")");
      }
      try {
        key = ThresholdPublicKey.fromDer(pk.value().toByteArray());
      } catch (StateException e) {
        return CertificateVerification.invalid(
            Failure.BAD_DELEGATION, "delegated subnet key: " + e.getMessage());
      }
      CertificateVerification scoped = checkScope(dc, d.subnetId(), scope);
      if (scoped != null) {
        return scoped;
      }
    }
    if (!signatureValid(key, cert)) {
      return CertificateVerification.invalid(
          Failure.BAD_SIGNATURE,
          "signature does not verify under the "
              + (cert.delegation().isPresent()
                  ? "key of subnet " + cert.delegation().get().subnetId()
                  : "root key"));
    }
    Optional<Instant> time;
    try {
      time = cert.time();
    } catch (StateException e) {
      return CertificateVerification.invalid(Failure.NO_TIME, e.getMessage());
    }
    if (time.isEmpty()) {
      return CertificateVerification.invalid(Failure.NO_TIME, "certificate reveals no /time");
    }
    if (clock != null) {
      Instant now = clock.instant();
      Duration skew = Duration.between(time.get(), now);
      if (skew.abs().compareTo(maxAge) > 0) {
        return CertificateVerification.invalid(
            Failure.NOT_FRESH,
            "certificate time " + time.get() + " is " + (skew.isNegative() ? "ahead of" : "behind")
                + " now (" + now + ") by more than " + maxAge.toSeconds() + " s");
      }
    }
    return CertificateVerification.valid(time.get());
  }

  private static CertificateVerification checkScope(Certificate dc, SubnetId subnet, Scope scope) {
    if (scope.subnet() != null) {
      if (!scope.subnet().equals(subnet)) {
        return CertificateVerification.invalid(
            Failure.NOT_AUTHORIZED,
            "delegation is for subnet " + subnet + ", not " + scope.subnet());
      }
      return null;
    }
    if (scope.canister() == null) {
      return null;
    }
    Principal c = scope.canister();
    Bytes sid = Bytes.of(subnet.toByteArray());
    boolean sawRanges = false;
    try {
      // The sharded form /canister_ranges/<subnet>/<first id of shard> (spec 0.5x, v3/v4).
      SubtreeLookupResult shards =
          dc.tree().lookupSubtree(List.of(HashTree.utf8("canister_ranges"), sid));
      if (shards.status() == LookupStatus.FOUND) {
        for (HashTree t : shards.subtree().flattenForks()) {
          if (t instanceof HashTree.Labeled l && l.subtree() instanceof HashTree.Leaf leaf) {
            sawRanges = true;
            if (CanisterRanges.decode(leaf.value()).contains(c)) {
              return null;
            }
          }
        }
      }
      // The older form /subnet/<subnet>/canister_ranges.
      LookupResult r =
          dc.lookup(List.of(HashTree.utf8("subnet"), sid, HashTree.utf8("canister_ranges")));
      if (r.isFound()) {
        sawRanges = true;
        if (CanisterRanges.decode(r.value()).contains(c)) {
          return null;
        }
      }
    } catch (StateException e) {
      return CertificateVerification.invalid(
          Failure.BAD_DELEGATION, "delegation canister ranges: " + e.getMessage());
    }
    if (!sawRanges) {
      return CertificateVerification.invalid(
          Failure.BAD_DELEGATION, "delegation certificate reveals no canister ranges of subnet "
              + subnet);
    }
    return CertificateVerification.invalid(
        Failure.NOT_AUTHORIZED,
        "canister " + c + " is not in the canister ranges of subnet " + subnet);
  }

  private boolean signatureValid(ThresholdPublicKey key, Certificate cert) {
    if (cert.signature().length() != 48) {
      return false;
    }
    return bls.verify(key, cert.signedMessage(), cert.signature());
  }
}
