/** Internet Computer Consensus: beacon, ranking, notarization, finalization, catch-up packages. */
module org.jicp.consensus {
  requires transitive org.jicp.crypto;

  exports org.jicp.consensus;
}
