package org.jicp.state.replicated;

import java.util.Objects;

/**
 * An exported wasm global's value, kept across executions.
 *
 * @param type its value type
 * @param bits the value's bits (an i32/f32 in the low 32 bits; floats as their IEEE bits)
 */
public record WasmGlobal(Type type, long bits) {
  /** The wasm value types a global can have. */
  public enum Type {
    /** 32-bit integer. */
    I32,
    /** 64-bit integer. */
    I64,
    /** 32-bit float. */
    F32,
    /** 64-bit float. */
    F64
  }

  /** Validates the components. */
  public WasmGlobal {
    Objects.requireNonNull(type, "type");
    if ((type == Type.I32 || type == Type.F32) && (bits >>> 32) != 0) {
      throw new IllegalArgumentException("a 32-bit global uses only the low 32 bits: " + bits);
    }
  }
}
