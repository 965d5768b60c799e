package org.jicp.replica.net;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jicp.candid.CandidEncoder;
import org.jicp.candid.CandidValue;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.Principal;
import org.jicp.crypto.testing.SeededFuzz;
import org.jicp.replica.Replica;
import org.jicp.replica.demo.IcTour;
import org.jicp.replica.http.IcHttpApi;
import org.jicp.replica.node.XNet;
import org.jicp.state.MalformedEncodingException;
import org.jicp.state.certification.ThresholdPublicKey;
import org.jicp.state.ports.StreamSlice;
import org.jicp.state.tree.HashTree;
import org.jicp.types.CanisterId;
import org.jicp.types.Height;
import org.jicp.types.MessageId;
import org.jicp.types.SubnetId;
import org.jicp.types.ports.Certification;
import org.jicp.types.ports.CertifiedStreamSlice;
import org.jicp.wasm.cycles.FeeSchedule;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz targets for certified XNet stream slices (the bytes another subnet's endpoint serves, and
 * that blocks carry): {@link XNetEndpoint#decode} then {@link XNet#verify} through {@link
 * XNetClient#check}, and {@link XNet#verify} alone on a witness that a Byzantine sender subnet
 * certified (the decoders behind the signature check).
 *
 * <p>Outcomes. Over the wire, with the sender's real key: a {@link
 * XNetClient.RefusedSliceException} with its reason, or a slice with nothing but genuine content
 * (the genuine header, a run of the genuine messages). Certified by the sender whatever the
 * witness is (a verifier that accepts every signature, the certification's root set to the
 * witness's digest): a {@link StreamSlice} whose messages lie in its header's range, at most
 * {@link XNet#MAX_MESSAGES_PER_SLICE}, or an {@link XNet.InvalidSliceException}.
 *
 * <p>Fixture and seeds: as {@code XNetEndpointTest}, two single-node subnets of a deterministic
 * in-JVM replica, a relay on B calling a counter on A; A's slices to B (with the reply, the
 * header alone). Jazzer {@code @FuzzTest}s: committed inputs in {@code
 * src/test/resources/org/jicp/replica/net/XNetSliceFuzzTestInputs/<target>/}; {@code
 * JAZZER_FUZZ=1 -Dtest=XNetSliceFuzzTest#<target>} fuzzes one. docs/fuzzing.md has the runs.
 */
class XNetSliceFuzzTest {
  static final class Fixture {
    static final Replica IC;
    static final SubnetId A;
    static final SubnetId B;
    static final XNetEndpoint ENDPOINT;
    static final Map<SubnetId, ThresholdPublicKey> KEYS;
    static final StreamSlice GENUINE;
    static final List<byte[]> BODIES = new ArrayList<>();

    static {
      IC = Replica.builder().applicationSubnets(2).deterministic(22).build();
      A = IC.subnets().get(0).id();
      B = IC.subnets().get(1).id();
      CanisterId counter = IC.createCanister(A, FeeSchedule.DEFAULT_PROVISIONAL_CYCLES_BALANCE);
      IC.install(counter, IcTour.canister("counter"), CandidEncoder.empty());
      CanisterId relay = IC.createCanister(B, FeeSchedule.DEFAULT_PROVISIONAL_CYCLES_BALANCE);
      IC.install(relay, IcTour.canister("relay"), CandidEncoder.empty());
      MessageId id = IC.submit(Principal.anonymous(), relay, relay, "inc_on",
          CandidEncoder.encode(List.of(CandidValue.principal(counter.principal()))));
      for (int i = 0; i < 20 && IC.ingressStatus(relay, id).filter(s -> s.kind().isTerminal()).isEmpty(); i++) {
        IC.tick();
      }
      ENDPOINT = new XNetEndpoint(IC.subnet(A).stateManager()::latestCertifiedEntry);
      KEYS = Map.of(A, IC.subnet(A).publicKey(), B, IC.subnet(B).publicKey());
      String stream = XNetEndpoint.PREFIX + B.principal().toText();
      for (String q : List.of("?index=0&msg_limit=10", "?msg_limit=0", "?index=1")) {
        IcHttpApi.Answer r = ENDPOINT.handle("GET", stream + q);
        if (r.status() != 200) {
          throw new IllegalStateException(stream + q + ": " + r.status() + " " + new String(r.body(), StandardCharsets.UTF_8));
        }
        BODIES.add(r.body());
      }
      try {
        GENUINE = client().check(A, 0, BODIES.get(0));
      } catch (XNetClient.RefusedSliceException e) {
        throw new IllegalStateException(e);
      }
    }

    static XNetClient client() {
      return new XNetClient(B, Map.of(), s -> Optional.ofNullable(KEYS.get(s)),
          new XNetClient.Limits(1 << 20, 1_000, 100, 1_000), line -> { });
    }
  }

  private static volatile boolean started;

  @AfterAll
  static void close() {
    if (started) {
      Fixture.IC.close();
    }
  }

  /** Byte 0: the index asked for (0 or 1); the rest is the endpoint's answer. */
  @FuzzTest(maxDuration = "60s")
  void slice_anyBody_genuineContentOrRefused(byte[] data) {
    if (data.length == 0) {
      return;
    }
    started = true;
    long from = data[0] & 1;
    byte[] body = Arrays.copyOfRange(data, 1, data.length);
    XNetClient c = Fixture.client();
    StreamSlice s;
    try {
      s = c.check(Fixture.A, from, body);
    } catch (XNetClient.RefusedSliceException e) {
      if (e.getMessage() == null || e.reason() == null) {
        throw new AssertionError("a refusal without a reason for " + Bytes.hex(body));
      }
      return;
    }
    StreamSlice g = Fixture.GENUINE;
    if (!s.header().equals(g.header())) {
      throw new AssertionError("accepted a header other than the genuine one: " + Bytes.hex(body));
    }
    if (!g.messages().entrySet().containsAll(s.messages().entrySet())) {
      throw new AssertionError("accepted a message that is not genuine: " + Bytes.hex(body));
    }
  }

  private static final org.jicp.state.certification.CertificateSignatureVerifier ANY = (k, m, sig) -> true;

  /**
   * Byte 0 (mod 24): the payload's length, then the payload, then the witness's CBOR; certified
   * by A (any signature verifies) at the witness's digest.
   */
  @FuzzTest(maxDuration = "60s")
  void verify_byzantineCertifiedWitness_sliceOrInvalid(byte[] data) {
    if (data.length == 0) {
      return;
    }
    started = true;
    int n = Math.min((data[0] & 0xff) % 24, data.length - 1);
    byte[] payload = Arrays.copyOfRange(data, 1, 1 + n);
    byte[] witness = Arrays.copyOfRange(data, 1 + n, data.length);
    Bytes root;
    try {
      root = HashTree.decodeCbor(witness).digest();
    } catch (MalformedEncodingException e) {
      root = Bytes.of(new byte[32]);
    }
    CertifiedStreamSlice slice = new CertifiedStreamSlice(Bytes.of(payload), Bytes.of(witness),
        new Certification(Height.of(1), root, Bytes.of(new byte[48]), Fixture.A));
    StreamSlice s;
    try {
      s = XNet.verify(slice, Fixture.A, Fixture.B, Fixture.KEYS.get(Fixture.A), ANY);
    } catch (XNet.InvalidSliceException e) {
      return;
    }
    if (s.messages().size() > XNet.MAX_MESSAGES_PER_SLICE) {
      throw new AssertionError(s.messages().size() + " messages in a slice: " + Bytes.hex(data));
    }
    for (Long i : s.messages().keySet()) {
      if (i < s.header().begin() || i >= s.header().end()) {
        throw new AssertionError("message " + i + " outside the header's range: " + Bytes.hex(data));
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Seeds and the bounded runs of the default build

  static final List<String> NAMES = List.of("from-0-with-reply", "header-only", "from-1-at-end");

  static List<byte[]> wireSeeds() {
    List<byte[]> seeds = new ArrayList<>();
    for (int i = 0; i < Fixture.BODIES.size(); i++) {
      byte[] b = Fixture.BODIES.get(i);
      byte[] s = new byte[b.length + 1];
      s[0] = (byte) (i == 2 ? 1 : 0);
      System.arraycopy(b, 0, s, 1, b.length);
      seeds.add(s);
    }
    return seeds;
  }

  static List<byte[]> witnessSeeds() {
    List<byte[]> seeds = new ArrayList<>();
    for (byte[] b : Fixture.BODIES) {
      CertifiedStreamSlice c;
      try {
        c = XNetEndpoint.decode(b);
      } catch (XNetEndpoint.MalformedSliceException e) {
        throw new IllegalStateException(e);
      }
      byte[] p = c.payload().toByteArray();
      byte[] w = c.merkleProof().toByteArray();
      byte[] s = new byte[1 + p.length + w.length];
      s[0] = (byte) p.length;
      System.arraycopy(p, 0, s, 1, p.length);
      System.arraycopy(w, 0, s, 1 + p.length, w.length);
      seeds.add(s);
    }
    return seeds;
  }

  @Test
  void seeds_genuineSlicesAreAccepted() throws Exception {
    started = true;
    assertThat(Fixture.GENUINE.messages()).hasSize(1);
    List<byte[]> wire = wireSeeds();
    for (byte[] s : wire) {
      assertThat(Fixture.client().check(Fixture.A, s[0], Arrays.copyOfRange(s, 1, s.length)).header())
          .isEqualTo(Fixture.GENUINE.header());
    }
    for (byte[] s : witnessSeeds()) {
      verify_byzantineCertifiedWitness_sliceOrInvalid(s);
    }
  }

  @Test
  @Timeout(180)
  void seededMutation_slice_genuineContentOrRefused() {
    started = true;
    List<byte[]> seeds = wireSeeds();
    SeededFuzz.writeSeeds("slice_anyBody_genuineContentOrRefused", NAMES, seeds);
    assertThat(SeededFuzz.run("XNetSliceFuzzTest.slice", seeds, 600, this::slice_anyBody_genuineContentOrRefused))
        .isEqualTo(seeds.size() + SeededFuzz.iterations(600));
  }

  @Test
  @Timeout(180)
  void seededMutation_verify_sliceOrInvalid() {
    started = true;
    List<byte[]> seeds = witnessSeeds();
    SeededFuzz.writeSeeds("verify_byzantineCertifiedWitness_sliceOrInvalid", NAMES, seeds);
    assertThat(SeededFuzz.run("XNetSliceFuzzTest.verify", seeds, 3000, this::verify_byzantineCertifiedWitness_sliceOrInvalid))
        .isEqualTo(seeds.size() + SeededFuzz.iterations(3000));
  }
}
