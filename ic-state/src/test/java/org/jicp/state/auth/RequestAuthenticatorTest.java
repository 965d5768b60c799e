package org.jicp.state.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Files;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.crypto.bls.BlsScheme;
import org.jicp.crypto.bls.SecretKey;
import org.jicp.crypto.sig.EcdsaSigningKey;
import org.jicp.crypto.sig.Ed25519SigningKey;
import org.jicp.crypto.sig.SignatureAlgorithm;
import org.jicp.crypto.sig.SigningKey;
import org.jicp.crypto.sig.UserPublicKey;
import org.jicp.state.RepresentationIndependentHash;
import org.jicp.state.auth.AuthenticationResult.Authenticated;
import org.jicp.state.auth.AuthenticationResult.Reason;
import org.jicp.state.auth.AuthenticationResult.Rejected;
import org.jicp.state.internal.cbor.Cbor;
import org.jicp.state.internal.cbor.CborValue;
import org.jicp.state.testing.FakeBls;
import org.jicp.state.testing.Harness;
import org.jicp.types.CanisterId;
import org.jicp.types.MessageId;
import org.jicp.types.Time;
import org.junit.jupiter.api.Test;

/**
 * Sender authentication: the agent-js recorded requests, delegation chains of every key type, and
 * one case per rejection rule.
 */
class RequestAuthenticatorTest {
  private static final FakeBls ROOT = FakeBls.fromSeed("root");
  private static final RequestAuthenticator AUTH = RequestAuthenticator.create(ROOT.publicKey(), FakeBls.verifier());
  /** 2026-01-01T00:00:00Z; the recorded requests expire in November 2026. */
  static final Time NOW = Time.ofMillis(1_767_225_600_000L);
  static final long LATER = NOW.nanos() + 3_600_000_000_000L;
  static final MessageId REQUEST = MessageId.fromHex("0d".repeat(32));
  private static final Pattern BODY = Pattern.compile("\"body_hex\":\"([0-9a-f]*)\"");

  // ------------------------------------------------------------------------------------------
  // Real agents

  /** agent-js 3.4.3 (Ed25519KeyIdentity, seed 32 × 0x07): every signed request authenticates. */
  @Test
  void authenticate_agentJsRecordedEd25519Requests_authenticated() throws Exception {
    int signed = 0;
    for (String line : Files.readAllLines(Harness.file("agent-js/recorded/agent-js-ed25519.jsonl"))) {
      Envelope e = Envelope.of(line);
      if (e == null || e.sig.isEmpty()) {
        continue;
      }
      AuthenticationResult r = AUTH.authenticate(e.sender, e.requestId, e.pubkey, e.sig, List.of(), NOW);
      assertThat(r).as(line.substring(0, 120)).isInstanceOf(Authenticated.class);
      assertThat(((Authenticated) r).targets().isAll()).isTrue();
      // one flipped bit of the signature, or another request id: rejected
      byte[] bad = e.sig.get().toByteArray();
      bad[signed % 64] ^= 1;
      assertThat(reason(AUTH.authenticate(e.sender, e.requestId, e.pubkey, Optional.of(Bytes.of(bad)), List.of(), NOW)))
          .isEqualTo(Reason.INVALID_SIGNATURE);
      assertThat(reason(AUTH.authenticate(e.sender, REQUEST, e.pubkey, e.sig, List.of(), NOW)))
          .isEqualTo(Reason.INVALID_SIGNATURE);
      signed++;
    }
    assertThat(signed).as("signed requests in agent-js-ed25519.jsonl").isEqualTo(20);
  }

  /** The anonymous recordings of both agents: authenticated as anonymous, no signature fields. */
  @Test
  void authenticate_recordedAnonymousRequests_authenticated() throws Exception {
    int anonymous = 0;
    for (String f : List.of("agent-js/recorded/agent-js-anonymous.jsonl", "agent-js/recorded/ic4j-anonymous.jsonl")) {
      for (String line : Files.readAllLines(Harness.file(f))) {
        Envelope e = Envelope.of(line);
        if (e == null) {
          continue;
        }
        assertThat(e.sender.isAnonymous()).isTrue();
        assertThat(AUTH.authenticate(e.sender, e.requestId, e.pubkey, e.sig, List.of(), NOW).isAuthenticated()).isTrue();
        anonymous++;
      }
    }
    assertThat(anonymous).as("anonymous requests recorded").isEqualTo(35);
  }

