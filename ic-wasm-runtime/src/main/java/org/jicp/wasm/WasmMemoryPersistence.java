package org.jicp.wasm;

/**
 * The {@code wasm_memory_persistence} upgrade option of {@code install_code} (interface
 * specification, "IC method install_code": {@code upgrade : opt record { ...;
 * wasm_memory_persistence : opt variant { keep; replace } }}).
 */
public enum WasmMemoryPersistence {
  /**
   * Keep the wasm heap across the upgrade (enhanced orthogonal persistence): the new module runs
   * its start function and {@code canister_post_upgrade} on the old heap, with its own globals,
   * and its data segments are not applied.
   */
  KEEP,
  /** Replace the heap with the new module's (classic persistence, the default). */
  REPLACE
}
