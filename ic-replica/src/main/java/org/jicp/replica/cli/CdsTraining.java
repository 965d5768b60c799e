package org.jicp.replica.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The training run of the {@code jicp} launcher's class-data-sharing archive: once after each
 * build, {@code ./jicp} runs this class under {@code -XX:ArchiveClassesAtExit} and later starts
 * the JVM with {@code -XX:SharedArchiveFile}, so the classes a replica loads come mapped from the
 * archive instead of being parsed and verified at every start (JDK 17's dynamic CDS; JDK 19+ has
 * {@code -XX:+AutoCreateSharedArchive} for the same, which Java 17 lacks).
 *
 * <p>It does what {@code jicp replica start --port 0} does up to its ready line (the NNS with its
 * canisters and an application subnet, the HTTP server), asks {@code /api/v2/status} and {@code
 * /_/topology} once, and exits 0; the archive is written as the JVM exits. Its output is the
 * launcher's to discard. Exit 1 if the replica does not answer within two minutes (the launcher
 * then keeps no archive and starts without one).
 */
public final class CdsTraining {
  private CdsTraining() {}

  /** Starts a replica on a free loopback port, asks it twice, exits with {@link #train}'s status. */
  public static void main(String[] args) throws Exception {
    System.exit(train(Duration.ofMinutes(2)));
  }

  /**
   * Starts {@code replica start --port 0} on a daemon thread, asks {@code /api/v2/status} and
   * {@code /_/topology} once it is ready, and returns 0; 1 if it was not ready within {@code
   * timeout} or its command ended first. The replica is stopped (its thread interrupted) before
   * this returns.
   */
  static int train(Duration timeout) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("jicp-cds-training");
    Path portFile = dir.resolve("port");
    PrintWriter sink = new PrintWriter(OutputStream.nullOutputStream());
    Thread replica = new Thread(() -> JicpCli.run(
        new String[] {"replica", "start", "--port", "0", "--port-file", portFile.toString()},
        sink, sink), "jicp-cds-training");
    replica.setDaemon(true);
    replica.start();
    long deadline = System.nanoTime() + timeout.toNanos();
    int status = 1;
    try {
      String port = null;
      while (System.nanoTime() < deadline && replica.isAlive()) {
        if (Files.exists(portFile)) {
          String text = Files.readString(portFile, StandardCharsets.US_ASCII);
          if (text.endsWith("\n")) {
            port = text.trim();
            break;
          }
        }
        Thread.sleep(20);
      }
      if (port != null) {
        status = get("http://127.0.0.1:" + port + "/api/v2/status") == 200
            && get("http://127.0.0.1:" + port + "/_/topology") == 200 ? 0 : 1;
      }
    } finally {
      replica.interrupt();   // its command stops the replica and returns
      replica.join(60_000);
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    return status;
  }

  private static int get(String url) throws IOException {
    HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
    c.setConnectTimeout(10_000);
    c.setReadTimeout(10_000);
    int code = c.getResponseCode();
    try (InputStream in = code < 400 ? c.getInputStream() : c.getErrorStream()) {
      if (in != null) {
        in.readAllBytes();
      }
      return code;
    } finally {
      c.disconnect();
    }
  }
}
