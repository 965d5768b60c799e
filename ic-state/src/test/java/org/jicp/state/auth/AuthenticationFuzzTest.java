package org.jicp.state.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.InvalidEncodingException;
import org.jicp.crypto.Principal;
import org.jicp.crypto.sig.SigningKey;
import org.jicp.crypto.sig.UserPublicKey;
import org.jicp.state.auth.AuthenticationResult.Rejected;
import org.jicp.state.testing.FakeBls;
import org.jicp.types.CanisterId;
import org.junit.jupiter.api.Test;

/**
 * The decoders of untrusted authentication bytes under random and mutated input: COSE keys give
 * a key or {@link InvalidEncodingException}, and {@link RequestAuthenticator#authenticate} gives a
 * result and never throws. Bounded for the default build; the seed is printed
 * ({@code -Djicp.seed=N} replays).
 */
class AuthenticationFuzzTest {
  private static final long SEED = Long.getLong("jicp.seed", 0x5eed_a17L);
  private static final String P256_COSE =
      "a5010203262001215820b487d183dc4806058eb31a29bedefd7bcca987b77a381a3684871d8449c183942258202a122cc711a80453678c3032de4b6fff2c86342e82d1e7adb617c4165c43ce5e";

  @Test
  void coseKey_strictCbor_rulesNamed() {
    assertThat(CoseKey.parse(Bytes.parseHex(P256_COSE)).algorithm()).isNotNull();
    // key_ops: "verify" is fine, anything else is not supported
    String withOps = "a6" + P256_COSE.substring(2) + "04" + "66766572696679";
    assertThat(CoseKey.parse(Bytes.parseHex(withOps)).raw()).hasSize(65);
    assertRejected("a6" + P256_COSE.substring(2) + "04" + "647369676e", "key_ops");
    assertRejected(P256_COSE + "00", "trailing");
    assertRejected(P256_COSE.substring(0, P256_COSE.length() - 2), "exceeds the input");
    assertRejected("a10102a1", "trailing");
    assertRejected("18", "ends early");
    assertRejected("bf01020326ff", "indefinite");
    assertRejected("a2010201 03".replace(" ", ""), "twice");
    assertRejected("81".repeat(40) + "00", "deeper");
    assertRejected("8101", "expected a CBOR map");
    assertRejected("a10102", "kty (1) and alg (3)");
    assertRejected("5bffffffffffffffff", "exceeds");
  }