  // ------------------------------------------------------------------------------------------
  // Delegation chains

  @Test
  void authenticate_chainOfEveryBasicKeyType_authenticatedWithIntersectedTargets() throws Exception {
    SecureRandom rng = new SecureRandom();
    List<SigningKey> keys = List.of(
        ed25519(7),
        EcdsaSigningKey.generate(SignatureAlgorithm.ECDSA_P256, rng),
        EcdsaSigningKey.generate(SignatureAlgorithm.ECDSA_SECP256K1, rng),
        Ed25519SigningKey.generate(rng));
    CanisterId a = CanisterId.fromIndex(1);
    CanisterId b = CanisterId.fromIndex(2);
    CanisterId c = CanisterId.fromIndex(3);
    List<Optional<List<CanisterId>>> targets = List.of(
        Optional.of(List.of(a, b, c)), Optional.empty(), Optional.of(List.of(b, c, CanisterId.fromIndex(9))));
    List<SignedDelegation> chain = chain(keys, targets, LATER);
    Authenticated ok = (Authenticated) authenticate(keys.get(0), keys.get(3), chain);
    assertThat(ok.targets().restriction()).contains(java.util.Set.of(b, c));
    assertThat(ok.allows(b)).isTrue();
    assertThat(ok.allows(a)).isFalse();
    // the request signed by a key of the chain other than the last: rejected
    assertThat(reason(authenticate(keys.get(0), keys.get(2), chain))).isEqualTo(Reason.INVALID_SIGNATURE);
    // a delegation signed by the wrong key
    List<SignedDelegation> wrong = new ArrayList<>(chain);
    SignedDelegation d1 = chain.get(1);
    wrong.set(1, new SignedDelegation(d1.pubkey(), d1.expiration(), d1.targets(), Bytes.of(keys.get(0).sign(d1.signedBytes()))));
    assertThat(reason(authenticate(keys.get(0), keys.get(3), wrong))).isEqualTo(Reason.INVALID_DELEGATION);
    // a delegation whose fields were changed after signing (its hash changes)
    List<SignedDelegation> widened = new ArrayList<>(chain);
    SignedDelegation d0 = chain.get(0);
    widened.set(0, new SignedDelegation(d0.pubkey(), d0.expiration(), Optional.empty(), d0.signature()));
    assertThat(reason(authenticate(keys.get(0), keys.get(3), widened))).isEqualTo(Reason.INVALID_DELEGATION);
  }

  @Test
  void authenticate_twentyDelegations_authenticatedAndTwentyOneRejected() throws Exception {
    SecureRandom rng = new SecureRandom();
    List<SigningKey> keys = new ArrayList<>();
    for (int i = 0; i < 22; i++) {
      keys.add(Ed25519SigningKey.generate(rng));
    }
    List<SignedDelegation> twenty = chain(keys.subList(0, 21), null, LATER);
    assertThat(authenticate(keys.get(0), keys.get(20), twenty).isAuthenticated()).isTrue();
    List<SignedDelegation> twentyOne = chain(keys, null, LATER);
    assertThat(reason(authenticate(keys.get(0), keys.get(21), twentyOne))).isEqualTo(Reason.TOO_MANY_DELEGATIONS);
  }

  @Test
  void authenticate_expiredDelegation_rejectedAndExpiryAtNowAccepted() throws Exception {
    List<SigningKey> keys = List.of(ed25519(1), ed25519(2));
    assertThat(authenticate(keys.get(0), keys.get(1), chain(keys, null, NOW.nanos())).isAuthenticated()).isTrue();
    assertThat(reason(authenticate(keys.get(0), keys.get(1), chain(keys, null, NOW.nanos() - 1))))
        .isEqualTo(Reason.DELEGATION_EXPIRED);
    // 2^64 - 1 (unsigned) is far in the future, not negative
    assertThat(authenticate(keys.get(0), keys.get(1), chain(keys, null, -1L)).isAuthenticated()).isTrue();
  }

