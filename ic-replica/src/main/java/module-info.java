/** The reference replica that composes the jicp modules, and the {@code jicp} command line. */
module org.jicp.replica {
  requires org.jicp.crypto;
  requires org.jicp.types;
  requires org.jicp.candid;
  requires org.jicp.state;
  requires org.jicp.wasm;
  requires org.jicp.consensus;
  requires org.jicp.nns;
  requires transitive org.jicp.bigmap;
  requires info.picocli;
  requires jdk.unsupported;
  requires java.net.http;
  requires java.management; // the testnet node watchdog's thread dumps
  requires io.netty.buffer;
  requires io.netty.codec;
  requires io.netty.codec.http;
  requires io.netty.common;
  requires io.netty.handler;
  requires io.netty.transport;
  requires com.fasterxml.jackson.core;
  requires com.fasterxml.jackson.dataformat.cbor;
  requires com.fasterxml.jackson.databind;

  exports org.jicp.replica;
  exports org.jicp.replica.node;
  exports org.jicp.replica.subnet;
  exports org.jicp.replica.http;
  exports org.jicp.replica.pocketic;
  exports org.jicp.replica.net;

  opens org.jicp.replica.net to
      com.fasterxml.jackson.databind;
  opens org.jicp.replica.cli to
      info.picocli;
}
