package org.jicp.replica.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.crypto.sig.Ed25519SigningKey;
import org.jicp.state.RepresentationIndependentHash;
import org.jicp.state.certification.CanisterSignatures;
import org.jicp.state.tree.HashTree;
import org.jicp.types.CanisterId;
import org.jicp.types.IngressMessage;
import org.jicp.types.MessageId;
import org.jicp.types.Time;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Canister-signature senders (interface specification, "Canister signatures") over HTTP, signed
 * by a real canister on the replica as Internet Identity signs: {@code signer.wat} stores the
 * root of a tree holding {@code /sig/<sha256(seed)>/<sha256(message)>} as its certified data and
 * answers {@code ic0.data_certificate} from a query; the signature is {@code {certificate, tree}}.
 * The tree is built here from the spec's layout; the certificate is the replica's own (a
 * certificate of the application subnet with the NNS subnet's delegation, checked against the
 * root key). Every refusal is a 4xx with the reason.
 */
class CanisterSignatureSendersTest {
  private static final byte[] REQUEST_DOMAIN = "\nic-request".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DELEGATION_DOMAIN =
      "\u001aic-request-auth-delegation".getBytes(StandardCharsets.US_ASCII);
  private static final Bytes SEED = Bytes.of("anchor 10000".getBytes(StandardCharsets.UTF_8));

  private static TestReplica replica;
  private static RawIc admin;
  private static CanisterId signer;
  private static CanisterId other;

  @BeforeAll
  static void start() throws Exception {
    replica = new TestReplica(List.of("nns", "application"));
    admin = replica.client().as(Ed25519SigningKey.generate(new SecureRandom()));
    CanisterId ecid = replica.backend.topology().defaultEffectiveCanisterId();
    signer = admin.createCanister(ecid);
    admin.install(signer, wasm(), "install");
    other = admin.createCanister(ecid);
    admin.install(other, wasm(), "install");
  }

  @AfterAll
  static void stop() {
    replica.close();
  }

  static byte[] wasm() throws IOException {
    try (InputStream in = CanisterSignatureSendersTest.class.getResourceAsStream("signer.wasm")) {
      return in.readAllBytes();
    }
  }

  /** The canister-signature public key of {@code canister} with {@link #SEED}, DER. */
  private static Bytes key(CanisterId canister) {
    return new CanisterSignatures.PublicKey(canister, SEED).toDer();
  }

  private static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** The spec's signature tree: {@code /sig/<sha256(seed)>/<sha256(message)>} = empty leaf. */
  private static HashTree sigTree(Bytes seed, byte[] message) {
    return HashTree.labeled("sig", HashTree.labeled(Bytes.of(sha256(seed.toByteArray())),
        HashTree.labeled(Bytes.of(sha256(message)), HashTree.leaf(new byte[0]))));
  }

  /** A hash tree's CBOR form (the spec's {@code HashTree} CDDL). */
  private static Object treeCbor(HashTree t) {
    if (t instanceof HashTree.Empty) {
      return List.of(0);
    } else if (t instanceof HashTree.Fork f) {
      return List.of(1, treeCbor(f.left()), treeCbor(f.right()));
    } else if (t instanceof HashTree.Labeled l) {
      return List.of(2, l.label(), treeCbor(l.subtree()));
    } else if (t instanceof HashTree.Leaf v) {
      return List.of(3, v.value());
    }
    return List.of(4, t.digest());
  }

  /**
   * Has {@code canister} certify {@code tree}'s root and returns the canister's data certificate
   * (a query's {@code ic0.data_certificate}).
   */
  private static Bytes certify(CanisterId canister, HashTree tree) {
    Certificates.reply(admin.call("v3", canister, canister, "certify",
        tree.digest().toByteArray()));
    RawIc.Http q = admin.query(canister, canister, "certificate", new byte[0]);
    return queryReply(q);
  }

  @SuppressWarnings("unchecked")
  private static Bytes queryReply(RawIc.Http q) {
    assertThat(q.status()).as(q.text()).isEqualTo(200);
    Map<String, Object> m = q.cbor();
    assertThat(m.get("status")).as(m.toString()).isEqualTo("replied");
    return (Bytes) ((Map<String, Object>) m.get("reply")).get("arg");
  }

  /** A canister signature of {@code message} by {@code canister} with {@code seed}. */
  private static Bytes canisterSign(CanisterId canister, Bytes seed, byte[] message) {
    HashTree tree = sigTree(seed, message);
    Bytes cert = certify(canister, tree);
    return Bytes.of(CborValues.encode(Map.of("certificate", cert, "tree", treeCbor(tree))));
  }

  /** A request's content from {@code sender} (a fresh nonce for calls). */
  private static Map<String, Object> content(String type, Principal sender, CanisterId canister,
      String method) {
    Map<String, Object> c = admin.content(type, canister, method, new byte[0]);
    c.put("sender", sender.bytes());
    return c;
  }

