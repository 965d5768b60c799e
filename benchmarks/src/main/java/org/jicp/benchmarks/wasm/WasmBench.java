package org.jicp.benchmarks.wasm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the harness canisters in place ({@code -Djicp.harness}, default {@code ../shared/harness}). */
final class WasmBench {
  private WasmBench() {}

  static byte[] read(String relative) {
    Path root = Path.of(System.getProperty("jicp.harness", "../shared/harness"));
    try {
      return Files.readAllBytes(root.resolve(relative));
    } catch (IOException e) {
      throw new UncheckedIOException("harness file missing (set -Djicp.harness): "
          + root.resolve(relative).toAbsolutePath(), e);
    }
  }
}
