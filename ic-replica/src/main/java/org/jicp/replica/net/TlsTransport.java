package org.jicp.replica.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslProvider;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.X509ExtendedTrustManager;
import org.jicp.crypto.Bytes;
import org.jicp.replica.node.ArtifactNetwork;
import org.jicp.types.NodeId;

/**
 * The transport between the nodes of a subnet in different processes: TLS 1.3 over TCP (Netty),
 * both sides authenticated by the node identity the registry publishes, as on the IC.
 *
 * <ul>
 *   <li><b>Authentication</b>: each side presents its {@link NodeTlsIdentity}; a peer is accepted
 *       only if its certificate is byte for byte the registered certificate of a current member
 *       ({@link #members}), and a dialled peer only if it is the node dialled. Anything else
 *       (no certificate, an unknown one, not TLS at all) fails the handshake and is closed.
 *   <li><b>Frames</b>: {@code u32 length ‖ u8 kind ‖ payload}, at most {@code maxFrameBytes}; a
 *       longer length prefix or an unknown kind closes the connection (counted in
 *       {@link #refusedFrames}).
 *   <li><b>Connections</b>: each node dials every member for what it sends (one outbound
 *       connection per peer) and reads what the others' outbound connections bring.
 *       A lost connection is dialled again with exponential backoff (50 ms doubling to 5 s).
 *   <li><b>Bounds</b>: per peer, at most {@code maxQueuedFrames} frames wait to be sent (the oldest
 *       is dropped beyond, counted in {@link #droppedOutbound}); Netty's write-buffer watermarks
 *       hold frames back while the socket is slow. Received artifacts wait in {@link #drain}'s
 *       queue; while more than {@code maxQueuedFrames} of one peer wait, or its byte rate exceeds
 *       {@code maxBytesPerSecond}, that peer's connection stops being read (TCP backpressure).
 *   <li><b>Membership</b>: {@link #members} replaces the member set (a node added or removed at a
 *       new registry version): removed peers' connections close, new ones are dialled.
 *   <li><b>Adverts</b>: as dfinity/ic's consensus manager does, a consensus or certification
 *       artifact smaller than 1 KiB is pushed; a larger one (a block with its payload, a DKG
 *       dealing) is kept by the sender and only advertised ({@code ADVERT}: channel, SHA-256 id,
 *       size). The receiver fetches it ({@code FETCH}: id) from one advertiser at a time, checks
 *       the answer ({@code ARTIFACT}) against the id, fetches an artifact that several peers
 *       advertise at about the same time once, asks the next advertiser after 1 s without an
 *       answer and gives up after 30 s ({@link AdvertBook}). An answer that does not hash to its id, a malformed advert or
 *       fetch, or an advert larger than a frame closes the connection ({@link #refusedFrames}).
 *       The frame layout is jicp's own (the IC's P2P speaks QUIC with protobuf slot updates).
 * </ul>
 *
 * <p>As an {@link ArtifactNetwork} it carries the consensus and certification channels of the one
 * local node; other kinds (ingress gossip, state sync) are sent with {@link #send(NodeId, int,
 * Bytes)} and received by handlers registered with {@link #onFrame}.
 */
public final class TlsTransport implements ArtifactNetwork, AutoCloseable {
  /** Frame kind: a consensus artifact. */
  public static final int KIND_CONSENSUS = 1;
  /** Frame kind: a certification artifact. */
  public static final int KIND_CERTIFICATION = 2;
  /** Frame kind: an advert of a large artifact ({@code u8 channel kind ‖ id[32] ‖ u32 size}). */
  public static final int KIND_ADVERT = 3;
  /** Frame kind: a fetch of an advertised artifact ({@code id[32]}). */
  public static final int KIND_FETCH = 4;
  /** Frame kind: a fetched artifact ({@code u8 channel kind ‖ id[32] ‖ bytes}). */
  public static final int KIND_ARTIFACT = 5;
  /** Artifacts of at least this many bytes are advertised and fetched, smaller ones pushed. */
  public static final int PUSH_THRESHOLD_BYTES = AdvertBook.PUSH_THRESHOLD_BYTES;
  /** The first kind free for other protocols (ingress gossip, state sync). */
  public static final int KIND_USER = 16;
  /** The default maximum frame: 8 MiB (a 4 MiB block payload with room for its envelope). */
  public static final int DEFAULT_MAX_FRAME = 8 << 20;