  private static byte[] envelope(Map<String, Object> content, Bytes pubkey, Bytes sig,
      List<Map<String, Object>> delegations) {
    Map<String, Object> env = new LinkedHashMap<>();
    env.put("content", content);
    env.put("sender_pubkey", pubkey);
    env.put("sender_sig", sig);
    if (!delegations.isEmpty()) {
      env.put("sender_delegation", delegations);
    }
    return CborValues.encode(env);
  }

  private static byte[] requestMessage(Map<String, Object> content) {
    return concat(REQUEST_DOMAIN, RepresentationIndependentHash.requestId(content).toByteArray());
  }

  private static RawIc.Http call(CanisterId canister, byte[] body) {
    return admin.post("/api/v3/canister/" + canister.principal().toText() + "/call", body);
  }

  private static RawIc.Http query(CanisterId canister, byte[] body) {
    return admin.post("/api/v2/canister/" + canister.principal().toText() + "/query", body);
  }

  /** An Internet-Identity-style session: the canister key delegates to an Ed25519 key. */
  private record Session(Ed25519SigningKey key, Map<String, Object> delegation, Bytes signature) {
    Map<String, Object> signed() {
      Map<String, Object> sd = new LinkedHashMap<>();
      sd.put("delegation", delegation);
      sd.put("signature", signature);
      return sd;
    }
  }

  private static Session session(CanisterId signing, long expirationNanos,
      Optional<List<CanisterId>> targets) {
    Ed25519SigningKey k = Ed25519SigningKey.generate(new SecureRandom());
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("pubkey", Bytes.of(k.publicKey().toDer()));
    d.put("expiration", expirationNanos);
    targets.ifPresent(ts -> {
      List<Object> l = new ArrayList<>();
      ts.forEach(t -> l.add(t.principal().bytes()));
      d.put("targets", l);
    });
    byte[] msg = concat(DELEGATION_DOMAIN,
        RepresentationIndependentHash.hashOfMap(d).toByteArray());
    return new Session(k, d, canisterSign(signing, SEED, msg));
  }

  private static long inTenMinutes() {
    return ReplicaBackend.systemNanos() + 600_000_000_000L;
  }

  /** A Candid message of one principal, as {@code whoami} replies. */
  static Bytes candid(Principal p) {
    byte[] b = p.bytes().toByteArray();
    byte[] head = {'D', 'I', 'D', 'L', 0, 1, 0x68, 1, (byte) b.length};
    return Bytes.of(concat(head, b));
  }

  private static Principal principalOf(CanisterId signing) {
    return Principal.selfAuthenticating(key(signing).toByteArray());
  }

  @Test
  void call_canisterSignatureSender_repliesWithItsPrincipalAsCaller() {
    Principal me = principalOf(signer);
    Map<String, Object> c = content("call", me, signer, "whoami_update");
    Bytes sig = canisterSign(signer, SEED, requestMessage(c));
    Bytes reply = Certificates.reply(call(signer, envelope(c, key(signer), sig, List.of())));
    assertThat(reply).isEqualTo(candid(me));
  }

  @Test
  void queryAndCall_delegationFromCanisterSignatureToSessionKey_callerIsCanisterPrincipal() {
    Principal me = principalOf(signer);
    Session s = session(signer, inTenMinutes(), Optional.empty());
    Map<String, Object> q = content("query", me, signer, "whoami");
    Bytes qsig = Bytes.of(s.key().sign(requestMessage(q)));
    assertThat(queryReply(query(signer, envelope(q, key(signer), qsig, List.of(s.signed())))))
        .isEqualTo(candid(me));
    Map<String, Object> c = content("call", me, signer, "whoami_update");
    Bytes csig = Bytes.of(s.key().sign(requestMessage(c)));
    assertThat(Certificates.reply(call(signer, envelope(c, key(signer), csig,
        List.of(s.signed()))))).isEqualTo(candid(me));
  }

  @Test
  void call_signatureOfAnotherMessage_400InvalidCanisterSignature() {
    Principal me = principalOf(signer);
    Map<String, Object> c = content("call", me, signer, "whoami_update");
    Bytes sig = canisterSign(signer, SEED, requestMessage(content("call", me, signer, "x")));
    RawIc.Http h = call(signer, envelope(c, key(signer), sig, List.of()));
    assertThat(h.status()).as(h.text()).isEqualTo(400);
    assertThat(h.text()).contains("Invalid canister signature of the request");
  }

  @Test
  void call_keyOfOneCanisterCertifiedByAnother_400InvalidCanisterSignature() {
    // The key names `signer`; the tree is certified by `other`: the certificate's
    // /canister/<signer>/certified_data is not the tree's root.
    Principal me = principalOf(signer);
    Map<String, Object> c = content("call", me, signer, "whoami_update");
    Bytes sig = canisterSign(other, SEED, requestMessage(c));
    RawIc.Http h = call(signer, envelope(c, key(signer), sig, List.of()));
    assertThat(h.status()).as(h.text()).isEqualTo(400);
    assertThat(h.text()).contains("Invalid canister signature of the request");
  }

