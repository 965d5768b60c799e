package org.jicp.replica.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The server's bounds and HTTP behaviour: keep-alive, pipelining order, connection limit, close. */
class IcHttpServerTest {
  private static final String STATUS = "GET /api/v2/status HTTP/1.1\r\nHost: x\r\n\r\n";
  private static final String TOPOLOGY = "GET /_/topology HTTP/1.1\r\nHost: x\r\n\r\n";

  /** Reads one response (headers and Content-Length body); returns its head line + body text. */
  private static String readResponse(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed after " + head);
      }
      head.append((char) b);
    }
    String h = head.toString();
    int i = h.toLowerCase().indexOf("content-length:");
    int len = Integer.parseInt(h.substring(i + 15, h.indexOf("\r\n", i)).trim());
    byte[] body = in.readNBytes(len);
    return h.substring(0, h.indexOf("\r\n")) + "\n" + new String(body, StandardCharsets.ISO_8859_1);
  }

  @Test
  void keepAlive_pipelinedRequests_answeredInOrderOnOneConnection() throws Exception {
    try (TestReplica r = new TestReplica(List.of("application"));
        Socket s = new Socket("127.0.0.1", r.server.port())) {
      OutputStream o = s.getOutputStream();
      o.write((STATUS + TOPOLOGY + STATUS).getBytes(StandardCharsets.US_ASCII));
      o.flush();
      InputStream in = s.getInputStream();
      assertThat(readResponse(in)).startsWith("HTTP/1.1 200").contains("root_key");
      assertThat(readResponse(in)).startsWith("HTTP/1.1 200").contains("\"subnets\"");
      assertThat(readResponse(in)).startsWith("HTTP/1.1 200").contains("ic_api_version");
    }
  }

  @Test
  void stage_answersAtHandAndWorkerAnswersPipelined_givenInOrderOnTheirThreads() throws Exception {
    List<String> threads = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    IcHttpServer.Handler h = new IcHttpServer.Handler() {
      @Override
      public IcHttpApi.Answer handle(String method, String uri, byte[] body) {
        throw new AssertionError("stage decides");
      }

      @Override
      public IcHttpServer.Staged stage(String method, String uri, byte[] body) {
        threads.add(uri + " staged on " + Thread.currentThread().getName());
        if (uri.startsWith("/now")) {
          return IcHttpServer.Staged.now(IcHttpApi.Answer.text(200, uri));
        }
        return IcHttpServer.Staged.later(() -> {
          threads.add(uri + " answered on " + Thread.currentThread().getName());
          return IcHttpApi.Answer.text(200, uri);
        });
      }
    };
    try (IcHttpServer server = IcHttpServer.builder().ioThreads(1).start(h);
        Socket s = new Socket("127.0.0.1", server.port())) {
      String req = "GET %s HTTP/1.1\r\nHost: x\r\n\r\n";
      s.getOutputStream().write((req.formatted("/later/1") + req.formatted("/now/2")
          + req.formatted("/now/3") + req.formatted("/later/4") + req.formatted("/now/5"))
          .getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      for (String uri : List.of("/later/1", "/now/2", "/now/3", "/later/4", "/now/5")) {
        assertThat(readResponse(in)).startsWith("HTTP/1.1 200").endsWith("\n" + uri + "\n");
      }
    }
    assertThat(threads).hasSize(7).allSatisfy(t -> assertThat(t).matches(
        ".* staged on jicp-http-io-.*|/later/.* answered on jicp-http-worker-.*"));
  }

  @Test
  void maxConnections_oneMore_closedAtOnceOthersServed() throws Exception {
    try (TestReplica r = new TestReplica(List.of("application"),
        IcHttpServer.builder().maxConnections(2));
        Socket a = new Socket("127.0.0.1", r.server.port());
        Socket b = new Socket("127.0.0.1", r.server.port())) {
      for (Socket s : List.of(a, b)) {
        s.getOutputStream().write(STATUS.getBytes(StandardCharsets.US_ASCII));
        assertThat(readResponse(s.getInputStream())).startsWith("HTTP/1.1 200");
      }
      try (Socket c = new Socket("127.0.0.1", r.server.port())) {
        c.setSoTimeout(10_000);
        c.getOutputStream().write(STATUS.getBytes(StandardCharsets.US_ASCII));
        assertThat(c.getInputStream().read()).as("the third connection is closed").isEqualTo(-1);
      }
      a.getOutputStream().write(STATUS.getBytes(StandardCharsets.US_ASCII));
      assertThat(readResponse(a.getInputStream())).startsWith("HTTP/1.1 200");
    }
  }

  @Test
  void close_server_stopsAccepting() throws Exception {
    TestReplica r = new TestReplica(List.of("application"));
    int port = r.server.port();
    r.close();
    assertThatThrownBy(() -> new Socket("127.0.0.1", port).close())
        .isInstanceOf(ConnectException.class);
  }
}