  @Test
  void authenticate_cycles_rejected() throws Exception {
    SigningKey k0 = ed25519(1);
    SigningKey k1 = ed25519(2);
    // back to the sender's own key
    List<SignedDelegation> back = chain(List.of(k0, k1, k0), null, LATER);
    assertThat(reason(authenticate(k0, k0, back))).isEqualTo(Reason.DELEGATION_CYCLE);
    // self-delegation
    assertThat(reason(authenticate(k0, k0, chain(List.of(k0, k0), null, LATER)))).isEqualTo(Reason.DELEGATION_CYCLE);
  }

  @Test
  void authenticate_targets_limitAndMalformed_rejected() throws Exception {
    List<SigningKey> keys = List.of(ed25519(1), ed25519(2));
    List<CanisterId> thousand = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      thousand.add(CanisterId.fromIndex(i));
    }
    assertThat(authenticate(keys.get(0), keys.get(1), chain(keys, List.of(Optional.of(thousand)), LATER)).isAuthenticated()).isTrue();
    List<CanisterId> more = new ArrayList<>(thousand);
    more.add(CanisterId.fromIndex(1000));
    assertThat(reason(authenticate(keys.get(0), keys.get(1), chain(keys, List.of(Optional.of(more)), LATER))))
        .isEqualTo(Reason.INVALID_DELEGATION_TARGETS);
    // a target of 30 bytes is no principal
    SigningKey k0 = keys.get(0);
    Bytes pk1 = Bytes.of(keys.get(1).publicKey().toDer());
    Optional<List<Bytes>> badTargets = Optional.of(List.of(Bytes.of(new byte[30])));
    SignedDelegation d = new SignedDelegation(pk1, LATER, badTargets,
        Bytes.of(k0.sign(SignedDelegation.signedBytes(pk1, LATER, badTargets))));
    assertThat(reason(authenticate(k0, keys.get(1), List.of(d)))).isEqualTo(Reason.INVALID_DELEGATION_TARGETS);
    // no targets at all: a restriction to nothing
    Authenticated none = (Authenticated) authenticate(k0, keys.get(1), chain(keys, List.of(Optional.of(List.of())), LATER));
    assertThat(none.allows(CanisterId.fromIndex(0))).isFalse();
  }

  /** Plain DER RSA keys may sign delegations (the IC allows it) but not requests. */
  @Test
  void authenticate_rsaKey_delegationSignerOnly() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    KeyPair rsa = g.generateKeyPair();
    byte[] rsaDer = rsa.getPublic().getEncoded();
    Principal sender = Principal.selfAuthenticating(rsaDer);
    SigningKey next = ed25519(5);
    Bytes nextPk = Bytes.of(next.publicKey().toDer());
    byte[] signedBytes = SignedDelegation.signedBytes(nextPk, LATER, Optional.empty());
    java.security.Signature s = java.security.Signature.getInstance("SHA256withRSA");
    s.initSign(rsa.getPrivate());
    s.update(signedBytes);
    SignedDelegation d = SignedDelegation.unrestricted(nextPk, LATER, Bytes.of(s.sign()));
    byte[] reqSig = next.sign(RequestAuthenticator.requestSignedBytes(REQUEST));
    assertThat(AUTH.authenticate(sender, REQUEST, Optional.of(Bytes.of(rsaDer)), Optional.of(Bytes.of(reqSig)), List.of(d), NOW)
        .isAuthenticated()).isTrue();
    s.initSign(rsa.getPrivate());
    s.update(RequestAuthenticator.requestSignedBytes(REQUEST));
    Rejected r = (Rejected) AUTH.authenticate(sender, REQUEST, Optional.of(Bytes.of(rsaDer)), Optional.of(Bytes.of(s.sign())), List.of(), NOW);
    assertThat(r.reason()).isEqualTo(Reason.INVALID_SIGNATURE);
    assertThat(r.message()).contains("RSA signatures are not allowed except in webauthn context");
  }

  /**
   * agent-js's golden delegation chain ({@code packages/identity/src/identity/delegation.test.ts},
   * "delegation signs with proper keys (3)": Ed25519KeyIdentity seeds [2, 0…], [1, 0…], [0…],
   * expiration 2021-01-01): our delegation bytes reproduce both signatures byte for byte, and the
   * chain authenticates a request signed by the bottom key until it expires.
   */
  @Test
  void authenticate_agentJsGoldenDelegationChain_signaturesReproducedAndAuthenticated() throws Exception {
    long expiration = 0x1655f29d787c0000L;
    assertThat(expiration).isEqualTo(1_609_459_200_000L * 1_000_000L);
    SigningKey root = seeded(2);
    SigningKey middle = seeded(1);
    SigningKey bottom = seeded(0);
    assertThat(Bytes.hex(root.publicKey().toDer()))
        .isEqualTo("302a300506032b65700321006b79c57e6a095239282c04818e96112f3f03a4001ba97a564c23852a3f1ea5fc");
    Bytes middlePk = Bytes.fromHex("302a300506032b6570032100cecc1507dc1ddd7295951c290888f095adb9044d1b73d696e6df065d683bd4fc");
    Bytes bottomPk = Bytes.fromHex("302a300506032b65700321003b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29");
    assertThat(Bytes.of(middle.publicKey().toDer())).isEqualTo(middlePk);
    assertThat(Bytes.of(bottom.publicKey().toDer())).isEqualTo(bottomPk);
    SignedDelegation d0 = SignedDelegation.unrestricted(middlePk, expiration, Bytes.fromHex(
        "b106d135e5ad7459dc67db68a4946fdbe603e650df4035957db7f0fb54e7467bb463116a2ad025e1887cd1f29025e0f3607b09924abbbbebfaf921b675c8ff08"));
    SignedDelegation d1 = SignedDelegation.unrestricted(bottomPk, expiration, Bytes.fromHex(
        "5e40f3d171e499a691092e5b961b5447921091bcf8c6409cb5641541f4dc1390f501c5dfb16b10df29d429cd153b9e396af4e883ed3cfa090d28e214db14c308"));
    // Ed25519 is deterministic: the same delegation bytes give the same signatures.
    assertThat(Bytes.of(root.sign(d0.signedBytes()))).isEqualTo(d0.signature());
    assertThat(Bytes.of(middle.sign(d1.signedBytes()))).isEqualTo(d1.signature());
    // hash_of_map computed independently: H(sort(H(k) ‖ H(v))) with v = LEB128(expiration)
    java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
    byte[] e1 = concat(sha.digest("expiration".getBytes()), sha.digest(org.jicp.state.internal.Leb128.encodeUnsigned(expiration)));
    byte[] e2 = concat(sha.digest("pubkey".getBytes()), sha.digest(middlePk.toByteArray()));
    byte[] joined = java.util.Arrays.compareUnsigned(e1, e2) < 0 ? concat(e1, e2) : concat(e2, e1);
    assertThat(d0.hash()).isEqualTo(Bytes.of(sha.digest(joined)));

    Time before = Time.ofMillis(1_609_459_200_000L - 60_000L);
    Bytes rootPk = Bytes.of(root.publicKey().toDer());
    Bytes sig = Bytes.of(bottom.sign(RequestAuthenticator.requestSignedBytes(REQUEST)));
    Principal sender = root.publicKey().selfAuthenticatingPrincipal();
    assertThat(AUTH.authenticate(sender, REQUEST, Optional.of(rootPk), Optional.of(sig), List.of(d0, d1), before))
        .isEqualTo(new Authenticated(sender, DelegationTargets.all()));
    assertThat(reason(AUTH.authenticate(sender, REQUEST, Optional.of(rootPk), Optional.of(sig), List.of(d0, d1), NOW)))
        .isEqualTo(Reason.DELEGATION_EXPIRED);
    // the links out of order: the first is not signed by the sender's key
    assertThat(reason(AUTH.authenticate(sender, REQUEST, Optional.of(rootPk), Optional.of(sig), List.of(d1, d0), before)))
        .isEqualTo(Reason.INVALID_DELEGATION);
  }

  /**
   * A canister-signature sender, and the Internet Identity shape: a canister-signature key
   * delegating to a session key that signs the request.
   */
  @Test
  void authenticate_canisterSignatures_senderAndDelegationSigner() throws Exception {
    CanisterId signer = CanisterId.fromIndex(42);
    Bytes seed = Bytes.fromHex("0102");
    Bytes der = new org.jicp.state.certification.CanisterSignatures.PublicKey(signer, seed).toDer();
    Principal sender = Principal.selfAuthenticating(der.toByteArray());
    byte[] message = RequestAuthenticator.requestSignedBytes(REQUEST);
    Bytes sig = canisterSignature(signer, seed, message, ROOT);
    assertThat(AUTH.authenticate(sender, REQUEST, Optional.of(der), Optional.of(sig), List.of(), NOW).isAuthenticated()).isTrue();
    // signed by a certificate under another root, or for another message
    assertThat(reason(AUTH.authenticate(sender, REQUEST, Optional.of(der),
        Optional.of(canisterSignature(signer, seed, message, FakeBls.fromSeed("other root"))), List.of(), NOW)))
        .isEqualTo(Reason.INVALID_SIGNATURE);
    assertThat(reason(AUTH.authenticate(sender, MessageId.fromHex("0e".repeat(32)), Optional.of(der), Optional.of(sig), List.of(), NOW)))
        .isEqualTo(Reason.INVALID_SIGNATURE);
    assertThat(reason(AUTH.authenticate(sender, REQUEST, Optional.of(der), Optional.of(Bytes.fromHex("a0")), List.of(), NOW)))
        .isEqualTo(Reason.INVALID_SIGNATURE);
    // Internet Identity: canister key -> session key (restricted to one canister) -> request
    SigningKey session = ed25519(9);
    Bytes sessionPk = Bytes.of(session.publicKey().toDer());
    Optional<List<Bytes>> only = Optional.of(List.of(CanisterId.fromIndex(5).principal().bytes()));
    byte[] delegationBytes = SignedDelegation.signedBytes(sessionPk, LATER, only);
    SignedDelegation d = new SignedDelegation(sessionPk, LATER, only, canisterSignature(signer, seed, delegationBytes, ROOT));
    Bytes reqSig = Bytes.of(session.sign(message));
    Authenticated ok = (Authenticated) AUTH.authenticate(sender, REQUEST, Optional.of(der), Optional.of(reqSig), List.of(d), NOW);
    assertThat(ok.allows(CanisterId.fromIndex(5))).isTrue();
    assertThat(ok.allows(CanisterId.fromIndex(6))).isFalse();
    SignedDelegation forged = new SignedDelegation(sessionPk, LATER, Optional.empty(), d.signature());
    assertThat(reason(AUTH.authenticate(sender, REQUEST, Optional.of(der), Optional.of(reqSig), List.of(forged), NOW)))
        .isEqualTo(Reason.INVALID_DELEGATION);
  }

  /** A canister signature of {@code message}: a certified /sig/h(seed)/h(message) leaf. */
  static Bytes canisterSignature(CanisterId signer, Bytes seed, byte[] message, FakeBls root) {
    var path = org.jicp.state.certification.CanisterSignatures.signaturePath(seed, Bytes.of(message));
    org.jicp.state.tree.HashTree sigTree = org.jicp.state.tree.HashTreeMap.empty().put(path.get(0),
        org.jicp.state.tree.HashTreeMap.empty().put(path.get(1),
            org.jicp.state.tree.HashTreeMap.empty().put(path.get(2), org.jicp.state.tree.HashTree.leaf(Bytes.EMPTY)).tree()).tree())
        .tree();
    org.jicp.state.tree.HashTree state = org.jicp.state.tree.HashTreeMap.empty()
        .put("canister", org.jicp.state.tree.HashTreeMap.empty().put(signer.principal().bytes(),
            org.jicp.state.tree.HashTreeMap.empty().put("certified_data", org.jicp.state.tree.HashTree.leaf(sigTree.digest())).tree()).tree())
        .put("time", org.jicp.state.tree.HashTree.leaf(org.jicp.state.internal.Leb128.encodeUnsigned(1_700_000_000_000_000_000L)))
        .tree();
    var cert = org.jicp.state.certification.CertificateIssuer.forRootSubnet(root).issue(
        state.witness(List.of(
            List.of(org.jicp.state.tree.HashTree.utf8("canister"), signer.principal().bytes(),
                org.jicp.state.tree.HashTree.utf8("certified_data")),
            List.of(org.jicp.state.tree.HashTree.utf8("time")))));
    return org.jicp.state.certification.CanisterSignatures.encodeSignature(cert, sigTree);
  }

  private static SigningKey seeded(int first) throws Exception {
    byte[] seed = new byte[32];
    seed[0] = (byte) first;
    return Ed25519SigningKey.fromSeed(seed);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  // ------------------------------------------------------------------------------------------
  // One case per remaining rule

  @Test
  void authenticate_envelopeRules_eachRejectedWithItsReason() throws Exception {
    SigningKey k = ed25519(1);
    Bytes pk = Bytes.of(k.publicKey().toDer());
    Bytes sig = Bytes.of(k.sign(RequestAuthenticator.requestSignedBytes(REQUEST)));
    Principal sender = k.publicKey().selfAuthenticatingPrincipal();
    Principal anonymous = Principal.anonymous();
    assertThat(AUTH.authenticate(sender, REQUEST, Optional.of(pk), Optional.of(sig), List.of(), NOW).isAuthenticated()).isTrue();
    assertThat(AUTH.authenticate(anonymous, REQUEST, Optional.empty(), Optional.empty(), List.of(), NOW))
        .isEqualTo(new Authenticated(anonymous, DelegationTargets.all()));
    assertThat(reason(AUTH.authenticate(sender, REQUEST, Optional.empty(), Optional.empty(), List.of(), NOW)))
        .isEqualTo(Reason.MISSING_SIGNATURE);
    assertThat(reason(AUTH.authenticate(anonymous, REQUEST, Optional.of(pk), Optional.of(sig), List.of(), NOW)))
        .isEqualTo(Reason.ANONYMOUS_SIGNATURE_NOT_ALLOWED);
    assertThat(reason(AUTH.authenticate(sender, REQUEST, Optional.of(pk), Optional.empty(), List.of(), NOW)))
        .isEqualTo(Reason.INCOMPLETE_AUTHENTICATION);
    assertThat(reason(AUTH.authenticate(anonymous, REQUEST, Optional.empty(), Optional.empty(),
        chain(List.of(k, ed25519(2)), null, LATER), NOW))).isEqualTo(Reason.INCOMPLETE_AUTHENTICATION);
    Principal other = ed25519(2).publicKey().selfAuthenticatingPrincipal();
    assertThat(reason(AUTH.authenticate(other, REQUEST, Optional.of(pk), Optional.of(sig), List.of(), NOW)))
        .isEqualTo(Reason.SENDER_DOES_NOT_MATCH_PUBLIC_KEY);
    // a key that does not parse (its principal matches: the hash is over the bytes as received)
    Bytes junk = Bytes.fromHex("3000");
    assertThat(reason(AUTH.authenticate(Principal.selfAuthenticating(junk.toByteArray()), REQUEST, Optional.of(junk),
        Optional.of(sig), List.of(), NOW))).isEqualTo(Reason.INVALID_PUBLIC_KEY);
    // a BLS key is no user key
    byte[] ikm = new byte[32];
    ikm[0] = 1;
    Bytes bls = Bytes.of(UserPublicKey.bls(BlsScheme.IC.publicKey(SecretKey.keyGen(ikm, new byte[0])).toBytes()).toDer());
    assertThat(reason(AUTH.authenticate(Principal.selfAuthenticating(bls.toByteArray()), REQUEST, Optional.of(bls),
        Optional.of(sig), List.of(), NOW))).isEqualTo(Reason.INVALID_PUBLIC_KEY);
    // a signature of the wrong length
    assertThat(reason(AUTH.authenticate(sender, REQUEST, Optional.of(pk), Optional.of(Bytes.of(new byte[3])), List.of(), NOW)))
        .isEqualTo(Reason.INVALID_SIGNATURE);
  }

  // ------------------------------------------------------------------------------------------
  // Helpers

  static SigningKey ed25519(int fill) throws Exception {
    byte[] seed = new byte[32];
    java.util.Arrays.fill(seed, (byte) fill);
    return Ed25519SigningKey.fromSeed(seed);
  }

  /** Delegations from keys[i] to keys[i + 1], each with targets.get(i) when given. */
  static List<SignedDelegation> chain(List<SigningKey> keys, List<Optional<List<CanisterId>>> targets, long expiration) {
    List<SignedDelegation> out = new ArrayList<>();
    for (int i = 0; i + 1 < keys.size(); i++) {
      Bytes pk = Bytes.of(keys.get(i + 1).publicKey().toDer());
      Optional<List<Bytes>> t = targets == null || i >= targets.size() ? Optional.empty()
          : targets.get(i).map(l -> l.stream().map(c -> c.principal().bytes()).toList());
      byte[] sig = keys.get(i).sign(SignedDelegation.signedBytes(pk, expiration, t));
      out.add(new SignedDelegation(pk, expiration, t, Bytes.of(sig)));
    }
    return out;
  }

  static AuthenticationResult authenticate(SigningKey sender, SigningKey signer, List<SignedDelegation> chain) {
    Bytes pk = Bytes.of(sender.publicKey().toDer());
    Bytes sig = Bytes.of(signer.sign(RequestAuthenticator.requestSignedBytes(REQUEST)));
    return AUTH.authenticate(sender.publicKey().selfAuthenticatingPrincipal(), REQUEST, Optional.of(pk), Optional.of(sig), chain, NOW);
  }

  static Reason reason(AuthenticationResult r) {
    assertThat(r).isInstanceOf(Rejected.class);
    return ((Rejected) r).reason();
  }

  /** The authentication fields of a recorded envelope, with the request id computed from content. */
  record Envelope(Principal sender, MessageId requestId, Optional<Bytes> pubkey, Optional<Bytes> sig) {
    static Envelope of(String jsonLine) {
      Matcher m = BODY.matcher(jsonLine);
      if (!m.find() || m.group(1).isEmpty()) {
        return null;
      }
      Map<String, CborValue> env = Cbor.decode(Bytes.parseHex(m.group(1)), "envelope").asMap("envelope");
      Map<String, CborValue> content = env.get("content").asMap("content");
      @SuppressWarnings("unchecked")
      Map<String, Object> hashable = (Map<String, Object>) hashable(env.get("content"));
      return new Envelope(
          Principal.fromBytes(content.get("sender").asBytes("sender")),
          RepresentationIndependentHash.requestId(hashable),
          Optional.ofNullable(env.get("sender_pubkey")).map(v -> Bytes.of(v.asBytes("sender_pubkey"))),
          Optional.ofNullable(env.get("sender_sig")).map(v -> Bytes.of(v.asBytes("sender_sig"))));
    }

    private static Object hashable(CborValue v) {
      if (v instanceof CborValue.ByteString b) {
        return Bytes.of(b.value());
      } else if (v instanceof CborValue.Text t) {
        return t.value();
      } else if (v instanceof CborValue.Int i) {
        return (BigInteger) i.value();
      } else if (v instanceof CborValue.Array a) {
        return a.items().stream().map(Envelope::hashable).toList();
      } else if (v instanceof CborValue.MapValue mv) {
        Map<String, Object> out = new LinkedHashMap<>();
        mv.entries().forEach((k, x) -> out.put(k, hashable(x)));
        return out;
      }
      throw new IllegalArgumentException("unexpected " + v.kind());
    }
  }
}
