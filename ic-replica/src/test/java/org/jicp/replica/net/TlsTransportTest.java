package org.jicp.replica.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.jicp.crypto.Bytes;
import org.jicp.replica.node.ArtifactNetwork;
import org.jicp.types.NodeId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The TLS transport on loopback: delivery, authentication, bad frames, bounds, reconnects. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsTransportTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private final List<TlsTransport> open = new ArrayList<>();

  @AfterEach
  void close() {
    open.forEach(TlsTransport::close);
  }

  static NodeTlsIdentity identity(int i) {
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) (i + 1));
    return NodeTlsIdentity.fromSeed(NodeId.ofIndex(1000 + i), seed);
  }

  /** Free loopback ports: bound by transports that are closed at once. */
  private static int freePort() throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, LOOPBACK)) {
      return s.getLocalPort();
    }
  }

  private record Subnet(List<NodeTlsIdentity> ids, Map<NodeId, TlsTransport.Member> members) {}

  private static Subnet subnet(int n) throws IOException {
    List<NodeTlsIdentity> ids = new ArrayList<>();
    Map<NodeId, TlsTransport.Member> members = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      NodeTlsIdentity id = identity(i);
      ids.add(id);
      members.put(id.node(), new TlsTransport.Member(id.certificateDer(),
          new InetSocketAddress(LOOPBACK, freePort())));
    }
    return new Subnet(ids, members);
  }

  private TlsTransport start(Subnet s, int i, TlsTransport.Limits limits) {
    TlsTransport t = new TlsTransport(s.ids().get(i), s.members().get(s.ids().get(i).node())
        .address(), s.members(), limits);
    open.add(t);
    return t;
  }

  private List<TlsTransport> startAll(Subnet s) {
    List<TlsTransport> ts = new ArrayList<>();
    for (int i = 0; i < s.ids().size(); i++) {
      ts.add(start(s, i, TlsTransport.Limits.defaults()));
    }
    return ts;
  }

  /** Drains {@code t} until {@code n} deliveries came (waiting on its arrival signal). */
  private static List<ArtifactNetwork.Delivery> await(TlsTransport t, Semaphore arrivals, int n)
      throws InterruptedException {
    List<ArtifactNetwork.Delivery> got = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      got.addAll(t.drain());
      if (got.size() >= n) {
        return got;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0 || !arrivals.tryAcquire(left, TimeUnit.NANOSECONDS)) {
        got.addAll(t.drain());
        return got;
      }
    }
  }

  private static Semaphore arrivals(TlsTransport t) {
    Semaphore s = new Semaphore(0);
    t.onArrival(s::release);
    return s;
  }

  @Test
  void send_betweenFourMembers_everyFrameArrivesFromItsAuthenticatedSender() throws Exception {
    Subnet s = subnet(4);
    List<TlsTransport> ts = startAll(s);
    List<Semaphore> sems = ts.stream().map(TlsTransportTest::arrivals).toList();
    for (TlsTransport from : ts) {
      for (TlsTransport to : ts) {
        if (from != to) {
          from.send(from.node(), to.node(), ArtifactNetwork.Channel.CONSENSUS,
              Bytes.of(("c " + from.node()).getBytes()));
          from.send(from.node(), to.node(), ArtifactNetwork.Channel.CERTIFICATION,
              Bytes.of(("x " + from.node()).getBytes()));
        }
      }
    }
    for (int i = 0; i < 4; i++) {
      List<ArtifactNetwork.Delivery> got = await(ts.get(i), sems.get(i), 6);
      assertThat(got).hasSize(6);
      for (ArtifactNetwork.Delivery d : got) {
        assertThat(d.to()).isEqualTo(ts.get(i).node());
        String prefix = d.channel() == ArtifactNetwork.Channel.CONSENSUS ? "c " : "x ";
        assertThat(new String(d.bytes().toByteArray())).isEqualTo(prefix + d.from());
      }
      assertThat(ts.get(i).refusedHandshakes()).isZero();
    }
  }

  @Test
  void send_asAnotherNode_isRefused() throws Exception {
    Subnet s = subnet(4);
    TlsTransport t = start(s, 0, TlsTransport.Limits.defaults());
    assertThatThrownBy(() -> t.send(s.ids().get(1).node(), s.ids().get(2).node(),
        ArtifactNetwork.Channel.CONSENSUS, Bytes.of(new byte[1])))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sends for");
  }

  @Test
  void connect_withoutClientCertificate_isRefusedAndSubnetUnaffected() throws Exception {
    Subnet s = subnet(4);
    List<TlsTransport> ts = startAll(s);
    assertClosedByServer(tlsClient(null, ts.get(0).address()), frame(1, new byte[] {1}));
    assertThat(ts.get(0).refusedHandshakes()).isGreaterThanOrEqualTo(1);
    assertThat(ts.get(0).received()).isZero();
    assertStillDelivers(ts);
  }

  @Test
  void connect_withCertificateNotInRegistry_isRefused() throws Exception {
    Subnet s = subnet(4);
    List<TlsTransport> ts = startAll(s);
    NodeTlsIdentity stranger = identity(99);
    assertClosedByServer(tlsClient(stranger, ts.get(0).address()), frame(1, new byte[] {1}));
    assertThat(ts.get(0).refusedHandshakes()).isGreaterThanOrEqualTo(1);
    assertThat(ts.get(0).received()).isZero();
    assertStillDelivers(ts);
  }

  @Test
  void connect_garbageInsteadOfTls_isClosed() throws Exception {
    Subnet s = subnet(4);
    List<TlsTransport> ts = startAll(s);
    Socket raw = new Socket();
    raw.connect(ts.get(0).address(), 5_000);
    byte[] garbage = new byte[4096];
    new java.util.Random(7).nextBytes(garbage);
    System.out.println("garbage seed 7");
    assertClosedByServer(raw, garbage);
    assertThat(ts.get(0).refusedHandshakes()).isGreaterThanOrEqualTo(1);
    assertStillDelivers(ts);
  }

  @Test
  void frame_longerThanMaximum_closesTheMembersConnection() throws Exception {
    Subnet s = subnet(4);
    List<TlsTransport> ts = startAll(s);
    // an authenticated member (node 1's key) announcing a frame one byte over the maximum
    Socket c = tlsClient(s.ids().get(1), ts.get(0).address());
    byte[] header = new byte[5];
    java.nio.ByteBuffer.wrap(header).putInt(TlsTransport.DEFAULT_MAX_FRAME + 1).put((byte) 1);
    assertClosedByServer(c, header);
    assertThat(ts.get(0).refusedFrames()).isEqualTo(1);
    assertThat(ts.get(0).received()).isZero();
    assertStillDelivers(ts);
  }

  @Test
  void frame_ofUnknownKind_closesTheMembersConnection() throws Exception {
    Subnet s = subnet(4);
    List<TlsTransport> ts = startAll(s);
    Socket c = tlsClient(s.ids().get(2), ts.get(0).address());
    assertClosedByServer(c, frame(200, new byte[] {1, 2, 3}));
    assertThat(ts.get(0).refusedFrames()).isEqualTo(1);
    assertStillDelivers(ts);
  }

  @Test
  void send_largerThanMaximum_isRejectedBeforeQueueing() throws Exception {
    Subnet s = subnet(4);
    TlsTransport t = start(s, 0, new TlsTransport.Limits(1024, 10, 1 << 20, 5_000));
    assertThatThrownBy(() -> t.send(s.ids().get(1).node(), TlsTransport.KIND_USER,
        Bytes.of(new byte[1024]))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exceeds the maximum");
    assertThat(t.sent()).isZero();
  }

  @Test
  void send_toPeerThatIsDown_boundedQueueDropsOldest() throws Exception {
    Subnet s = subnet(4);
    TlsTransport t = start(s, 0, new TlsTransport.Limits(1024, 3, 1 << 20, 5_000));
    NodeId peer = s.ids().get(1).node();
    for (int i = 0; i < 5; i++) {
      t.send(t.node(), peer, ArtifactNetwork.Channel.CONSENSUS, Bytes.of(new byte[] {(byte) i}));
    }
    assertThat(t.droppedOutbound()).isEqualTo(2);
    // the peer comes up: the three newest frames arrive (the link dials again with backoff)
    TlsTransport p = start(s, 1, TlsTransport.Limits.defaults());
    List<ArtifactNetwork.Delivery> got = await(p, arrivals(p), 3);
    assertThat(got).extracting(d -> (int) d.bytes().toByteArray()[0]).containsExactly(2, 3, 4);
  }

  @Test
  void peerRestart_linkReconnects_laterFramesArrive() throws Exception {
    Subnet s = subnet(4);
    List<TlsTransport> ts = startAll(s);
    TlsTransport a = ts.get(0);
    TlsTransport b = ts.get(1);
    a.send(a.node(), b.node(), ArtifactNetwork.Channel.CONSENSUS, Bytes.of(new byte[] {1}));
    assertThat(await(b, arrivals(b), 1)).hasSize(1);
    b.close();
    open.remove(b);
    TlsTransport b2 = start(s, 1, TlsTransport.Limits.defaults());
    Semaphore sem = arrivals(b2);
    a.send(a.node(), b2.node(), ArtifactNetwork.Channel.CONSENSUS, Bytes.of(new byte[] {2}));
    List<ArtifactNetwork.Delivery> got = await(b2, sem, 1);
    assertThat(got).extracting(d -> (int) d.bytes().toByteArray()[0]).contains(2);
  }

  @Test
  void members_nodeRemoved_itsConnectionsCloseAndSendsFail() throws Exception {
    Subnet s = subnet(4);
    List<TlsTransport> ts = startAll(s);
    TlsTransport a = ts.get(0);
    NodeId gone = s.ids().get(3).node();
    Map<NodeId, TlsTransport.Member> next = new LinkedHashMap<>(s.members());
    next.remove(gone);
    a.members(next);
    assertThat(a.send(gone, TlsTransport.KIND_USER, Bytes.of(new byte[1]))).isFalse();
    // node 3 (still configured with the old members) can no longer get its frames in
    TlsTransport d = ts.get(3);
    d.send(d.node(), a.node(), ArtifactNetwork.Channel.CONSENSUS, Bytes.of(new byte[] {9}));
    ts.get(1).send(ts.get(1).node(), a.node(), ArtifactNetwork.Channel.CONSENSUS,
        Bytes.of(new byte[] {1}));
    List<ArtifactNetwork.Delivery> got = await(a, arrivals(a), 1);
    assertThat(got).extracting(ArtifactNetwork.Delivery::from).doesNotContain(gone);
  }

  @Test
  void identity_certificate_isSelfSignedEd25519NamingTheNode() throws Exception {
    NodeTlsIdentity id = identity(3);
    X509Certificate c = id.certificate();
    c.verify(c.getPublicKey());
    assertThat(c.getSubjectX500Principal().getName()).isEqualTo("CN=" + id.node());
    assertThat(c.getVersion()).isEqualTo(3);
    assertThat(c.getSigAlgName()).isEqualTo("Ed25519");
    assertThat(identity(3).certificateDer()).isEqualTo(id.certificateDer());
    assertThat(id.toString()).doesNotContain("seed");
  }

  private static Bytes random(int n, long seed) {
    byte[] b = new byte[n];
    new java.util.SplittableRandom(seed).nextBytes(b);
    return Bytes.of(b);
  }

  @Test
  void send_artifactOf1KiBOrMore_isAdvertisedAndFetchedSmallerOnesArePushed() throws Exception {
    Subnet s = subnet(4);
    List<TlsTransport> ts = startAll(s);
    List<Semaphore> sems = ts.stream().map(TlsTransportTest::arrivals).toList();
    TlsTransport a = ts.get(0);
    Bytes block = random(300_000, 1);
    Bytes share = random(TlsTransport.PUSH_THRESHOLD_BYTES - 1, 2);
    for (int i = 1; i < 4; i++) {
      a.send(a.node(), ts.get(i).node(), ArtifactNetwork.Channel.CONSENSUS, block);
      a.send(a.node(), ts.get(i).node(), ArtifactNetwork.Channel.CERTIFICATION, share);
    }
    for (int i = 1; i < 4; i++) {
      List<ArtifactNetwork.Delivery> got = await(ts.get(i), sems.get(i), 2);
      assertThat(got).hasSize(2);
      assertThat(got).filteredOn(d -> d.channel() == ArtifactNetwork.Channel.CONSENSUS)
          .singleElement().satisfies(d -> {
            assertThat(d.bytes()).isEqualTo(block);
            assertThat(d.from()).isEqualTo(a.node());
          });
      assertThat(got).filteredOn(d -> d.channel() == ArtifactNetwork.Channel.CERTIFICATION)
          .singleElement().satisfies(d -> assertThat(d.bytes()).isEqualTo(share));
      assertThat(ts.get(i).artifactsFetched()).isEqualTo(1);
      assertThat(ts.get(i).pendingFetches()).isZero();
    }
    assertThat(a.advertsSent()).isEqualTo(3);
    // a fetch not answered within 1 s (a loaded machine) is asked again: served at least once each
    assertThat(a.fetchesServed()).isGreaterThanOrEqualTo(3);
    assertThatThrownBy(() -> a.send(a.node(), ts.get(1).node(), ArtifactNetwork.Channel.CONSENSUS,
        Bytes.of(new byte[TlsTransport.DEFAULT_MAX_FRAME - 33])))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds the maximum");
  }

  @Test
  void broadcast_largeArtifact_keptOnceAndAdvertisedToEveryPeer() throws Exception {
    Subnet s = subnet(4);
    List<TlsTransport> ts = startAll(s);
    List<Semaphore> sems = ts.stream().map(TlsTransportTest::arrivals).toList();
    TlsTransport a = ts.get(0);
    Bytes block = random(200_000, 4);
    a.broadcast(ArtifactNetwork.Channel.CONSENSUS, block);
    a.broadcast(ArtifactNetwork.Channel.CERTIFICATION, Bytes.of(new byte[] {7}));
    for (int i = 1; i < 4; i++) {
      List<ArtifactNetwork.Delivery> got = await(ts.get(i), sems.get(i), 2);
      assertThat(got).extracting(ArtifactNetwork.Delivery::bytes)
          .containsExactlyInAnyOrder(block, Bytes.of(new byte[] {7}));
    }
    assertThat(a.advertsSent()).isEqualTo(3);
    assertThat(a.advertKeeps()).isEqualTo(1); // not once per peer
    assertThat(a.fetchesServed()).isGreaterThanOrEqualTo(3);
  }

  @Test
  void send_sameArtifactFromTwoPeers_deliveredOnce() throws Exception {
    Subnet s = subnet(3);
    List<TlsTransport> ts = startAll(s);
    TlsTransport a = ts.get(0);
    Semaphore sem = arrivals(a);
    Bytes block = random(50_000, 3);
    for (int i = 1; i < 3; i++) {
      ts.get(i).send(ts.get(i).node(), a.node(), ArtifactNetwork.Channel.CONSENSUS, block);
      // a marker behind each advert on the same connection
      ts.get(i).send(ts.get(i).node(), a.node(), ArtifactNetwork.Channel.CONSENSUS,
          Bytes.of(new byte[] {(byte) i}));
    }
    List<ArtifactNetwork.Delivery> got = await(a, sem, 3);
    assertThat(got).hasSize(3);
    assertThat(got).filteredOn(d -> d.bytes().equals(block)).hasSize(1);
    assertThat(a.artifactsFetched()).isEqualTo(1);
    assertThat(a.pendingFetches()).isZero();
    assertThat(ts.get(1).advertsSent() + ts.get(2).advertsSent()).isEqualTo(2);
  }

  @Test
  void fetch_advertiserNeverAnswers_theNextAdvertiserIsAskedAfterTheTimeout() throws Exception {
    Subnet s = subnet(4);
    TlsTransport a = start(s, 0, TlsTransport.Limits.defaults());
    TlsTransport c = start(s, 2, TlsTransport.Limits.defaults());
    Semaphore sem = arrivals(a);
    Bytes block = random(20_000, 4);
    Bytes id = Bytes.of(java.security.MessageDigest.getInstance("SHA-256")
        .digest(block.toByteArray()));
    // node 1 (its key, a raw client; its transport is down, so the fetch goes unanswered)
    try (Socket n1 = tlsClient(s.ids().get(1), a.address())) {
      n1.getOutputStream().write(frame(TlsTransport.KIND_ADVERT, advert(1, id, block.length())));
      n1.getOutputStream().flush();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (a.pendingFetches() == 0 && System.nanoTime() < deadline) {
        java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
      }
      assertThat(a.pendingFetches()).isEqualTo(1);
      c.send(c.node(), a.node(), ArtifactNetwork.Channel.CONSENSUS, block);
      List<ArtifactNetwork.Delivery> got = await(a, sem, 1);
      assertThat(got).singleElement().satisfies(d -> {
        assertThat(d.bytes()).isEqualTo(block);
        assertThat(d.from()).isEqualTo(c.node());
      });
      assertThat(c.fetchesServed()).isEqualTo(1);
      assertThat(a.refusedFrames()).isZero();
    }
  }

  @Test
  void artifact_notHashingToItsId_closesTheConnectionAndIsNotDelivered() throws Exception {
    Subnet s = subnet(4);
    List<TlsTransport> ts = startAll(s);
    TlsTransport a = ts.get(0);
    Bytes block = random(5_000, 5);
    Bytes id = Bytes.of(java.security.MessageDigest.getInstance("SHA-256")
        .digest(block.toByteArray()));
    byte[] forged = new byte[1 + 32 + 5_000];
    forged[0] = 1;
    System.arraycopy(id.toByteArray(), 0, forged, 1, 32);
    Socket c = tlsClient(s.ids().get(3), a.address());
    byte[] both = concat(frame(TlsTransport.KIND_ADVERT, advert(1, id, 5_000)),
        frame(TlsTransport.KIND_ARTIFACT, forged));
    assertClosedByServer(c, both);
    assertThat(a.refusedFrames()).isEqualTo(1);
    assertThat(a.artifactsFetched()).isZero();
    assertThat(a.drain()).isEmpty();
    assertStillDelivers(ts);
  }

  @Test
  void advertProtocol_malformedFrames_closeTheMembersConnection() throws Exception {
    Subnet s = subnet(4);
    List<TlsTransport> ts = startAll(s);
    TlsTransport a = ts.get(0);
    Bytes id = Bytes.of(new byte[32]);
    List<byte[]> bad = List.of(
        frame(TlsTransport.KIND_ADVERT, new byte[36]), // one byte short
        frame(TlsTransport.KIND_ADVERT, advert(9, id, 5_000)), // no such channel
        frame(TlsTransport.KIND_ADVERT, advert(1, id, 0)), // empty
        frame(TlsTransport.KIND_ADVERT, advert(1, id, TlsTransport.DEFAULT_MAX_FRAME)), // unfetchable
        frame(TlsTransport.KIND_FETCH, new byte[31]),
        frame(TlsTransport.KIND_ARTIFACT, new byte[33]));
    for (byte[] f : bad) {
      assertClosedByServer(tlsClient(s.ids().get(2), a.address()), f);
    }
    assertThat(a.refusedFrames()).isEqualTo(bad.size());
    assertThat(a.pendingFetches()).isZero();
    // a fetch of an id never advertised is answered by nothing and closes nothing
    Socket ok = tlsClient(s.ids().get(2), a.address());
    ok.getOutputStream().write(frame(TlsTransport.KIND_FETCH, new byte[32]));
    ok.getOutputStream().flush();
    assertStillDelivers(ts);
    assertThat(a.refusedFrames()).isEqualTo(bad.size());
    assertThat(a.fetchesServed()).isZero();
    ok.close();
  }

  private static byte[] advert(int channel, Bytes id, int size) {
    return java.nio.ByteBuffer.allocate(37).put((byte) channel).put(id.toByteArray()).putInt(size)
        .array();
  }

  private static byte[] concat(byte[] x, byte[] y) {
    byte[] out = Arrays.copyOf(x, x.length + y.length);
    System.arraycopy(y, 0, out, x.length, y.length);
    return out;
  }

  private void assertStillDelivers(List<TlsTransport> ts) throws Exception {
    TlsTransport a = ts.get(0);
    Semaphore sem = arrivals(a);
    for (int i = 1; i < ts.size(); i++) {
      ts.get(i).send(ts.get(i).node(), a.node(), ArtifactNetwork.Channel.CONSENSUS,
          Bytes.of(new byte[] {(byte) i}));
    }
    assertThat(await(a, sem, ts.size() - 1)).hasSize(ts.size() - 1);
  }

  private static byte[] frame(int kind, byte[] payload) {
    byte[] f = new byte[5 + payload.length];
    java.nio.ByteBuffer.wrap(f).putInt(payload.length + 1).put((byte) kind).put(payload);
    return f;
  }

  /** A TLS 1.3 client presenting {@code id} (none if null), trusting any server. */
  private static Socket tlsClient(NodeTlsIdentity id, InetSocketAddress to) throws Exception {
    SSLContext ctx = SSLContext.getInstance("TLSv1.3");
    TrustManager trustAll = new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) { }

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) { }

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    };
    ctx.init(id == null ? null : id.keyManagerFactory().getKeyManagers(),
        new TrustManager[] {trustAll}, new java.security.SecureRandom());
    SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket();
    s.connect(to, 5_000);
    s.setEnabledProtocols(new String[] {"TLSv1.3"});
    return s;
  }

  /** Writes {@code bytes} and expects the server to close the connection within 10 s. */
  private static void assertClosedByServer(Socket s, byte[] bytes) throws Exception {
    s.setSoTimeout(10_000);
    try (s) {
      boolean closed;
      try {
        OutputStream o = s.getOutputStream();
        new DataOutputStream(o).write(bytes);
        o.flush();
        InputStream in = s.getInputStream();
        closed = in.read() < 0;
      } catch (java.net.SocketTimeoutException e) {
        closed = false;
      } catch (IOException e) {
        closed = true; // handshake failure or reset: the server refused the connection
      }
      assertThat(closed).as("server closed the connection").isTrue();
    }
  }
}
