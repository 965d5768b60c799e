package org.jicp.crypto.testing;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Access to the shared test vectors, read in place from {@code ../shared/vectors} (system property
 * {@code jicp.vectors}). When the directory is missing, a test is skipped with a message — except
 * in CI ({@code CI=true}), where it fails.
 */
public final class Vectors {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Vectors() {}

  /** The vectors directory, or skip/fail as described above. */
  public static Path dir() {
    return sharedDir("vectors", "jicp.vectors", "test vectors");
  }

  /** {@code ../shared/<name>} or the system property's path; skip (fail in CI) when missing. */
  private static Path sharedDir(String name, String property, String what) {
    String prop = System.getProperty(property);
    Path p = prop == null ? Path.of("..", "..", "shared", name) : Path.of(prop);
    if (!Files.isDirectory(p)) {
      String msg = what + " not found at " + p.toAbsolutePath() + " (set -D" + property + "=...)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(msg + "; in CI the shared " + what + " are required");
      }
      Assumptions.abort(msg);
    }
    return p;
  }

  /**
   * A file below the shared harness directory ({@code ../shared/harness}, system property {@code
   * jicp.harness}), which must exist; skipped (failed in CI) when the harness is missing.
   */
  public static Path harnessFile(String relative) {
    Path f = sharedDir("harness", "jicp.harness", "harness files").resolve(relative);
    if (!Files.isRegularFile(f)) {
      fail("missing harness file " + f.toAbsolutePath());
    }
    return f;
  }

  /** A file below the vectors directory, which must exist. */
  public static Path file(String relative) {
    Path f = dir().resolve(relative);
    if (!Files.isRegularFile(f)) {
      fail("missing vector file " + f.toAbsolutePath());
    }
    return f;
  }

  public static JsonNode json(String relative) {
    try {
      return JSON.readTree(file(relative).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static List<String> lines(String relative) {
    try {
      return Files.readAllLines(file(relative), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] bytes(String relative) {
    try {
      return Files.readAllBytes(file(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Hex (with or without 0x) to bytes. */
  public static byte[] hex(String s) {
    return org.jicp.crypto.Bytes.parseHex(s);
  }
}
