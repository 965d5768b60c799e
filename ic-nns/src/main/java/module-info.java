/**
 * The Network Nervous System: the registry (with subnet management), governance (neurons,
 * proposals, voting, rewards), the ICP ledger (ICRC-1/2/3 and the legacy account-identifier API)
 * and the cycles minting canister — deterministic state machines with Candid interfaces, usable as
 * libraries or hosted as native system canisters.
 */
module org.jicp.nns {
  requires transitive org.jicp.crypto;
  requires transitive org.jicp.candid;
  requires transitive org.jicp.state;
  requires transitive org.jicp.wasm;
  requires transitive com.google.protobuf;

  exports org.jicp.nns;
  exports org.jicp.nns.ledger;
  exports org.jicp.nns.cmc;
  exports org.jicp.nns.cyclesledger;
  exports org.jicp.nns.demo;
  exports org.jicp.nns.governance;
  exports org.jicp.nns.host;
  exports org.jicp.nns.registry;
  exports org.jicp.nns.registry.pb;
  exports org.jicp.nns.sns;

  // The continuation contexts and governance's command effects are private records saved as Candid.
  opens org.jicp.nns.cmc to org.jicp.candid;
  opens org.jicp.nns.governance to org.jicp.candid;
  opens org.jicp.nns.registry to org.jicp.candid;
  opens org.jicp.nns.sns to org.jicp.candid;
}
