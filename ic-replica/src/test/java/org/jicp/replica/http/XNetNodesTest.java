package org.jicp.replica.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jicp.candid.CandidDecoder;
import org.jicp.candid.CandidEncoder;
import org.jicp.candid.CandidValue;
import org.jicp.crypto.Bytes;
import org.jicp.replica.Replica;
import org.jicp.replica.demo.IcTour;
import org.jicp.replica.net.NodeBackend;
import org.jicp.replica.net.NodeConfig;
import org.jicp.replica.net.NodeRuntime;
import org.jicp.replica.net.RoutingHandler;
import org.jicp.replica.net.XNetClient;
import org.jicp.replica.net.XNetEndpoint;
import org.jicp.state.certification.Certificate;
import org.jicp.state.replicated.Stream;
import org.jicp.types.CanisterId;
import org.jicp.types.SubnetId;
import org.jicp.types.ports.Certification;
import org.jicp.types.ports.CertifiedStreamSlice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cross-subnet calls between testnet nodes over HTTP (issue 22, XNet): two single-node subnets,
 * each a {@link NodeRuntime} with its HTTP server ({@link RoutingHandler}: the IC interface and
 * {@link XNetEndpoint}) in this JVM on loopback. A relay on subnet B calls a counter on subnet A;
 * B's XNet client reaches A only through a forging endpoint that answers two requests out of
 * three with a forged certification or garbage: those are refused, nothing of them is inducted,
 * B keeps finalizing, and the genuine slices carry the request to A and the reply back; the
 * streams are garbage-collected on both sides once the signals come back.
 */
class XNetNodesTest {
  private static final byte[] EMPTY = CandidEncoder.empty();

