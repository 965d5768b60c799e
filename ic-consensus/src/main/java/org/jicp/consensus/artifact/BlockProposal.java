package org.jicp.consensus.artifact;

import java.util.Objects;
import org.jicp.consensus.Rank;
import org.jicp.crypto.beacon.CryptoHash;
import org.jicp.crypto.beacon.HashTraitWriter;
import org.jicp.types.Height;
import org.jicp.types.NodeId;

/**
 * A block signed by its maker ({@code BlockProposal}): the signature covers the block's metadata
 * (version, height, rank, hash) under the domain {@code block_metadata_domain}.
 *
 * @param block the block with its hash
 * @param signature the maker's basic signature
 */
public record BlockProposal(HashedBlock block, BasicSignature signature) implements ConsensusMessage {
  /** Validates the components. */
  public BlockProposal {
    Objects.requireNonNull(block, "block");
    Objects.requireNonNull(signature, "signature");
  }

  /** The bytes a maker signs for a block: its metadata with the domain separator. */
  public static byte[] signedBytes(String version, Height height, Rank rank, CryptoHash blockHash) {
    HashTraitWriter w = new HashTraitWriter();
    w.string(version).u64(height.value()).u64(rank.value());
    Artifacts.hash(w, blockHash);
    return Domains.withDomain(Domains.BLOCK_METADATA, w.toByteArray());
  }

  /** The bytes the maker signed. */
  public byte[] signedBytes() {
    Block b = block.block();
    return signedBytes(b.version(), b.height(), b.rank(), block.hash());
  }

  /** The maker. */
  public NodeId signer() {
    return signature.signer();
  }

  /** The maker's rank. */
  public Rank rank() {
    return block.rank();
  }

  @Override
  public Height height() {
    return block.height();
  }

  @Override
  public ArtifactType type() {
    return ArtifactType.BLOCK_PROPOSAL;
  }
}
