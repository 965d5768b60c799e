package org.jicp.benchmarks.http;

import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jicp.replica.http.IcSenderAuthenticator;
import org.jicp.replica.http.IcHttpApi;
import org.jicp.replica.http.IcHttpServer;
import org.jicp.replica.Replica;
import org.jicp.replica.http.ReplicaBackend;
import org.jicp.types.CanisterId;
import org.jicp.types.SubnetId;
import org.jicp.wasm.CallResult;
import org.jicp.wasm.Engine;
import org.jicp.wasm.InstallMode;
import org.jicp.wasm.Subnet;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The IC HTTP interface on loopback, single-node application subnet, Motoko counter: signed
 * queries ({@code /api/v2/.../query}, node signature included) per second with 4 keep-alive
 * clients, and v3 certified update latency (sample time: p50/p99) with one client — each beside
 * its peer, the same request answered by {@link IcHttpApi#handle} in process without HTTP, so the
 * HTTP layer's share is the ratio. The clients write each request in one TCP write over
 * keep-alive sockets (a load generator, not a full HTTP client).
 */
@State(Scope.Benchmark)
@Fork(2)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class HttpInterfaceBench {
  private static final CBORFactory CBOR = new CBORFactory();
  private static final byte[] EMPTY = {'D', 'I', 'D', 'L', 0, 0};

  private ReplicaBackend backend;
  private IcHttpApi api;
  private IcHttpServer server;
  private CanisterId counter;
  private byte[] queryBody;
  private String queryPath;
  private String callPath;
  private final AtomicLong nonce = new AtomicLong();

  @Setup(Level.Trial)
  public void setup() throws InterruptedException {
    // Live mode: rounds run as soon as a call arrives, as a user of `jicp replica start` sees.
    backend = new ReplicaBackend(Replica.builder().applicationSubnets(1).live().build());
    api = new IcHttpApi(backend, new IcSenderAuthenticator(backend.topology().rootKeyDer()), ReplicaBackend::systemNanos,
        Duration.ofSeconds(10));
    server = IcHttpServer.builder().start(api);
    Replica ic = backend.replica();
    counter = ic.createCanister();
    ic.install(counter, counterWasm(), EMPTY);
    queryPath = "/api/v2/canister/" + counter.principal().toText() + "/query";
    callPath = "/api/v3/canister/" + counter.principal().toText() + "/call";
    queryBody = envelope("query", "get", -1);
    Client probe = new Client();
    probe.setup(this);
    String answer = new String(probe.post(queryPath, queryBody), StandardCharsets.ISO_8859_1);
    if (!answer.startsWith("HTTP/1.1 200") || !answer.contains("signatures")) {
      throw new IllegalStateException("query over HTTP failed: " + answer);
    }
    String distinct = new String(probe.post(queryPath, envelope("query", "get", -1, distinctArg(-1))),
        StandardCharsets.ISO_8859_1);
    if (!distinct.startsWith("HTTP/1.1 200") || !distinct.contains("replied")) {
      throw new IllegalStateException("query with a distinct argument failed: " + distinct);
    }
    String call = new String(probe.post(callPath, envelope("call", "inc", nonce.incrementAndGet())),
        StandardCharsets.ISO_8859_1);
    if (!call.startsWith("HTTP/1.1 200") || !call.contains("certificate")) {
      throw new IllegalStateException("v3 call over HTTP failed: " + call);
    }
    probe.tearDown();
  }

  private static byte[] counterWasm() {
    java.nio.file.Path p = java.nio.file.Path.of(System.getProperty("jicp.harness",
        "../shared/harness"), "motoko/out/wasm32/counter.wasm");
    try {
      return java.nio.file.Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException("harness file missing (set -Djicp.harness): " + p, e);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    server.close();
    backend.close();
  }

  /** An anonymous envelope (CBOR with the self-describe tag). */
  byte[] envelope(String type, String method, long n) {
    return envelope(type, method, n, EMPTY);
  }

  /** {@code DIDL} with one {@code nat64} argument: the counter's {@code get} ignores it, but it
   * makes every query distinct, so none is answered from the replica's per-state reply cache. */
  static byte[] distinctArg(long k) {
    return java.nio.ByteBuffer.allocate(15).order(java.nio.ByteOrder.LITTLE_ENDIAN)
        .put(new byte[] {'D', 'I', 'D', 'L', 0, 1, 0x78}).putLong(k).array();
  }

  byte[] envelope(String type, String method, long n, byte[] arg) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (CBORGenerator g = CBOR.createGenerator(out)) {
      g.writeTag(55799);
      g.writeStartObject(1);
      g.writeFieldName("content");
      g.writeStartObject(n >= 0 ? 7 : 6);
      g.writeFieldName("request_type");
      g.writeString(type);
      g.writeFieldName("sender");
      g.writeBinary(new byte[] {4});
      g.writeFieldName("ingress_expiry");
      g.writeNumber(ReplicaBackend.systemNanos() + 240_000_000_000L);
      g.writeFieldName("canister_id");
      g.writeBinary(counter.toByteArray());
      g.writeFieldName("method_name");
      g.writeString(method);
      g.writeFieldName("arg");
      g.writeBinary(arg);
      if (n >= 0) {
        g.writeFieldName("nonce");
        g.writeBinary(java.nio.ByteBuffer.allocate(8).putLong(n).array());
      }
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** One keep-alive connection per benchmark thread. */
  @State(Scope.Thread)
  public static class Client {
    private Socket socket;
    private OutputStream out;
    private InputStream in;
    private final byte[] buf = new byte[1 << 16];
    private String host;

    @Setup(Level.Trial)
    public void setup(HttpInterfaceBench b) {
      try {
        socket = new Socket("127.0.0.1", b.server.port());
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(30_000);
        out = socket.getOutputStream();
        in = socket.getInputStream();
        host = "127.0.0.1:" + b.server.port();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      try {
        socket.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Sends a POST in one write and reads the whole answer (headers and body). */
    byte[] post(String path, byte[] body) {
      try {
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + host
            + "\r\nContent-Type: application/cbor\r\nContent-Length: " + body.length + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
        byte[] req = new byte[head.length + body.length];
        System.arraycopy(head, 0, req, 0, head.length);
        System.arraycopy(body, 0, req, head.length, body.length);
        out.write(req);
        out.flush();
        int n = 0;
        int headerEnd = -1;
        int total = Integer.MAX_VALUE;
        while (n < total) {
          int r = in.read(buf, n, buf.length - n);
          if (r < 0) {
            throw new IOException("connection closed");
          }
          n += r;
          if (headerEnd < 0) {
            headerEnd = indexOf(buf, n);
            if (headerEnd >= 0) {
              total = headerEnd + 4 + contentLength(buf, headerEnd);
            }
          }
        }
        return java.util.Arrays.copyOf(buf, n);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static int indexOf(byte[] b, int n) {
      for (int i = 0; i + 3 < n; i++) {
        if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
          return i;
        }
      }
      return -1;
    }

    private static int contentLength(byte[] b, int headerEnd) {
      String h = new String(b, 0, headerEnd, StandardCharsets.ISO_8859_1).toLowerCase();
      int i = h.indexOf("content-length:");
      int e = h.indexOf("\r\n", i);
      return Integer.parseInt(h.substring(i + 15, e < 0 ? h.length() : e).trim());
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Threads(4)
  public byte[] queryHttp(Client c) {
    return c.post(queryPath, queryBody);
  }

  /**
   * The same query with a distinct nonce each time: a new request id, so each answer is signed
   * afresh (no signature reuse), while the reply comes from the per-state reply cache.
   */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Threads(4)
  public byte[] queryHttpNonce(Client c) {
    return c.post(queryPath, envelope("query", "get", nonce.incrementAndGet()));
  }

  /** Queries that all differ (a distinct extra argument), so each one executes: the cache-miss path. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Threads(4)
  public byte[] queryHttpDistinct(Client c) {
    return c.post(queryPath, envelope("query", "get", -1, distinctArg(nonce.incrementAndGet())));
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Threads(4)
  public IcHttpApi.Answer queryInProcess() {
    return api.handle("POST", queryPath, queryBody);
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Threads(1)
  public byte[] updateV3Http(Client c) {
    return c.post(callPath, envelope("call", "inc", nonce.incrementAndGet()));
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Threads(1)
  public IcHttpApi.Answer updateV3InProcess() {
    return api.handle("POST", callPath, envelope("call", "inc", nonce.incrementAndGet()));
  }
}
