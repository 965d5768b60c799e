/**
 * Replicated state of the Internet Computer: paged memory, checkpoints, the IC hash tree,
 * certificates, manifests and state sync.
 */
module org.jicp.state {
  requires transitive org.jicp.types;
  requires com.fasterxml.jackson.core;
  requires com.fasterxml.jackson.dataformat.cbor;
  requires com.google.protobuf;

  exports org.jicp.state;
  exports org.jicp.state.tree;
  exports org.jicp.state.certification;
  exports org.jicp.state.auth;
  exports org.jicp.state.pagemap;
  exports org.jicp.state.replicated;
  exports org.jicp.state.manifest;
  exports org.jicp.state.checkpoint;
  exports org.jicp.state.sync;
  exports org.jicp.state.util;
  exports org.jicp.state.ports;
  exports org.jicp.state.manager;
}
