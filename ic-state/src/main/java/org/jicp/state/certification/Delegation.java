package org.jicp.state.certification;

import java.util.Objects;
import org.jicp.crypto.Bytes;
import org.jicp.types.SubnetId;

/**
 * A certificate's delegation: the root subnet's certificate (its CBOR bytes) that vouches for the
 * public key and canister ranges of subnet {@code subnetId}.
 *
 * @param subnetId the subnet whose key signed the delegating certificate
 * @param certificate the CBOR bytes of the delegation's own certificate
 */
public record Delegation(SubnetId subnetId, Bytes certificate) {
  /** Validates the components. */
  public Delegation {
    Objects.requireNonNull(subnetId, "subnetId");
    Objects.requireNonNull(certificate, "certificate");
  }

  /** The delegation's certificate, decoded. */
  public Certificate decodedCertificate() {
    return Certificate.decode(certificate.toByteArray());
  }
}
