package org.jicp.wasm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The hand-written test modules: {@code src/test/wat/*.wat}, compiled by its build.sh. */
public final class TestModules {
  private TestModules() {}

  /** The binary of {@code src/test/wat/<name>.wat}. */
  public static byte[] wasm(String name) {
    try (InputStream in = TestModules.class.getResourceAsStream("/wasm/" + name + ".wasm")) {
      if (in == null) {
        throw new IllegalArgumentException("no test module " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
