/**
 * The ids and values that the jicp layers share, once each, and the ports between the layers
 * (message routing, the state manager, the registry client), with their contracts in the Javadoc.
 */
module org.jicp.types {
  requires transitive org.jicp.crypto;

  exports org.jicp.types;
  exports org.jicp.types.ports;
}
