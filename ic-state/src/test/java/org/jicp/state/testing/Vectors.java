package org.jicp.state.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shared test material, read in place from the directory named by the system property
 * {@code jicp.vectors}. Missing material skips the test with a message, except in CI ({@code
 * CI=true}), where it fails.
 */
public final class Vectors {
  private Vectors() {}

  /** The file {@code relative} under the vectors directory. */
  public static Path file(String relative) {
    String dir = System.getProperty("jicp.vectors");
    Path p = dir == null ? null : Path.of(dir).resolve(relative);
    if (p == null || !Files.isRegularFile(p)) {
      String msg =
          "test vector "
              + relative
              + " not found (system property jicp.vectors="
              + dir
              + "); shared/vectors must sit beside the repository";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError(msg);
      }
      assumeTrue(false, msg);
    }
    return p;
  }
}