  @Test
  void coseKey_mutatedAndRandom_onlyTheTypedException() {
    System.out.println("AuthenticationFuzzTest.coseKey seed=" + SEED);
    SplittableRandom r = new SplittableRandom(SEED);
    byte[] p256 = Bytes.parseHex(P256_COSE);
    byte[] rsa = UserPublicKey.fromDer(Bytes.parseHex(
        "30820123300c060a2b0601040183b84301010382011100a401030339010020590100c6b690341eef02719f6d1dfce2db1f77ac9bd632ba70efcee92bae2073c09927ee3670a6696eec0cee96189ddb448d04ec4e4674e940af9f905e893b4ce25821ada8b45c6cd11f2ee0cda668c7c2a2a8a56d5e1f23f5ca0bb6e193c1d34ead16d84cc4b72e26763711fcf49fac3b508715dc9f494ec1379ed5a95c53b9b1edcc027d7013248bbe6d1e1445912a5a21b27168db7f60aa73253e981c33f54f61c67dbce3d9c10d5f0e6af1c112a65c8ce64a1d01ae1e31a53e3d4525addcece402f1e62208d42ebde528830f93bebc898901947ec0fb218a96a53968d07e09b8a067e5a4c825632e24e450c4c9ef8138dcc91f9f9168a603c13bd4f2f8a0d3ee6b2143010001"))
        .raw();
    int accepted = 0;
    int runs = 20_000;
    for (int i = 0; i < runs; i++) {
      byte[] in = mutate(r, i % 2 == 0 ? p256 : rsa, i);
      try {
        assertThat(CoseKey.parse(in).algorithm()).isNotNull();
        accepted++;
      } catch (InvalidEncodingException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
    assertThat(accepted).isGreaterThan(0).isLessThan(runs);
  }

  /** Mutated keys, signatures and delegations of every kind: a result, never an exception. */
  @Test
  void authenticate_mutatedInputs_neverThrow() throws Exception {
    System.out.println("AuthenticationFuzzTest.authenticate seed=" + SEED);
    SplittableRandom r = new SplittableRandom(SEED + 1);
    RequestAuthenticator auth = RequestAuthenticator.create(FakeBls.fromSeed("root").publicKey(), FakeBls.verifier());
    SigningKey k0 = RequestAuthenticatorTest.ed25519(1);
    SigningKey k1 = RequestAuthenticatorTest.ed25519(2);
    List<SignedDelegation> chain = RequestAuthenticatorTest.chain(List.of(k0, k1),
        List.of(Optional.of(List.of(CanisterId.fromIndex(1)))), RequestAuthenticatorTest.LATER);
    CanisterId signer = CanisterId.fromIndex(42);
    Bytes canisterDer = new org.jicp.state.certification.CanisterSignatures.PublicKey(signer, Bytes.fromHex("01")).toDer();
    byte[] message = RequestAuthenticator.requestSignedBytes(RequestAuthenticatorTest.REQUEST);
    byte[][][] seeds = {
      {k0.publicKey().toDer(), k1.sign(message)},
      {canisterDer.toByteArray(),
          RequestAuthenticatorTest.canisterSignature(signer, Bytes.fromHex("01"), message, FakeBls.fromSeed("root")).toByteArray()},
      {WebAuthnTest.webAuthnDer(Bytes.parseHex(P256_COSE)), Bytes.parseHex(
          "d9d9f7a37261757468656e74696361746f725f646174615825bfabc37432958b063360d3ad6461c9c4735ae7f8edd46592a5e0f01452b2e4b5010000000170636c69656e745f646174615f6a736f6e58517b2274797065223a2022776562617574686e2e676574222c20226368616c6c656e6765223a202261475673624738222c20226f726967696e223a202268747470733a2f2f6578616d706c652e6f7267227d697369676e617475726558463044022063627c69661048fb111b13dec2f3675010493c1c276c6a144f44e1fabab01d300220517d3cbd70658933dab63fd23cf05f7274aea6afad206be04d4ec5e268b471d2")},
    };
    int authenticated = 0;
    int runs = 1_500;
    for (int i = 0; i < runs; i++) {
      byte[][] s = seeds[i % seeds.length];
      byte[] pk = r.nextInt(4) == 0 ? mutate(r, s[0], i) : s[0];
      byte[] sig = mutate(r, s[1], i);
      List<SignedDelegation> ds = new ArrayList<>();
      if (i % seeds.length == 0 && r.nextBoolean()) {
        SignedDelegation d = chain.get(0);
        ds.add(new SignedDelegation(Bytes.of(mutate(r, d.pubkey().toByteArray(), i)), r.nextLong(), d.targets(),
            Bytes.of(mutate(r, d.signature().toByteArray(), i))));
      }
      AuthenticationResult res = auth.authenticate(Principal.selfAuthenticating(pk), RequestAuthenticatorTest.REQUEST,
          Optional.of(Bytes.of(pk)), Optional.of(Bytes.of(sig)), ds, RequestAuthenticatorTest.NOW);
      if (res.isAuthenticated()) {
        authenticated++;
      } else {
        assertThat(((Rejected) res).message()).isNotBlank();
      }
    }
    assertThat(authenticated).isLessThan(runs);
  }

  private static byte[] mutate(SplittableRandom r, byte[] seed, int i) {
    if (i % 10 == 9) {
      byte[] b = new byte[r.nextInt(120)];
      r.nextBytes(b);
      return b;
    }
    byte[] in = seed.clone();
    int flips = 1 + r.nextInt(3);
    for (int f = 0; f < flips && in.length > 0; f++) {
      in[r.nextInt(in.length)] ^= (byte) (1 << r.nextInt(8));
    }
    if (r.nextInt(8) == 0) {
      in = java.util.Arrays.copyOf(in, r.nextInt(in.length + 4));
    }
    return in;
  }

  private static void assertRejected(String hex, String why) {
    assertThatThrownBy(() -> CoseKey.parse(Bytes.parseHex(hex)))
        .isInstanceOf(InvalidEncodingException.class)
        .hasMessageContaining(why);
  }
}
