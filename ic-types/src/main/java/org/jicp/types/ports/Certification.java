package org.jicp.types.ports;

import java.util.Objects;
import org.jicp.crypto.Bytes;
import org.jicp.types.Height;
import org.jicp.types.SubnetId;

/**
 * A subnet's certification of its state at a height: the threshold BLS signature (48 bytes, the
 * IC's min-sig scheme) over {@code "\x0Dic-state-root" ‖ rootHash}, where {@code rootHash} is the
 * root of the certified state tree (interface specification, "Certification"). Produced by the
 * certifier from the nodes' shares, delivered to the {@link StateManager}, and carried by
 * certificates and certified stream slices.
 *
 * @param height the height of the certified state
 * @param rootHash the 32-byte root hash of the certified state tree
 * @param signature the subnet's combined threshold signature
 * @param signer the subnet whose key signed
 */
public record Certification(Height height, Bytes rootHash, Bytes signature, SubnetId signer) {
  /** Validates the components. */
  public Certification {
    Objects.requireNonNull(height, "height");
    Objects.requireNonNull(rootHash, "rootHash");
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(signer, "signer");
    if (rootHash.length() != 32) {
      throw new IllegalArgumentException("a root hash is 32 bytes, got " + rootHash.length());
    }
  }
}
