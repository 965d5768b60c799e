package org.jicp.replica.pocketic;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jicp.replica.http.IcHttpServer;

/**
 * The {@code jicp-pocket-ic} command: a PocketIC-compatible server taking the PocketIC server's
 * arguments: {@code --port-file FILE} (the bound port is written there, atomically, once the
 * server accepts connections; clients such as pic-js poll it), {@code --ttl SECONDS} (exit after
 * that long without a request; default 60, as PocketIC), {@code --ip-addr ADDR} (default
 * 127.0.0.1) and {@code --port PORT} (default 0: any free port).
 */
public final class PocketIcMain {
  private PocketIcMain() {}

  /** Runs the server until the TTL passes or the process is terminated. */
  public static void main(String[] args) throws Exception {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the server; returns the exit code (2 for bad arguments). */
  static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    return run(args, out, err, port -> { });
  }

  /** Runs the server; {@code started} hears the bound port once the port file is written. */
  static int run(String[] args, PrintStream out, PrintStream err,
      java.util.function.IntConsumer started) throws Exception {
    Path portFile = null;
    long ttlSeconds = 60;
    String ip = "127.0.0.1";
    int port = 0;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String v = null;
      int eq = a.indexOf('=');
      if (a.startsWith("--") && eq > 0) {
        v = a.substring(eq + 1);
        a = a.substring(0, eq);
      }
      switch (a) {
        case "--help", "-h" -> {
          out.println("usage: jicp-pocket-ic [--port-file FILE] [--ttl SECONDS] [--ip-addr ADDR]"
              + " [--port PORT]");
          return 0;
        }
        case "--version", "-V" -> {
          out.println("jicp-pocket-ic (PocketIC-compatible REST API for pic-js 0.23)");
          return 0;
        }
        case "--port-file", "--ttl", "--ip-addr", "--port", "--log-levels" -> {
          if (v == null) {
            if (i + 1 >= args.length) {
              err.println("error: " + a + " needs a value");
              return 2;
            }
            v = args[++i];
          }
          try {
            switch (a) {
              case "--port-file" -> portFile = Path.of(v);
              case "--ttl" -> ttlSeconds = Long.parseLong(v);
              case "--ip-addr" -> ip = v;
              case "--port" -> port = Integer.parseInt(v);
              default -> { } // --log-levels: accepted, logging is not configurable
            }
          } catch (NumberFormatException e) {
            err.println("error: " + a + " needs a number, got '" + v + "'");
            return 2;
          }
          if (ttlSeconds < 0 || port < 0 || port > 65535) {
            err.println("error: " + a + " is out of range: " + v);
            return 2;
          }
        }
        default -> {
          err.println("error: unknown argument '" + args[i] + "' (--port-file, --ttl, --ip-addr,"
              + " --port)");
          return 2;
        }
      }
    }
    PocketIcServer api = new PocketIcServer(ip);
    CountDownLatch stop = new CountDownLatch(1);
    Path pf = portFile;
    try (api; IcHttpServer server = api.start(IcHttpServer.builder().host(ip).port(port))) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(pf)));
      if (portFile != null) {
        writeAtomically(portFile, Integer.toString(server.port()));
      }
      out.println("jicp PocketIC server listening on " + server.url() + " (ttl " + ttlSeconds
          + " s)");
      out.flush();
      api.touch();
      started.accept(server.port());
      long ttlNanos = TimeUnit.SECONDS.toNanos(ttlSeconds);
      while (!stop.await(1, TimeUnit.SECONDS)) {
        if (System.nanoTime() - api.lastRequestNanos() > ttlNanos) {
          out.println("no request for " + ttlSeconds + " s: exiting");
          break;
        }
      }
    } finally {
      deleteQuietly(pf);
    }
    return 0;
  }

  private static void writeAtomically(Path file, String text) throws IOException {
    Path abs = file.toAbsolutePath();
    Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp" + ProcessHandle.current().pid());
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    try {
      Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void deleteQuietly(Path p) {
    if (p == null) {
      return;
    }
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // best effort
    }
  }
}
