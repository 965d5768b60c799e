package org.jicp.replica.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jicp.candid.CandidDecoder;
import org.jicp.candid.CandidEncoder;
import org.jicp.candid.CandidValue;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.crypto.sig.EcdsaSigningKey;
import org.jicp.crypto.sig.Ed25519SigningKey;
import org.jicp.crypto.sig.SignatureAlgorithm;
import org.jicp.crypto.sig.SigningKey;
import org.jicp.state.RepresentationIndependentHash;
import org.jicp.state.certification.Certificate;
import org.jicp.types.CanisterId;
import org.jicp.types.MessageId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A canister's life through the HTTP interface (the harness's Motoko canisters): create, install,
 * update, query, upgrade keeping stable state, stop/start, canister_status, read_state of
 * module_hash and controllers, a trap (reject 5, state rolled back), v2 call then request_status,
 * non-replicated rejections, and senders signing with ECDSA keys and through delegations.
 */
class CanisterLifecycleTest {
  private static final CanisterId IC = new CanisterId(Principal.managementCanister());
  private static TestReplica replica;

  @BeforeAll
  static void setUp() throws Exception {
    replica = new TestReplica(List.of("nns", "application"));
  }

  @AfterAll
  static void tearDown() {
    replica.close();
  }

  private static CanisterId ecid() {
    return replica.backend.topology().defaultEffectiveCanisterId();
  }

  private static byte[] text(String s) {
    return CandidEncoder.encode(List.of(CandidValue.text(s)));
  }

  private static CandidValue one(Bytes reply) {
    return CandidDecoder.standard().decode(reply.toByteArray()).values().get(0);
  }

  private static CandidValue queryOne(RawIc c, CanisterId id, String method) {
    RawIc.Http h = c.query(id, id, method, CandidEncoder.empty());
    assertThat(h.status()).as(h.text()).isEqualTo(200);
    Map<String, Object> m = h.cbor();
    assertThat(m.get("status")).as(m.toString()).isEqualTo("replied");
    @SuppressWarnings("unchecked")
    Map<String, Object> reply = (Map<String, Object>) m.get("reply");
    return one((Bytes) reply.get("arg"));
  }

  private static byte[] canisterIdArg(CanisterId id) {
    return RawIc.Candid.record(CandidValue.field("canister_id", CandidValue.principal(id.principal())));
  }

