package org.jicp.consensus.artifact;

import java.util.Objects;
import org.jicp.consensus.Rank;
import org.jicp.crypto.Bytes;
import org.jicp.crypto.beacon.CryptoHash;
import org.jicp.types.Height;
import org.jicp.types.NodeId;
import org.jicp.types.SubnetId;

/**
 * Proof that a block maker signed two different blocks at one height ({@code EquivocationProof}):
 * both metadata signatures, the hashes in ascending order. Once validated, the maker is
 * disqualified at that height: notaries ignore its blocks.
 *
 * @param signer the equivocating maker
 * @param version the replica version
 * @param height the height
 * @param rank the maker's rank
 * @param hash1 the smaller block hash
 * @param signature1 the maker's signature on the metadata with {@code hash1}
 * @param hash2 the larger block hash
 * @param signature2 the maker's signature on the metadata with {@code hash2}
 */
public record EquivocationProof(
    NodeId signer, String version, Height height, Rank rank, CryptoHash hash1, Bytes signature1, CryptoHash hash2, Bytes signature2)
    implements ConsensusMessage {
  /** Validates the components (distinct hashes, in ascending order). */
  public EquivocationProof {
    Objects.requireNonNull(signer, "signer");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(height, "height");
    Objects.requireNonNull(rank, "rank");
    Artifacts.requireHash("hash1", hash1);
    Artifacts.requireHash("hash2", hash2);
    Objects.requireNonNull(signature1, "signature1");
    Objects.requireNonNull(signature2, "signature2");
    if (hash1.value().compareTo(hash2.value()) >= 0) {
      throw new IllegalArgumentException("the hashes of an equivocation proof are distinct and ascending");
    }
  }

  /** The proof made of two proposals by the same maker at the same height and rank. */
  public static EquivocationProof of(BlockProposal a, BlockProposal b) {
    if (!a.signer().equals(b.signer()) || a.height().compareTo(b.height()) != 0 || !a.rank().equals(b.rank())) {
      throw new IllegalArgumentException("an equivocation is two proposals of one maker at one height and rank");
    }
    BlockProposal lo = a.block().hash().value().compareTo(b.block().hash().value()) < 0 ? a : b;
    BlockProposal hi = lo == a ? b : a;
    return new EquivocationProof(
        a.signer(), a.block().block().version(), a.height(), a.rank(),
        lo.block().hash(), lo.signature().signature(), hi.block().hash(), hi.signature().signature());
  }

  /** The metadata bytes behind {@code signature1}, for a maker of {@code subnet}. */
  public byte[] signedBytes1(SubnetId subnet) {
    return BlockProposal.signedBytes(version, height, subnet, hash1);
  }

  /** The metadata bytes behind {@code signature2}, for a maker of {@code subnet}. */
  public byte[] signedBytes2(SubnetId subnet) {
    return BlockProposal.signedBytes(version, height, subnet, hash2);
  }

  @Override
  public ArtifactType type() {
    return ArtifactType.EQUIVOCATION_PROOF;
  }
}
