package org.jicp.replica.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.crypto.sig.Ed25519SigningKey;
import org.jicp.state.auth.RequestAuthenticator;
import org.jicp.state.certification.ThresholdPublicKey;
import org.jicp.types.CanisterId;
import org.jicp.types.MessageId;
import org.junit.jupiter.api.Test;

/**
 * {@link IcSenderAuthenticator} on envelopes built in the test (Ed25519 keys from fixed seeds, no
 * server): the nat64 range of delegation expirations at both ends, which delegation a refusal
 * names, the targets reported, refusals carrying the reason, and the lazily read root key.
 */
class IcSenderAuthenticatorTest {
  private static final BigInteger MAX_NAT64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
  private static final Bytes ROOT = ThresholdPublicKey.IC_MAINNET_ROOT_KEY.toDer();
  private static final CanisterId CANISTER = CanisterId.fromIndex(3);
  private static final MessageId ID = MessageId.of(new byte[32]);

  private static Ed25519SigningKey key(int seed) throws Exception {
    byte[] s = new byte[Ed25519SigningKey.SEED_BYTES];
    s[0] = (byte) seed;
    return Ed25519SigningKey.fromSeed(s);
  }

  private static Bytes der(Ed25519SigningKey k) {
    return Bytes.of(k.publicKey().toDer());
  }

  private static Envelope.SignedDelegation delegation(Ed25519SigningKey signer, Bytes to,
      BigInteger expiration, Optional<List<CanisterId>> targets) {
    Optional<List<Bytes>> t = targets.map(ts -> ts.stream().map(c -> c.principal().bytes()).toList());
    long exp = expiration.longValue();
    byte[] msg = org.jicp.state.auth.SignedDelegation.signedBytes(to, exp, t);
    return new Envelope.SignedDelegation(to, expiration, targets, Map.of(),
        Bytes.of(signer.sign(msg)));
  }

  private static Envelope envelope(Ed25519SigningKey sender, Ed25519SigningKey last,
      List<Envelope.SignedDelegation> chain) {
    Bytes sig = Bytes.of(last.sign(RequestAuthenticator.requestSignedBytes(ID)));
    return new Envelope("call", ID, Principal.selfAuthenticating(sender.publicKey().toDer()),
        BigInteger.ONE, Optional.of(CANISTER), Optional.of("m"), Optional.of(Bytes.of(new byte[0])),
        List.of(), Optional.of(der(sender)), Optional.of(sig), chain);
  }

  @Test
  void authenticate_signedWithoutDelegation_authenticatedUnrestricted() throws Exception {
    SenderAuthenticator.Result r = new IcSenderAuthenticator(ROOT)
        .authenticate(envelope(key(1), key(1), List.of()), 0);
    assertThat(r).isEqualTo(new SenderAuthenticator.Result.Authenticated(Optional.empty()));
  }

  @Test
  void authenticate_delegationWithTargets_reportsTheTargets() throws Exception {
    Envelope e = envelope(key(1), key(2), List.of(delegation(key(1), der(key(2)),
        BigInteger.valueOf(1_000), Optional.of(List.of(CANISTER)))));
    SenderAuthenticator.Result r = new IcSenderAuthenticator(ROOT).authenticate(e, 999);
    assertThat(r).isEqualTo(new SenderAuthenticator.Result.Authenticated(
        Optional.of(List.of(CANISTER))));
    SenderAuthenticator.Result.Authenticated a = (SenderAuthenticator.Result.Authenticated) r;
    assertThat(a.allows(CANISTER)).isTrue();
    assertThat(a.allows(CanisterId.fromIndex(4))).isFalse();
  }

  @Test
  void authenticate_expirationAtMaxNat64_accepted() throws Exception {
    Envelope e = envelope(key(1), key(2), List.of(delegation(key(1), der(key(2)), MAX_NAT64,
        Optional.empty())));
    assertThat(new IcSenderAuthenticator(ROOT).authenticate(e, Long.MAX_VALUE))
        .isInstanceOf(SenderAuthenticator.Result.Authenticated.class);
  }

  @Test
  void authenticate_expirationZeroAtTimeZero_accepted() throws Exception {
    Envelope e = envelope(key(1), key(2), List.of(delegation(key(1), der(key(2)), BigInteger.ZERO,
        Optional.empty())));
    assertThat(new IcSenderAuthenticator(ROOT).authenticate(e, 0))
        .isInstanceOf(SenderAuthenticator.Result.Authenticated.class);
  }

  @Test
  void authenticate_expirationOutsideNat64_refusedNamingTheDelegation() throws Exception {
    for (BigInteger bad : List.of(BigInteger.valueOf(-1), MAX_NAT64.add(BigInteger.ONE))) {
      Envelope e = envelope(key(1), key(3), List.of(
          delegation(key(1), der(key(2)), BigInteger.valueOf(10), Optional.empty()),
          delegation(key(2), der(key(3)), bad, Optional.empty())));
      assertThat(new IcSenderAuthenticator(ROOT).authenticate(e, 0)).as(bad.toString())
          .isEqualTo(new SenderAuthenticator.Result.Refused(
              "delegation 1: expiration is not a nat64"));
    }
  }

  @Test
  void authenticate_expiredDelegation_refusedWithReason() throws Exception {
    Envelope e = envelope(key(1), key(2), List.of(delegation(key(1), der(key(2)),
        BigInteger.valueOf(1_000), Optional.empty())));
    SenderAuthenticator.Result r = new IcSenderAuthenticator(ROOT).authenticate(e, 1_001);
    assertThat(r).isInstanceOf(SenderAuthenticator.Result.Refused.class);
    assertThat(((SenderAuthenticator.Result.Refused) r).reason())
        .contains("has expired").endsWith("(DELEGATION_EXPIRED)");
  }

  @Test
  void authenticate_signatureByAnotherKey_refused() throws Exception {
    SenderAuthenticator.Result r = new IcSenderAuthenticator(ROOT)
        .authenticate(envelope(key(1), key(2), List.of()), 0);
    assertThat(((SenderAuthenticator.Result.Refused) r).reason()).endsWith("(INVALID_SIGNATURE)");
  }

  @Test
  void authenticate_rootKeySupplier_readOnceOnFirstUse() throws Exception {
    AtomicInteger reads = new AtomicInteger();
    IcSenderAuthenticator a = new IcSenderAuthenticator(() -> {
      reads.incrementAndGet();
      return ROOT;
    });
    assertThat(reads).hasValue(0);
    a.authenticate(envelope(key(1), key(1), List.of()), 0);
    a.authenticate(envelope(key(1), key(1), List.of()), 0);
    assertThat(reads).hasValue(1);
  }

  @Test
  void constructor_null_rejected() {
    assertThatThrownBy(() -> new IcSenderAuthenticator((Bytes) null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new IcSenderAuthenticator(
        (java.util.function.Supplier<Bytes>) null)).isInstanceOf(NullPointerException.class);
  }
}
