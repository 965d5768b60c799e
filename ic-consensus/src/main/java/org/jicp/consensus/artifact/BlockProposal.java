package org.jicp.consensus.artifact;

import java.util.Objects;
import org.jicp.consensus.Rank;
import org.jicp.crypto.beacon.CryptoHash;
import org.jicp.crypto.Bytes;
import org.jicp.types.Height;
import org.jicp.types.NodeId;
import org.jicp.types.SubnetId;

/**
 * A block signed by its maker ({@code BlockProposal} = {@code Signed<HashedBlock,
 * BasicSignature<BlockMetadata>>}): the signature covers the block's metadata (version, height,
 * subnet id, hash; the rank is inside the hashed block) under the domain {@code
 * block_metadata_domain}, as the IC signs it.
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

  /**
   * The bytes a maker of {@code subnet} signs for a block: {@code ds(block_metadata_domain) ‖
   * serde_cbor(BlockMetadata)}, the map {@code {"version": {"version_id": v}, "height": h,
   * "subnet_id": principal, "hash": block hash}} (dfinity/ic {@code BlockMetadata}).
   */
  public static byte[] signedBytes(String version, Height height, SubnetId subnet, CryptoHash blockHash) {
    byte[] cbor =
        new SerdeCbor()
            .map(4)
            .text("version").version(version)
            .text("height").u64(height.value())
            .text("subnet_id").bytes(Bytes.of(subnet.toByteArray()))
            .text("hash").bytes(blockHash.value())
            .toByteArray();
    return Domains.withDomain(Domains.BLOCK_METADATA, cbor);
  }

  /** The bytes the maker signed, as a node of {@code subnet}. */
  public byte[] signedBytes(SubnetId subnet) {
    Block b = block.block();
    return signedBytes(b.version(), b.height(), subnet, block.hash());
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
