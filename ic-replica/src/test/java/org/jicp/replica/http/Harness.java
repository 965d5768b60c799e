package org.jicp.replica.http;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** The shared acceptance harness, read in place (skipped when absent, except in CI). */
public final class Harness {
  private Harness() {}

  /** The harness folder ({@code -Djicp.harness}); aborts the test when absent outside CI. */
  public static Path root() {
    String prop = System.getProperty("jicp.harness");
    Path p = prop == null || prop.isEmpty() ? Path.of("..", "..", "shared", "harness") : Path.of(prop);
    if (!Files.isDirectory(p)) {
      String msg = "harness not found at " + p.toAbsolutePath();
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(msg + "; in CI the shared harness is required");
      }
      Assumptions.abort(msg);
    }
    return p.toAbsolutePath().normalize();
  }

  public static byte[] read(String relative) {
    try {
      return Files.readAllBytes(root().resolve(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] motoko(String name) {
    return read("motoko/out/wasm32/" + name + ".wasm");
  }
}