  @Test
  void call_otherSeedInTree_400InvalidCanisterSignature() {
    Principal me = principalOf(signer);
    Map<String, Object> c = content("call", me, signer, "whoami_update");
    Bytes sig = canisterSign(signer, Bytes.of("anchor 10001".getBytes(StandardCharsets.UTF_8)),
        requestMessage(c));
    RawIc.Http h = call(signer, envelope(c, key(signer), sig, List.of()));
    assertThat(h.status()).as(h.text()).isEqualTo(400);
    assertThat(h.text()).contains("Invalid canister signature of the request");
  }

  @Test
  @SuppressWarnings("unchecked")
  void call_certificateSignatureTampered_400InvalidCanisterSignature() throws Exception {
    Principal me = principalOf(signer);
    Map<String, Object> c = content("call", me, signer, "whoami_update");
    Map<String, Object> sig = (Map<String, Object>) CborValues.decode(
        canisterSign(signer, SEED, requestMessage(c)).toByteArray());
    Map<String, Object> cert = (Map<String, Object>) CborValues.decode(
        ((Bytes) sig.get("certificate")).toByteArray());
    byte[] bls = ((Bytes) cert.get("signature")).toByteArray();
    bls[bls.length - 1] ^= 1;
    Map<String, Object> forged = new LinkedHashMap<>(cert);
    forged.put("signature", Bytes.of(bls));
    Map<String, Object> badSig = new LinkedHashMap<>(sig);
    badSig.put("certificate", Bytes.of(CborValues.encode(forged)));
    RawIc.Http h = call(signer, envelope(c, key(signer), Bytes.of(CborValues.encode(badSig)),
        List.of()));
    assertThat(h.status()).as(h.text()).isEqualTo(400);
    assertThat(h.text()).contains("Invalid canister signature of the request");
  }

  @Test
  void call_canisterSignedDelegationExpired_400() {
    Principal me = principalOf(signer);
    Session s = session(signer, ReplicaBackend.systemNanos() - 1_000_000_000L, Optional.empty());
    Map<String, Object> c = content("call", me, signer, "whoami_update");
    RawIc.Http h = call(signer, envelope(c, key(signer), Bytes.of(s.key().sign(requestMessage(c))),
        List.of(s.signed())));
    assertThat(h.status()).as(h.text()).isEqualTo(400);
    assertThat(h.text()).contains("delegation 0 has expired");
  }

  @Test
  void call_canisterSignedDelegationToOtherTargets_4xxNotATarget() {
    Principal me = principalOf(signer);
    Session s = session(signer, inTenMinutes(), Optional.of(List.of(other)));
    Map<String, Object> c = content("call", me, signer, "whoami_update");
    RawIc.Http h = call(signer, envelope(c, key(signer), Bytes.of(s.key().sign(requestMessage(c))),
        List.of(s.signed())));
    assertThat(h.status()).as(h.text()).isBetween(400, 499);
    assertThat(h.text()).containsIgnoringCase("target");
  }

  @Test
  void ingressVerifier_canisterSignedEnvelope_acceptedAndTamperedRefused() {
    // What a node checks of a peer's block: the same authenticator as at HTTP.
    EnvelopeIngressVerifier v = new EnvelopeIngressVerifier(
        new IcSenderAuthenticator(replica.backend.topology().rootKeyDer()));
    Principal me = principalOf(signer);
    Session s = session(signer, inTenMinutes(), Optional.empty());
    Map<String, Object> c = content("call", me, signer, "whoami_update");
    MessageId id = RepresentationIndependentHash.requestId(c);
    byte[] good = envelope(c, key(signer), Bytes.of(s.key().sign(requestMessage(c))),
        List.of(s.signed()));
    long now = ReplicaBackend.systemNanos();
    assertThat(v.reject(new IngressMessage(id, Time.ofNanos(now + 60_000_000_000L),
        Bytes.of(good)), now)).isEmpty();
    Map<String, Object> d = new LinkedHashMap<>(s.delegation());
    d.put("expiration", inTenMinutes() + 1);  // no longer what the canister signed
    Map<String, Object> sd = new LinkedHashMap<>(s.signed());
    sd.put("delegation", d);
    byte[] bad = envelope(c, key(signer), Bytes.of(s.key().sign(requestMessage(c))),
        List.of(sd));
    assertThat(v.reject(new IngressMessage(id, Time.ofNanos(now + 60_000_000_000L),
        Bytes.of(bad)), now)).get().asString().contains("Invalid canister signature of delegation 0");
  }
}
