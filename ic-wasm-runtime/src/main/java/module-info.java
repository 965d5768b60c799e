/** Deterministic WebAssembly canister execution on Chicory with the ic0 system API. */
module org.jicp.wasm {
  requires transitive org.jicp.state;
  requires transitive org.jicp.candid;

  exports org.jicp.wasm;
}
