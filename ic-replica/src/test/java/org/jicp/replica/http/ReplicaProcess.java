package org.jicp.replica.http;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code jicp replica start --port 0 --deterministic args…} as a process on the test class path. */
final class ReplicaProcess implements AutoCloseable {
  private final Process process;
  /** The lines printed up to and including the ready line. */
  final String banner;
  /** {@code http://127.0.0.1:PORT}. */
  final String url;

  private ReplicaProcess(Process process, String banner, String url) {
    this.process = process;
    this.banner = banner;
    this.url = url;
  }

  /** Starts the replica and waits for its ready line (stderr into {@code dir/replica.stderr}). */
  static ReplicaProcess start(Path dir, List<String> args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:-DontCompileHugeMethods", "-cp", System.getProperty("java.class.path"),
        "org.jicp.replica.cli.JicpCli", "replica", "start", "--port", "0", "--deterministic"));
    cmd.addAll(args);
    Process p = new ProcessBuilder(cmd).redirectError(dir.resolve("replica.stderr").toFile()).start();
    BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder lines = new StringBuilder();
    String line;
    while ((line = r.readLine()) != null) {
      lines.append(line).append('\n');
      if (line.startsWith("ready ")) {
        return new ReplicaProcess(p, lines.toString(), line.split(" ")[1]);
      }
    }
    p.destroy();
    fail("jicp replica start ended before it was ready:\n" + lines
        + Files.readString(dir.resolve("replica.stderr")));
    return null;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