  /**
   * A member of the subnet: its registered TLS certificate and where it listens.
   *
   * @param certificateDer the certificate (DER), as the registry holds it
   * @param address where the node accepts connections
   */
  public record Member(Bytes certificateDer, InetSocketAddress address) {}

  /**
   * Limits.
   *
   * @param maxFrameBytes the largest frame (kind and payload)
   * @param maxQueuedFrames frames per peer waiting to be sent or drained
   * @param maxBytesPerSecond bytes per second read from one peer before reading pauses
   * @param handshakeTimeoutMillis how long a TLS handshake may take
   */
  public record Limits(int maxFrameBytes, int maxQueuedFrames, long maxBytesPerSecond,
      long handshakeTimeoutMillis) {
    /** Checks the limits. */
    public Limits {
      if (maxFrameBytes < 2 || maxQueuedFrames < 1 || maxBytesPerSecond < maxFrameBytes
          || handshakeTimeoutMillis < 1) {
        throw new IllegalArgumentException("bad transport limits: " + maxFrameBytes + " B frames, "
            + maxQueuedFrames + " frames queued, " + maxBytesPerSecond + " B/s");
      }
    }

    /** 8 MiB frames, 10,000 queued per peer, 256 MiB/s per peer, 5 s handshakes. */
    public static Limits defaults() {
      return new Limits(DEFAULT_MAX_FRAME, 10_000, 256L << 20, 5_000);
    }
  }

  private final NodeTlsIdentity identity;
  private final Limits limits;
  private final EventLoopGroup group = new NioEventLoopGroup(1, r -> {
    Thread t = new Thread(r, "jicp-transport");
    t.setDaemon(true);
    return t;
  });
  private final io.netty.channel.Channel server;
  private final SslContext serverContext;
  private final SslContext clientContext;
  private volatile Map<NodeId, Member> members = Map.of();
  private final Map<NodeId, Link> links = new ConcurrentHashMap<>();
  private final Map<Integer, BiConsumer<NodeId, Bytes>> handlers = new ConcurrentHashMap<>();
  private final List<Delivery> inbound = new ArrayList<>();
  private final Map<NodeId, Integer> inboundPerPeer = new ConcurrentHashMap<>();
  private final List<io.netty.channel.Channel> paused = new ArrayList<>();
  private final Map<io.netty.channel.Channel, NodeId> accepted = new ConcurrentHashMap<>();
  private volatile Runnable onArrival = () -> { };
  private volatile boolean closed;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong refusedHandshakes = new AtomicLong();
  private final AtomicLong refusedFrames = new AtomicLong();
  private final AtomicLong droppedOutbound = new AtomicLong();
  private final AdvertBook adverts;
  private final AtomicLong advertsSent = new AtomicLong();
  private final AtomicLong fetchesServed = new AtomicLong();
  private final AtomicLong artifactsFetched = new AtomicLong();

