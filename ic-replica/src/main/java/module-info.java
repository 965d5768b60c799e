/** The reference replica that composes the jicp modules, and the {@code jicp} command line. */
module org.jicp.replica {
  requires org.jicp.crypto;
  requires org.jicp.candid;
  requires org.jicp.state;
  requires org.jicp.wasm;
  requires org.jicp.consensus;
  requires org.jicp.nns;
  requires info.picocli;

  exports org.jicp.replica;

  opens org.jicp.replica.cli to
      info.picocli;
}
