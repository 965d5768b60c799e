package org.jicp.wasm;

/** Which Chicory execution engine runs canister code. Both give identical results. */
public enum Engine {
  /** Chicory's interpreter: instant instantiation, slow execution. */
  INTERPRETER,
  /**
   * Chicory's runtime compiler ({@code com.dylibso.chicory:compiler}): wasm functions become JVM
   * bytecode at instantiation (compiled once per module and cached); fast execution.
   */
  COMPILER
}
