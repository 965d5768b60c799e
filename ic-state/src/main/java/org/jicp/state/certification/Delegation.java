package org.jicp.state.certification;

import java.util.List;
import java.util.Objects;
import org.jicp.crypto.Bytes;
import org.jicp.state.tree.HashTree;
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

  /**
   * The paths a delegation's certificate holds for {@code subnet}, as the root subnet's {@code
   * read_state} is asked for them: {@code /subnet/<id>/public_key}, {@code
   * /subnet/<id>/canister_ranges} and {@code /canister_ranges/<id>}.
   */
  public static List<List<Bytes>> paths(SubnetId subnet) {
    Bytes sid = subnet.principal().bytes();
    return List.of(
        List.of(HashTree.utf8("subnet"), sid, HashTree.utf8("public_key")),
        List.of(HashTree.utf8("subnet"), sid, HashTree.utf8("canister_ranges")),
        List.of(HashTree.utf8("canister_ranges"), sid));
  }

  /** The delegation's certificate, decoded. */
  public Certificate decodedCertificate() {
    return Certificate.decode(certificate.toByteArray());
  }
}
