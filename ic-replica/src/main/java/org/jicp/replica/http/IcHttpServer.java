package org.jicp.replica.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP server of the IC HTTP interface, on Netty: {@link IcHttpApi} behind HTTP/1.1 with
 * keep-alive.
 *
 * <p>Bounds: at most {@code maxConnections} open connections (more are closed at once); request
 * bodies over {@code maxBodyBytes} get 413 as soon as the headers announce them (or the chunks
 * pass the limit), without being buffered whole; a request must arrive completely within {@code
 * requestTimeout} (else 408 and the connection closes: a slow client cannot hold a worker, and
 * workers only ever see complete requests); idle keep-alive connections close after {@code
 * idleTimeout}; requests are answered by a fixed pool of {@code workerThreads} with a bounded
 * queue (full: 503) — except answers at hand without waiting ({@link Handler#stage}: a repeated
 * query on the same certified state), given on the I/O thread; one request at a time per connection (up to 16 pipelined ones wait), so
 * pipelined answers keep their order.
 * {@link #close()} stops accepting, lets requests in progress finish (up to 10 s), then closes.
 */
public final class IcHttpServer implements AutoCloseable {
  private final Handler api;
  private final Builder config;

  /**
   * Answers one complete request (the method, the request URI with its query, the body); must
   * not throw for bad input. {@link IcHttpApi#handle} is one; other HTTP APIs (the
   * PocketIC-compatible REST API) plug in here to reuse the server's bounds.
   */
  @FunctionalInterface
  public interface Handler {
    /** The answer to one request. */
    IcHttpApi.Answer handle(String method, String uri, byte[] body);

    /**
     * Called on the connection's I/O thread: the answer, if it is at hand without waiting for
     * anything (no execution, no consensus; short work only), else the work left for a worker
     * thread. Must not throw for bad input. By default every request goes to a worker.
     */
    default Staged stage(String method, String uri, byte[] body) {
      return Staged.later(() -> handle(method, uri, body));
    }
  }

  /**
   * A request's answer given on the I/O thread ({@code now}), or the work left for a worker
   * ({@code later}); exactly one of the two is present.
   *
   * @param now the answer, or null
   * @param later what a worker computes the answer with, or null
   */
  public record Staged(IcHttpApi.Answer now, java.util.function.Supplier<IcHttpApi.Answer> later) {
    /** Checks that exactly one is present. */
    public Staged {
      if ((now == null) == (later == null)) {
        throw new IllegalArgumentException("exactly one of now and later");
      }
    }

    /** The answer, given at once. */
    public static Staged now(IcHttpApi.Answer a) {
      return new Staged(Objects.requireNonNull(a, "answer"), null);
    }

    /** The work left for a worker. */
    public static Staged later(java.util.function.Supplier<IcHttpApi.Answer> work) {
      return new Staged(null, Objects.requireNonNull(work, "work"));
    }
  }
  private final EventLoopGroup boss;
  private final EventLoopGroup io;
  private final ThreadPoolExecutor workers;
  private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final AtomicInteger open = new AtomicInteger();
  private final Channel server;
  private volatile boolean closing;

  /** Server settings. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = 0;
    private int maxConnections = 1024;
    private int ioThreads = Math.max(1, Runtime.getRuntime().availableProcessors());
    private int workerThreads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    private int queueCapacity = 4096;
    private int maxBodyBytes = 4 * 1024 * 1024;
    private Duration requestTimeout = Duration.ofSeconds(30);
    private Duration idleTimeout = Duration.ofSeconds(60);

    private Builder() {}

    /** The address to bind (default 127.0.0.1). */
    public Builder host(String h) {
      this.host = Objects.requireNonNull(h, "host");
      return this;
    }

    /** The port (0: a free one; default 0). */
    public Builder port(int p) {
      if (p < 0 || p > 65535) {
        throw new IllegalArgumentException("port " + p);
      }
      this.port = p;
      return this;
    }

    /** The most open connections (default 1024). */
    public Builder maxConnections(int n) {
      this.maxConnections = positive(n);
      return this;
    }

    /** Netty I/O threads (default: one per core). */
    public Builder ioThreads(int n) {
      this.ioThreads = positive(n);
      return this;
    }

    /** Threads that answer requests (default: 2 per core, at least 4). */
    public Builder workerThreads(int n) {
      this.workerThreads = positive(n);
      return this;
    }

    /** Requests waiting for a worker before 503 (default 4096). */
    public Builder queueCapacity(int n) {
      this.queueCapacity = positive(n);
      return this;
    }

    /** The largest request body (default 4 MiB; per-subnet ingress limits apply after it). */
    public Builder maxBodyBytes(int n) {
      this.maxBodyBytes = positive(n);
      return this;
    }

    /** How long a request may take to arrive completely (default 30 s). */
    public Builder requestTimeout(Duration d) {
      this.requestTimeout = Objects.requireNonNull(d, "requestTimeout");
      return this;
    }

    /** How long an idle connection stays open (default 60 s). */
    public Builder idleTimeout(Duration d) {
      this.idleTimeout = Objects.requireNonNull(d, "idleTimeout");
      return this;
    }

    private static int positive(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("must be positive: " + n);
      }
      return n;
    }

    /** Binds and starts serving {@code api}; returns once the port accepts connections. */
    public IcHttpServer start(IcHttpApi api) throws InterruptedException {
      return new IcHttpServer(Objects.requireNonNull(api, "api"), this);
    }

    /** Binds and starts serving {@code handler}; returns once the port accepts connections. */
    public IcHttpServer start(Handler handler) throws InterruptedException {
      return new IcHttpServer(Objects.requireNonNull(handler, "handler"), this);
    }
  }

  /** Settings with their defaults. */
  public static Builder builder() {
    return new Builder();
  }

  private IcHttpServer(Handler api, Builder b) throws InterruptedException {
    this.api = api;
    this.config = b;
    this.boss = new NioEventLoopGroup(1, named("jicp-http-accept"));
    this.io = new NioEventLoopGroup(b.ioThreads, named("jicp-http-io"));
    // Query threads: a query of wasm canisters runs on the worker itself, on the certified
    // state, concurrently with the other workers and the rounds (RoundExecutor#query).
    this.workers = new ThreadPoolExecutor(b.workerThreads, b.workerThreads, 60, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(b.queueCapacity),
        org.jicp.wasm.execution.QueryThreads.factory("jicp-http-worker"));
    ConnectionLimit limit = new ConnectionLimit();
    ServerBootstrap sb = new ServerBootstrap()
        .group(boss, io)
        .channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline()
                .addLast("limit", limit)
                .addLast("idle", new IdleStateHandler(0, 0, b.idleTimeout.toMillis(),
                    TimeUnit.MILLISECONDS))
                .addLast("codec", new HttpServerCodec(8192, 16384, 65536))
                .addLast("deadline", new RequestDeadline())
                .addLast("aggregate", new HttpObjectAggregator(b.maxBodyBytes, true))
                .addLast("api", new ApiHandler());
          }
        });
    try {
      this.server = sb.bind(new InetSocketAddress(b.host, b.port)).sync().channel();
    } catch (RuntimeException | InterruptedException e) {
      shutdownGroups();
      throw e;
    }
  }

  private static java.util.concurrent.ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** The bound port. */
  public int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  /** The base URL, e.g. {@code http://127.0.0.1:4943}. */
  public String url() {
    return "http://" + config.host + ":" + port();
  }

  /** Open connections now. */
  public int openConnections() {
    return open.get();
  }

  /** Stops accepting, finishes requests in progress (≤ 10 s), closes connections and threads. */
  @Override
  public void close() {
    if (closing) {
      return;
    }
    closing = true;
    server.close().syncUninterruptibly();
    workers.shutdown();
    try {
      workers.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    workers.shutdownNow();
    channels.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    shutdownGroups();
  }

  private void shutdownGroups() {
    boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    io.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
  }

  @ChannelHandler.Sharable
  private final class ConnectionLimit extends ChannelInboundHandlerAdapter {
    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
      if (open.incrementAndGet() > config.maxConnections || closing) {
        ctx.close();
        return;
      }
      channels.add(ctx.channel());
      super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      open.decrementAndGet();
      super.channelInactive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
      if (evt instanceof IdleStateEvent) {
        ctx.close();
        return;
      }
      super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  /** 408 and close when a request does not arrive completely within the request timeout. */
  private final class RequestDeadline extends ChannelInboundHandlerAdapter {
    private ScheduledFuture<?> timer;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
      if (msg instanceof HttpRequest && timer == null) {
        timer = ctx.executor().schedule(() -> {
          timer = null;
          send(ctx, 408, "the request did not arrive within "
              + config.requestTimeout.toSeconds() + " s", false);
        }, config.requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
      }
      if (msg instanceof LastHttpContent && timer != null) {
        timer.cancel(false);
        timer = null;
      }
      super.channelRead(ctx, msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      if (timer != null) {
        timer.cancel(false);
        timer = null;
      }
      super.channelInactive(ctx);
    }
  }

  /** A complete request taken off the wire. */
  private record Pending(String method, String uri, byte[] body, boolean keepAlive) {}

  /**
   * Hands complete requests to the workers one at a time per connection: requests pipelined
   * behind the one in progress wait in a short queue (their answers keep their order); reading
   * from the socket pauses meanwhile. Runs on the connection's event loop only.
   */
  private final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    /** Pipelined requests that may wait behind the one in progress. */
    private static final int MAX_PIPELINED = 16;
    private final java.util.ArrayDeque<Pending> waiting = new java.util.ArrayDeque<>();
    private boolean busy;

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
      if (req.decoderResult().isFailure()) {
        send(ctx, 400, "malformed HTTP request: " + req.decoderResult().cause(), false);
        return;
      }
      Pending p = new Pending(req.method().name(), req.uri(), ByteBufUtil.getBytes(req.content()),
          HttpUtil.isKeepAlive(req));
      ctx.channel().config().setAutoRead(false);
      if (busy) {
        if (waiting.size() >= MAX_PIPELINED) {
          send(ctx, 503, "too many pipelined requests", false);
          return;
        }
        waiting.add(p);
        return;
      }
      dispatch(ctx, p);
    }

    private void dispatch(ChannelHandlerContext ctx, Pending p) {
      busy = true;
      Staged staged;
      try {
        staged = api.stage(p.method(), p.uri(), p.body());
      } catch (RuntimeException e) {
        staged = Staged.now(IcHttpApi.Answer.text(500, "internal error: " + e));
      }
      if (staged.now() != null) {
        answered(ctx, staged.now(), p.keepAlive() && !closing);
        return;
      }
      java.util.function.Supplier<IcHttpApi.Answer> work = staged.later();
      try {
        workers.execute(() -> {
          IcHttpApi.Answer a;
          try {
            a = work.get();
          } catch (RuntimeException e) {
            a = IcHttpApi.Answer.text(500, "internal error: " + e);
          }
          IcHttpApi.Answer answer = a;
          ctx.executor().execute(() -> answered(ctx, answer, p.keepAlive() && !closing));
        });
      } catch (RejectedExecutionException e) {
        busy = false;
        send(ctx, 503, closing ? "the replica is shutting down" : "too many requests", false);
      }
    }

    private void answered(ChannelHandlerContext ctx, IcHttpApi.Answer a, boolean keepAlive) {
      busy = false;
      write(ctx, a, keepAlive);
      if (!keepAlive) {
        waiting.clear();
        return;
      }
      Pending next = waiting.poll();
      if (next != null) {
        dispatch(ctx, next);
      } else {
        ctx.channel().config().setAutoRead(true);
        ctx.read();
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  private static void send(ChannelHandlerContext ctx, int status, String text, boolean keepAlive) {
    write(ctx, IcHttpApi.Answer.text(status, text), keepAlive);
  }

  private static void write(ChannelHandlerContext ctx, IcHttpApi.Answer a, boolean keepAlive) {
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.valueOf(a.status()), Unpooled.wrappedBuffer(a.body()));
    if (a.contentType() != null) {
      r.headers().set(HttpHeaderNames.CONTENT_TYPE, a.contentType());
    }
    r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, a.body().length);
    if (a.status() == 503) {
      r.headers().set(HttpHeaderNames.RETRY_AFTER, "1");
    }
    if (keepAlive) {
      r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
      ctx.writeAndFlush(r);
    } else {
      r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
    }
  }
}