  private static Bytes utf8(String s) {
    return Bytes.of(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void stableStore_installPutUpgrade_stableStateKept() {
    RawIc c = replica.client();
    CanisterId id = c.createCanister(ecid());
    c.install(id, Harness.motoko("stable_store"), "install");
    Certificates.reply(c.call("v3", id, id, "put", text("a")));
    Certificates.reply(c.call("v3", id, id, "put", text("b")));
    c.install(id, Harness.motoko("stable_store"), "upgrade");
    assertThat(((CandidValue.Nat) queryOne(c, id, "upgrades")).value()).isEqualTo(BigInteger.ONE);
    assertThat(((CandidValue.Vec) queryOne(c, id, "entries")).elements())
        .containsExactly(CandidValue.text("a"), CandidValue.text("b"));
    assertThat(((CandidValue.Nat) queryOne(c, id, "transientCounter")).value()).isZero();
  }

  @Test
  void trapper_bumpThenTrap_reject5AndRolledBack() {
    RawIc c = replica.client();
    CanisterId id = c.createCanister(ecid());
    c.install(id, Harness.motoko("trapper"), "install");
    Certificates.reply(c.call("v3", id, id, "bump", CandidEncoder.empty()));
    RawIc.Http h = c.call("v3", id, id, "bumpThenTrap", CandidEncoder.empty());
    assertThat(h.status()).isEqualTo(200);
    Certificate cert = Certificate.decode(((Bytes) h.cbor().get("certificate")).toByteArray());
    Bytes rid = Certificates.requestId(cert);
    assertThat(new String(cert.lookup(List.of(utf8("request_status"), rid, utf8("status")))
        .value().toByteArray())).isEqualTo("rejected");
    assertThat(cert.lookup(List.of(utf8("request_status"), rid, utf8("reject_code"))).value())
        .isEqualTo(Bytes.of(new byte[] {5}));
    assertThat(new String(cert.lookup(List.of(utf8("request_status"), rid, utf8("error_code")))
        .value().toByteArray())).startsWith("IC05");
    assertThat(((CandidValue.Nat) queryOne(c, id, "get")).value()).isEqualTo(BigInteger.ONE);
  }

  @Test
  void counter_stopStatusStartAndReadState_asTheController() {
    RawIc c = replica.client().as(Ed25519SigningKey.generate(new SecureRandom()));
    CanisterId id = c.createCanister(ecid());
    c.install(id, Harness.motoko("counter"), "install");
    Certificates.reply(c.call("v3", id, IC, "stop_canister", canisterIdArg(id)));
    RawIc.Http stopped = c.call("v3", id, id, "inc", CandidEncoder.empty());
    assertThat(stopped.status()).isEqualTo(200);
    CandidValue.Record status = (CandidValue.Record) one(Certificates.reply(
        c.call("v3", id, IC, "canister_status", canisterIdArg(id))));
    assertThat(((CandidValue.Variant) status.get("status").orElseThrow()).label().id())
        .isEqualTo(org.jicp.candid.Label.hash("stopped"));
    Certificates.reply(c.call("v3", id, IC, "start_canister", canisterIdArg(id)));
    Certificates.reply(c.call("v3", id, id, "inc", CandidEncoder.empty()));
    assertThat(((CandidValue.Nat) queryOne(c, id, "get")).value()).isEqualTo(BigInteger.ONE);

    RawIc.Http rs = c.readState("canister", id.principal(), List.of(
        List.of(utf8("canister"), id.principal().bytes(), utf8("module_hash")),
        List.of(utf8("canister"), id.principal().bytes(), utf8("controllers"))));
    assertThat(rs.status()).as(rs.text()).isEqualTo(200);
    Bytes cert = (Bytes) rs.cbor().get("certificate");
    assertThat(Certificates.verify(replica.backend.topology().rootKeyDer(), cert, id).isValid())
        .isTrue();
    Certificate parsed = Certificate.decode(cert.toByteArray());
    assertThat(parsed.lookup(List.of(utf8("canister"), id.principal().bytes(),
        utf8("module_hash"))).value().toHex())
        .isEqualTo("880c03c2f765a4857547c5344aeb168dc9b529c1ed15f42f79e2020360cdf861");
    assertThat(parsed.lookup(List.of(utf8("canister"), id.principal().bytes(),
        utf8("controllers"))).value().toHex()).contains(c.sender().bytes().toHex());

    RawIc stranger = replica.client();
    RawIc.Http denied = stranger.call("v3", id, IC, "stop_canister", canisterIdArg(id));
    assertThat(denied.status()).isEqualTo(200);
    // The ingress filter refuses it before execution (as the IC's does): a non-replicated reject.
    assertThat(denied.cbor().get("status")).isEqualTo("non_replicated_rejection");
    assertThat(denied.cbor().get("error_code")).isEqualTo("IC0512");
  }

  @Test
  void v2Call_thenReadState_firstPollFindsReply() {
    RawIc c = replica.client();
    CanisterId id = c.createCanister(ecid());
    c.install(id, Harness.motoko("counter"), "install");
    Map<String, Object> content = c.content("call", id, "inc", CandidEncoder.empty());
    MessageId rid = RepresentationIndependentHash.requestId(content);
    RawIc.Http h = c.post("/api/v2/canister/" + id.principal().toText() + "/call",
        c.envelope(content));
    assertThat(h.status()).isEqualTo(202);
    RawIc.Http rs = c.readState("canister", id.principal(),
        List.of(List.of(utf8("request_status"), rid.bytes())));
    Certificate cert = Certificate.decode(((Bytes) rs.cbor().get("certificate")).toByteArray());
    assertThat(new String(cert.lookup(List.of(utf8("request_status"), rid.bytes(),
        utf8("status"))).value().toByteArray())).isEqualTo("replied");
  }

  @Test
  void call_missingCanisterInRange_nonReplicatedRejection() {
    RawIc c = replica.client();
    CanisterId missing = CanisterId.fromIndex(org.jicp.replica.Replica.APP_RANGE_START + 999);
    Map<String, Object> m = c.call("v3", missing, missing, "inc", CandidEncoder.empty()).cbor();
    assertThat(m).containsEntry("status", "non_replicated_rejection")
        .containsEntry("reject_code", 3L).containsEntry("error_code", "IC0301");
    Map<String, Object> v2 = c.call("v2", missing, missing, "inc", CandidEncoder.empty()).cbor();
    assertThat(v2).containsEntry("reject_code", 3L).doesNotContainKey("status");
  }

  @Test
  void ecdsaSenders_p256AndSecp256k1_callAsThemselves() {
    CanisterId id = replica.client().createCanister(ecid());
    for (SignatureAlgorithm alg : List.of(SignatureAlgorithm.ECDSA_P256,
        SignatureAlgorithm.ECDSA_SECP256K1)) {
      RawIc c = replica.client().as(EcdsaSigningKey.generate(alg, new SecureRandom()));
      Certificates.reply(c.call("v3", id, IC, "provisional_create_canister_with_cycles",
          RawIc.Candid.record(CandidValue.field("amount", CandidValue.none()))));
    }
  }

  @Test
  void delegatedSender_chainOfTwoWithTargets_allowedOnlyForTargets() {
    SigningKey root = Ed25519SigningKey.generate(new SecureRandom());
    SigningKey mid = EcdsaSigningKey.generate(SignatureAlgorithm.ECDSA_P256, new SecureRandom());
    SigningKey session = Ed25519SigningKey.generate(new SecureRandom());
    RawIc setup = replica.client();
    CanisterId target = setup.createCanister(ecid());
    setup.install(target, Harness.motoko("counter"), "install");
    CanisterId other = setup.createCanister(ecid());
    setup.install(other, Harness.motoko("counter"), "install");
    long exp = ReplicaBackend.systemNanos() + 600_000_000_000L;
    List<Object> chain = List.of(delegation(root, mid, exp, null),
        delegation(mid, session, exp, List.of(target.principal().bytes())));
    Principal sender = Principal.selfAuthenticating(root.publicKey().toDer());
    RawIc raw = replica.client();
    for (CanisterId c : List.of(target, other)) {
      Map<String, Object> content = raw.content("call", c, "inc", CandidEncoder.empty());
      content.put("sender", sender.bytes());
      MessageId rid = RepresentationIndependentHash.requestId(content);
      Map<String, Object> env = new LinkedHashMap<>();
      env.put("content", content);
      env.put("sender_pubkey", Bytes.of(root.publicKey().toDer()));
      env.put("sender_delegation", chain);
      env.put("sender_sig", Bytes.of(session.sign(concat("\nic-request", rid.toByteArray()))));
      RawIc.Http h = raw.post("/api/v3/canister/" + c.principal().toText() + "/call",
          CborValues.encode(env));
      if (c.equals(target)) {
        Certificates.reply(h);
      } else {
        assertThat(h.status()).isEqualTo(400);
        assertThat(h.text()).contains("not one of the delegation targets");
      }
    }
  }

  private static Map<String, Object> delegation(SigningKey from, SigningKey to, long exp,
      List<Bytes> targets) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("pubkey", Bytes.of(to.publicKey().toDer()));
    d.put("expiration", exp);
    if (targets != null) {
      d.put("targets", targets);
    }
    byte[] sig = from.sign(concat("\u001Aic-request-auth-delegation",
        RepresentationIndependentHash.hashOfMap(d).toByteArray()));
    return Map.of("delegation", d, "signature", Bytes.of(sig));
  }

  private static byte[] concat(String domain, byte[] b) {
    byte[] d = domain.getBytes(StandardCharsets.ISO_8859_1);
    byte[] out = new byte[d.length + b.length];
    System.arraycopy(d, 0, out, 0, d.length);
    System.arraycopy(b, 0, out, d.length, b.length);
    return out;
  }
}
