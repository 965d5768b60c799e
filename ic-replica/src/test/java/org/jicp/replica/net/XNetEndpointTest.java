package org.jicp.replica.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.jicp.candid.CandidEncoder;
import org.jicp.candid.CandidValue;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.replica.Replica;
import org.jicp.replica.demo.IcTour;
import org.jicp.replica.http.IcHttpApi;
import org.jicp.state.certification.ThresholdPublicKey;
import org.jicp.state.manager.ReplicatedStateManager;
import org.jicp.state.ports.StreamSlice;
import org.jicp.state.replicated.IngressStatus;
import org.jicp.types.CanisterId;
import org.jicp.types.MessageId;
import org.jicp.types.SubnetId;
import org.jicp.types.ports.Certification;
import org.jicp.types.ports.CertifiedStreamSlice;
import org.jicp.wasm.cycles.FeeSchedule;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The XNet endpoint and the client's checks on a real certified stream: two single-node subnets
 * of an in-JVM {@link Replica} (deterministic), a relay on B calling a counter on A, which leaves
 * A's reply in A's certified stream to B. The endpoint serves it with the IC's status codes; the
 * client keeps the genuine slice and refuses forged, foreign, misplaced, oversized and garbled
 * ones with a typed reason.
 */
class XNetEndpointTest {
  private static Replica ic;
  private static SubnetId a;
  private static SubnetId b;
  private static XNetEndpoint endpoint;
  private static Map<SubnetId, ThresholdPublicKey> keys;

  @BeforeAll
  static void crossSubnetCall() {
    ic = Replica.builder().applicationSubnets(2).deterministic(22).build();
    a = ic.subnets().get(0).id();
    b = ic.subnets().get(1).id();
    CanisterId counter = ic.createCanister(a, FeeSchedule.DEFAULT_PROVISIONAL_CYCLES_BALANCE);
    ic.install(counter, IcTour.canister("counter"), CandidEncoder.empty());
    CanisterId relay = ic.createCanister(b, FeeSchedule.DEFAULT_PROVISIONAL_CYCLES_BALANCE);
    ic.install(relay, IcTour.canister("relay"), CandidEncoder.empty());
    MessageId id = ic.submit(Principal.anonymous(), relay, relay, "inc_on",
        CandidEncoder.encode(List.of(CandidValue.principal(counter.principal()))));
    for (int i = 0; i < 20
        && ic.ingressStatus(relay, id).filter(s -> s.kind().isTerminal()).isEmpty(); i++) {
      ic.tick();
    }
    assertThat(ic.ingressStatus(relay, id).orElseThrow().kind())
        .isEqualTo(IngressStatus.Kind.REPLIED);
    ReplicatedStateManager sm = ic.subnet(a).stateManager();
    endpoint = new XNetEndpoint(sm::latestCertifiedEntry);
    keys = Map.of(a, ic.subnet(a).publicKey(), b, ic.subnet(b).publicKey());
  }

  @AfterAll
  static void close() {
    ic.close();
  }

  private static XNetClient client(SubnetId own, int maxBytes) {
    return new XNetClient(own, Map.of(), s -> Optional.ofNullable(keys.get(s)),
        new XNetClient.Limits(maxBytes, 1_000, 100, 1_000), line -> { });
  }

