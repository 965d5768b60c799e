/**
 * BigMap: a key-value map sharded over bucket canisters that split by canister fork, with an index
 * canister that routes keys over a hash ring — native Java canisters with Candid interfaces, and
 * their client.
 */
module org.jicp.bigmap {
  requires transitive org.jicp.crypto;
  requires transitive org.jicp.types;
  requires transitive org.jicp.candid;
  requires transitive org.jicp.state;
  requires transitive org.jicp.wasm;

  exports org.jicp.bigmap;
}
