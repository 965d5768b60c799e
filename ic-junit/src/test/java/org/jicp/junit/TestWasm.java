package org.jicp.junit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The test canisters of this module (built from {@code src/test/wat} by its build.sh). */
final class TestWasm {
  private TestWasm() {}

  /** The Candid counter: {@link Counter}. */
  static byte[] counter() {
    try (InputStream in = TestWasm.class.getResourceAsStream("/wasm/counter.wasm")) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
