/** Replicated state: paged memory, checkpoints, the IC hash tree, certificates, manifests. */
module org.jicp.state {
  requires transitive org.jicp.crypto;

  exports org.jicp.state;
}
