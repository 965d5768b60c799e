package org.jicp.consensus.artifact;

import java.util.Objects;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.beacon.NiDkgId;

/**
 * A combined threshold signature and the id of the DKG whose key made it.
 *
 * @param signature the signature bytes (empty only on the genesis beacon)
 * @param signer the NI-DKG id of the key
 */
public record ThresholdSignature(Bytes signature, NiDkgId signer) {
  /** Validates the components. */
  public ThresholdSignature {
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(signer, "signer");
  }
}
