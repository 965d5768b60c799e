package org.jicp.consensus.artifact;

import java.util.Objects;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.beacon.HashTraitWriter;
import org.jicp.crypto.beacon.NiDkgId;
import org.jicp.types.Height;
import org.jicp.types.NodeId;

/**
 * A dealer's signed NI-DKG dealing for one DKG of the interval ({@code dkg::Message}): gossiped,
 * then carried by a data block. The dealing bytes are in the encoding of the crypto that made
 * them.
 *
 * @param dkgId the DKG
 * @param dealer the dealer
 * @param dealing the dealing
 * @param signature the dealer's basic signature on {@link #signedBytes()}
 */
public record DealingMessage(NiDkgId dkgId, NodeId dealer, Bytes dealing, Bytes signature) implements ConsensusMessage {
  /** Validates the components. */
  public DealingMessage {
    Objects.requireNonNull(dkgId, "dkgId");
    Objects.requireNonNull(dealer, "dealer");
    Objects.requireNonNull(dealing, "dealing");
    Objects.requireNonNull(signature, "signature");
  }

  /** The bytes the dealer signs: domain {@code dealing_content_non_interactive}, id, dealer, dealing. */
  public static byte[] signedBytes(NiDkgId dkgId, NodeId dealer, Bytes dealing) {
    HashTraitWriter w = new HashTraitWriter();
    dkgId.hashInto(w);
    w.principal(dealer.principal()).bytes(dealing);
    return Domains.withDomain(Domains.DEALING_CONTENT, w.toByteArray());
  }

  /** The bytes the dealer signed. */
  public byte[] signedBytes() {
    return signedBytes(dkgId, dealer, dealing);
  }

  void hashInto(HashTraitWriter w) {
    dkgId.hashInto(w);
    w.principal(dealer.principal()).bytes(dealing).bytes(signature);
  }

  /** The height of the summary block that configured the DKG. */
  @Override
  public Height height() {
    return Height.of(dkgId.startBlockHeight());
  }

  @Override
  public ArtifactType type() {
    return ArtifactType.DEALING;
  }
}
