package org.jicp.crypto.nidkg;

import java.util.Objects;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.bls12381.G1Point;
import org.jicp.crypto.nidkg.internal.KeyPops;

/**
 * A receiver's forward-secure encryption public key {@code y = g1^x} in G1, with its proof of
 * possession. Dealers encrypt share chunks to it; register only keys whose {@link #verifyPop}
 * holds for the owner's associated data (the IC: the node id), which rules out rogue keys.
 *
 * @param key {@code y}
 * @param pop the proof of possession
 */
public record EncryptionPublicKey(G1Point key, EncryptionKeyPop pop) {
  /** Validates the components. */
  public EncryptionPublicKey {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(pop, "pop");
  }

  /** Whether the proof of possession holds for {@code associatedData}. */
  public boolean verifyPop(Bytes associatedData) {
    Objects.requireNonNull(associatedData, "associatedData");
    return KeyPops.verify(key, pop, associatedData.toByteArray());
  }
}
