package org.jicp.replica.cli;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** The shared test vectors, read in place (skipped when absent, except in CI where it fails). */
final class SharedVectors {
  private SharedVectors() {}

  static Path dir() {
    String prop = System.getProperty("jicp.vectors");
    Path p = prop == null ? Path.of("..", "..", "shared", "vectors") : Path.of(prop);
    if (!Files.isDirectory(p)) {
      String msg = "test vectors not found at " + p.toAbsolutePath();
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(msg + "; in CI the shared vectors are required");
      }
      Assumptions.abort(msg);
    }
    return p;
  }

  static JsonNode json(String relative) {
    try {
      return new ObjectMapper().readTree(dir().resolve(relative).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
