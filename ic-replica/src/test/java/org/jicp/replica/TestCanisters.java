package org.jicp.replica;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The hand-written test canisters of ic-wasm-runtime ({@code src/test/wat}), from its test jar. */
final class TestCanisters {
  private TestCanisters() {}

  /** The module {@code <name>.wasm}. */
  static byte[] wasm(String name) {
    try (InputStream in = TestCanisters.class.getResourceAsStream("/wasm/" + name + ".wasm")) {
      if (in == null) {
        throw new IllegalStateException("no test canister " + name
            + " (ic-wasm-runtime's test jar on the class path?)");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
