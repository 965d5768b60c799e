/** Deterministic WebAssembly canister execution on Chicory with the ic0 system API. */
module org.jicp.wasm {
  requires transitive org.jicp.state;
  requires transitive org.jicp.candid;
  requires com.dylibso.chicory.runtime;
  requires com.dylibso.chicory.wasm;
  requires com.dylibso.chicory.compiler;

  exports org.jicp.wasm;
  exports org.jicp.wasm.cycles;
  exports org.jicp.wasm.execution;
}
