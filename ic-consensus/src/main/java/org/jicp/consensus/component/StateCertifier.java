package org.jicp.consensus.component;

import java.util.Optional;
import org.jicp.crypto.beacon.CryptoHash;
import org.jicp.types.Height;

/**
 * What consensus learns from execution and certification (the IC's state manager): how far the
 * state is certified, and the certified state hash at a height, which catch-up packages carry.
 */
public interface StateCertifier {
  /** The height of the latest certified state. */
  Height certifiedHeight();

  /** The certified state hash at {@code height}, once known. */
  Optional<CryptoHash> stateHash(Height height);

  /** The next height whose batch execution expects. */
  Height nextBatchHeight();
}
