package org.jicp.wasm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The example scenario files of {@code src/test/resources/scenarios}, pointed at the harness that
 * {@code -Djicp.harness} names. The files name their wasm modules relative to their own folder
 * ({@value #SOURCE_TREE_HARNESS}…), so that {@code jicp run} runs them from a checkout beside
 * {@code shared/}; tests rewrite that prefix to the configured harness instead of relying on the
 * layout.
 */
public final class Scenarios {
  /** The harness prefix the committed scenario files use (relative to their folder). */
  public static final String SOURCE_TREE_HARNESS = "../../../../../../shared/harness/";

  private Scenarios() {}

  /** The text of scenario {@code file} with its harness paths made absolute (the configured harness). */
  public static String text(Path file) {
    try {
      String s = Files.readString(file, StandardCharsets.UTF_8);
      return s.replace(SOURCE_TREE_HARNESS, Harness.root().toAbsolutePath() + "/");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses scenario {@code file} with its harness paths resolved against the configured harness. */
  public static Scenario parse(Path file) {
    return Scenario.parse(text(file), file.toAbsolutePath().getParent());
  }

  /** Writes scenario {@code file}, its harness paths made absolute, into {@code dir}; returns it. */
  public static Path materialize(Path file, Path dir) {
    try {
      return Files.writeString(dir.resolve(file.getFileName().toString()), text(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
