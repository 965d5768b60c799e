package org.jicp.consensus.artifact;

import java.util.Objects;
import org.jicp.consensus.Rank;
import org.jicp.crypto.beacon.CryptoHash;
import org.jicp.crypto.beacon.HashTraitWriter;
import org.jicp.types.Height;

/**
 * A block ({@code Block} of {@code ic_types::consensus}): replica version, the hash of its parent,
 * its height and its maker's rank, the validation context, and the payload (a summary payload at
 * the first height of every DKG interval, else a data payload). Its hash is a {@code crypto_hash}
 * with domain {@code block_domain} over these fields, the payload by its own hash.
 *
 * @param version the replica version
 * @param parent the parent's hash (empty only for a genesis or catch-up root block)
 * @param height the height
 * @param rank the maker's rank
 * @param context the validation context
 * @param payload the payload
 */
public record Block(String version, CryptoHash parent, Height height, Rank rank, ValidationContext context, BlockPayload payload) {
  /** Validates the components. */
  public Block {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(parent, "parent");
    Objects.requireNonNull(height, "height");
    Objects.requireNonNull(rank, "rank");
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(payload, "payload");
    if (!parent.value().isEmpty()) {
      Artifacts.requireHash("parent", parent);
    }
  }

  /** The block's crypto hash (computed; {@link HashedBlock} keeps it). */
  public CryptoHash computeHash() {
    HashTraitWriter w = new HashTraitWriter();
    w.string(version);
    Artifacts.hash(w, parent);
    w.u64(height.value()).u64(rank.value());
    context.hashInto(w);
    Artifacts.hash(w, payload.hash());
    return CryptoHash.compute(Domains.BLOCK, w.toByteArray());
  }
}