  @TempDir Path dir;

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void relayCallsCounterOnOtherSubnet_throughForgingEndpoint_repliesAndStreamsCollected()
      throws Exception {
    List<NodeConfig.Address> addrs = List.of(
        new NodeConfig.Address(0, 0, "127.0.0.1", freePort(), freePort()),
        new NodeConfig.Address(1, 0, "127.0.0.1", freePort(), freePort()));
    NodeConfig base = new NodeConfig(22, System.currentTimeMillis() * 1_000_000L,
        List.of("application", "application"), 1, 200, 300, 19, addrs, 0, 0,
        dir.resolve("a").toString());
    String aUrl = "http://127.0.0.1:" + addrs.get(0).httpPort();
    AtomicInteger proxied = new AtomicInteger();
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    List<AutoCloseable> open = new ArrayList<>();
    try (IcHttpServer forger = IcHttpServer.builder().host("127.0.0.1").port(freePort())
        .ioThreads(1).workerThreads(1).start((method, uri, body) -> {
          HttpResponse<byte[]> r;
          try {
            r = http.send(HttpRequest.newBuilder(URI.create(aUrl + uri)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
          } catch (IOException | InterruptedException e) {
            return new IcHttpApi.Answer(503, "text/plain", new byte[0]);
          }
          if (r.statusCode() != 200) {
            return new IcHttpApi.Answer(r.statusCode(), "text/plain", r.body());
          }
          return switch (proxied.getAndIncrement() % 3) {
            case 0 -> new IcHttpApi.Answer(200, XNetEndpoint.CONTENT_TYPE, forge(r.body()));
            case 1 -> new IcHttpApi.Answer(200, XNetEndpoint.CONTENT_TYPE,
                "garbage".getBytes(StandardCharsets.UTF_8));
            default -> new IcHttpApi.Answer(200, XNetEndpoint.CONTENT_TYPE, r.body());
          };
        })) {
      NodeRuntime a = node(base.forNode(0, 0, dir.resolve("a").toString()), open,
          m -> m);
      NodeRuntime b = node(base.forNode(1, 0, dir.resolve("b").toString()), open,
          m -> Map.of(a.subnet().id(), List.of(URI.create(forger.url()))));
      RawIc na = new RawIc(aUrl);
      RawIc nb = new RawIc("http://127.0.0.1:" + addrs.get(1).httpPort());
      CanisterId ecidA = CanisterId.fromIndex(Replica.APP_RANGE_START);
      CanisterId ecidB = CanisterId.fromIndex(Replica.APP_RANGE_START + Replica.RANGE_SIZE);
      CanisterId counter = na.createCanister(ecidA);
      na.install(counter, IcTour.canister("counter"), "install");
      CanisterId relay = nb.createCanister(ecidB);
      nb.install(relay, IcTour.canister("relay"), "install");
      byte[] arg = CandidEncoder.encode(List.of(CandidValue.principal(counter.principal())));

      long[] millis = new long[3];
      long[] heights = new long[3];
      for (int call = 0; call < millis.length; call++) {
        long h0 = b.finalizedHeight().value();
        long t0 = System.nanoTime();
        Bytes reply = update(nb, ecidB, relay, "inc_on", arg);
        millis[call] = (System.nanoTime() - t0) / 1_000_000;
        heights[call] = b.finalizedHeight().value() - h0;
        CandidValue v = CandidDecoder.standard().decode(reply.toByteArray()).values().get(0);
        assertThat(((CandidValue.Nat64) v).bits()).isEqualTo(call + 1);
      }
      System.out.println("XNet over HTTP, relay on B -> counter on A, round trips: "
          + java.util.Arrays.toString(millis) + " ms, " + java.util.Arrays.toString(heights)
          + " heights of B; B's client: " + b.xnet().summary() + "; A's client: "
          + a.xnet().summary());
      // B (not the root subnet) fetched its NNS delegation from A's node: its certificates
      // verify under the root key alone, as agents check them.
      assertThat(a.delegation()).isEmpty();
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (b.delegation().isEmpty()) {
        assertThat(System.nanoTime()).as("B's delegation fetched").isLessThan(until);
        b.stateManager().awaitCertified(org.jicp.types.Height.of(
            b.stateManager().latestCertifiedHeight().value() + 1), 1_000);
      }
      RawIc.Http rs = nb.readState("canister", relay.principal(), List.of(List.of(
          Bytes.of("canister".getBytes(StandardCharsets.UTF_8)), relay.principal().bytes(),
          Bytes.of("module_hash".getBytes(StandardCharsets.UTF_8)))));
      assertThat(rs.status()).as(rs.text()).isEqualTo(200);
      Certificate served = Certificate.decode(((Bytes) rs.cbor().get("certificate")).toByteArray());
      assertThat(served.delegation()).isPresent();
      org.jicp.state.certification.CertificateVerification cv =
          org.jicp.state.certification.CertificateVerifier.withoutFreshness(
              a.genesis().root().publicKey(),
              org.jicp.state.certification.CertificateSignatureVerifier.ic())
              .verify(served, relay);
      assertThat(cv.isValid()).as(cv.reason().orElse("")).isTrue();
      assertThat(a.genesis().root().id()).isEqualTo(a.subnet().id());

      XNetClient cb = b.xnet();
      assertThat(cb.refused(XNetClient.Refusal.INVALID)).isPositive();
      assertThat(cb.refused(XNetClient.Refusal.MALFORMED)).isPositive();
      assertThat(a.xnet().refused(XNetClient.Refusal.INVALID)
          + a.xnet().refused(XNetClient.Refusal.MALFORMED)).isZero();

      // the signals collect both streams: B's requests to A once A's replies carry A's header
      // back, A's last reply once B's header-only slice reaches A
      SubnetId sa = a.subnet().id();
      SubnetId sb = b.subnet().id();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (true) {
        Stream ab = a.stateManager().latestCertifiedEntry().orElseThrow().state().metadata()
            .streams().get(sb);
        Stream ba = b.stateManager().latestCertifiedEntry().orElseThrow().state().metadata()
            .streams().get(sa);
        if (ab.begin() == 3 && ab.end() == 3 && ba.begin() == 3 && ba.end() == 3
            && ab.signalsEnd() == 3 && ba.signalsEnd() == 3) {
          break;
        }
        assertThat(System.nanoTime()).as("streams collected: A→B " + ab + ", B→A " + ba)
            .isLessThan(deadline);
        a.stateManager().awaitCertified(org.jicp.types.Height.of(
            a.stateManager().latestCertifiedHeight().value() + 1), 5_000);
      }
      long hb = b.finalizedHeight().value();
      assertThat(b.stateManager().awaitCertified(
          org.jicp.types.Height.of(b.stateManager().latestCertifiedHeight().value() + 3),
          60_000)).as("B keeps certifying").isTrue();
      assertThat(b.finalizedHeight().value()).isGreaterThan(hb);
    } finally {
      for (int i = open.size() - 1; i >= 0; i--) {
        open.get(i).close();
      }
    }
  }

  /** The slice with one bit of its certification's signature flipped. */
  private static byte[] forge(byte[] body) {
    try {
      CertifiedStreamSlice s = XNetEndpoint.decode(body);
      byte[] sig = s.certification().signature().toByteArray();
      sig[5] ^= 4;
      Certification c = s.certification();
      return XNetEndpoint.encode(new CertifiedStreamSlice(s.payload(), s.merkleProof(),
          new Certification(c.height(), c.rootHash(), Bytes.of(sig), c.signer())))
          .toByteArray();
    } catch (XNetEndpoint.MalformedSliceException e) {
      throw new AssertionError(e);
    }
  }

  private static NodeRuntime node(NodeConfig c, List<AutoCloseable> open,
      java.util.function.UnaryOperator<Map<SubnetId, List<URI>>> sources) throws Exception {
    NodeRuntime n = new NodeRuntime(c, line -> {
      if (line.contains("xnet") || line.contains("failed")) {
        System.out.println(line);
      }
    }, sources);
    NodeBackend backend = new NodeBackend(n);
    open.add(backend); // closes n
    IcHttpApi api = new IcHttpApi(backend,
        new IcSenderAuthenticator(backend.topology().rootKeyDer()),
        ReplicaBackend::systemNanos, Duration.ofSeconds(10));
    NodeConfig.Address me = c.address(c.subnet(), c.node());
    open.add(IcHttpServer.builder().host(me.host()).port(me.httpPort()).ioThreads(1)
        .workerThreads(2).start(new RoutingHandler(api, n)));
    return n;
  }

  /** A v3 call; while the answer is 202, read_state until the certified status is replied. */
  private static Bytes update(RawIc ic, CanisterId ecid, CanisterId canister, String method,
      byte[] arg) {
    return ic.update(ecid, canister, method, arg);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
