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
