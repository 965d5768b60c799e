package org.jicp.wasm;

/**
 * A module that may be valid on the IC but uses a feature this engine (Chicory 1.7.5) cannot run,
 * such as memory64, table64 or SIMD on the compiler.
 */
public class UnsupportedWasmFeatureException extends InvalidWasmException {
  private static final long serialVersionUID = 1L;

  /** The feature {@code feature} found at {@code location}. */
  public UnsupportedWasmFeatureException(String feature, String location) {
    super("unsupported feature", location, feature + " is not supported by this engine");
  }
}