  /**
   * Starts listening on {@code listen} (port 0: any free port) and dials {@code members} other
   * than the local node.
   */
  public TlsTransport(NodeTlsIdentity identity, InetSocketAddress listen,
      Map<NodeId, Member> members, Limits limits) {
    this.identity = identity;
    this.limits = limits;
    // Kept for peers' fetches: 1,024 artifacts or 8 frames' worth, whichever is less.
    this.adverts = new AdvertBook(1_024, 8L * limits.maxFrameBytes(), 4_096, 16_384);
    try {
      MemberTrust trust = new MemberTrust();
      this.serverContext = SslContextBuilder.forServer(identity.keyManagerFactory())
          .sslProvider(SslProvider.JDK).protocols("TLSv1.3").clientAuth(ClientAuth.REQUIRE)
          .trustManager(trust).build();
      this.clientContext = SslContextBuilder.forClient()
          .keyManager(identity.keyManagerFactory())
          .sslProvider(SslProvider.JDK).protocols("TLSv1.3").trustManager(trust).build();
    } catch (SSLException e) {
      group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      throw new IllegalStateException("cannot set up TLS for " + identity.node(), e);
    }
    this.members = Map.copyOf(members);
    ServerBootstrap sb = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.AUTO_READ, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            SSLEngine engine = serverContext.newEngine(ch.alloc());
            SslHandler ssl = new SslHandler(engine);
            ssl.setHandshakeTimeoutMillis(limits.handshakeTimeoutMillis());
            ch.pipeline().addLast(ssl,
                new LengthFieldBasedFrameDecoder(limits.maxFrameBytes(), 0, 4, 0, 4, true),
                new Reader());
          }
        });
    try {
      this.server = sb.bind(listen).sync().channel();
    } catch (Exception e) {
      group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      throw new IllegalStateException("cannot listen on " + listen + ": " + e.getMessage(), e);
    }
    for (NodeId n : this.members.keySet()) {
      if (!n.equals(identity.node())) {
        link(n);
      }
    }
    group.scheduleAtFixedRate(this::refetch, 250, 250, TimeUnit.MILLISECONDS);
  }

  /** Asks the next advertiser of each fetch not answered in time. */
  private void refetch() {
    for (AdvertBook.Fetch f : adverts.due(System.nanoTime())) {
      send(f.peer(), KIND_FETCH, f.id());
    }
  }

  /** The local node. */
  public NodeId node() {
    return identity.node();
  }

  /** Where this node accepts connections. */
  public InetSocketAddress address() {
    return (InetSocketAddress) server.localAddress();
  }

  /** Calls {@code r} (on the transport's thread) whenever something arrives for {@link #drain}. */
  public void onArrival(Runnable r) {
    this.onArrival = r;
  }

  /** Handles frames of {@code kind} (at least {@link #KIND_USER}) on the transport's thread. */
  public void onFrame(int kind, BiConsumer<NodeId, Bytes> handler) {
    if (kind < KIND_USER || kind > 255) {
      throw new IllegalArgumentException("user frame kinds are " + KIND_USER + "..255: " + kind);
    }
    handlers.put(kind, handler);
  }

  /** The current members. */
  public Map<NodeId, Member> members() {
    return members;
  }

  /**
   * Replaces the subnet's members (a new registry version): connections to and from removed
   * nodes close, added nodes are dialled.
   */
  public synchronized void members(Map<NodeId, Member> next) {
    Map<NodeId, Member> before = this.members;
    this.members = Map.copyOf(next);
    synchronized (inbound) { // what a removed (or re-keyed) node sent is no longer delivered
      inbound.removeIf(d -> !this.members.containsKey(d.from())
          || !this.members.get(d.from()).equals(before.get(d.from())));
    }
    for (NodeId n : before.keySet()) {
      Member now = next.get(n);
      if (now == null || !now.equals(before.get(n))) {
        Link l = links.remove(n);
        if (l != null) {
          l.close();
        }
        if (now == null) {
          adverts.forget(n);
        }
        accepted.forEach((ch, peer) -> {
          if (peer.equals(n)) {
            ch.close();
          }
        });
      }
    }
    for (NodeId n : next.keySet()) {
      if (!n.equals(identity.node()) && !links.containsKey(n)) {
        link(n);
      }
    }
  }

  private void link(NodeId n) {
    Link l = new Link(n);
    links.put(n, l);
    l.dial();
  }

  @Override
  public void send(NodeId from, NodeId to, ArtifactNetwork.Channel channel, Bytes bytes) {
    if (!from.equals(identity.node())) {
      throw new IllegalArgumentException("this transport sends for " + identity.node()
          + " only, not " + from);
    }
    int kind = kindOf(channel);
    if (bytes.length() < PUSH_THRESHOLD_BYTES) {
      send(to, kind, bytes);
      return;
    }
    advertise(to, keep(kind, bytes));
  }

  private static int kindOf(ArtifactNetwork.Channel channel) {
    return channel == Channel.CONSENSUS ? KIND_CONSENSUS : KIND_CERTIFICATION;
  }

  /** Keeps a large artifact for peers' fetches; its advert frame. */
  private Bytes keep(int kind, Bytes bytes) {
    if (bytes.length() + 2 + AdvertBook.ID_BYTES > limits.maxFrameBytes()) {
      throw new IllegalArgumentException("artifact of " + bytes.length()
          + " bytes exceeds the maximum of " + (limits.maxFrameBytes() - 2 - AdvertBook.ID_BYTES));
    }
    Bytes id = adverts.id(bytes);
    adverts.keep(id, kind, bytes);
    java.nio.ByteBuffer advert = java.nio.ByteBuffer.allocate(1 + AdvertBook.ID_BYTES + 4);
    advert.put((byte) kind).put(id.toByteArray()).putInt(bytes.length());
    return Bytes.of(advert.array());
  }

  private void advertise(NodeId to, Bytes advert) {
    if (send(to, KIND_ADVERT, advert)) {
      advertsSent.incrementAndGet();
    }
  }

  /**
   * Faults injected into this node's outbound frames (tests of safety and liveness under a bad
   * network): each frame is dropped with probability {@code dropRate}, else delayed by a uniform
   * 0 to {@code maxDelayMillis} (so frames also arrive out of order).
   *
   * @param dropRate the probability a frame is dropped, in [0, 1]
   * @param maxDelayMillis the largest delay
   * @param seed the seed of the draws
   */
  public record Faults(double dropRate, long maxDelayMillis, long seed) {
    /** Checks the parameters. */
    public Faults {
      if (!(dropRate >= 0 && dropRate <= 1) || maxDelayMillis < 0) {
        throw new IllegalArgumentException("bad faults: drop " + dropRate + ", delay "
            + maxDelayMillis + " ms");
      }
    }
  }

  private volatile Faults faults;
  private java.util.SplittableRandom faultDraws;
  private final AtomicLong faultDrops = new AtomicLong();

  /** Injects {@code f} into the outbound frames from now on; {@code null} stops the faults. */
  public synchronized void faults(Faults f) {
    faultDraws = f == null ? null : new java.util.SplittableRandom(f.seed());
    faults = f;
  }

  /** Frames dropped by injected faults. */
  public long faultDrops() {
    return faultDrops.get();
  }

  /**
   * Queues a frame of {@code kind} to {@code to}; false if {@code to} is not a member (or is the
   * local node).
   *
   * @throws IllegalArgumentException if the frame exceeds the maximum size
   */
  public boolean send(NodeId to, int kind, Bytes payload) {
    if (payload.length() + 1 > limits.maxFrameBytes()) {
      throw new IllegalArgumentException("frame of " + (payload.length() + 1)
          + " bytes exceeds the maximum of " + limits.maxFrameBytes());
    }
    Link l = links.get(to);
    if (l == null) {
      return false;
    }
    sent.incrementAndGet();
    Faults f = faults;
    if (f != null) {
      double drop;
      long delay;
      synchronized (this) {
        if (faultDraws == null) {
          drop = 1;
          delay = 0;
        } else {
          drop = faultDraws.nextDouble();
          delay = f.maxDelayMillis() == 0 ? 0 : faultDraws.nextLong(f.maxDelayMillis() + 1);
        }
      }
      if (drop < f.dropRate()) {
        faultDrops.incrementAndGet();
        return true;
      }
      if (delay > 0) {
        try {
          group.schedule(() -> l.enqueue(kind, payload), delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
          faultDrops.incrementAndGet(); // closing
        }
        return true;
      }
    }
    l.enqueue(kind, payload);
    return true;
  }

  /**
   * Sends a consensus or certification artifact of the local node to every member but itself:
   * pushed under {@link #PUSH_THRESHOLD_BYTES}, advertised from there on.
   */
  public void broadcast(ArtifactNetwork.Channel channel, Bytes bytes) {
    int kind = kindOf(channel);
    if (bytes.length() < PUSH_THRESHOLD_BYTES) {
      broadcast(kind, bytes);
      return;
    }
    Bytes advert = keep(kind, bytes); // kept once, advertised to each peer
    for (NodeId n : links.keySet()) {
      advertise(n, advert);
    }
  }

  /** Sends a frame to every member but the local node. */
  public void broadcast(int kind, Bytes payload) {
    for (NodeId n : links.keySet()) {
      send(n, kind, payload);
    }
  }

  @Override
  public List<Delivery> drain() {
    List<Delivery> out;
    List<io.netty.channel.Channel> resume;
    synchronized (inbound) {
      out = new ArrayList<>(inbound);
      inbound.clear();
      inboundPerPeer.clear();
      resume = new ArrayList<>(paused);
      paused.clear();
    }
    for (io.netty.channel.Channel ch : resume) {
      ch.config().setAutoRead(true);
    }
    return out;
  }

  @Override
  public long sent() {
    return sent.get();
  }

  /** Frames received from authenticated peers. */
  public long received() {
    return received.get();
  }

  /** Connections refused in the TLS handshake (unauthenticated, unknown certificate, not TLS). */
  public long refusedHandshakes() {
    return refusedHandshakes.get();
  }

  /** Connections closed for a bad frame (too long, unknown kind). */
  public long refusedFrames() {
    return refusedFrames.get();
  }

  /** Large artifacts advertised to a peer instead of pushed. */
  public long advertsSent() {
    return advertsSent.get();
  }

  /** Fetches of this node's advertised artifacts answered. */
  public long fetchesServed() {
    return fetchesServed.get();
  }

  /** Advertised artifacts fetched from peers, checked against their ids and delivered. */
  public long artifactsFetched() {
    return artifactsFetched.get();
  }

  /** Fetches given up: no advertiser answered within 30 s, or every advertiser left. */
  public long abandonedFetches() {
    return adverts.abandoned();
  }

  /** Large artifacts kept for peers' fetches so far (once per artifact sent or broadcast). */
  long advertKeeps() {
    return adverts.keeps();
  }

  /** Fetches in flight. */
  public int pendingFetches() {
    return adverts.pendingCount();
  }

  /** Frames dropped because a peer's send queue was full. */
  public long droppedOutbound() {
    return droppedOutbound.get();
  }

  /** The peers this node has an authenticated outbound connection to. */
  public List<NodeId> connectedPeers() {
    List<NodeId> out = new ArrayList<>();
    links.forEach((n, l) -> {
      io.netty.channel.Channel ch = l.channel;
      if (ch != null && ch.isActive() && l.ready) {
        out.add(n);
      }
    });
    out.sort(null);
    return out;
  }

  @Override
  public void close() {
    closed = true;
    links.values().forEach(Link::close);
    server.close();
    accepted.keySet().forEach(io.netty.channel.Channel::close);
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private Optional<NodeId> memberOf(X509Certificate c) throws CertificateException {
    byte[] der = c.getEncoded();
    for (Map.Entry<NodeId, Member> e : members.entrySet()) {
      if (Arrays.equals(e.getValue().certificateDer().toByteArray(), der)) {
        return Optional.of(e.getKey());
      }
    }
    return Optional.empty();
  }

  private static Optional<X509Certificate> peerCertificate(SslHandler ssl) {
    try {
      var certs = ssl.engine().getSession().getPeerCertificates();
      return certs.length == 1 && certs[0] instanceof X509Certificate x
          ? Optional.of(x) : Optional.empty();
    } catch (SSLPeerUnverifiedException e) {
      return Optional.empty();
    }
  }

  /** Trusts exactly the registered certificates of the current members. */
  private final class MemberTrust extends X509ExtendedTrustManager {
    private void check(X509Certificate[] chain) throws CertificateException {
      if (chain == null || chain.length != 1) {
        throw new CertificateException("a node presents exactly one self-signed certificate");
      }
      if (memberOf(chain[0]).isEmpty()) {
        throw new CertificateException("certificate not registered for a member of the subnet");
      }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket s)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket s)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine e)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine e)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      check(chain);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }

  /** Reads frames from an accepted connection once its peer is authenticated. */
  private final class Reader extends ChannelInboundHandlerAdapter {
    private NodeId peer;
    private double tokens = limits.maxBytesPerSecond();
    private long last = System.nanoTime();

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof SslHandshakeCompletionEvent e) {
        Optional<NodeId> who = Optional.empty();
        if (e.isSuccess()) {
          try {
            Optional<X509Certificate> c = peerCertificate(ctx.pipeline().get(SslHandler.class));
            who = c.isPresent() ? memberOf(c.get()) : Optional.empty();
          } catch (CertificateException ex) {
            who = Optional.empty();
          }
        }
        if (who.isEmpty() || who.get().equals(identity.node())) {
          refusedHandshakes.incrementAndGet();
          ctx.close();
          return;
        }
        peer = who.get();
        accepted.put(ctx.channel(), peer);
      }
      ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      accepted.remove(ctx.channel());
      ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf b = (ByteBuf) msg;
      try {
        if (peer == null || b.readableBytes() < 1) {
          refusedFrames.incrementAndGet();
          ctx.close();
          return;
        }
        if (!members.containsKey(peer)) { // removed since its handshake: the close is under way
          refusedFrames.incrementAndGet();
          ctx.close();
          return;
        }
        int kind = b.readUnsignedByte();
        byte[] payload = new byte[b.readableBytes()];
        b.readBytes(payload);
        throttle(ctx, payload.length + 5);
        if (kind == KIND_CONSENSUS || kind == KIND_CERTIFICATION) {
          received.incrementAndGet();
          deliver(ctx, kind, Bytes.of(payload));
          return;
        }
        if (kind == KIND_ADVERT || kind == KIND_FETCH || kind == KIND_ARTIFACT) {
          received.incrementAndGet();
          if (!advertProtocol(ctx, kind, payload)) {
            refusedFrames.incrementAndGet();
            ctx.close();
          }
          return;
        }
        BiConsumer<NodeId, Bytes> h = handlers.get(kind);
        if (h == null) {
          refusedFrames.incrementAndGet();
          ctx.close();
          return;
        }
        received.incrementAndGet();
        h.accept(peer, Bytes.of(payload));
      } finally {
        b.release();
      }
    }

    /** Queues an artifact for {@link #drain}, pausing the connection beyond the bound. */
    private void deliver(ChannelHandlerContext ctx, int kind, Bytes bytes) {
      boolean pause;
      synchronized (inbound) {
        if (!members.containsKey(peer)) {
          return; // removed meanwhile (members() purges under this lock after replacing the set)
        }
        inbound.add(new Delivery(peer, identity.node(), kind == KIND_CONSENSUS
            ? ArtifactNetwork.Channel.CONSENSUS : ArtifactNetwork.Channel.CERTIFICATION, bytes));
        int n = inboundPerPeer.merge(peer, 1, Integer::sum);
        pause = n >= limits.maxQueuedFrames();
        if (pause) {
          paused.add(ctx.channel());
        }
      }
      if (pause) {
        ctx.channel().config().setAutoRead(false);
      }
      onArrival.run();
    }

    /**
     * An {@code ADVERT}, {@code FETCH} or {@code ARTIFACT} frame from {@code peer}; false if it is
     * malformed (the connection is then closed).
     */
    private boolean advertProtocol(ChannelHandlerContext ctx, int kind, byte[] payload) {
      java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(payload);
      int idLen = AdvertBook.ID_BYTES;
      switch (kind) {
        case KIND_ADVERT -> {
          if (payload.length != 1 + idLen + 4) {
            return false;
          }
          int channel = b.get();
          Bytes id = Bytes.of(java.util.Arrays.copyOfRange(payload, 1, 1 + idLen));
          int size = b.getInt(1 + idLen);
          if ((channel != KIND_CONSENSUS && channel != KIND_CERTIFICATION) || size < 1
              || size > limits.maxFrameBytes() - 2 - idLen) {
            return false;
          }
          adverts.onAdvert(peer, id, channel, size, System.nanoTime())
              .ifPresent(from -> send(from, KIND_FETCH, id));
          return true;
        }
        case KIND_FETCH -> {
          if (payload.length != idLen) {
            return false;
          }
          Bytes id = Bytes.of(payload);
          adverts.kept(id).ifPresent(a -> {
            byte[] answer = new byte[1 + idLen + a.payload().length()];
            answer[0] = (byte) a.kind();
            System.arraycopy(payload, 0, answer, 1, idLen);
            System.arraycopy(a.payload().toByteArray(), 0, answer, 1 + idLen, a.payload().length());
            if (send(peer, KIND_ARTIFACT, Bytes.of(answer))) {
              fetchesServed.incrementAndGet();
            }
          });
          return true; // an artifact no longer kept: the fetcher asks another advertiser
        }
        default -> {
          if (payload.length < 1 + idLen + 1) {
            return false;
          }
          int channel = payload[0];
          Bytes id = Bytes.of(java.util.Arrays.copyOfRange(payload, 1, 1 + idLen));
          Bytes bytes = Bytes.of(java.util.Arrays.copyOfRange(payload, 1 + idLen, payload.length));
          if ((channel != KIND_CONSENSUS && channel != KIND_CERTIFICATION)
              || !AdvertBook.sha256(bytes).equals(id)) {
            return false;
          }
          Optional<AdvertBook.Pending> p = adverts.onArtifact(id, System.nanoTime());
          if (p.isPresent()) {
            artifactsFetched.incrementAndGet();
            deliver(ctx, channel, bytes);
          }
          return true; // unasked or late (another advertiser answered first): dropped
        }
      }
    }

    /** A token bucket of {@code maxBytesPerSecond}: reading pauses while it is empty. */
    private void throttle(ChannelHandlerContext ctx, int bytes) {
      long now = System.nanoTime();
      long rate = limits.maxBytesPerSecond();
      tokens = Math.min(rate, tokens + (now - last) * 1e-9 * rate) - bytes;
      last = now;
      if (tokens < 0) {
        ctx.channel().config().setAutoRead(false);
        long waitNanos = (long) (-tokens * 1e9 / rate);
        ctx.executor().schedule(() -> ctx.channel().config().setAutoRead(true), waitNanos,
            TimeUnit.NANOSECONDS);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (cause instanceof TooLongFrameException
          || cause.getCause() instanceof TooLongFrameException) {
        refusedFrames.incrementAndGet();
      } else if (peer == null) {
        refusedHandshakes.incrementAndGet();
      }
      ctx.close();
    }
  }

  /** The outbound connection to one peer: a bounded queue, dialled again with backoff. */
  private final class Link {
    private final NodeId peer;
    private final ArrayDeque<ByteBuf> queue = new ArrayDeque<>();
    private volatile io.netty.channel.Channel channel;
    private volatile boolean ready;
    private volatile boolean stopped;
    private long backoffMillis = 50;

    Link(NodeId peer) {
      this.peer = peer;
    }

    void dial() {
      if (stopped || closed) {
        return;
      }
      Member m = members.get(peer);
      if (m == null) {
        return;
      }
      Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
          .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 2_000)
          .option(ChannelOption.WRITE_BUFFER_WATER_MARK,
              new WriteBufferWaterMark(1 << 20, 4 << 20))
          .handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              SslHandler ssl = clientContext.newHandler(ch.alloc(),
                  m.address().getHostString(), m.address().getPort());
              ssl.setHandshakeTimeoutMillis(limits.handshakeTimeoutMillis());
              ch.pipeline().addLast(ssl, new Writer(Link.this));
            }
          });
      ChannelFuture f = b.connect(m.address());
      channel = f.channel();
      f.addListener(x -> {
        if (!x.isSuccess()) {
          retry();
        }
      });
    }

    void retry() {
      ready = false;
      if (stopped || closed) {
        return;
      }
      long wait = backoffMillis;
      backoffMillis = Math.min(5_000, backoffMillis * 2);
      group.schedule(this::dial, wait, TimeUnit.MILLISECONDS);
    }

    void connected() {
      backoffMillis = 50;
      ready = true;
      flush();
    }

    void enqueue(int kind, Bytes payload) {
      ByteBuf frame = io.netty.buffer.Unpooled.buffer(5 + payload.length());
      frame.writeInt(payload.length() + 1);
      frame.writeByte(kind);
      frame.writeBytes(payload.toByteArray());
      synchronized (queue) {
        if (queue.size() >= limits.maxQueuedFrames()) {
          queue.pollFirst().release();
          droppedOutbound.incrementAndGet();
        }
        queue.addLast(frame);
      }
      io.netty.channel.Channel ch = channel;
      if (ch != null && ready) {
        ch.eventLoop().execute(this::flush);
      }
    }

    void flush() {
      io.netty.channel.Channel ch = channel;
      if (ch == null || !ready || !ch.isActive()) {
        return;
      }
      boolean wrote = false;
      while (ch.isWritable()) {
        ByteBuf f;
        synchronized (queue) {
          f = queue.pollFirst();
        }
        if (f == null) {
          break;
        }
        ch.write(f);
        wrote = true;
      }
      if (wrote) {
        ch.flush();
      }
    }

    void close() {
      stopped = true;
      io.netty.channel.Channel ch = channel;
      if (ch != null) {
        ch.close();
      }
      synchronized (queue) {
        queue.forEach(ByteBuf::release);
        queue.clear();
      }
    }
  }

  /** Checks the dialled peer's identity, then lets its link write. */
  private final class Writer extends ChannelInboundHandlerAdapter {
    private final Link link;

    Writer(Link link) {
      this.link = link;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof SslHandshakeCompletionEvent e) {
        boolean ok = false;
        if (e.isSuccess()) {
          try {
            Optional<X509Certificate> c = peerCertificate(ctx.pipeline().get(SslHandler.class));
            ok = c.isPresent() && memberOf(c.get()).filter(link.peer::equals).isPresent();
          } catch (CertificateException ex) {
            ok = false;
          }
        }
        if (!ok) {
          refusedHandshakes.incrementAndGet();
          ctx.close();
          return;
        }
        link.connected();
      }
      ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      link.flush();
      ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      io.netty.util.ReferenceCountUtil.release(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (link.channel == ctx.channel()) {
        link.retry();
      }
      ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
