package org.jicp.candid;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the shared test material read in place: {@code jicp.vectors} and {@code jicp.harness}
 * (set by the root pom). Missing material skips the test, or fails it when {@code CI=true}.
 */
final class SharedMaterial {
  private SharedMaterial() {}

  static Path vectors() {
    return locate("jicp.vectors");
  }

  static Path harness() {
    return locate("jicp.harness");
  }

  static Path candidVectors() {
    Path p = vectors().resolve("candid");
    require(p, "jicp.vectors");
    return p;
  }

  private static Path locate(String property) {
    String v = System.getProperty(property);
    Path p = v == null ? null : Path.of(v);
    require(p, property);
    return p;
  }

  private static void require(Path p, String property) {
    if (p != null && Files.isDirectory(p)) {
      return;
    }
    String msg =
        "shared test material not found: system property " + property + " = " + p
            + " (expected ../shared next to the repository)";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(msg + "; CI=true, so this is an error");
    }
    System.out.println("SKIPPED: " + msg + "; skipped (set CI=true to make this an error)");
    assumeTrue(false, msg + "; skipped (set CI=true to make this an error)");
  }
}
