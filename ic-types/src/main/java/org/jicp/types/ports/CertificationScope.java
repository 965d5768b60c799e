package org.jicp.types.ports;

/**
 * How much of a committed state is certified (dfinity/ic {@code CertificationScope}): the
 * certified state tree only ({@link #METADATA}, every height), or also the full state, with a
 * checkpoint and its manifest ({@link #FULL}, the last height of a DKG interval: the hash a
 * catch-up package carries).
 */
public enum CertificationScope {
  /** The certified state tree only. */
  METADATA,
  /** A checkpoint and its manifest as well. */
  FULL
}
