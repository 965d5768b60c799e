package org.jicp.state.certification;

import java.util.Objects;
import java.util.Optional;
import org.jicp.crypto.Bytes;
import org.jicp.types.SubnetId;
import org.jicp.state.tree.HashTree;

/**
 * Creates certificates, as a replica does: signs the root of a (witness) tree with the subnet's
 * key and attaches the subnet's delegation, if it is not the root subnet.
 */
public final class CertificateIssuer {
  private final CertificateSigner signer;
  private final Optional<Delegation> delegation;

  private CertificateIssuer(CertificateSigner signer, Optional<Delegation> delegation) {
    this.signer = signer;
    this.delegation = delegation;
  }

  /** An issuer for the root subnet (certificates without delegation). */
  public static CertificateIssuer forRootSubnet(CertificateSigner rootSigner) {
    return new CertificateIssuer(Objects.requireNonNull(rootSigner, "rootSigner"), Optional.empty());
  }

  /** An issuer for a subnet whose key the root subnet vouches for with {@code delegation}. */
  public static CertificateIssuer forSubnet(CertificateSigner subnetSigner, Delegation delegation) {
    return new CertificateIssuer(
        Objects.requireNonNull(subnetSigner, "subnetSigner"),
        Optional.of(Objects.requireNonNull(delegation, "delegation")));
  }

  /** A certificate of {@code tree}: its root signed with this issuer's key. */
  public Certificate issue(HashTree tree) {
    Bytes sig = signer.sign(Certificate.signedMessage(tree.digest()));
    return new Certificate(tree, sig, delegation);
  }

  /**
   * A delegation for {@code subnet}, issued by the root subnet: {@code rootSubnetCertificate} must
   * be a certificate of the root subnet's state that reveals {@code /subnet/<subnet>/public_key}
   * and the subnet's canister ranges.
   */
  public static Delegation delegation(SubnetId subnet, Certificate rootSubnetCertificate) {
    if (rootSubnetCertificate.delegation().isPresent()) {
      throw new IllegalArgumentException("a delegation's certificate must not carry a delegation");
    }
    return new Delegation(subnet, Bytes.of(rootSubnetCertificate.encode()));
  }
}
