/** The Network Nervous System: registry, governance, ledger, cycles minting. */
module org.jicp.nns {
  requires transitive org.jicp.crypto;
  requires transitive org.jicp.candid;
  requires transitive org.jicp.state;

  exports org.jicp.nns;
}
