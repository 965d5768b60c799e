package org.jicp.wasm;

import java.util.Objects;

/**
 * A module that decodes but breaks a rule: a WebAssembly validation rule or one of the IC's
 * limits and conventions (interface specification, "Canister module format"; {@code
 * rs/embedders/src/wasm_utils/validation.rs}). {@link #rule()} names the rule, {@link #location()}
 * says where in the module.
 */
public class InvalidWasmException extends WasmException {
  private static final long serialVersionUID = 1L;

  private final String rule;
  private final String location;

  /** A rejection of {@code rule} at {@code location}, with details. */
  public InvalidWasmException(String rule, String location, String details) {
    super(rule + " at " + location + ": " + details);
    this.rule = Objects.requireNonNull(rule, "rule");
    this.location = Objects.requireNonNull(location, "location");
  }

  /** A rejection wrapping the engine's own validation error. */
  public InvalidWasmException(String rule, String location, String details, Throwable cause) {
    super(rule + " at " + location + ": " + details, cause);
    this.rule = rule;
    this.location = location;
  }

  /** The rule that was broken, e.g. {@code "code section size"}. */
  public String rule() {
    return rule;
  }

  /** Where in the module, e.g. {@code "export 'canister_foo'"}. */
  public String location() {
    return location;
  }
}
