package org.jicp.replica.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;

/**
 * One HTTP request of jicp's own small clients (the demo's agent, the BigMap command): a GET, or
 * a POST of a CBOR body, answered with the status and the body (the error body for 4xx/5xx).
 */
public final class HttpExchange {
  private HttpExchange() {}

  /** The status and body of an answer. */
  public record Answer(int status, byte[] body) {}

  /**
   * Sends {@code method} to {@code url + path}, with {@code body} as {@code application/cbor} when
   * not null, and reads the whole answer.
   */
  public static Answer exchange(String url, String method, String path, byte[] body,
      Duration connectTimeout, Duration readTimeout) throws IOException {
    HttpURLConnection c = (HttpURLConnection) URI.create(url + path).toURL().openConnection();
    c.setRequestMethod(method);
    c.setConnectTimeout((int) connectTimeout.toMillis());
    c.setReadTimeout((int) readTimeout.toMillis());
    if (body != null) {
      c.setDoOutput(true);
      c.setRequestProperty("Content-Type", "application/cbor");
      c.setFixedLengthStreamingMode(body.length);
      try (OutputStream o = c.getOutputStream()) {
        o.write(body);
      }
    }
    int status = c.getResponseCode();
    InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
    if (in == null) {
      return new Answer(status, new byte[0]);
    }
    try (in) {
      return new Answer(status, in.readAllBytes());
    }
  }
}
