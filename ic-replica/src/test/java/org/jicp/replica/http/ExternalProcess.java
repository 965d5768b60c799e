package org.jicp.replica.http;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Runs tools (node, npm) with a time limit; skips when missing outside CI. */
final class ExternalProcess {
  private ExternalProcess() {}

  /**
   * The result of a run.
   *
   * @param exit the exit code
   * @param output stdout and stderr, merged
   */
  record Result(int exit, String output) {}

  static void requireTool(String tool) {
    boolean present;
    try {
      Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      present = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      present = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      present = false;
    }
    if (!present) {
      String msg = tool + " is not installed";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(msg + "; in CI it is required");
      }
      Assumptions.abort(msg + "; skipped");
    }
  }

  static Result run(Path dir, List<String> command, Map<String, String> env, long timeoutSeconds)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile("jicp-process", ".log");
    try {
      ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
          .redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().putAll(env);
      Process p = pb.start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        return new Result(-1, Files.readString(log, StandardCharsets.UTF_8)
            + "\n(killed after " + timeoutSeconds + " s)");
      }
      return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
