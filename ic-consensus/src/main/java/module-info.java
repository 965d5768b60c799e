/**
 * Internet Computer Consensus (ICC1 of Camenisch et al., PODC 2022, as dfinity/ic implements it):
 * artifacts and the artifact pool, the random beacon, block making with rank-based delays,
 * notarization, finalization, DKG intervals with summary blocks, catch-up packages and purging —
 * as pure functions of (pool, membership, time) — behind a crypto interface with a real (BLS,
 * threshold BLS, NI-DKG, Ed25519) and a fast insecure stand-in implementation, and a seeded
 * discrete-event network simulator with Byzantine nodes.
 */
module org.jicp.consensus {
  requires transitive org.jicp.types;
  requires com.google.protobuf;

  exports org.jicp.consensus;
  exports org.jicp.consensus.artifact;
  exports org.jicp.consensus.pool;
  exports org.jicp.consensus.crypto;
  exports org.jicp.consensus.component;
  exports org.jicp.consensus.certification;
  exports org.jicp.consensus.sim;
}
