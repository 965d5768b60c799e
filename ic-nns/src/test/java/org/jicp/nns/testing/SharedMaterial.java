package org.jicp.nns.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the shared test material read in place ({@code jicp.vectors}, set by the root pom).
 * Missing material skips the test, or fails it when {@code CI=true}.
 */
public final class SharedMaterial {
  private SharedMaterial() {}

  /** The file {@code relative} under {@code ../shared/vectors}. */
  public static Path vector(String relative) {
    String v = System.getProperty("jicp.vectors");
    Path p = v == null ? null : Path.of(v).resolve(relative);
    if (p != null && Files.isRegularFile(p)) {
      return p;
    }
    String msg = "shared test material not found: " + (p == null ? "system property jicp.vectors is not set" : p)
        + " (expected ../shared next to the repository)";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(msg + "; CI=true, so this is an error");
    }
    System.out.println("SKIPPED: " + msg + "; skipped (set CI=true to make this an error)");
    assumeTrue(false, msg);
    return p;
  }
}