  private static byte[] get(String uri) {
    IcHttpApi.Answer r = endpoint.handle("GET", uri);
    assertThat(r.status()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    assertThat(r.contentType()).isEqualTo(XNetEndpoint.CONTENT_TYPE);
    return r.body();
  }

  private static String streamToB() {
    return XNetEndpoint.PREFIX + b.principal().toText();
  }

  @Test
  void handle_streamWithReply_servesSliceTheClientKeeps() throws Exception {
    byte[] body = get(streamToB() + "?index=0&msg_limit=10");
    StreamSlice s = client(b, 1 << 20).check(a, 0, body);
    assertThat(s.messages()).hasSize(1).containsKey(0L);
    assertThat(s.header().begin()).isZero();
    assertThat(s.header().end()).isEqualTo(1);
    assertThat(s.header().signalsEnd()).isEqualTo(1); // A inducted B's request
    // the default index is the stream's begin; msg_begin is the IC's synonym
    assertThat(get(streamToB())).isEqualTo(body);
    assertThat(get(streamToB() + "?msg_begin=0")).isEqualTo(body);
  }

  @Test
  void handle_limits_headerAloneWhenNothingFits() throws Exception {
    StreamSlice none = client(b, 1 << 20).check(a, 0, get(streamToB() + "?msg_limit=0"));
    assertThat(none.messages()).isEmpty();
    assertThat(none.header().end()).isEqualTo(1);
    StreamSlice tiny = client(b, 1 << 20).check(a, 0, get(streamToB() + "?byte_limit=1"));
    assertThat(tiny.messages()).isEmpty();
    StreamSlice atEnd = client(b, 1 << 20).check(a, 1, get(streamToB() + "?index=1"));
    assertThat(atEnd.messages()).isEmpty();
    assertThat(atEnd.header().signalsEnd()).isEqualTo(1);
  }

  @Test
  void handle_badRequests_answerWithTheIcStatusCodes() {
    SubnetId nobody = new SubnetId(Principal.selfAuthenticating(new byte[] {1, 2, 3}));
    assertThat(endpoint.handle("GET", XNetEndpoint.PREFIX + nobody.principal().toText())
        .status()).isEqualTo(204);
    assertThat(endpoint.handle("GET", streamToB() + "?index=2").status()).isEqualTo(416);
    assertThat(endpoint.handle("GET", streamToB() + "?index=-1").status()).isEqualTo(400);
    assertThat(endpoint.handle("GET", streamToB() + "?index=x").status()).isEqualTo(400);
    assertThat(endpoint.handle("GET", streamToB() + "?colour=blue").status()).isEqualTo(400);
    assertThat(endpoint.handle("GET", XNetEndpoint.PREFIX + "not-a-principal").status())
        .isEqualTo(400);
    assertThat(endpoint.handle("POST", streamToB()).status()).isEqualTo(405);
    assertThat(new XNetEndpoint(Optional::empty).handle("GET", streamToB()).status())
        .isEqualTo(204);
  }

  @Test
  void check_forgedSignature_refusedAsInvalid() throws Exception {
    CertifiedStreamSlice s = XNetEndpoint.decode(get(streamToB()));
    byte[] sig = s.certification().signature().toByteArray();
    sig[7] ^= 1;
    CertifiedStreamSlice forged = new CertifiedStreamSlice(s.payload(), s.merkleProof(),
        new Certification(s.certification().height(), s.certification().rootHash(),
            Bytes.of(sig), a));
    assertRefused(b, a, 0, XNetEndpoint.encode(forged).toByteArray(), XNetClient.Refusal.INVALID);
  }

  @Test
  void check_rootHashNotTheWitness_refusedAsInvalid() throws Exception {
    CertifiedStreamSlice s = XNetEndpoint.decode(get(streamToB()));
    byte[] root = s.certification().rootHash().toByteArray();
    root[0] ^= 1;
    CertifiedStreamSlice forged = new CertifiedStreamSlice(s.payload(), s.merkleProof(),
        new Certification(s.certification().height(), Bytes.of(root),
            s.certification().signature(), a));
    assertRefused(b, a, 0, XNetEndpoint.encode(forged).toByteArray(), XNetClient.Refusal.INVALID);
  }

  @Test
  void check_claimedByAnotherSubnet_refusedAsInvalid() {
    // A's genuine slice presented as B's (to a third subnet): B's key does not verify it
    SubnetId third = new SubnetId(Principal.selfAuthenticating(new byte[] {9}));
    assertRefused(third, b, 0, get(streamToB()), XNetClient.Refusal.INVALID);
  }

  @Test
  void check_senderNotInRegistry_refusedAsUnknownSubnet() {
    SubnetId stranger = new SubnetId(Principal.selfAuthenticating(new byte[] {7}));
    assertRefused(b, stranger, 0, get(streamToB()), XNetClient.Refusal.UNKNOWN_SUBNET);
  }

  @Test
  void check_notWhereTheStreamContinues_refusedAsOutOfOrder() {
    assertRefused(b, a, 1, get(streamToB()), XNetClient.Refusal.OUT_OF_ORDER);
    assertRefused(b, a, 1, get(streamToB() + "?index=0&msg_limit=0"),
        XNetClient.Refusal.OUT_OF_ORDER);
  }

  @Test
  void check_largerThanTheLimit_refusedAsOversized() {
    byte[] body = get(streamToB());
    assertRefused(b, a, 0, body, XNetClient.Refusal.OVERSIZED, body.length - 1);
  }

  @Test
  void check_garbage_refusedAsMalformed() {
    byte[] body = get(streamToB());
    assertRefused(b, a, 0, new byte[0], XNetClient.Refusal.MALFORMED);
    assertRefused(b, a, 0, "hello".getBytes(StandardCharsets.UTF_8),
        XNetClient.Refusal.MALFORMED);
    assertRefused(b, a, 0, java.util.Arrays.copyOf(body, body.length - 1),
        XNetClient.Refusal.MALFORMED);
    assertRefused(b, a, 0, java.util.Arrays.copyOf(body, body.length + 1),
        XNetClient.Refusal.MALFORMED);
  }

  /**
   * A seeded bit flip in every few bytes: refused, or — where the flip hits the certification's
   * height (not signed, as on the IC) or the end of the index range (a shorter slice of the same
   * certified stream) — accepted with nothing but genuine content: the same header and a prefix
   * of the same messages.
   */
  @Test
  void check_bitFlips_refusedOrOnlyGenuineContent() throws Exception {
    long seed = Long.getLong("jicp.xnet.seed", System.nanoTime());
    System.out.println("XNetEndpointTest bit flips, seed " + seed);
    SplittableRandom rnd = new SplittableRandom(seed);
    byte[] body = get(streamToB());
    XNetClient c = client(b, 1 << 20);
    StreamSlice genuine = c.check(a, 0, body);
    int cases = 0;
    int accepted = 0;
    for (int i = 0; i < body.length; i += 1 + rnd.nextInt(3)) {
      byte[] m = body.clone();
      m[i] ^= (byte) (1 << rnd.nextInt(8));
      cases++;
      try {
        StreamSlice s = c.check(a, 0, m);
        accepted++;
        assertThat(s.header()).as("byte " + i).isEqualTo(genuine.header());
        assertThat(genuine.messages().entrySet()).as("byte " + i)
            .containsAll(s.messages().entrySet());
        assertThat(s.messages().keySet()).as("byte " + i)
            .isEqualTo(genuine.messages().headMap((long) s.messages().size()).keySet());
      } catch (XNetClient.RefusedSliceException e) {
        assertThat(e.reason()).isIn(XNetClient.Refusal.MALFORMED, XNetClient.Refusal.INVALID,
            XNetClient.Refusal.UNKNOWN_SUBNET, XNetClient.Refusal.OUT_OF_ORDER);
      }
    }
    System.out.println("XNetEndpointTest bit flips: " + cases + " cases over " + body.length
        + " bytes, " + (cases - accepted) + " refused, " + accepted
        + " accepted with genuine content only");
    assertThat(cases).isGreaterThan(body.length / 3);
    assertThat(cases - accepted).isGreaterThan(cases * 3 / 4);
  }

  private static void assertRefused(SubnetId own, SubnetId sender, long from, byte[] body,
      XNetClient.Refusal reason) {
    assertRefused(own, sender, from, body, reason, 1 << 20);
  }

  private static void assertRefused(SubnetId own, SubnetId sender, long from, byte[] body,
      XNetClient.Refusal reason, int maxBytes) {
    assertThatThrownBy(() -> client(own, maxBytes).check(sender, from, body))
        .isInstanceOfSatisfying(XNetClient.RefusedSliceException.class,
            e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason));
  }
}
