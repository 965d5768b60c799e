/** Candid, the Internet Computer's interface description language. */
module org.jicp.candid {
  requires transitive org.jicp.crypto;

  exports org.jicp.candid;
  exports org.jicp.candid.mapping;
  exports org.jicp.candid.actor;
  exports org.jicp.candid.codegen;
}
