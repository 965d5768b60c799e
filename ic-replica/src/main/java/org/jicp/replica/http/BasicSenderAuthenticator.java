package org.jicp.replica.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.InvalidEncodingException;
import org.jicp.crypto.Principal;
import org.jicp.crypto.sig.SignatureAlgorithm;
import org.jicp.crypto.sig.UserPublicKey;
import org.jicp.types.CanisterId;

/**
 * The {@link SenderAuthenticator} for Ed25519, ECDSA P-256 and ECDSA secp256k1 sender keys and
 * delegations between them, on ic-crypto's {@link UserPublicKey}. WebAuthn and canister-signature
 * keys are refused with a reason that says so (the full authenticator of {@code ic-state} takes
 * them).
 */
public final class BasicSenderAuthenticator implements SenderAuthenticator {
  private static final byte[] REQUEST_DOMAIN = domain("ic-request");
  private static final byte[] DELEGATION_DOMAIN = domain("ic-request-auth-delegation");

  private static byte[] domain(String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[b.length + 1];
    out[0] = (byte) b.length;
    System.arraycopy(b, 0, out, 1, b.length);
    return out;
  }

  @Override
  public Result authenticate(Envelope e, long nowNanos) {
    boolean hasSigFields = e.senderPubkey().isPresent() || e.senderSig().isPresent()
        || !e.delegations().isEmpty();
    if (e.anonymous()) {
      return hasSigFields
          ? new Result.Refused("the anonymous sender carries no sender_pubkey, sender_sig or "
              + "sender_delegation")
          : new Result.Authenticated(Optional.empty());
    }
    if (e.senderPubkey().isEmpty() || e.senderSig().isEmpty()) {
      return new Result.Refused("a non-anonymous sender needs sender_pubkey and sender_sig");
    }
    Bytes pkDer = e.senderPubkey().get();
    if (!Principal.selfAuthenticating(pkDer.toByteArray()).equals(e.sender())) {
      return new Result.Refused("sender " + e.sender().toText()
          + " is not the self-authenticating principal of sender_pubkey");
    }
    if (e.delegations().size() > MAX_DELEGATIONS) {
      return new Result.Refused("more than " + MAX_DELEGATIONS + " delegations");
    }
    UserPublicKey key;
    try {
      key = parse(pkDer);
    } catch (InvalidEncodingException ex) {
      return new Result.Refused("sender_pubkey: " + ex.getMessage());
    }
    Set<Bytes> seen = new HashSet<>();
    seen.add(pkDer);
    Optional<List<CanisterId>> targets = Optional.empty();
    for (int i = 0; i < e.delegations().size(); i++) {
      Envelope.SignedDelegation d = e.delegations().get(i);
      byte[] msg = concat(DELEGATION_DOMAIN, d.hash().toByteArray());
      if (!verify(key, msg, d.signature().toByteArray())) {
        return new Result.Refused("delegation " + i + ": invalid signature");
      }
      if (d.expiration().compareTo(java.math.BigInteger.valueOf(nowNanos)) < 0) {
        return new Result.Refused("delegation " + i + ": expired at " + d.expiration() + " ns");
      }
      if (!seen.add(d.pubkey())) {
        return new Result.Refused("delegation " + i + ": a key appears twice in the chain");
      }
      if (d.targets().isPresent()) {
        List<CanisterId> t = d.targets().get();
        if (t.size() > MAX_TARGETS) {
          return new Result.Refused("delegation " + i + ": more than " + MAX_TARGETS + " targets");
        }
        if (targets.isEmpty()) {
          targets = Optional.of(new ArrayList<>(t));
        } else {
          targets.get().retainAll(t);
        }
      }
      try {
        key = parse(d.pubkey());
      } catch (InvalidEncodingException ex) {
        return new Result.Refused("delegation " + i + " pubkey: " + ex.getMessage());
      }
    }
    byte[] msg = concat(REQUEST_DOMAIN, e.requestId().toByteArray());
    if (!verify(key, msg, e.senderSig().get().toByteArray())) {
      return new Result.Refused("invalid sender_sig for request " + e.requestId());
    }
    return new Result.Authenticated(targets);
  }

  private static UserPublicKey parse(Bytes der) throws InvalidEncodingException {
    UserPublicKey k = UserPublicKey.fromDer(der.toByteArray());
    if (k.algorithm() == SignatureAlgorithm.BLS12_381_G2) {
      throw new InvalidEncodingException("BLS keys do not sign requests");
    }
    if (k.algorithm() != SignatureAlgorithm.ED25519 && k.algorithm() != SignatureAlgorithm.ECDSA_P256
        && k.algorithm() != SignatureAlgorithm.ECDSA_SECP256K1) {
      throw new InvalidEncodingException(k.algorithm() + " sender keys are not supported by "
          + "this authenticator yet");
    }
    return k;
  }

  private static boolean verify(UserPublicKey k, byte[] msg, byte[] sig) {
    try {
      return k.verify(msg, sig);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
