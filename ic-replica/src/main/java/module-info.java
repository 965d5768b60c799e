/** The reference replica that composes the jicp modules, and the {@code jicp} command line. */
module org.jicp.replica {
  requires org.jicp.crypto;
  requires org.jicp.types;
  requires org.jicp.candid;
  requires org.jicp.state;
  requires org.jicp.wasm;
  requires org.jicp.consensus;
  requires org.jicp.nns;
  requires info.picocli;
  requires com.fasterxml.jackson.core;
  requires com.fasterxml.jackson.dataformat.cbor;

  exports org.jicp.replica;
  exports org.jicp.replica.node;
  exports org.jicp.replica.subnet;

  opens org.jicp.replica.cli to
      info.picocli;
}
