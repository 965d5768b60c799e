package org.jicp.state.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shared real-world material ({@code ../shared/harness}), read in place from the directory
 * named by the system property {@code jicp.harness}. Missing material skips the test with a
 * message, except in CI ({@code CI=true}, any case), where it fails.
 */
public final class Harness {
  private Harness() {}

  /** The file {@code relative} under the harness directory. */
  public static Path file(String relative) {
    String dir = System.getProperty("jicp.harness");
    Path p = dir == null ? null : Path.of(dir).resolve(relative);
    if (p == null || !Files.isRegularFile(p)) {
      String msg = "harness file " + relative + " not found (system property jicp.harness=" + dir
          + "); shared/harness must sit beside the repository";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError(msg);
      }
      assumeTrue(false, msg);
    }
    return p;
  }
}
