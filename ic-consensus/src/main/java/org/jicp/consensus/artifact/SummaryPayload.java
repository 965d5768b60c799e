package org.jicp.consensus.artifact;

import java.util.Objects;
import org.jicp.crypto.beacon.CryptoHash;
import org.jicp.crypto.beacon.HashTraitWriter;

/**
 * The payload of a summary block, the first block of each DKG interval.
 *
 * @param summary the DKG summary
 */
public record SummaryPayload(DkgSummary summary) implements BlockPayload {
  /** Validates the component. */
  public SummaryPayload {
    Objects.requireNonNull(summary, "summary");
  }

  @Override
  public CryptoHash hash() {
    HashTraitWriter w = new HashTraitWriter();
    w.discriminant(1);
    summary.hashInto(w);
    return CryptoHash.compute(Domains.INMEMORY_PAYLOAD, w.toByteArray());
  }
}
