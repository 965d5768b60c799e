package org.jicp.consensus.artifact;

import org.jicp.crypto.beacon.CryptoHash;

/**
 * A block's payload: a {@link DataPayload} (ingress and DKG dealings) or, at the first height of
 * each DKG interval, a {@link SummaryPayload} (the DKG summary).
 */
public sealed interface BlockPayload permits DataPayload, SummaryPayload {
  /** The payload's crypto hash (domain {@code inmemory_payload_domain}), which the block hash covers. */
  CryptoHash hash();

  /** Whether this is a summary payload. */
  default boolean isSummary() {
    return this instanceof SummaryPayload;
  }
}
